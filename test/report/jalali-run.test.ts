/**
 * A company on the Jalali calendar, end to end on the embedded servers: Jalali-dated CSV
 * exports (Persian digits, direction marks) and Jalali finance months are uploaded and
 * ingested; the daily-scheduled quarterly review runs only on day 5 of the first month of a
 * Jalali quarter (docs/decisions/calendar.md); the weekly dashboard is named after its Jalali week.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../shared/local/runtime';
import { makeHandler } from '../../functions/report/handler';
import { parseConfig } from '../../shared/config/config';
import type { KpiDocument } from '../../shared/engine/types';

const config = parseConfig({ calendar: 'jalali', timeZone: 'Asia/Tehran', companyName: 'Pars' });
let stack: LocalStack;
let dir: string;

const RLM = '\u200F';
const files: Record<string, string> = {
  // won deals 1402/10/10 .. 1403/03/20; Persian digits and RLM marks as a Persian CRM writes them
  'deals/deals.csv': [
    'deal_id,customer_id,created_date,status,amount,closed_date',
    `D1,C1,${RLM}۱۴۰۲/۱۰/۱۰${RLM},won,1000,${RLM}۱۴۰۲/۱۰/۲۰${RLM}`,
    'D2,C2,1403/01/05,won,2000,1403/01/15',
    'D3,C3,1403.02.01,won,3000,1403.03.20 14:30',
    'D4,C4,1403-03-25,open,500,',
  ].join('\n'),
  'finance/finance.csv': ['period,revenue,cost_of_revenue', '1403-01,100,40', '1403-02,200,80', '1403-03,300,120', 'FY1402-Q4,900,300'].join('\n'),
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scorecard-jalali-'));
  stack = await startLocalStack({ config });
  for (const [key, body] of Object.entries(files)) {
    const local = path.join(dir, key.replace('/', '-'));
    await writeFile(local, `${body}\n`, 'utf8');
    await stack.uploadFile(local, `uploads/${key}`);
  }
  await stack.waitForIngestIdle();
});
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const handlerAt = (iso: string) => makeHandler({ store: stack.store, blobs: stack.blobs, config, now: () => new Date(iso) });
const reportKeys = async () => (await stack.blobs.list('reports/')).map((b) => b.key).filter((k) => !k.startsWith('reports/rejected/')).sort();

describe('a Jalali company on the embedded servers', () => {
  it('ingests the Jalali dates without rejected rows', async () => {
    expect((await stack.blobs.list('reports/rejected/')).map((b) => b.key)).toEqual([]);
    expect((await stack.store.loadDataset()).deals.map((d) => [d.dealId, d.createdDate, d.closedDate ?? null]).sort()).toEqual([
      ['D1', '2023-12-31', '2024-01-10'],
      ['D2', '2024-03-24', '2024-04-03'],
      ['D3', '2024-04-20', '2024-06-09'],
      ['D4', '2024-06-14', null],
    ]);
  });

  it('the daily quarterly run does nothing before day 5 of Tir', async () => {
    // 2024-06-24 06:00 in Tehran = 1403/04/04
    const out = await handlerAt('2024-06-24T02:30:00Z')({ kind: 'quarterly', closeDay: 5 });
    expect(out.skipped).toMatch(/not due/);
    expect(out.keys).toEqual([]);
    expect(await reportKeys()).toEqual([]);
    // the annual run on 1403/04/05 is not due either: the year starts in Farvardin
    expect((await handlerAt('2024-06-25T02:30:00Z')({ kind: 'annual', closeDay: 5 })).skipped).toMatch(/not due/);
  });

  it('on 1403/04/05 it writes the review of FY1403-Q1, with the Jalali months summed', async () => {
    const out = await handlerAt('2024-06-25T02:30:00Z')({ kind: 'quarterly', closeDay: 5 });
    expect(out.skipped).toBeUndefined();
    expect(out.asOf).toBe('2024-06-25');
    expect(out.reports.map((r) => [r.periodId, r.key, r.closed])).toEqual([
      ['FY1403-Q1', 'reports/quarterly/FY1403-Q1/finance-review-FY1403-Q1.xlsx', true],
    ]);
    const doc = JSON.parse((await stack.blobs.getBuffer('reports/quarterly/FY1403-Q1/kpis.json')).toString('utf8')) as KpiDocument;
    const q1 = doc.periods.find((p) => p.id === 'FY1403-Q1')!;
    expect(q1).toMatchObject({ start: '2024-03-20', end: '2024-06-20', toDate: false });
    // Farvardin + Ordibehesht + Khordad 1403
    expect(q1.kpis.revenue.value).toBe(600);
    // D2 (1403/01/15) and D3 (1403/03/20)
    expect(q1.kpis.bookings.value).toBe(5000);
    expect(q1.kpis.revenue.previousQuarter).toMatchObject({ period: 'FY1402-Q4', value: 900 });
    expect(doc.periods.map((p) => p.id)).toEqual(['FY1402-Q4', 'FY1402', 'FY1403-Q1', 'FY1403-Q2', 'FY1403']);
  });

  it('the weekly dashboard of a Saturday run is named after the Jalali week that just ended', async () => {
    // Saturday 1403/04/02 (2024-06-22) 06:00 Tehran: as of Friday 1403/04/01, week Saturday 1403/03/26 .. Friday 1403/04/01
    const out = await handlerAt('2024-06-22T02:30:00Z')({ kind: 'weekly' });
    expect(out.asOf).toBe('2024-06-21');
    expect(out.keys).toEqual(['reports/weekly/1403-W13/manager-dashboard-1403-W13.xlsx', 'reports/latest/manager-dashboard.xlsx']);
  });
});
