import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/config';
import { StoreError, TransientError } from '../errors';
import { startLocalStack, type LocalStack } from '../local/runtime';
import type { BlobStore, RecordStore } from '../ports';
import { DEALS_HEADER, dealsCsv, dumpTable, freshSpace } from '../../test/ingest/helpers';
import { ingestObject, type IngestDeps } from './ingest-object';

const NOW = new Date('2026-11-22T08:00:00.000Z');

describe('ingestObject', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const deps = (space: { store: RecordStore; blobs: BlobStore }, extra: Partial<IngestDeps> = {}): IngestDeps => ({
    store: space.store,
    blobs: space.blobs,
    config: DEFAULT_CONFIG,
    now: () => NOW,
    ...extra,
  });

  it('store the rows of a good file and record it', async () => {
    const space = await freshSpace(stack);
    await space.blobs.put('uploads/deals/2026/q1 deals.csv', dealsCsv(5));
    const out = await ingestObject(deps(space), { key: 'uploads/deals/2026/q1 deals.csv' });
    expect(out).toMatchObject({ status: 'accepted', dataset: 'deals', fileName: '2026/q1 deals.csv', rowsAccepted: 5, rowsRejected: 0 });
    const ds = await space.store.loadDataset();
    expect(ds.deals.map((d) => d.dealId)).toEqual(['D-0001', 'D-0002', 'D-0003', 'D-0004', 'D-0005']);
    expect(ds.deals[2]).toMatchObject({ status: 'won', amount: 30, closedDate: '2026-03-01', owner: 'Ann' });
    const [file] = await space.store.listFiles();
    expect(file).toMatchObject({
      key: 'uploads/deals/2026/q1 deals.csv',
      dataset: 'deals',
      outcome: 'accepted',
      rowsAccepted: 5,
      rowsRejected: 0,
      ingestedAt: NOW.toISOString(),
    });
    expect(file.etag).toBe((await space.blobs.head('uploads/deals/2026/q1 deals.csv'))!.etag);
    expect(await space.blobs.list('reports/')).toEqual([]);
  });

  it('a HubSpot export: deals and the stage events of its stage-entry columns stored, the export named on the file record', async () => {
    const space = await freshSpace(stack);
    const name = 'hubspot-crm-exports-all-deals-2026-04-30.csv';
    await space.blobs.put(`uploads/deals/${name}`, readFileSync(join(__dirname, '../../test/fixtures/crm/hubspot/deals', name)));
    const out = await ingestObject(deps(space, { batchSize: 10 }), { key: `uploads/deals/${name}` });
    expect(out).toMatchObject({ status: 'accepted', rowsAccepted: 36, rowsRejected: 0, recognisedAs: 'HubSpot deals export', stageEventsAccepted: 169 });
    const ds = await space.store.loadDataset();
    expect(ds.deals).toHaveLength(36);
    expect(ds.stageEvents).toHaveLength(169);
    expect(ds.deals.find((d) => d.dealId === '18234567000')).toMatchObject({ amountUnknown: true, expectedCloseDate: '2026-06-11', stage: 'contract sent' });
    const [file] = await space.store.listFiles();
    expect(file).toMatchObject({ recognisedAs: 'HubSpot deals export', stages: ['appointment scheduled', 'qualified to buy', 'presentation scheduled', 'decision maker bought-in', 'contract sent'] });
  });

  it('store the good rows of a file with bad ones and report the bad ones by row number', async () => {
    const space = await freshSpace(stack);
    const csv = dealsCsv(3, 0, ['D-0004,C-1,2026-02-30,open,5,,', 'D-0005,C-1,2026-02-03,open,-7,,', 'D-0006,C-1,2026-02-03,open,7,,']);
    await space.blobs.put('uploads/deals/sub/mixed.csv', csv);
    const out = await ingestObject(deps(space), { key: 'uploads/deals/sub/mixed.csv' });
    expect(out).toMatchObject({ status: 'partial', rowsAccepted: 4, rowsRejected: 2, reportKey: 'reports/rejected/deals/sub/mixed.csv.errors.csv' });
    const ids = (await space.store.loadDataset()).deals.map((d) => d.dealId);
    expect(ids).toEqual(['D-0001', 'D-0002', 'D-0003', 'D-0006']);
    const report = (await space.blobs.getBuffer('reports/rejected/deals/sub/mixed.csv.errors.csv')).toString('utf8');
    const lines = report.trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    // header is row 1, so D-0004 is row 5 and D-0005 row 6
    // the record's key beside the row number, the value as typed
    expect(lines[0]).toBe('source_file,row,deal_id,column,value,reason');
    expect(lines[1]).toMatch(/^sub\/mixed\.csv,5,D-0004,created_date,2026-02-30,/);
    expect(lines[2]).toMatch(/^sub\/mixed\.csv,6,D-0005,amount,-7,/);
    expect((await space.store.listFiles())[0]).toMatchObject({ outcome: 'partial', rowsAccepted: 4, rowsRejected: 2, reportKey: out.reportKey });
  });

  it('leave the table as it was when the same event is delivered again', async () => {
    const space = await freshSpace(stack);
    await space.blobs.put('uploads/deals/a.csv', dealsCsv(40, 0, ['D-0099,C-1,nope,open,5,,']));
    await ingestObject(deps(space), { key: 'uploads/deals/a.csv' });
    const once = await dumpTable(stack, space.table);
    const reportOnce = await space.blobs.getBuffer('reports/rejected/deals/a.csv.errors.csv');
    await ingestObject(deps(space), { key: 'uploads/deals/a.csv' });
    expect(await dumpTable(stack, space.table)).toEqual(once);
    expect(await space.blobs.getBuffer('reports/rejected/deals/a.csv.errors.csv')).toEqual(reportOnce);
    expect(once.filter((l) => l.startsWith('deal#'))).toHaveLength(40);
  });

  it('after a crash in the middle of a file, leave the same table on re-delivery as one clean run', async () => {
    // Uploaded in this order (the S3 events' times): old.csv, then big.csv.
    const OLD = { key: 'uploads/deals/old.csv', eventTime: '2026-11-21T10:00:00Z', sequencer: '01' };
    const BIG = { key: 'uploads/deals/big.csv', eventTime: '2026-11-21T11:00:00Z', sequencer: '01' };
    const csv = dealsCsv(120, 0, ['D-0500,C-1,bad-date,open,5,,']);
    const clean = await freshSpace(stack);
    await clean.blobs.put('uploads/deals/big.csv', csv);
    await ingestObject(deps(clean, { batchSize: 25 }), BIG);

    const crashy = await freshSpace(stack);
    await crashy.blobs.put('uploads/deals/big.csv', csv);
    // An earlier, different version of some rows is in the table already.
    await crashy.blobs.put('uploads/deals/old.csv', dealsCsv(20, 5));
    await clean.blobs.put('uploads/deals/old.csv', dealsCsv(20, 5));
    await ingestObject(deps(crashy), OLD);
    let puts = 0;
    const failing: RecordStore = Object.create(crashy.store, {
      putRecords: {
        value: async (...args: Parameters<RecordStore['putRecords']>) => {
          if (++puts === 4) throw new StoreError('writing deal items failed after 10 attempts: ThrottlingException');
          return crashy.store.putRecords(...args);
        },
      },
    });
    await expect(ingestObject(deps({ store: failing, blobs: crashy.blobs }, { batchSize: 25 }), BIG)).rejects.toBeInstanceOf(
      TransientError,
    );
    expect(puts).toBe(4);
    // Half a file is in, recorded as incomplete, and none of it counts: old.csv's D-0007 still does.
    expect((await crashy.store.listFiles()).map((f) => [f.key, f.outcome])).toEqual([
      ['uploads/deals/big.csv', 'incomplete'],
      ['uploads/deals/old.csv', 'accepted'],
    ]);
    expect((await crashy.store.loadDataset()).deals.find((d) => d.dealId === 'D-0007')?.amount).toBe(75);
    expect((await crashy.store.loadDataset()).deals).toHaveLength(20);
    expect(await crashy.blobs.head('uploads/deals/big.csv')).not.toBeNull();

    await ingestObject(deps(crashy, { batchSize: 25 }), BIG);
    // Same order of files in the clean run: old, then big.
    const cleanAgain = await freshSpace(stack);
    await cleanAgain.blobs.put('uploads/deals/old.csv', dealsCsv(20, 5));
    await cleanAgain.blobs.put('uploads/deals/big.csv', csv);
    await ingestObject(deps(cleanAgain), OLD);
    await ingestObject(deps(cleanAgain, { batchSize: 25 }), BIG);
    expect(await dumpTable(stack, crashy.table)).toEqual(await dumpTable(stack, cleanAgain.table));
    expect(await crashy.blobs.getBuffer('reports/rejected/deals/big.csv.errors.csv')).toEqual(
      await cleanAgain.blobs.getBuffer('reports/rejected/deals/big.csv.errors.csv'),
    );
    // big.csv's rows replaced old.csv's versions of D-0001..D-0020
    expect((await crashy.store.loadDataset()).deals.find((d) => d.dealId === 'D-0007')?.amount).toBe(70);
  });

  it('quarantine a file missing a required column: moved, explained, recorded, nothing stored', async () => {
    const space = await freshSpace(stack);
    const body = 'deal_id,created_date,status,amount\nD-1,2026-01-05,open,10\n';
    await space.blobs.put('uploads/deals/no customer.csv', body);
    const out = await ingestObject(deps(space), { key: 'uploads/deals/no customer.csv' });
    expect(out).toMatchObject({
      status: 'quarantined',
      dataset: 'deals',
      quarantineKey: 'quarantine/deals/no customer.csv',
      reportKey: 'quarantine/deals/no customer.csv.error.txt',
      rowsAccepted: 0,
    });
    expect(out.error).toMatch(/customer_id/);
    expect(await space.blobs.head('uploads/deals/no customer.csv')).toBeNull();
    expect((await space.blobs.getBuffer('quarantine/deals/no customer.csv')).toString()).toBe(body);
    const txt = (await space.blobs.getBuffer('quarantine/deals/no customer.csv.error.txt')).toString();
    expect(txt).toContain('customer_id');
    expect(txt).toContain('Nothing from this file was stored');
    expect(txt).toContain('upload it again to uploads/deals/');
    const table = await dumpTable(stack, space.table);
    expect(table.filter((l) => !l.startsWith('file#'))).toEqual([]);
    expect(await space.store.listFiles()).toEqual([
      expect.objectContaining({ key: 'uploads/deals/no customer.csv', outcome: 'quarantined', error: out.error, reportKey: out.reportKey }),
    ]);
    // The event delivered again: the upload is gone, nothing changes.
    const again = await ingestObject(deps(space), { key: 'uploads/deals/no customer.csv' });
    expect(again.status).toBe('ignored');
    expect(await dumpTable(stack, space.table)).toEqual(table);
  });

  it('quarantine an empty file', async () => {
    const space = await freshSpace(stack);
    await space.blobs.put('uploads/surveys/empty.csv', '');
    const out = await ingestObject(deps(space), { key: 'uploads/surveys/empty.csv' });
    expect(out).toMatchObject({ status: 'quarantined', quarantineKey: 'quarantine/surveys/empty.csv' });
    expect(out.error).toMatch(/empty/i);
    expect((await dumpTable(stack, space.table)).filter((l) => !l.startsWith('file#'))).toEqual([]);
  });

  it('quarantine a file outside the dataset folders, naming the folders', async () => {
    const space = await freshSpace(stack);
    await space.blobs.put('uploads/dealz/x.csv', dealsCsv(2));
    const out = await ingestObject(deps(space), { key: 'uploads/dealz/x.csv' });
    expect(out).toMatchObject({ status: 'quarantined', quarantineKey: 'quarantine/dealz/x.csv' });
    expect(out.error).toContain('stage-events');
    expect(await space.blobs.head('uploads/dealz/x.csv')).toBeNull();
    expect((await space.blobs.getBuffer('quarantine/dealz/x.csv.error.txt')).toString()).toContain('"dealz" is not a dataset folder');
    expect(await dumpTable(stack, space.table)).toEqual([]);
  });

  it('ignore objects that are not uploads, hidden files and objects already gone', async () => {
    const space = await freshSpace(stack);
    await space.blobs.put('uploads/deals/.DS_Store', 'x');
    await space.blobs.put('reports/x.csv', 'x');
    for (const key of ['uploads/deals/.DS_Store', 'reports/x.csv', 'uploads/deals/', 'uploads/deals/gone.csv']) {
      expect((await ingestObject(deps(space), { key })).status).toBe('ignored');
    }
    expect(await space.blobs.head('uploads/deals/.DS_Store')).not.toBeNull();
    expect(await dumpTable(stack, space.table)).toEqual([]);
  });

  it('remove the stale report when a corrected file has no bad rows', async () => {
    const space = await freshSpace(stack);
    await space.blobs.put('uploads/deals/a.csv', dealsCsv(3, 0, ['D-0004,C-1,2026-13-01,open,5,,']));
    await ingestObject(deps(space), { key: 'uploads/deals/a.csv' });
    expect(await space.blobs.head('reports/rejected/deals/a.csv.errors.csv')).not.toBeNull();
    await space.blobs.put('uploads/deals/a.csv', dealsCsv(3, 0, ['D-0004,C-1,2026-12-01,open,5,,']));
    const out = await ingestObject(deps(space), { key: 'uploads/deals/a.csv' });
    expect(out.status).toBe('accepted');
    expect(await space.blobs.head('reports/rejected/deals/a.csv.errors.csv')).toBeNull();
    expect((await space.store.listFiles())[0]).toMatchObject({ outcome: 'accepted', rowsAccepted: 4, rowsRejected: 0 });
    expect((await space.store.listFiles())[0]).not.toHaveProperty('reportKey');
  });

  it('retry (not quarantine) a file whose download is cut off', async () => {
    const space = await freshSpace(stack);
    const csv = dealsCsv(50);
    await space.blobs.put('uploads/deals/cut.csv', csv);
    const cutting: BlobStore = Object.create(space.blobs, {
      getStream: {
        value: async () => {
          const s = new PassThrough();
          s.write(csv.slice(0, 40)); // not even the whole header row
          setTimeout(() => s.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), 5);
          return s as Readable;
        },
      },
    });
    await expect(ingestObject(deps({ store: space.store, blobs: cutting }), { key: 'uploads/deals/cut.csv' })).rejects.toBeInstanceOf(TransientError);
    expect(await space.blobs.head('uploads/deals/cut.csv')).not.toBeNull();
    expect(await space.blobs.list('quarantine/')).toEqual([]);
    expect((await space.store.listFiles()).map((f) => f.outcome)).toEqual(['incomplete']);
    expect((await space.store.loadDataset()).deals).toEqual([]);
    expect((await ingestObject(deps(space), { key: 'uploads/deals/cut.csv' })).rowsAccepted).toBe(50);
    expect((await space.store.listFiles()).map((f) => f.outcome)).toEqual(['accepted']);
  });

  it('turn a store failure into a TransientError so the message is retried', async () => {
    const space = await freshSpace(stack);
    await space.blobs.put('uploads/deals/a.csv', `${DEALS_HEADER}\nD-1,C-1,2026-01-05,open,10,,\n`);
    const broken: RecordStore = Object.create(space.store, {
      recordFile: { value: async () => Promise.reject(new StoreError('table gone')) },
    });
    const p = ingestObject(deps({ store: broken, blobs: space.blobs }), { key: 'uploads/deals/a.csv' });
    await expect(p).rejects.toBeInstanceOf(TransientError);
    await expect(p).rejects.toMatchObject({ cause: expect.any(StoreError) });
  });
});
