/**
 * Restatements only from consistent data (issue 12, items 4-5), on the embedded servers:
 * no first values published while an upload is being stored (and its rows never count
 * half-way), concurrent runs record each restatement once, and a run for an earlier as-of
 * date records nothing and leaves reports/latest/ alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../shared/local/runtime';
import { runReport } from '../../shared/usecases/run-report';
import type { Config } from '../../shared/config/config';
import type { Dataset, Deal } from '../../shared/model/types';
import { AS_OF, fixtureDataset } from '../report/fixture';

let stack: LocalStack;
let data: Dataset;
let config: Config;
beforeAll(async () => {
  ({ data, config } = fixtureDataset());
  stack = await startLocalStack({ config });
  for (const ds of ['deals', 'stage-events', 'surveys', 'finance', 'targets'] as const) {
    const rows = { deals: data.deals, 'stage-events': data.stageEvents, surveys: data.surveys, finance: data.finance, targets: data.targets }[ds];
    await stack.store.putRecords(ds, rows as never, { key: `uploads/${ds}/all.csv`, version: '2026-11-20T00:00:00.000Z#01' });
  }
});
afterAll(async () => {
  await stack?.stop();
});

const deps = (iso: string) => ({ store: stack.store, blobs: stack.blobs, now: () => new Date(iso) });
const latestObjects = async () =>
  Promise.all((await stack.blobs.list('reports/latest/')).map(async (b) => [b.key, (await stack.blobs.getBuffer(b.key)).toString('base64')]));
const q2Won = (): Deal => data.deals.find((d) => d.status === 'won' && d.closedDate! >= '2026-04-01' && d.closedDate! <= '2026-06-30')!;
const bookingsQ2 = (out: Awaited<ReturnType<typeof runReport>>) => out.result.document.periods.find((p) => p.id === 'FY2026-Q2')!.kpis.bookings.value;

describe('restatements from consistent data only', () => {
  it('while an upload is being stored: its rows do not count, and no first values are published', async () => {
    const source = { key: 'uploads/deals/correction.csv', version: '2026-11-22T05:59:00.000Z#01' };
    await stack.store.recordFile({
      key: source.key,
      etag: 'e1',
      dataset: 'deals',
      fileName: 'correction.csv',
      outcome: 'incomplete',
      version: source.version,
      startedAt: '2026-11-22T05:59:00.000Z',
      rowsAccepted: 0,
      rowsRejected: 0,
      ingestedAt: '2026-11-22T05:59:00.000Z',
    });
    const deal = q2Won();
    await stack.store.putRecords('deals', [{ ...deal, amount: deal.amount + 5000 }], source);

    const during = await runReport(deps('2026-11-22T06:00:00Z'), { kinds: ['quarterly'], asOf: AS_OF, config });
    expect(during.snapshotsSkipped).toMatch(/uploads being stored: uploads\/deals\/correction\.csv/);
    expect(during.published).toBe(0);
    expect(await stack.store.listPublished()).toEqual([]);
    // The half-stored row does not count: the value is the one before the upload.
    const before = bookingsQ2(during);

    // The upload completes: its row counts, and the next run publishes first values from it.
    await stack.store.recordFile({ ...(await stack.store.getFile(source.key))!, outcome: 'accepted', rowsAccepted: 1 });
    const after = await runReport(deps('2026-11-22T07:00:00Z'), { kinds: ['quarterly'], asOf: AS_OF, config });
    expect(after.snapshotsSkipped).toBeUndefined();
    expect(bookingsQ2(after)).toBe((before as number) + 5000);
    expect(after.published).toBeGreaterThan(0);
    expect(after.restatements).toBe(0);
  });

  it('two runs at once (quarterly and annual schedules) record each restatement once', async () => {
    const deal = q2Won();
    await stack.store.putRecords('deals', [{ ...deal, amount: deal.amount + 9000 }], { key: 'uploads/deals/late.csv', version: '2026-11-23T00:00:00.000Z#01' });
    const [a, b] = await Promise.all([
      runReport(deps('2026-11-23T06:00:00Z'), { kinds: ['quarterly'], asOf: AS_OF, config }),
      runReport(deps('2026-11-23T06:00:01Z'), { kinds: ['annual'], asOf: AS_OF, config }),
    ]);
    const restated = await stack.store.listRestatements();
    expect(restated.length).toBeGreaterThan(0);
    expect(a.restatements + b.restatements).toBe(restated.length);
    const keys = restated.map((r) => `${r.periodId} ${r.kpi} ${r.sequence}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(restated.filter((r) => r.periodId === 'FY2026-Q2' && r.kpi === 'bookings')).toHaveLength(1);
  });

  it('a run for an earlier as-of date records nothing and leaves reports/latest/ as it was', async () => {
    const latest = await latestObjects();
    const restated = await stack.store.listRestatements();
    const published = await stack.store.listPublished();
    const deal = q2Won();
    await stack.store.putRecords('deals', [{ ...deal, amount: 1 }], { key: 'uploads/deals/later.csv', version: '2026-11-24T00:00:00.000Z#01' });

    const earlier = await runReport(deps('2026-11-24T06:00:00Z'), { kinds: ['quarterly', 'annual'], asOf: '2026-09-30', config });
    expect(earlier.movedLatest).toBe(false);
    expect(earlier.snapshotsSkipped).toMatch(/earlier than the newest report \(2026-11-22\)/);
    expect(earlier.restatements).toBe(0);
    expect(earlier.keys.some((k) => k.startsWith('reports/latest/'))).toBe(false);
    expect(await latestObjects()).toEqual(latest);
    expect(await stack.store.listRestatements()).toEqual(restated);
    expect(await stack.store.listPublished()).toEqual(published);
    // Its own dated workbooks are written.
    expect(earlier.reports.map((r) => r.key)).toContain('reports/quarterly/FY2026-Q3/finance-review-FY2026-Q3.xlsx');
    for (const r of earlier.reports) expect(await stack.blobs.head(r.key)).not.toBeNull();
  });

  it('moves each workbook kind in reports/latest/ past its own newest as-of date only (a weekly run as of yesterday is not held back by a quarterly run as of today)', async () => {
    const before = Object.fromEntries(await latestObjects());
    const weekly = await runReport(deps('2026-11-24T07:00:00Z'), { kinds: ['weekly'], asOf: '2026-11-21', config });
    expect(weekly.movedLatest).toBe(false); // older than the newest report of any kind: no snapshots, latest kpis.json kept
    expect(weekly.keys).toContain('reports/latest/manager-dashboard.xlsx');
    const after = Object.fromEntries(await latestObjects());
    expect(after['reports/latest/finance-review.xlsx']).toBeDefined();
    expect(after['reports/latest/finance-review.xlsx']).toEqual(before['reports/latest/finance-review.xlsx']);
    expect(after['reports/latest/kpis.json']).toEqual(before['reports/latest/kpis.json']);
    const older = await runReport(deps('2026-11-24T08:00:00Z'), { kinds: ['weekly'], asOf: '2026-11-14', config });
    expect(older.keys.some((k) => k.startsWith('reports/latest/'))).toBe(false);
    expect(await stack.blobs.getBuffer('reports/latest/manager-dashboard.kpis.json').then((b) => JSON.parse(b.toString('utf8')).asOf)).toBe('2026-11-21');
  });
});
