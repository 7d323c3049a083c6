/** Helpers for the ingest tests: read a whole upload into records, issues and batches. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseConfig, type Config } from '../config/config';
import type { DatasetName, DatasetRecord, RowIssue } from '../model/types';
import { readUpload } from './reader';
import type { Limits, ReadBatch, ReadSummary } from './types';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/ingest');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export interface ReadAll {
  records: DatasetRecord[];
  issues: RowIssue[];
  batches: ReadBatch[];
  summary: ReadSummary;
}

export interface ReadAllOptions {
  config?: Partial<Config>;
  limits?: Partial<Limits>;
  batchSize?: number;
  fileName?: string;
  size?: number;
}

export async function readAll(source: Buffer | Readable, dataset: DatasetName, opts: ReadAllOptions = {}): Promise<ReadAll> {
  const size = opts.size ?? (Buffer.isBuffer(source) ? source.length : 0);
  const reader = readUpload(source, size, {
    fileName: opts.fileName ?? 'upload.csv',
    dataset,
    config: parseConfig(opts.config ?? {}),
    limits: opts.limits,
    batchSize: opts.batchSize,
  });
  const batches: ReadBatch[] = [];
  for await (const b of reader.batches) batches.push(b);
  return {
    records: batches.flatMap((b) => b.records),
    issues: batches.flatMap((b) => b.issues),
    batches,
    summary: reader.summary(),
  };
}

export async function readFixture(name: string, dataset: DatasetName, opts: ReadAllOptions = {}): Promise<ReadAll> {
  return readAll(fixture(name), dataset, { fileName: name, ...opts });
}

/** row, column and the start of the reason: what a user needs to find and fix a row. */
export function brief(issues: RowIssue[]): [number, string, string][] {
  return issues.map((i) => [i.row, i.column, i.reason]);
}
