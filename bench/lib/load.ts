/**
 * Loads a generated data directory into a Dataset through our reader (readUpload), the
 * way the ingest handler parses uploads, timing each file.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Config } from '../../shared/config/config';
import { readUpload } from '../../shared/ingest/index';
import type { Dataset, DatasetName, DatasetRecord } from '../../shared/model/types';
import { now } from './mem';

export interface FileLoad {
  dataset: DatasetName;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  ms: number;
}

/** Reads one CSV file through readUpload; `onRecords` gets each batch's valid records. */
export async function readFile(
  file: string,
  dataset: DatasetName,
  config: Config,
  onRecords: (records: DatasetRecord[]) => void,
): Promise<FileLoad> {
  const t0 = now();
  const reader = readUpload(createReadStream(file), statSync(file).size, { fileName: basename(file), dataset, config });
  for await (const batch of reader.batches) onRecords(batch.records);
  const s = reader.summary();
  return { dataset, rowsRead: s.rowsRead, rowsAccepted: s.rowsAccepted, rowsRejected: s.rowsRejected, ms: now() - t0 };
}

const FILES: [DatasetName, keyof Dataset][] = [
  ['deals', 'deals'],
  ['stage-events', 'stageEvents'],
  ['surveys', 'surveys'],
  ['finance', 'finance'],
  ['targets', 'targets'],
];

/** Loads every dataset of a data dir (DIR/<dataset>/<dataset>.csv). */
export async function loadDir(dir: string, config: Config): Promise<{ data: Dataset; files: FileLoad[] }> {
  const data: Dataset = { deals: [], stageEvents: [], surveys: [], finance: [], targets: [] };
  const files: FileLoad[] = [];
  for (const [name, key] of FILES) {
    const arr = data[key] as DatasetRecord[];
    files.push(
      await readFile(join(dir, name, `${name}.csv`), name, config, (records) => {
        for (const r of records) arr.push(r);
      }),
    );
  }
  return { data, files };
}
