/**
 * Deletions and erasure as uploads (issue 12, item 3), end to end on the embedded stack:
 * files under uploads/deletions/<dataset>/ delete records by key, a file under
 * uploads/erasure/ erases customers (deals with their name, those deals' stage events,
 * their survey answers); an older upload delivered late cannot bring them back; the next
 * report no longer has them; what was deleted is reported.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../shared/config/config';
import { startLocalStack, type LocalStack } from '../../shared/local/runtime';
import { ingestObject } from '../../shared/usecases/ingest-object';
import { runReport } from '../../shared/usecases/run-report';

let dir: string;
let stack: LocalStack;
const NOW = () => new Date('2026-11-30T06:00:00Z');
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scorecard-erasure-'));
  stack = await startLocalStack({ now: NOW });
});
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function upload(key: string, body: string): Promise<void> {
  const p = path.join(dir, key.replace(/\//g, '_'));
  await writeFile(p, body);
  await stack.uploadFile(p, key);
}

/** Every text in a workbook (shared strings and inline strings of every sheet). */
async function workbookText(buf: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  const parts = await Promise.all(Object.keys(zip.files).filter((n) => n.endsWith('.xml')).map((n) => zip.file(n)!.async('string')));
  return parts.join('\n');
}

const DEALS = [
  'deal_id,customer_id,customer_name,created_date,status,amount,closed_date,stage',
  'D-1,C-1,Alice Erasable,2026-10-01,won,100,2026-10-15,',
  'D-2,C-1,Alice Erasable,2026-10-05,open,70,,proposal',
  'D-3,C-2,Bob Keeps,2026-10-02,won,50,2026-10-20,',
  'D-4,C-3,Carol Deleted,2026-10-03,open,30,,lead',
].join('\n');
const STAGES = ['deal_id,stage,entered_date', 'D-2,lead,2026-10-05', 'D-2,proposal,2026-10-09', 'D-3,lead,2026-10-02', 'D-4,lead,2026-10-03'].join('\n');
const SURVEYS = ['response_id,customer_id,responded_date,nps', 'R-1,C-1,2026-10-20,3', 'R-2,C-2,2026-10-21,9'].join('\n');

describe('deletions and erasure', () => {
  it('deletes by key and erases a customer everywhere; a late old upload cannot bring them back; the report regenerates without them', async () => {
    await upload('uploads/deals/crm.csv', DEALS);
    await upload('uploads/stage-events/history.csv', STAGES);
    await upload('uploads/surveys/answers.csv', SURVEYS);
    await stack.waitForIngestIdle();
    const before = await runReport({ store: stack.store, blobs: stack.blobs, now: NOW }, { kinds: ['weekly'], asOf: '2026-11-30', config: DEFAULT_CONFIG });
    expect(await workbookText(await stack.blobs.getBuffer(before.reports[0].key))).toContain('Alice Erasable');

    await upload('uploads/deletions/deals/remove-carol-deal.csv', 'Deal ID\nD-4\n');
    await upload('uploads/deletions/stage-events/fix.csv', 'deal_id;stage;entered_date\nD-4;Lead;2026-10-03\n');
    await upload('uploads/erasure/request-2026-11.csv', 'customer_id\nC-1\n');
    const outcomes = await stack.waitForIngestIdle();
    expect(outcomes.map((o) => [o.key, o.status, o.deleted]).sort()).toEqual([
      ['uploads/deletions/deals/remove-carol-deal.csv', 'accepted', { deals: 1 }],
      ['uploads/deletions/stage-events/fix.csv', 'accepted', { 'stage-events': 1 }],
      ['uploads/erasure/request-2026-11.csv', 'accepted', { deals: 2, 'stage-events': 2, surveys: 1 }],
    ]);

    const data = await stack.store.loadDataset();
    expect(data.deals.map((d) => d.dealId)).toEqual(['D-3']);
    expect(data.stageEvents.map((e) => e.dealId)).toEqual(['D-3']);
    expect(data.surveys.map((s) => s.responseId)).toEqual(['R-2']);
    // Nothing of the customer is left in the table: tombstones hold only keys.
    const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const items = (await stack.clients.dynamo.send(new ScanCommand({ TableName: stack.tableName }))).Items ?? [];
    expect(JSON.stringify(items)).not.toContain('Alice Erasable');
    expect(JSON.stringify(items)).not.toContain('"C-1"');

    // The S3 event of the original upload delivered again, late: superseded, nothing comes back.
    const late = await ingestObject(
      { store: stack.store, blobs: stack.blobs, config: DEFAULT_CONFIG, now: NOW },
      { key: 'uploads/deals/crm.csv', eventTime: '2026-11-29T00:00:00.000Z', sequencer: '01' },
    );
    expect(late.status).toBe('ignored');
    await stack.store.putRecords('deals', [{ dealId: 'D-1', customerId: 'C-1', customerName: 'Alice Erasable', createdDate: '2026-10-01', status: 'won', amount: 100, dealType: 'new', closedDate: '2026-10-15' }], {
      key: 'uploads/deals/old-export.csv',
      version: '2026-11-01T00:00:00.000Z#01',
    });
    expect((await stack.store.loadDataset()).deals.map((d) => d.dealId)).toEqual(['D-3']);

    // What was deleted is reported; the next report regenerates without the customer.
    const result = (await stack.blobs.getBuffer('reports/deletions/erasure/request-2026-11.csv.result.csv')).toString('utf8');
    expect(result).toContain('deals,D-1,');
    expect(result).toContain('surveys,R-1,');
    const after = await runReport({ store: stack.store, blobs: stack.blobs, now: NOW }, { kinds: ['weekly'], asOf: '2026-11-30', config: DEFAULT_CONFIG });
    const text = await workbookText(await stack.blobs.getBuffer(after.reports[0].key));
    expect(text).not.toContain('Alice Erasable');
    expect(text).not.toContain('Carol Deleted');
    expect(text).toContain('Bob Keeps');
    expect(after.result.document.periods.find((p) => p.id === 'FY2026-Q4')!.kpis.bookings.value).toBe(50);
  });

  it('an erasure waits (is retried) while an earlier upload is still being stored', async () => {
    await stack.store.recordFile({
      key: 'uploads/deals/slow.csv',
      etag: 'e',
      dataset: 'deals',
      fileName: 'slow.csv',
      outcome: 'incomplete',
      version: '2026-11-30T05:59:00.000Z#01',
      startedAt: '2026-11-30T05:59:00.000Z',
      rowsAccepted: 0,
      rowsRejected: 0,
      ingestedAt: '2026-11-30T05:59:00.000Z',
    });
    await upload('uploads/erasure/second.csv', 'customer_id\nC-2\n');
    // Not applied while slow.csv is being stored (its message is retried meanwhile).
    expect((await stack.store.loadDataset()).deals.map((d) => d.dealId)).toEqual(['D-3']);
    await stack.store.recordFile({ ...(await stack.store.getFile('uploads/deals/slow.csv'))!, outcome: 'accepted' });
    const outcomes = await stack.waitForIngestIdle();
    expect(outcomes.map((o) => [o.key, o.status, o.deleted])).toEqual([['uploads/erasure/second.csv', 'accepted', { deals: 1, 'stage-events': 1, surveys: 1 }]]);
    expect((await stack.store.loadDataset()).deals).toEqual([]);
  });

  it('a deletion file without the key columns is quarantined with the reason', async () => {
    await upload('uploads/deletions/stage-events/bad.csv', 'deal_id\nD-3\n');
    const [o] = await stack.waitForIngestIdle();
    expect(o.status).toBe('quarantined');
    expect(o.error).toMatch(/key column stage is missing/);
    expect((await stack.store.loadDataset()).stageEvents.map((e) => e.dealId)).toEqual([]);
  });
});
