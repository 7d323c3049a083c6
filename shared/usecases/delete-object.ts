/**
 * Deletions and erasure are uploads, so they work the same in AWS and locally and take
 * their place in upload order (a later upload of a key brings it back; an earlier one,
 * delivered late, cannot):
 *
 *   uploads/deletions/<dataset>/<name>.csv   the key columns of the records to delete
 *   uploads/erasure/<name>.csv               a customer_id column: delete each customer's
 *                                            deals (with their customer name), the stage
 *                                            events of those deals, and their survey answers
 *
 * Deleted records become tombstones (key and upload only, no values). What was deleted is
 * written to reports/deletions/<path>.result.csv and kept in the file record (`deleted`).
 */
import { parse } from 'csv-parse/sync';
import { FileRejectedError } from '../errors';
import { csvCell, normalizeHeader } from '../ingest';
import type { DatasetName } from '../model/types';
import { DATASETS } from '../model/types';
import type { BlobStore, RecordStore, UploadSource } from '../ports';

export const DELETIONS_PREFIX = 'uploads/deletions/';
export const ERASURE_PREFIX = 'uploads/erasure/';
export const DELETIONS_REPORT_PREFIX = 'reports/deletions/';
/** Deletion and erasure files are lists of keys: 10 MB is far more than any needs. */
export const MAX_DELETION_FILE_BYTES = 10 * 1024 * 1024;

/** The columns naming a record of each dataset, in the order of its natural key (ingest/keys.ts). */
const KEY_PARTS: Record<DatasetName, { column: string; optional?: boolean; norm?: (v: string) => string }[]> = {
  deals: [{ column: 'deal_id' }],
  'stage-events': [{ column: 'deal_id' }, { column: 'stage', norm: (v) => v.toLowerCase() }, { column: 'entered_date' }],
  surveys: [{ column: 'response_id' }],
  finance: [{ column: 'period', norm: (v) => v.toUpperCase() }],
  targets: [{ column: 'kpi' }, { column: 'period', norm: (v) => v.toUpperCase() }, { column: 'scope', optional: true }],
};

export type DeletionRequest = { kind: 'deletions'; dataset: DatasetName; fileName: string } | { kind: 'erasure'; fileName: string };

/** `uploads/deletions/<dataset>/...` or `uploads/erasure/...`; null for other keys. */
export function deletionRequestOf(key: string): DeletionRequest | null {
  if (key.startsWith(ERASURE_PREFIX) && key.length > ERASURE_PREFIX.length) return { kind: 'erasure', fileName: key.slice(ERASURE_PREFIX.length) };
  const m = /^uploads\/deletions\/([^/]+)\/(.+)$/.exec(key);
  if (!m) return null;
  const dataset = DATASETS.find((d) => d === m[1].toLowerCase());
  return dataset ? { kind: 'deletions', dataset, fileName: m[2] } : null;
}

export interface DeletionResult {
  deleted: Partial<Record<DatasetName, number>>;
  /** Keys left alone because a later upload holds them. */
  kept: number;
  reportKey: string;
}

export async function applyDeletionUpload(
  deps: { store: RecordStore; blobs: BlobStore },
  key: string,
  request: DeletionRequest,
  source: UploadSource,
): Promise<DeletionResult> {
  const rows = await readRows(deps.blobs, key, request.fileName);
  const lines: string[] = ['dataset,key,result'];
  const deleted: Partial<Record<DatasetName, number>> = {};
  let kept = 0;
  const remove = async (dataset: DatasetName, keys: string[]) => {
    if (!keys.length) return;
    const out = await deps.store.deleteRecords(dataset, keys, source);
    deleted[dataset] = (deleted[dataset] ?? 0) + out.written;
    kept += out.superseded;
    for (const k of keys) lines.push(`${csvCell(dataset)},${csvCell(k)},deleted unless a later upload holds it`);
  };
  if (request.kind === 'deletions') {
    await remove(request.dataset, keysOf(request.dataset, rows, request.fileName));
  } else {
    const ids = new Set(column(rows, 'customer_id', request.fileName));
    const data = await deps.store.loadDataset();
    const deals = data.deals.filter((d) => ids.has(d.customerId)).map((d) => d.dealId);
    const dealSet = new Set(deals);
    await remove('deals', deals);
    await remove(
      'stage-events',
      data.stageEvents.filter((e) => dealSet.has(e.dealId)).map((e) => `${e.dealId}|${e.stage}|${e.enteredDate}`),
    );
    await remove(
      'surveys',
      data.surveys.filter((s) => s.customerId !== undefined && ids.has(s.customerId)).map((s) => s.responseId),
    );
    lines.push(...[...ids].map((id) => `customers,${csvCell(id)},erased (${deals.length} deals in all)`));
  }
  const reportKey = `${DELETIONS_REPORT_PREFIX}${key.slice('uploads/'.length)}.result.csv`;
  await deps.blobs.put(reportKey, `${lines.join('\n')}\n`, 'text/csv; charset=utf-8');
  return { deleted, kept, reportKey };
}

async function readRows(blobs: BlobStore, key: string, fileName: string): Promise<Record<string, string>[]> {
  const info = await blobs.head(key);
  if (info && info.size > MAX_DELETION_FILE_BYTES) {
    throw new FileRejectedError(`a deletion or erasure file is a list of keys; this one is ${info.size} bytes (at most ${MAX_DELETION_FILE_BYTES})`, fileName);
  }
  const text = (await blobs.getBuffer(key)).toString('utf8').replace(/^\uFEFF/, '');
  const delimiter = (text.split('\n', 1)[0].match(/;/g)?.length ?? 0) > (text.split('\n', 1)[0].match(/,/g)?.length ?? 0) ? ';' : ',';
  try {
    return parse(text, {
      columns: (header: string[]) => header.map((h) => normalizeHeader(h)),
      delimiter,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as Record<string, string>[];
  } catch (e) {
    throw new FileRejectedError(`not a readable CSV file: ${(e as Error).message}`, fileName, { cause: e });
  }
}

function column(rows: Record<string, string>[], name: string, fileName: string): string[] {
  const col = normalizeHeader(name);
  if (rows.length && !(col in rows[0])) throw new FileRejectedError(`the column ${name} is missing`, fileName);
  return rows.map((r) => r[col] ?? '').filter((v) => v !== '');
}

function keysOf(dataset: DatasetName, rows: Record<string, string>[], fileName: string): string[] {
  const parts = KEY_PARTS[dataset];
  for (const p of parts) {
    if (!p.optional && rows.length && !(normalizeHeader(p.column) in rows[0])) {
      throw new FileRejectedError(`the key column ${p.column} is missing; a ${dataset} deletion file needs ${parts.map((x) => x.column).join(', ')}`, fileName);
    }
  }
  const keys: string[] = [];
  for (const r of rows) {
    const values = parts.map((p) => {
      const v = (r[normalizeHeader(p.column)] ?? '').trim();
      return p.norm ? p.norm(v) : v;
    });
    if (values.some((v, i) => v === '' && !parts[i].optional)) continue;
    keys.push(values.join('|'));
  }
  return keys;
}
