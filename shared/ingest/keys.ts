import {
  DATASETS,
  type DatasetName,
  type DatasetRecord,
  type Deal,
  type FinanceRow,
  type StageEvent,
  type SurveyResponse,
  type Target,
} from '../model/types';

/** The natural key of a record (data-contract.md): a re-sent row with the same key replaces the earlier one. */
export function naturalKey(dataset: DatasetName, record: DatasetRecord): string {
  switch (dataset) {
    case 'deals':
      return (record as Deal).dealId;
    case 'stage-events': {
      const e = record as StageEvent;
      return `${e.dealId}|${e.stage}|${e.enteredDate}`;
    }
    case 'surveys':
      return (record as SurveyResponse).responseId;
    case 'finance':
      return (record as FinanceRow).period;
    case 'targets': {
      const t = record as Target;
      return `${t.kpi}|${t.period}|${t.scope}`;
    }
  }
}

/** The key columns as the contract names them (for messages). */
export const KEY_COLUMNS: Record<DatasetName, string> = {
  deals: 'deal_id',
  'stage-events': 'deal_id|stage|entered_date',
  surveys: 'response_id',
  finance: 'period',
  targets: 'kpi|period|scope',
};

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
