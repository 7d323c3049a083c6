/**
 * A file that could not be fully stored shows (issue 12, item 6): after the last retry its
 * file record says `incomplete`, none of its rows count (the records it had replaced
 * count again), and the local run reports it as failed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { DEFAULT_CONFIG } from '../../shared/config/config';
import { StoreError } from '../../shared/errors';
import { runReport } from '../../shared/usecases/run-report';
import { startLocalStack, type LocalStack } from '../../shared/local/runtime';
import type { RecordStore } from '../../shared/ports';
import { dealsCsv } from '../ingest/helpers';

let dir: string;
let stack: LocalStack;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scorecard-failed-'));
  const failSecondBatchOfBig = (store: RecordStore): RecordStore => {
    const batches = new Map<string, number>();
    return Object.create(store, {
      putRecords: {
        value: async (...args: Parameters<RecordStore['putRecords']>) => {
          const key = args[2]?.key ?? '';
          const n = (batches.get(key) ?? 0) + 1;
          batches.set(key, n);
          if (key.endsWith('/big.csv') && n % 3 === 2) throw new StoreError('writing deal items failed after 10 attempts: ThrottlingException');
          return store.putRecords(...args);
        },
      },
    });
  };
  stack = await startLocalStack({ now: () => new Date('2026-11-22T06:00:00Z'), wrapStore: failSecondBatchOfBig, batchSize: 10, maxReceiveCount: 3, retryDelayMs: 5 });
});
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a file that fails after its last retry', () => {
  it('is recorded incomplete and none of its rows count', async () => {
    const old = path.join(dir, 'old.csv');
    await writeFile(old, dealsCsv(20, 5));
    await stack.uploadFile(old, 'uploads/deals/old.csv');
    await stack.waitForIngestIdle();
    const big = path.join(dir, 'big.csv');
    await writeFile(big, dealsCsv(60, 0));
    await stack.uploadFile(big, 'uploads/deals/big.csv');
    const [outcome] = await stack.waitForIngestIdle();
    expect(outcome).toMatchObject({ key: 'uploads/deals/big.csv', status: 'failed' });
    expect(outcome.error).toMatch(/not ingested after 3 attempts: .*ThrottlingException/);

    const file = await stack.store.getFile('uploads/deals/big.csv');
    expect(file).toMatchObject({ outcome: 'incomplete', rowsAccepted: 0 });
    const deals = (await stack.store.loadDataset()).deals;
    // Its first batch (D-0001..D-0010) was stored, but counts as before the upload: old.csv's values.
    expect(deals).toHaveLength(20);
    expect(deals.find((d) => d.dealId === 'D-0007')?.amount).toBe(75);

    // The data-quality sheet of the next dashboard lists it as incomplete.
    const out = await runReport(
      { store: stack.store, blobs: stack.blobs, now: () => new Date('2026-11-22T07:00:00Z') },
      { kinds: ['weekly'], asOf: '2026-11-22', config: DEFAULT_CONFIG },
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await stack.blobs.getBuffer(out.reports[0].key)) as never);
    const rows: string[] = [];
    wb.getWorksheet('Data quality')!.eachRow((r) => rows.push((r.values as unknown[]).map((v) => String(v ?? '')).join('|')));
    expect(rows.filter((r) => r.includes('big.csv')).some((r) => /\|incomplete \(not counted\)\|/.test(r)), rows.join('\n')).toBe(true);
  });
});
