/**
 * The cells of the 100k-row detail sheet benchmark, defined once by arithmetic on the
 * row number so that bench/py/detail_xlsxwriter.py can write exactly the same cells
 * without reading a file: 10 columns of strings, numbers and dates.
 */
export const DETAIL_HEADER = ['Deal ID', 'Customer ID', 'Customer', 'Created', 'Closed', 'Amount', 'Contract months', 'Status', 'Owner', 'Win probability'];
export const DETAIL_WIDTHS = [12, 12, 18, 12, 12, 14, 16, 10, 10, 16];
const STATUSES = ['won', 'lost', 'open'];
const BASE = Date.UTC(2023, 0, 1);
const DAY = 86_400_000;

export type DetailCell = string | number | Date;

/** Row i (1-based) of the detail sheet. */
export function detailRow(i: number): DetailCell[] {
  const cust = (i * 7919) % 25000;
  const created = BASE + DAY * ((i * 13) % 1300);
  return [
    `D${String(i).padStart(8, '0')}`,
    `C${String(cust).padStart(7, '0')}`,
    `Customer ${cust}`,
    new Date(created),
    new Date(created + DAY * (i % 180)),
    ((i * 7907) % 1500000) / 100 + 500,
    (i % 4) * 12,
    STATUSES[i % 3],
    `owner${String(i % 40).padStart(2, '0')}`,
    (i % 100) / 100,
  ];
}
