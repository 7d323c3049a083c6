import type { DatasetName } from '../../model/types';

/**
 * A known CRM export: recognised from its header row alone, mapped onto a dataset's contract
 * columns with no configuration. Declarative: header names as the vendor writes them, value maps,
 * the CRM's default open pipeline stages in order. Sources are cited in test/fixtures/crm/README.md.
 */
export interface ExportPreset {
  /** Stable id (stored on the file record via `label`). */
  id: string;
  /** What the run and the data-quality sheet say: "HubSpot deals export". */
  label: string;
  dataset: DatasetName;
  /** Headers that must all be present (compared like contract headers) for the file to be this export. */
  signature: readonly string[];
  /** Vendor header -> contract column(s); a header may feed several columns (stage -> stage and status). */
  columns: Readonly<Record<string, string | readonly string[]>>;
  /** Header prefix the vendor may or may not write ("Deal - " in Pipedrive), ignored when matching. */
  optionalPrefix?: string;
  /** Contract column -> vendor value -> contract value (case and surrounding spaces ignored; `*` = any other value). */
  values?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Contract column filled from another contract column when the file has no source for it (customer_id from customer_name). */
  fallbacks?: Readonly<Record<string, string>>;
  /** The CRM's default open pipeline stages, in order (after value mapping, lower case). */
  stages: readonly string[];
  /** An open deal's closed_date is its expected close date ("Close Date" in HubSpot and Salesforce). */
  openCloseDateIsExpected?: boolean;
  /** Headers that are stage-entry dates; group 1 is the stage name (HubSpot "Date entered <stage>"). */
  stageEntryHeader?: RegExp;
}
