/**
 * The report Lambda's first step (for sizing it): DynamoRecordStore.loadDataset from a
 * filled store in another process (paginated Queries over 16 shards per entity,
 * JSON.parse of every item), then computeScorecard, measuring time and peak RSS of each.
 * Args: --dynamo URL --table NAME --as-of YYYY-MM-DD
 */
import { makeClients, destroyClients } from '../../shared/adapters/clients';
import { DynamoRecordStore } from '../../shared/adapters/dynamo-store';
import { DEFAULT_CONFIG } from '../../shared/config/config';
import { computeScorecard } from '../../shared/engine/index';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../shared/local/runtime';
import { args, emit, now, peakRssMb, required, resetPeak, rssMb } from '../lib/mem';

const a = args();
const asOf = required(a, 'as-of');
const clients = makeClients({ region: LOCAL_REGION, dynamoEndpoint: required(a, 'dynamo'), credentials: LOCAL_CREDENTIALS });
const store = new DynamoRecordStore(clients.dynamo, required(a, 'table'));
const rssStartMb = rssMb();
const t0 = now();
const data = await store.loadDataset();
const loadMs = now() - t0;
const loadPeakRssMb = peakRssMb();
resetPeak();
const rssAfterLoadMb = rssMb();
const t1 = now();
const result = computeScorecard(data, asOf, { ...DEFAULT_CONFIG, stages: [...DEFAULT_CONFIG.stages] }, `${asOf}T06:00:00Z`);
const computeMs = now() - t1;
destroyClients(clients);
emit({
  deals: data.deals.length,
  stageEvents: data.stageEvents.length,
  surveys: data.surveys.length,
  periods: result.document.periods.length,
  loadMs,
  computeMs,
  rssStartMb,
  loadPeakRssMb,
  rssAfterLoadMb,
  computePeakRssMb: peakRssMb(),
  peakRssMb: Math.max(loadPeakRssMb, peakRssMb()),
});
