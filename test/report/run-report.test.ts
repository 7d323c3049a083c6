/**
 * runReport and the report handler on the embedded servers (dynalite + s3rver):
 * keys of outputs.md, kpis.json beside each workbook, latest copies, snapshots of
 * closed quarters, and a restatement after a closed quarter's deal changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../shared/local/runtime';
import { runReport, type PublishedNotice } from '../../shared/usecases/run-report';
import { handler as lambdaHandler, makeHandler } from '../../functions/report/handler';
import { LOCAL_CREDENTIALS } from '../../shared/local/runtime';
import { ReportEventError } from '../../functions/report/event';
import { KPI_CATALOG } from '../../shared/engine';
import type { KpiDocument } from '../../shared/engine/types';
import type { Config } from '../../shared/config/config';
import type { Dataset } from '../../shared/model/types';
import { AS_OF, FILES, fixtureDataset } from './fixture';
import { load } from './xlsx';
import { expectValidWorkbook } from '../support/ooxml';

let stack: LocalStack;
let data: Dataset;
let config: Config;
const notices: PublishedNotice[] = [];

beforeAll(async () => {
  ({ data, config } = fixtureDataset());
  stack = await startLocalStack({ config });
});
afterAll(async () => {
  await stack?.stop();
});

const deps = (iso: string) => ({
  store: stack.store,
  blobs: stack.blobs,
  now: () => new Date(iso),
  notify: async (e: PublishedNotice) => {
    notices.push(e);
  },
});

describe('runReport on the embedded servers', () => {
  it('refuses to report from an empty store, saying why', async () => {
    await expect(runReport(deps('2026-11-22T06:00:00Z'), { kinds: ['weekly'], asOf: AS_OF, config })).rejects.toThrow(/nothing to report/);
  });

  it('writes the three workbooks, their kpis.json and the latest copies to the keys of outputs.md', async () => {
    await stack.store.putRecords('deals', data.deals);
    await stack.store.putRecords('stage-events', data.stageEvents);
    await stack.store.putRecords('surveys', data.surveys);
    await stack.store.putRecords('finance', data.finance);
    await stack.store.putRecords('targets', data.targets);
    for (const f of FILES) await stack.store.recordFile(f);

    const out = await runReport(deps('2026-11-22T06:00:03.123Z'), { kinds: ['weekly', 'quarterly', 'annual'], asOf: AS_OF, config });
    const keys = (await stack.blobs.list('reports/')).map((b) => b.key).sort();
    expect(keys).toEqual(
      [
        'reports/annual/FY2025/annual-review-FY2025.xlsx',
        'reports/annual/FY2025/kpis.json',
        'reports/latest/annual-review.xlsx',
        'reports/latest/annual-review.kpis.json',
        'reports/latest/finance-review.xlsx',
        'reports/latest/finance-review.kpis.json',
        'reports/latest/kpis.json',
        'reports/latest/manager-dashboard.xlsx',
        'reports/latest/manager-dashboard.kpis.json',
        'reports/quarterly/FY2026-Q3/finance-review-FY2026-Q3.xlsx',
        'reports/quarterly/FY2026-Q3/kpis.json',
        'reports/weekly/2026-W47/kpis.json',
        'reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx',
      ].sort(),
    );
    expect([...out.keys].sort()).toEqual(keys.filter((k) => k.endsWith('.xlsx')));
    expect([...out.kpisKeys].sort()).toEqual(keys.filter((k) => k.endsWith('.json')));
    await expectValidWorkbook(Object.fromEntries(await Promise.all(out.keys.map(async (k) => [k, await stack.blobs.getBuffer(k)] as const))));
    expect(notices.map((n) => n.key)).toEqual([
      'reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx',
      'reports/quarterly/FY2026-Q3/finance-review-FY2026-Q3.xlsx',
      'reports/annual/FY2025/annual-review-FY2025.xlsx',
    ]);

    const doc = JSON.parse((await stack.blobs.getBuffer('reports/latest/kpis.json')).toString('utf8')) as KpiDocument;
    expect(doc.asOf).toBe(AS_OF);
    expect(doc.generatedAt).toBe('2026-11-22T06:00:03Z');
    const q3 = doc.periods.find((p) => p.id === 'FY2026-Q3')!;
    expect(Object.keys(q3.kpis).sort()).toEqual(KPI_CATALOG.map((d) => d.id).sort());
    expect(await stack.blobs.getBuffer('reports/weekly/2026-W47/kpis.json')).toEqual(await stack.blobs.getBuffer('reports/latest/kpis.json'));

    // The latest copy is the dated workbook; it opens and shows the as-of date.
    const latest = await stack.blobs.getBuffer('reports/latest/manager-dashboard.xlsx');
    expect(latest).toEqual(await stack.blobs.getBuffer('reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx'));
    const wb = await load(latest);
    expect(wb.getWorksheet('Summary')!.getCell('B3').value).toEqual(new Date('2026-11-22T00:00:00Z'));
    expect(wb.getWorksheet('Data quality')!.getCell('A1').value).toContain(config.companyName);

    // Every closed quarter's KPIs are published once; nothing is restated yet.
    const closed = doc.periods.filter((p) => p.kind === 'quarter' && !p.toDate);
    expect(out.published).toBe(closed.length * KPI_CATALOG.length);
    expect(out.restatements).toBe(0);
    expect(await stack.store.listPublished()).toHaveLength(out.published);
  });

  it('a second run with unchanged data publishes nothing new and restates nothing', async () => {
    const out = await runReport(deps('2026-11-22T07:00:00Z'), { kinds: ['quarterly'], asOf: AS_OF, config });
    expect(out.published).toBe(0);
    expect(out.restatements).toBe(0);
    expect(await stack.store.listRestatements()).toEqual([]);
  });

  it('records a restatement when a closed quarter changes and lists it in the finance review', async () => {
    const deal = data.deals.find((d) => d.status === 'won' && d.closedDate! >= '2026-04-01' && d.closedDate! <= '2026-06-30')!;
    const before = (JSON.parse((await stack.blobs.getBuffer('reports/latest/kpis.json')).toString('utf8')) as KpiDocument).periods.find(
      (p) => p.id === 'FY2026-Q2',
    )!.kpis.bookings.value!;
    await stack.store.putRecords('deals', [{ ...deal, amount: deal.amount + 1000 }]);

    const out = await runReport(deps('2026-11-23T06:00:00Z'), { kinds: ['quarterly'], asOf: AS_OF, config });
    expect(out.restatements).toBeGreaterThan(0);
    const restated = await stack.store.listRestatements();
    const bookings = restated.find((r) => r.periodId === 'FY2026-Q2' && r.kpi === 'bookings')!;
    expect(bookings).toMatchObject({ oldValue: before, newValue: before + 1000, firstPublishedAt: '2026-11-22T06:00:03Z', restatedAt: '2026-11-23T06:00:00Z' });

    const wb = await load(await stack.blobs.getBuffer('reports/latest/finance-review.xlsx'));
    const ws = wb.getWorksheet('Restatements')!;
    let row = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(1).value === 'FY2026-Q2' && r.getCell(2).value === 'Bookings') row = n;
    });
    expect(row).toBeGreaterThan(0);
    expect(ws.getCell(row, 3).value).toBe(before);
    expect(ws.getCell(row, 4).value).toBe(before + 1000);

    // Running again finds nothing new to restate.
    expect((await runReport(deps('2026-11-23T07:00:00Z'), { kinds: ['quarterly'], asOf: AS_OF, config })).restatements).toBe(0);
  });
});

describe('report handler', () => {
  it('a scheduled weekly run on Monday covers the week that just ended', async () => {
    const published: PublishedNotice[] = [];
    const handler = makeHandler({
      store: stack.store,
      blobs: stack.blobs,
      config,
      now: () => new Date('2026-11-23T06:00:00Z'),
      notify: async (e) => {
        published.push(e);
      },
    });
    const out = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.scheduler', detail: { kind: 'weekly' } });
    expect(out.asOf).toBe('2026-11-22');
    expect(out.keys).toEqual(['reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx', 'reports/latest/manager-dashboard.xlsx']);
    expect(published).toEqual([
      expect.objectContaining({ kind: 'weekly', key: 'reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx', asOf: '2026-11-22' }),
    ]);
  });

  it('the Lambda entry point builds its clients from the environment at cold start', async () => {
    const env = {
      TABLE_NAME: stack.tableName,
      BUCKET_NAME: stack.bucket,
      SCORECARD_CONFIG: JSON.stringify(config),
      DYNAMODB_ENDPOINT: stack.endpoints.dynamo,
      S3_ENDPOINT: stack.endpoints.s3,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      const out = await lambdaHandler({ kind: 'annual', asOf: AS_OF });
      expect(out.keys).toEqual(['reports/annual/FY2025/annual-review-FY2025.xlsx', 'reports/latest/annual-review.xlsx']);
      expect(out.reports).toEqual([{ kind: 'annual', periodId: 'FY2025', key: 'reports/annual/FY2025/annual-review-FY2025.xlsx', closed: true }]);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('a failed notification is logged and counted, the workbooks stay written', async () => {
    const errors: string[] = [];
    const out = await runReport(
      {
        store: stack.store,
        blobs: stack.blobs,
        now: () => new Date('2026-11-24T06:00:00Z'),
        notify: async () => {
          throw new Error('SNS is down');
        },
        logger: { info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) },
      },
      { kinds: ['annual'], asOf: AS_OF, config },
    );
    expect(out.notifyFailures).toBe(1);
    expect(errors).toEqual(['could not announce the published workbook']);
    expect(await stack.blobs.head('reports/annual/FY2025/annual-review-FY2025.xlsx')).not.toBeNull();
  });

  it('rejects a bad request with a clear error', async () => {
    const handler = makeHandler({ store: stack.store, blobs: stack.blobs, config, now: () => new Date('2026-11-23T06:00:00Z') });
    await expect(handler({ kind: 'monthly' })).rejects.toThrow(ReportEventError);
    await expect(handler({ kind: 'weekly', asOf: '22/11/2026' })).rejects.toThrow(/asOf/);
  });
});
