import type { RowIssue } from '../model/types';

/** Starts a formula in Excel, LibreOffice and Google Sheets when a CSV is opened (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A plain signed number starts with + or - but is no formula. */
const SIGNED_NUMBER = /^[+-]\d+(?:[.,]\d+)?$/;

/**
 * A cell for a CSV report, written so a spreadsheet shows exactly the text as typed and never runs it:
 * a value that would start a formula becomes the formula `="<value>"`, a string constant (Excel,
 * LibreOffice and Google Sheets display the value itself; no leading `'` is added to it). Other values
 * are written as they are, quoted when needed (docs/decisions/rejected-rows-report.md).
 */
export function csvCell(value: string | number): string {
  const s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s) && !SIGNED_NUMBER.test(s)) {
    return `"=""${s.replace(/"/g, '""""')}"""`;
  }
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const ISSUES_CSV_HEADER = 'source_file,row,column,value,reason';

export interface IssuesCsvOptions {
  /** Start with a UTF-8 byte order mark so Excel shows non-ASCII text right (default false). */
  bom?: boolean;
  /** The dataset's key columns: one report column each, after `row`, holding the row's key as typed. */
  keyColumns?: readonly string[];
}

/** The rejected-rows report: CSV (CRLF lines) with header source_file,row,<key columns>,column,value,reason. */
export function issuesToCsv(sourceFile: string, issues: RowIssue[], opts: IssuesCsvOptions = {}): string {
  const keys = opts.keyColumns ?? [];
  const lines = [['source_file', 'row', ...keys, 'column', 'value', 'reason'].join(',')];
  const file = csvCell(sourceFile);
  for (const i of issues) {
    const k = keys.map((_, j) => csvCell(i.key?.[j] ?? ''));
    lines.push([file, csvCell(i.row), ...k, csvCell(i.column), csvCell(i.value), csvCell(i.reason)].join(','));
  }
  return (opts.bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}
