/**
 * Last upload wins whatever the delivery order (issue 12, item 1): the same uploads
 * delivered shuffled, partly twice and concurrently (seeded) end in the table one
 * in-order run gives; an older file whose worker is slow never overwrites a newer one.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStackOptions } from '../../shared/local/runtime';
import type { RecordStore } from '../../shared/ports';
import { dealsCsv } from '../ingest/helpers';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scorecard-order-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOW = () => new Date('2026-11-22T06:00:00Z');
const STAGES = 'deal_id,stage,entered_date';

/** Uploads in this order; overlapping keys with different amounts, one key uploaded twice. */
function uploads(): [string, string][] {
  return [
    ['uploads/deals/a.csv', dealsCsv(30, 0)],
    ['uploads/deals/b.csv', dealsCsv(12, 1)],
    ['uploads/stage-events/s1.csv', `${STAGES}\nD-0001,lead,2026-01-02\nD-0002,lead,2026-01-03\n`],
    ['uploads/deals/c.csv', dealsCsv(20, 2)],
    ['uploads/deals/a.csv', dealsCsv(8, 3)], // the same key again: its rows replace c's D-0001..D-0008
    ['uploads/deals/d.csv', dealsCsv(5, 4)],
    ['uploads/stage-events/s1.csv', `${STAGES}\nD-0001,lead,2026-01-02\nD-0001,qualified,2026-01-09\n`],
  ];
}

async function runAll(opts: LocalStackOptions) {
  const stack = await startLocalStack({ now: NOW, retryDelayMs: 5, ...opts });
  try {
    let i = 0;
    for (const [key, body] of uploads()) {
      const p = path.join(dir, `${++i}-${path.basename(key)}`);
      await writeFile(p, body);
      await stack.uploadFile(p, key);
    }
    await stack.waitForIngestIdle();
    const data = await stack.store.loadDataset();
    const files = (await stack.store.listFiles()).map((f) => [f.key, f.outcome, f.etag, f.rowsAccepted]);
    return { data, files };
  } finally {
    await stack.stop();
  }
}

describe('last upload wins under any delivery', () => {
  let inOrder: Awaited<ReturnType<typeof runAll>>;
  beforeAll(async () => {
    inOrder = await runAll({});
  });

  it('in order: the later upload of each key holds', () => {
    const amount = (id: string) => inOrder.data.deals.find((d) => d.dealId === id)?.amount;
    expect(amount('D-0001')).toBe(14); // d.csv
    expect(amount('D-0007')).toBe(73); // a.csv again
    expect(amount('D-0010')).toBe(102); // c.csv
    // a.csv uploaded again replaces the whole file: D-0021..D-0030, only in its first version, are gone.
    expect(amount('D-0025')).toBeUndefined();
    expect(inOrder.data.deals).toHaveLength(20);
    expect(inOrder.data.stageEvents.map((e) => `${e.dealId} ${e.stage}`)).toEqual(['D-0001 lead', 'D-0001 qualified']);
  });

  for (const seed of [1, 7, 42, 2026]) {
    it(`shuffled, duplicated and concurrent (seed ${seed}): the same table`, async () => {
      const out = await runAll({ unorderedDelivery: { seed, duplicates: 0.5 }, ingestConcurrency: 4 });
      expect(out.data).toEqual(inOrder.data);
      expect(out.files).toEqual(inOrder.files);
    });
  }

  it('a slow worker with an older file never overwrites a newer one, and its file record stays the newer', async () => {
    const slowOld = (store: RecordStore): RecordStore =>
      Object.create(store, {
        putRecords: {
          value: async (...args: Parameters<RecordStore['putRecords']>) => {
            if (args[2]?.key.endsWith('/monday.csv')) await new Promise((r) => setTimeout(r, 300));
            return store.putRecords(...args);
          },
        },
      });
    const stack = await startLocalStack({ now: NOW, wrapStore: slowOld, unorderedDelivery: { seed: 3 }, ingestConcurrency: 2 });
    try {
      const monday = path.join(dir, 'monday.csv');
      const tuesday = path.join(dir, 'tuesday.csv');
      await writeFile(monday, 'deal_id,customer_id,created_date,status,amount\nD-1,C-1,2026-01-05,open,100\n');
      await writeFile(tuesday, 'deal_id,customer_id,created_date,status,amount\nD-1,C-1,2026-01-05,open,200\n');
      await stack.uploadFile(monday, 'uploads/deals/monday.csv');
      await stack.uploadFile(tuesday, 'uploads/deals/tuesday.csv');
      const outcomes = await stack.waitForIngestIdle();
      expect((await stack.store.loadDataset()).deals.map((d) => d.amount)).toEqual([200]);
      expect(outcomes.find((o) => o.key.endsWith('monday.csv'))?.rowsSuperseded).toBe(1);
    } finally {
      await stack.stop();
    }
  });
});
