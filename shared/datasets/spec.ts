/**
 * The declarative shape of a dataset: every column the data contract knows, its type, bounds,
 * required-ness, meaning and aliases; the natural key; the cross-column rules (as text, for people;
 * the validator enforces them). The validator, the templates, the README's data-contract table,
 * the generators and the rejected-rows report derive from these specs (shared/datasets/*.ts).
 */
import type { DatasetName } from '../model/types';

export type ColumnType = 'string' | 'date' | 'number' | 'integer' | 'enum' | 'period' | 'kpi';

export interface ColumnSpec {
  /** snake_case name as in the contract. */
  name: string;
  /** The record property the column becomes. */
  field: string;
  type: ColumnType;
  /** Type as written for people (templates, README). */
  typeText: string;
  /** True: the file must have the column and every row a value (see `requiredText` for conditions). */
  required: boolean;
  /** For people, when required-ness is conditional ("when won or lost"). */
  requiredText?: string;
  meaning: string;
  /** Allowed values (enum columns). */
  values?: readonly string[];
  min?: number;
  max?: number;
  /** Numbers: accept `80%` as 0.8. */
  percent?: boolean;
  /** Other header names that mean this column (compared like headers: case, spaces, - and _ ignored). */
  aliases?: readonly string[];
  /** One column of a group of which a row needs at least one (surveys' scores). */
  oneOf?: string;
  /** Shown in the README table's "also" column instead of repeating the type. */
  readmeNote?: string;
}

export interface DatasetSpec {
  name: DatasetName;
  /** Natural key columns: a row with the same key replaces the earlier one. */
  key: readonly string[];
  columns: readonly ColumnSpec[];
  /** Cross-column rules, for people (the validator enforces each). */
  rules: readonly string[];
  /** One-line description (templates' README, docs). */
  about: string;
}

export const DATE_TEXT = 'date (YYYY-MM-DD, an ISO timestamp, a date cell in XLSX, or a Solar Hijri date such as 1403/01/15)';

export function requiredText(c: ColumnSpec): string {
  return c.requiredText ?? (c.required ? 'yes' : 'no');
}
