/**
 * The registry of dataset specs: the one place columns are declared (see spec.ts).
 */
import type { DatasetName } from '../model/types';
import { DEALS } from './deals';
import { FINANCE } from './finance';
import type { ColumnSpec, DatasetSpec } from './spec';
import { STAGE_EVENTS } from './stage-events';
import { SURVEYS } from './surveys';
import { TARGETS } from './targets';

export type { ColumnSpec, ColumnType, DatasetSpec } from './spec';
export { DATE_TEXT, requiredText } from './spec';

export const DATASET_SPECS: Readonly<Record<DatasetName, DatasetSpec>> = {
  deals: DEALS,
  'stage-events': STAGE_EVENTS,
  surveys: SURVEYS,
  finance: FINANCE,
  targets: TARGETS,
};

export function datasetSpec(dataset: DatasetName): DatasetSpec {
  return DATASET_SPECS[dataset];
}

/** Contract column names of a dataset, in the spec's order. */
export function columnNames(dataset: DatasetName): string[] {
  return DATASET_SPECS[dataset].columns.map((c) => c.name);
}

export function columnSpec(dataset: DatasetName, name: string): ColumnSpec | undefined {
  return DATASET_SPECS[dataset].columns.find((c) => c.name === name);
}

/** The columns of a one-of group (surveys' scores). */
export function oneOfGroup(dataset: DatasetName, group: string): string[] {
  return DATASET_SPECS[dataset].columns.filter((c) => c.oneOf === group).map((c) => c.name);
}

/** A record as a row of cells in the spec's column order (generators, templates' examples). */
export function recordRow(dataset: DatasetName, record: object): (string | number | undefined)[] {
  const r = record as Record<string, string | number | undefined>;
  return DATASET_SPECS[dataset].columns.map((c) => r[c.field]);
}
