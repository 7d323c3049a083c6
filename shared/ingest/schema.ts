/**
 * The columns of each dataset (data-contract.md) and the header-row mapping.
 */
import { DATASETS, type DatasetName } from '../model/types';
import { DATASET_SPECS, columnNames, oneOfGroup } from '../datasets';
import { normalizeHeader } from './coerce';
import { suggestColumns } from './suggest';

export interface DatasetSchema {
  /** Every column the contract knows, snake_case as in the contract. */
  columns: readonly string[];
  /** Columns a file must have (whole-file error when missing). */
  required: readonly string[];
}

/** The survey score columns (a row needs at least one), from the surveys spec. */
export const SURVEY_SCORES = oneOfGroup('surveys', 'score') as readonly ('nps' | 'csat' | 'ces' | 'expectation' | 'performance')[];

/** Derived from the dataset specs (shared/datasets). */
export const SCHEMAS: Record<DatasetName, DatasetSchema> = Object.fromEntries(
  DATASETS.map((d) => [d, { columns: columnNames(d), required: DATASET_SPECS[d].columns.filter((c) => c.required).map((c) => c.name) }]),
) as unknown as Record<DatasetName, DatasetSchema>;

export interface HeaderMap {
  /** contract column -> index of the cell in a row */
  index: Map<string, number>;
  /** contract column -> the header text as written in the file (for reports) */
  label: Map<string, string>;
  /** header cells the contract does not know, as written */
  unknown: string[];
}

export type HeaderResult = { ok: true; map: HeaderMap } | { ok: false; reason: string };

/** Maps a header row onto the dataset's columns. Empty header cells are ignored. */
export function mapHeader(dataset: DatasetName, header: string[]): HeaderResult {
  const schema = SCHEMAS[dataset];
  const byNorm = new Map<string, string>();
  for (const c of DATASET_SPECS[dataset].columns) {
    for (const a of c.aliases ?? []) byNorm.set(normalizeHeader(a), c.name);
  }
  for (const c of schema.columns) byNorm.set(normalizeHeader(c), c);
  const index = new Map<string, number>();
  const label = new Map<string, string>();
  const unknown: string[] = [];
  for (let i = 0; i < header.length; i++) {
    const text = header[i].trim();
    if (text === '') continue;
    const col = byNorm.get(normalizeHeader(text));
    if (!col) {
      if (!unknown.includes(text)) unknown.push(text);
      continue;
    }
    if (index.has(col)) {
      return { ok: false, reason: `columns "${label.get(col)}" and "${text}" both mean ${col}; keep one of them` };
    }
    index.set(col, i);
    label.set(col, text);
  }
  if (index.size === 0 && unknown.length === 0) {
    return { ok: false, reason: 'the first row is empty; it must hold the column names' };
  }
  const missing = schema.required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    const found = header.map((h) => h.trim()).filter((h) => h !== '');
    return {
      ok: false,
      reason:
        `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for dataset ${dataset}. ` +
        `The first row must hold the column names (case, spaces, "-" and "_" do not matter), or config "columns" must map them ` +
        `(${suggestColumns(dataset, missing, unknown)}); ` +
        `found: ${found.slice(0, 20).map((h) => JSON.stringify(h.length > 60 ? `${h.slice(0, 60)}…` : h)).join(', ')}` +
        (found.length > 20 ? ` and ${found.length - 20} more` : ''),
    };
  }
  if (dataset === 'surveys' && !SURVEY_SCORES.some((c) => index.has(c))) {
    return {
      ok: false,
      reason: `a surveys file needs at least one score column (${SURVEY_SCORES.join(', ')}); none was found`,
    };
  }
  return { ok: true, map: { index, label, unknown } };
}
