/**
 * What each column of each dataset means, for the templates' notes: a view of the dataset
 * specs (shared/datasets), so the templates can never drift from what is read.
 */
import type { DatasetName } from '../model/types';
import { DATASET_SPECS, requiredText, type ColumnType } from '../datasets';

export type ColumnKind = ColumnType;

export interface ColumnDoc {
  name: string;
  kind: ColumnKind;
  /** Type as written in the contract, for people. */
  type: string;
  /** yes / no / a condition. */
  required: string;
  meaning: string;
  /** Allowed values for enum columns. */
  values?: readonly string[];
  /** Bounds for numbers. */
  min?: number;
  max?: number;
}

/** The documented columns of a dataset, straight from its spec (shared/datasets). */
export function columnDocs(dataset: DatasetName): ColumnDoc[] {
  return DATASET_SPECS[dataset].columns.map((c) => ({
    name: c.name,
    kind: c.type,
    type: c.typeText,
    required: requiredText(c),
    meaning: c.meaning,
    ...(c.values ? { values: c.values } : {}),
    ...(c.min !== undefined ? { min: c.min } : {}),
    ...(c.max !== undefined ? { max: c.max } : {}),
  }));
}
