import type { RowIssue } from '../model/types';

/**
 * A cell for a CSV report: neutralised against CSV/formula injection (OWASP: a cell
 * starting with = + - @ tab or CR gets a leading '), then quoted when needed.
 */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const ISSUES_CSV_HEADER = 'source_file,row,column,value,reason';

export interface IssuesCsvOptions {
  /** Start with a UTF-8 byte order mark so Excel shows non-ASCII text right (default false). */
  bom?: boolean;
}

/** The rejected-rows report: CSV (CRLF lines) with header source_file,row,column,value,reason. */
export function issuesToCsv(sourceFile: string, issues: RowIssue[], opts: IssuesCsvOptions = {}): string {
  const lines = [ISSUES_CSV_HEADER];
  const file = csvCell(sourceFile);
  for (const i of issues) {
    lines.push([file, csvCell(i.row), csvCell(i.column), csvCell(i.value), csvCell(i.reason)].join(','));
  }
  return (opts.bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}
