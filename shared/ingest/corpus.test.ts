/**
 * The fixture corpus (test/fixtures/ingest, made by test/fixtures/make-fixtures.ts):
 * awkward real-world files ingest as intended — records, row issues (row, column, reason)
 * and whole-file rejections.
 */
import { describe, expect, it } from 'vitest';
import { FileRejectedError } from '../errors';
import type { Deal } from '../model/types';
import { readFixture } from './test-support';

const deal = (d: Partial<Deal> & Pick<Deal, 'dealId'>) => expect.objectContaining(d);
const issue = (row: number, column: string, reason: RegExp | string) =>
  expect.objectContaining({ row, column, reason: typeof reason === 'string' ? expect.stringContaining(reason) : expect.stringMatching(reason) });

describe('CSV exports', () => {
  it('Excel "CSV UTF-8": BOM, spaced headers, quoted commas/newlines/quotes, currency, bad rows', async () => {
    const r = await readFixture('deals-excel-bom.csv', 'deals', { config: { timeZone: 'Asia/Tehran' } });
    expect(r.records).toEqual([
      {
        dealId: 'D-001', customerId: 'C-01', customerName: 'Acme, Inc.', createdDate: '2026-01-05', status: 'won', stage: 'won',
        closedDate: '2026-02-10', amount: 1200.5, dealType: 'new', contractMonths: 12, owner: 'alice', team: 'EMEA',
        region: 'North', product: 'Widget', source: 'web',
      },
      {
        dealId: 'D-002', customerId: 'C-02', customerName: 'Globex\nCorporation', createdDate: '2026-01-10', status: 'open',
        stage: 'proposal', amount: 2500, dealType: 'upsell', owner: 'bob', team: 'EMEA', region: 'South', product: 'Gadget',
        source: 'referral',
      },
      deal({ dealId: 'D-003', status: 'lost', stage: 'lost', closedDate: '2026-03-01', amount: 800, lostReason: 'Went with competitor X' }),
      // 2026-03-01T23:30Z is already 2 March in Tehran (UTC+3:30)
      deal({ dealId: 'D-009', customerName: 'Tyrell "Replicants"', createdDate: '2026-03-02', amount: 99, dealType: 'cross_sell', stage: 'negotiation', contractMonths: 6 }),
    ]);
    // rows as Excel numbers them: the quoted newline in row 3 does not shift later rows
    expect(r.issues).toEqual([
      issue(5, 'Closed Date', 'closed_date 2026-02-01 is before created_date 2026-03-01'),
      issue(6, 'Closed Date', 'required when status is won'),
      issue(7, 'Amount', 'must be >= 0'),
      issue(8, 'Status', '"pending" is not one of open, won, lost'),
      issue(9, 'Customer ID', 'required'),
    ]);
    expect(r.issues[2].value).toBe('-5');
    expect(r.summary).toMatchObject({ rowsRead: 9, rowsAccepted: 4, rowsRejected: 5, unknownColumns: ['Notes'] });
    expect(r.summary.warnings.filter((w) => w.includes('"Notes"'))).toHaveLength(1);
  });

  it('Excel "Unicode text": UTF-16 LE with BOM, tab-separated, upper-case headers, Persian/Arabic digits', async () => {
    const r = await readFixture('deals-unicode-text.txt', 'deals');
    expect(r.records.map((d) => [(d as Deal).dealId, (d as Deal).amount, (d as Deal).closedDate])).toEqual([
      ['U-1', 1200, '2026-04-15'],
      ['U-3', 1234.5, undefined],
      ['U-4', 300, '2026-04-20'],
    ]);
    // "1,234" in a tab-separated file could be 1234 or 1.234: not guessed
    expect(r.issues).toEqual([issue(3, 'AMOUNT', 'ambiguous')]);
  });

  it('UTF-16 BE with BOM', async () => {
    const r = await readFixture('deals-utf16be.csv', 'deals');
    expect(r.records).toEqual([deal({ dealId: 'B-1', customerName: 'Zoë Ltd', amount: 10 })]);
  });

  it('semicolons with decimal commas and dots as thousands separators', async () => {
    const r = await readFixture('deals-semicolon-decimal-comma.csv', 'deals');
    expect(r.records.map((d) => [(d as Deal).dealId, (d as Deal).amount])).toEqual([
      ['E-1', 1234.56],
      ['E-2', 12500],
      ['E-3', 99.9],
      ['E-5', 0.75],
    ]);
    expect(r.issues).toEqual([issue(5, 'amount', '"1.2.3" is not a number')]);
  });

  it('Persian digits, Arabic separators, currency symbols and codes; a Solar Hijri date is read as one', async () => {
    const r = await readFixture('deals-persian-currency.csv', 'deals');
    expect(r.records).toEqual([
      deal({ dealId: 'P-1', createdDate: '2026-06-01', closedDate: '2026-06-10', amount: 1250.5 }),
      deal({ dealId: 'P-2', amount: 750 }),
      deal({ dealId: 'P-3', amount: 2000 }),
      // ۱۴۰۵-۰۳-۱۲ = 12 Khordad 1405
      deal({ dealId: 'P-4', customerId: 'C-4', createdDate: '2026-06-02', amount: 10 }),
    ]);
    expect(r.issues).toEqual([]);
  });

  it('day-first dates: the order is inferred from the file (20/03/2026 can only be day-first); config dateFormat overrides', async () => {
    const inferred = await readFixture('deals-day-first-dates.csv', 'deals');
    expect(inferred.issues).toEqual([]);
    expect(inferred.records).toEqual([
      deal({ dealId: 'M-1', createdDate: '2026-03-05', closedDate: '2026-03-20' }),
      deal({ dealId: 'M-2', createdDate: '2025-12-31' }),
    ]);
    expect(inferred.summary.warnings).toContainEqual(expect.stringMatching(/^dates were read as DD\/MM\/YYYY, as "20\/03\/2026" shows/));
    const dmy = await readFixture('deals-day-first-dates.csv', 'deals', { config: { dateFormat: 'DD/MM/YYYY' } });
    expect(dmy.issues).toEqual([]);
    expect(dmy.records).toEqual([
      deal({ dealId: 'M-1', createdDate: '2026-03-05', closedDate: '2026-03-20' }),
      deal({ dealId: 'M-2', createdDate: '2025-12-31' }),
    ]);
    const mdy = await readFixture('deals-day-first-dates.csv', 'deals', { config: { dateFormat: 'MM/DD/YYYY' } });
    expect(mdy.issues).toEqual([issue(2, 'closed_date', 'no month 20'), issue(3, 'created_date', 'no month 31')]);
  });

  it('Excel serial numbers in a CSV only with dateFormat excel-serial', async () => {
    const strict = await readFixture('deals-excel-serial-dates.csv', 'deals');
    expect(strict.issues).toEqual([issue(2, 'created_date', 'dateFormat to "excel-serial"')]);
    const serial = await readFixture('deals-excel-serial-dates.csv', 'deals', { config: { dateFormat: 'excel-serial' } });
    expect(serial.records).toEqual([deal({ dealId: 'S-1', createdDate: '2026-01-01' })]);
  });

  it('a row with more values than the header is one row error, not a shifted record', async () => {
    const r = await readFixture('deals-shifted-row.csv', 'deals');
    expect(r.records).toEqual([deal({ dealId: 'F-1', customerName: 'Acme Inc' })]);
    expect(r.issues).toEqual([issue(3, 'column 7', 'the row has 7 values but the header has 6 columns')]);
  });

  it('content decides the format: a CSV named .xlsx is read as CSV, with a warning', async () => {
    const r = await readFixture('csv-named.xlsx', 'deals');
    expect(r.records).toEqual([deal({ dealId: 'N-1' })]);
    expect(r.summary.warnings).toContainEqual(expect.stringContaining('read as CSV'));
  });
});

describe('one file per dataset, with bad rows', () => {
  it('stage-events: stages matched case-insensitively against config, others accepted after them, repeated rows (last wins)', async () => {
    const r = await readFixture('stage-events.csv', 'stage-events');
    expect(r.records).toEqual([
      { dealId: 'D-002', stage: 'lead', enteredDate: '2026-01-10' },
      { dealId: 'D-002', stage: 'qualified', enteredDate: '2026-01-20' },
      { dealId: 'D-002', stage: 'proposal', enteredDate: '2026-02-01' },
      { dealId: 'D-003', stage: 'discovery', enteredDate: '2026-02-01' },
      { dealId: 'D-003', stage: 'won', enteredDate: '2026-03-01' },
    ]);
    expect(r.issues).toEqual([issue(8, 'Deal ID', 'required'), issue(9, 'Entered Date', '"not a date" is not a date')]);
    expect(r.summary).toMatchObject({ rowsRead: 8, rowsAccepted: 6, rowsRejected: 2, stages: ['discovery'] });
    expect(r.summary.warnings).toContainEqual(expect.stringMatching(/1 row repeats .* the last row wins .*rows 4 and 5/));
  });

  it('surveys: score ranges, whole numbers, at least one score; text kept as given', async () => {
    const r = await readFixture('surveys.csv', 'surveys');
    expect(r.records).toEqual([
      { responseId: 'R-1', customerId: 'C-01', respondedDate: '2026-02-15', nps: 9, csat: 5, ces: 6, expectation: 4, performance: 5, channel: 'email', comment: 'Great, thanks' },
      { responseId: 'R-2', respondedDate: '2026-02-16', nps: 3, channel: 'web' },
      // formula-like text is stored as given; reports neutralise it when written
      { responseId: 'R-8', customerId: 'C-07', respondedDate: '2026-02-22', expectation: 3, performance: 2, channel: 'web', comment: '=HYPERLINK("http://example.com")' },
    ]);
    expect(r.issues).toEqual([
      issue(4, 'nps', 'from 0 to 10'),
      issue(5, 'nps/csat/ces/expectation/performance', 'at least one score'),
      issue(6, 'nps', 'whole number'),
      issue(7, 'csat', 'from 1 to 5'),
      issue(8, 'ces', 'from 1 to 7'),
    ]);
  });

  it('finance: period formats normalised, money with thousands separators', async () => {
    const r = await readFixture('finance.csv', 'finance');
    expect(r.records).toEqual([
      { period: 'FY2026-Q1', revenue: 1_000_000, costOfRevenue: 400_000, salesMarketingCost: 150_000, serviceCost: 80_000, crmCost: 20_000, marketRevenue: 10_000_000 },
      { period: 'FY2026-Q2', revenue: 1_100_000 },
      { period: '2026-07', revenue: 400_000 },
      { period: 'FY2026', revenue: 4_000_000 },
    ]);
    expect(r.issues).toEqual([issue(6, 'Period', 'no month 13'), issue(7, 'Period', 'is not a period'), issue(8, 'Revenue', 'is not a number')]);
  });

  it('targets: real KPI ids, quarter or year periods, percentages, dim=value scopes', async () => {
    const r = await readFixture('targets.csv', 'targets');
    expect(r.records).toEqual([
      { kpi: 'win_rate', period: 'FY2026-Q3', target: 0.45, scope: '' },
      { kpi: 'bookings', period: 'FY2026', target: 1_500_000, scope: 'team=EMEA' },
      { kpi: 'win_rate', period: 'FY2026-Q4', target: 0.45, scope: 'region=North' },
    ]);
    expect(r.issues).toEqual([
      issue(5, 'period', 'FY2026-Q3 or a fiscal year FY2026'),
      issue(6, 'kpi', 'not a KPI id'),
      issue(7, 'scope', 'team, region, product, owner, source'),
      issue(8, 'target', 'required'),
    ]);
  });
});

describe('XLSX workbooks', () => {
  it('deals sheet (not the first sheet): date cells, cached formula results, a formula without one, error cells', async () => {
    const r = await readFixture('deals.xlsx', 'deals');
    expect(r.records).toEqual([
      deal({ dealId: 'X-1', customerId: 'C-1', createdDate: '2026-01-15', closedDate: '2026-02-01', amount: 1500, contractMonths: 12, status: 'won' }),
      // a numeric customer id becomes text; a date cell with a time keeps its calendar day
      deal({ dealId: 'X-3', customerId: '12345', createdDate: '2026-02-01', closedDate: '2026-03-01', status: 'lost', amount: 250 }),
      deal({ dealId: 'X-4', createdDate: '2026-03-05', amount: 1234.56 }),
      // a formula whose cached result is a date (date-formatted)
      deal({ dealId: 'X-5', createdDate: '2026-03-10', closedDate: '2026-03-20', amount: 99 }),
      deal({ dealId: 'X-7', customerId: 'C-7' }),
      // after a blank row: row numbers still match the sheet
      deal({ dealId: 'X-8', createdDate: '2026-03-14' }),
    ]);
    expect(r.issues).toEqual([issue(3, 'Amount', 'no saved result'), issue(7, 'Created Date', 'Excel error #N/A')]);
    expect(r.issues[0].value).toBe('=E2*2');
    expect(r.summary.warnings).toContainEqual(expect.stringContaining('only sheet "Deals" was read'));
  });

  it('surveys on the first sheet; a score typed as text is read as a number', async () => {
    const r = await readFixture('surveys.xlsx', 'surveys');
    expect(r.records).toEqual([
      { responseId: 'S-1', respondedDate: '2026-02-01', nps: 10, csat: 5 },
      { responseId: 'S-2', respondedDate: '2026-02-02', nps: 9 },
    ]);
    expect(r.issues).toEqual([issue(4, 'NPS', 'from 0 to 10')]);
  });

  it('a workbook with inline strings only (exceljs streaming writer, no sharedStrings.xml)', async () => {
    const r = await readFixture('stage-events-inline-strings.xlsx', 'stage-events');
    expect(r.records).toEqual([
      { dealId: 'D-1', stage: 'lead', enteredDate: '2026-01-05' },
      { dealId: 'D-1', stage: 'qualified', enteredDate: '2026-01-12' },
      expect.objectContaining({ dealId: 'D-1', stage: 'closing' }),
    ]);
    expect(r.issues).toEqual([]);
  });

  it('finance periods that Excel turned into first-of-month dates are months', async () => {
    const r = await readFixture('finance.xlsx', 'finance');
    expect(r.records).toEqual([
      { period: '2026-03', revenue: 300_000, crmCost: 5000 },
      { period: 'FY2026-Q2', revenue: 900_000, crmCost: 15_000 },
    ]);
    expect(r.issues).toEqual([issue(4, 'period', 'a date is not a period')]);
  });
});

describe('whole-file rejections', () => {
  const cases: [string, RegExp][] = [
    ['empty.csv', /^The file is empty/],
    ['header-only.csv', /header row but no data rows/],
    ['missing-column.csv', /missing required column amount .*found: "Deal ID", "Customer ID", "Created Date", "Status"/i],
    ['pdf-renamed.csv', /PDF document/],
    ['legacy-97-2003.xls', /Excel 97-2003 workbook \(\.xls\)/],
    ['windows-1252.csv', /not UTF-8 text.*CSV UTF-8/],
    ['unclosed-quote.csv', /quoted value starting in row 2 is never closed/],
    ['plain-zip.xlsx', /zip archive, not an Excel workbook/],
    ['truncated.xlsx', /not a readable XLSX workbook/],
    ['zip-bomb.xlsx', /would unpack to more than 1\.0 GB .*declares 3\.\d GB/],
    ['zip-lying-sizes.xlsx', /cannot be unpacked .*zip bomb/],
  ];
  it.each(cases)('%s', async (name, message) => {
    const err = await readFixture(name, 'deals').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileRejectedError);
    expect((err as FileRejectedError).message).toMatch(message);
    expect((err as FileRejectedError).fileName).toBe(name);
  });
});
