import { DATASET_SPECS } from '../datasets';
import { DATASETS, type DatasetName, type DatasetRecord } from '../model/types';

const KEY_FIELDS: Record<DatasetName, string[]> = Object.fromEntries(
  DATASETS.map((d) => [d, DATASET_SPECS[d].key.map((k) => DATASET_SPECS[d].columns.find((c) => c.name === k)!.field)]),
) as Record<DatasetName, string[]>;

/** The natural key of a record (the dataset spec's `key`): a re-sent row with the same key replaces the earlier one. */
export function naturalKey(dataset: DatasetName, record: DatasetRecord): string {
  const fields = KEY_FIELDS[dataset];
  const r = record as unknown as Record<string, string>;
  if (fields.length === 1) return r[fields[0]];
  let s = r[fields[0]];
  for (let i = 1; i < fields.length; i++) s += `|${r[fields[i]]}`;
  return s;
}

/** The key columns as the contract names them (for messages). */
export const KEY_COLUMNS: Record<DatasetName, string> = Object.fromEntries(
  DATASETS.map((d) => [d, DATASET_SPECS[d].key.join('|')]),
) as Record<DatasetName, string>;

/**
 * `uploads/<dataset>/<name>` (key already URL-decoded) -> dataset and file name (the path
 * below the dataset folder, so `uploads/deals/2026/q3.csv` gives `2026/q3.csv`).
 * The dataset folder matches exactly or in lower case (`uploads/Deals/`).
 * Null for keys outside uploads/, unknown datasets, folder markers (`.../`) and hidden files.
 */
export function datasetFromKey(key: string): { dataset: DatasetName; fileName: string } | null {
  const m = /^uploads\/([^/]+)\/(.+)$/.exec(key);
  if (!m) return null;
  const folder = m[1].toLowerCase();
  const dataset = (DATASETS as readonly string[]).includes(folder) ? (folder as DatasetName) : null;
  if (!dataset) return null;
  const fileName = m[2];
  if (fileName.endsWith('/')) return null;
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  if (base === '' || base.startsWith('.') || base.startsWith('~$')) return null; // .DS_Store, Excel lock files
  return { dataset, fileName };
}
