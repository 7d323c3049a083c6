/**
 * Not a measured case: fills a running store (bench/cases/servers.ts) with every dataset
 * of a data dir, through readUpload and DynamoRecordStore.putRecords, for store-load.ts.
 * Args: --dir DATA_DIR --dynamo URL --table NAME
 */
import { makeClients, destroyClients } from '../../shared/adapters/clients';
import { DynamoRecordStore } from '../../shared/adapters/dynamo-store';
import { DEFAULT_CONFIG } from '../../shared/config/config';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../shared/local/runtime';
import type { DatasetName, DatasetRecord } from '../../shared/model/types';
import { readFile } from '../lib/load';
import { args, emit, now, required } from '../lib/mem';
import { join } from 'node:path';

const a = args();
const clients = makeClients({ region: LOCAL_REGION, dynamoEndpoint: required(a, 'dynamo'), credentials: LOCAL_CREDENTIALS });
const store = new DynamoRecordStore(clients.dynamo, required(a, 'table'));
const t0 = now();
let items = 0;
for (const d of ['deals', 'stage-events', 'surveys', 'finance', 'targets'] as DatasetName[]) {
  const pending: DatasetRecord[][] = [];
  await readFile(join(required(a, 'dir'), d, `${d}.csv`), d, { ...DEFAULT_CONFIG }, (records) => pending.push(records));
  for (const batch of pending) {
    await store.putRecords(d, batch);
    items += batch.length;
  }
}
destroyClients(clients);
emit({ items, ms: now() - t0 });
