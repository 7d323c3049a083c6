/**
 * The embedded stack end to end: files uploaded through the S3 API, s3rver's
 * events driving the real ingest handler, rows landing in dynalite.
 */
import { mkdtemp, rm, writeFile, readFile, access } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError, UsageError } from '../../shared/errors';
import { startLocalStack, type LocalStack } from '../../shared/local/runtime';
import type { IngestOutcome } from '../../shared/usecases/ingest-object';
import { DEALS_HEADER, dealsCsv, dumpTable } from './helpers';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ingest');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scorecard-ingest-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, body: string | Buffer): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, body);
  return p;
}

async function dealsXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('deals');
  ws.addRow(['Deal ID', 'Customer ID', 'Created Date', 'Status', 'Amount', 'Closed Date']);
  ws.addRow(['X-1', 'C-1', new Date(Date.UTC(2026, 0, 5)), 'Won', 1200, new Date(Date.UTC(2026, 1, 5))]);
  ws.addRow(['X-2', 'C-2', new Date(Date.UTC(2026, 0, 6)), 'open', 300, null]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('local stack ingestion', () => {
  let stack: LocalStack;
  const seen: IngestOutcome[] = [];
  beforeAll(async () => {
    stack = await startLocalStack({
      limits: { maxXlsxUncompressedBytes: 1_000_000 },
      onIngest: (o) => seen.push(o),
      now: () => new Date('2026-11-22T06:00:00Z'),
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const dataRows = async () => (await dumpTable(stack, stack.tableName)).filter((l) => !l.startsWith('file#'));

  it('store uploaded rows; the same file twice leaves the same table; a corrected file replaces rows', async () => {
    const p = await file('deals.csv', dealsCsv(30));
    await stack.uploadFile(p, 'uploads/deals/deals.csv');
    const first = await stack.waitForIngestIdle();
    expect(first.map((o) => [o.key, o.status, o.rowsAccepted])).toEqual([['uploads/deals/deals.csv', 'accepted', 30]]);
    expect(seen).toContainEqual(first[0]);
    const ds = await stack.store.loadDataset();
    expect(ds.deals).toHaveLength(30);
    expect(ds.deals.find((d) => d.dealId === 'D-0003')).toMatchObject({ status: 'won', amount: 30, closedDate: '2026-03-01' });
    const table = await dumpTable(stack, stack.tableName);

    await stack.uploadFile(p, 'uploads/deals/deals.csv');
    await stack.waitForIngestIdle();
    expect(await dumpTable(stack, stack.tableName)).toEqual(table);

    const corrected = await file('deals-v2.csv', dealsCsv(30, 1));
    await stack.uploadFile(corrected, 'uploads/deals/deals.csv');
    await stack.waitForIngestIdle();
    const after = await stack.store.loadDataset();
    expect(after.deals).toHaveLength(30);
    expect(after.deals.find((d) => d.dealId === 'D-0003')?.amount).toBe(31);
    expect(after.deals.every((d, i) => d.amount === (i + 1) * 10 + 1)).toBe(true);
  });

  it('ingest an XLSX upload with real date cells', async () => {
    await stack.uploadFile(await file('deals.xlsx', await dealsXlsx()), 'uploads/deals/crm export.xlsx');
    const [out] = await stack.waitForIngestIdle();
    expect(out).toMatchObject({ key: 'uploads/deals/crm export.xlsx', status: 'accepted', rowsAccepted: 2 });
    const x1 = (await stack.store.loadDataset()).deals.find((d) => d.dealId === 'X-1');
    expect(x1).toMatchObject({ createdDate: '2026-01-05', closedDate: '2026-02-05', status: 'won', amount: 1200 });
  });

  it('store the good rows and report the bad ones with row numbers', async () => {
    const body = [
      'response_id,customer_id,responded_date,nps,csat',
      'R-1,C-1,2026-02-01,9,5',
      'R-2,C-1,2026-02-02,11,4',
      'R-3,C-2,2026-02-03,7,',
      'R-4,C-2,yesterday,8,3',
      '',
    ].join('\n');
    await stack.uploadFile(await file('s.csv', body), 'uploads/surveys/feb survey.csv');
    const [out] = await stack.waitForIngestIdle();
    expect(out).toMatchObject({ status: 'partial', rowsAccepted: 2, rowsRejected: 2, reportKey: 'reports/rejected/surveys/feb survey.csv.errors.csv' });
    expect((await stack.store.loadDataset()).surveys.map((s) => s.responseId)).toEqual(['R-1', 'R-3']);
    const report = (await stack.blobs.getBuffer(out.reportKey!)).toString('utf8').trim().split(/\r?\n/);
    // row, the response's key, the column
    expect(report.slice(1).map((l) => l.split(',').slice(1, 4).join(','))).toEqual(['3,R-2,nps', '5,R-4,responded_date']);
  });

  it('quarantine empty, unreadable, missing-column and zip-bomb files and store nothing from them', async () => {
    const before = await dataRows();
    // The reader's fixture corpus (test/fixtures/make-fixtures.ts).
    const files: [string, string][] = [
      ['uploads/finance/empty.csv', 'empty.csv'],
      ['uploads/deals/truncated.xlsx', 'truncated.xlsx'],
      ['uploads/targets/report.csv', 'pdf-renamed.csv'],
      ['uploads/deals/no amount.csv', 'missing-column.csv'],
      ['uploads/deals/bomb.xlsx', 'zip-bomb.xlsx'],
      ['uploads/surveys/lying sizes.xlsx', 'zip-lying-sizes.xlsx'],
    ];
    for (const [key, fixture] of files) await stack.uploadFile(path.join(FIXTURES, fixture), key);
    const outcomes = await stack.waitForIngestIdle();
    expect(outcomes.map((o) => [o.key, o.status]).sort()).toEqual(files.map(([key]) => [key, 'quarantined']).sort());
    expect(await dataRows()).toEqual(before);
    expect(await stack.blobs.list('uploads/finance/')).toEqual([]);
    expect(await stack.blobs.list('uploads/targets/')).toEqual([]);
    for (const [key, fixture] of files) {
      const q = key.replace(/^uploads\//, 'quarantine/');
      expect(await stack.blobs.head(key)).toBeNull();
      expect(await stack.blobs.getBuffer(q)).toEqual(await readFile(path.join(FIXTURES, fixture)));
      const why = (await stack.blobs.getBuffer(`${q}.error.txt`)).toString('utf8');
      expect(why).toContain('Reason: ');
      expect(why).toContain('Nothing from this file was stored');
    }
    const byKey = Object.fromEntries(outcomes.map((o) => [o.key, o.error ?? '']));
    expect(byKey['uploads/finance/empty.csv']).toMatch(/empty/i);
    expect(byKey['uploads/deals/truncated.xlsx']).toMatch(/not a readable XLSX/);
    expect(byKey['uploads/targets/report.csv']).toMatch(/PDF/);
    expect(byKey['uploads/deals/no amount.csv']).toMatch(/amount/);
    expect(byKey['uploads/deals/bomb.xlsx']).toMatch(/unpack/);
    expect(byKey['uploads/surveys/lying sizes.xlsx']).toMatch(/unpack/);
    const recorded = await stack.store.listFiles();
    for (const [key] of files) expect(recorded.find((f) => f.key === key)).toMatchObject({ outcome: 'quarantined', rowsAccepted: 0 });
  });

  it('ingest the fixture files of every dataset, reporting their bad rows', async () => {
    const files: [string, string][] = [
      ['uploads/deals/excel export.csv', 'deals-excel-bom.csv'],
      ['uploads/stage-events/history.csv', 'stage-events.csv'],
      ['uploads/surveys/surveys.xlsx', 'surveys.xlsx'],
      ['uploads/finance/finance.csv', 'finance.csv'],
      ['uploads/targets/targets.csv', 'targets.csv'],
    ];
    for (const [key, fixture] of files) await stack.uploadFile(path.join(FIXTURES, fixture), key);
    const outcomes = await stack.waitForIngestIdle();
    expect(outcomes.map((o) => o.key).sort()).toEqual(files.map(([k]) => k).sort());
    const ds = await stack.store.loadDataset();
    for (const o of outcomes) {
      expect(['accepted', 'partial']).toContain(o.status);
      expect(o.rowsAccepted).toBeGreaterThan(0);
      if (o.rowsRejected > 0) {
        const report = (await stack.blobs.getBuffer(o.reportKey!)).toString('utf8').trim().split(/\r?\n/);
        const rows = new Set(report.slice(1).map((l) => /^[^,]*,(\d+),/.exec(l)?.[1]));
        expect(rows.size).toBe(o.rowsRejected);
        expect(rows.has(undefined)).toBe(false);
      } else {
        expect(o.reportKey).toBeUndefined();
      }
    }
    const byDataset = Object.fromEntries(outcomes.map((o) => [o.dataset, o]));
    expect(ds.finance).toHaveLength(byDataset.finance.rowsAccepted);
    expect(ds.targets).toHaveLength(byDataset.targets.rowsAccepted);
    // stage-events.csv repeats one row (D-002 proposal 2026-02-01): stored once, and said so.
    expect(ds.stageEvents).toHaveLength(byDataset['stage-events'].rowsAccepted - 1);
    expect(byDataset['stage-events'].warnings.join(' ')).toMatch(/repeat/);
  });
});

describe('local stack runtime', () => {
  it('retry a transient failure like SQS, and give up after the last delivery', async () => {
    let failuresLeft = 2;
    let alwaysFail = false;
    const stack = await startLocalStack({
      retryDelayMs: 10,
      maxReceiveCount: 3,
      wrapStore: (store) =>
        Object.create(store, {
          putRecords: {
            value: (...args: Parameters<typeof store.putRecords>) => {
              if (alwaysFail || failuresLeft-- > 0) return Promise.reject(new StoreError('throttled'));
              return store.putRecords(...args);
            },
          },
        }),
    });
    try {
      await stack.uploadFile(await file('r.csv', dealsCsv(3)), 'uploads/deals/r.csv');
      expect((await stack.waitForIngestIdle()).map((o) => o.status)).toEqual(['accepted']);
      expect((await stack.store.loadDataset()).deals).toHaveLength(3);

      alwaysFail = true;
      await stack.uploadFile(await file('r2.csv', `${DEALS_HEADER}\nZ-1,C-1,2026-01-05,open,1,,\n`), 'uploads/deals/r2.csv');
      const [out] = await stack.waitForIngestIdle();
      expect(out).toMatchObject({ key: 'uploads/deals/r2.csv', status: 'failed' });
      expect(out.error).toMatch(/after 3 attempts/);
      expect(await stack.blobs.head('uploads/deals/r2.csv')).not.toBeNull();
    } finally {
      await stack.stop();
    }
  });

  it('keep the store in a state directory between runs, one process at a time', async () => {
    const stateDir = path.join(dir, 'state');
    const a = await startLocalStack({ stateDir });
    try {
      await expect(startLocalStack({ stateDir })).rejects.toBeInstanceOf(UsageError);
      await a.uploadFile(await file('p.csv', dealsCsv(5)), 'uploads/deals/p.csv');
      await a.waitForIngestIdle();
    } finally {
      await a.stop();
    }
    const b = await startLocalStack({ stateDir });
    try {
      expect((await b.store.loadDataset()).deals).toHaveLength(5);
      expect((await b.store.listFiles()).map((f) => f.key)).toEqual(['uploads/deals/p.csv']);
      expect(await b.blobs.head('uploads/deals/p.csv')).not.toBeNull();
    } finally {
      await b.stop();
    }
    // A lock left by a process that is gone is taken over.
    await writeFile(path.join(stateDir, 'scorecard.lock'), '999999999\n');
    const c = await startLocalStack({ stateDir });
    expect(await readFile(path.join(stateDir, 'scorecard.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await c.stop();
  });

  it('close its servers and remove its temporary directory on stop', async () => {
    const stack = await startLocalStack();
    const { endpoints, stateDir } = stack;
    await stack.stop();
    await expect(fetch(endpoints.dynamo)).rejects.toThrow();
    await expect(fetch(endpoints.s3)).rejects.toThrow();
    await expect(access(stateDir)).rejects.toThrow();
  });
});
