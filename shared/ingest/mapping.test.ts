import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config';
import { FileRejectedError } from '../errors';
import type { Deal } from '../model/types';
import { readAll } from './test-support';

const rejection = async (p: Promise<unknown>) => p.then(() => null, (e: Error) => e);

describe('config columns and values (any other CRM)', () => {
  const file = [
    'Opportunity Ref,Company,Opened,Phase,Value,Closed On,Kind',
    'X-1,Acme,2026-01-05,Closed Won,1200,2026-02-01,Expansion',
    'X-2,Globex,2026-01-07,Discovery,,,New logo',
    'X-3,Initech,2026-01-09,Closed Lost,800,2026-03-01,New logo',
  ].join('\n');
  const config = {
    columns: { deals: { 'Opportunity Ref': 'deal_id', Company: ['customer_id', 'customer_name'], Opened: 'created_date', Phase: ['stage', 'status'], Value: 'amount', 'Closed On': 'closed_date', Kind: 'deal_type' } },
    values: { deals: { status: { 'Closed Won': 'won', 'Closed Lost': 'lost', '*': 'open' }, deal_type: { Expansion: 'upsell', 'New logo': 'new' } } },
  };

  it('map headers and values onto the contract', async () => {
    const r = await readAll(Buffer.from(file), 'deals', { config: parseConfig(config) });
    expect(r.issues).toEqual([]);
    expect(r.records).toEqual([
      { dealId: 'X-1', customerId: 'Acme', customerName: 'Acme', createdDate: '2026-01-05', status: 'won', stage: 'won', closedDate: '2026-02-01', amount: 1200, dealType: 'upsell' },
      { dealId: 'X-2', customerId: 'Globex', customerName: 'Globex', createdDate: '2026-01-07', status: 'open', stage: 'discovery', amount: 0, amountUnknown: true, dealType: 'new' },
      expect.objectContaining({ dealId: 'X-3', status: 'lost', closedDate: '2026-03-01' }),
    ]);
    expect(r.summary.recognisedAs).toBeUndefined();
    expect(r.summary.mapping).toContainEqual({ source: 'Phase', targets: ['stage', 'status'] });
  });

  it('a file that still misses required columns says which mapping would fix it', async () => {
    const e = await rejection(readAll(Buffer.from(file), 'deals', { config: parseConfig({ columns: { deals: { Opened: 'created_date' } } }) }));
    expect(e).toBeInstanceOf(FileRejectedError);
    expect((e as Error).message).toContain('Missing required columns deal_id, customer_id, status, amount for dataset deals');
    // the file's own headers that look like the missing columns
    expect((e as Error).message).toContain('{"columns":{"deals":{"Opportunity Ref":"deal_id","Company":"customer_id","Phase":"status","Value":"amount"}}}');
    expect((e as Error).message).toContain('found: "Opportunity Ref", "Company"');
  });

  it('are validated like every config key', () => {
    expect(() => parseConfig({ columns: { deal: {} } })).toThrow(/"deal" is not a dataset/);
    expect(() => parseConfig({ columns: { deals: { Ref: 'deal_no' } } })).toThrow(/"Ref" must map to a deals column/);
    expect(() => parseConfig({ values: { deals: { phase: { a: 'b' } } } })).toThrow(/"phase" is not a deals column/);
    expect(() => parseConfig({ values: { deals: { status: { a: 1 } } } })).toThrow(/must map values to values/);
    expect(() => parseConfig({ values: { deals: { status: { 'Closed Won': 'win' } } } })).toThrow(/"win" is not a status; use open, won, lost/);
  });
});

describe('what real exports contain', () => {
  const head = 'deal_id,customer_id,created_date,status,amount,closed_date,currency';

  it('an amount in another currency than config currency is a row error naming both', async () => {
    const r = await readAll(Buffer.from(`${head}\nD-1,C,2026-01-01,won,5,2026-02-01,USD\nD-2,C,2026-01-01,won,5,2026-02-01,EUR\n`), 'deals');
    expect((r.records as Deal[]).map((d) => d.dealId)).toEqual(['D-1']);
    expect(r.issues).toEqual([expect.objectContaining({ row: 3, key: ['D-2'], column: 'currency', reason: expect.stringMatching(/in EUR but config currency is USD/) })]);
  });

  it('an expected close date is kept on open deals only, and a note says when it was not stored', async () => {
    const h = 'deal_id,customer_id,created_date,status,amount,closed_date,expected_close_date';
    const r = await readAll(Buffer.from(`${h}\nD-1,C,2026-01-01,open,5,,2026-06-30\nD-2,C,2026-01-01,won,5,2026-02-01,2026-03-01\n`), 'deals');
    expect(r.records).toEqual([expect.objectContaining({ dealId: 'D-1', expectedCloseDate: '2026-06-30' }), expect.not.objectContaining({ expectedCloseDate: expect.anything() })]);
    expect(r.summary.warnings).toContain('1 won or lost deal had an expected_close_date; it was not stored (closed deals have a closed_date)');
  });

  it('a blank amount is unknown on an open deal, and still required on a won one', async () => {
    const r = await readAll(Buffer.from(`${head}\nD-1,C,2026-01-01,open,,,\nD-2,C,2026-01-01,won,,2026-02-01,\n`), 'deals');
    expect(r.records).toEqual([expect.objectContaining({ dealId: 'D-1', amount: 0, amountUnknown: true })]);
    expect(r.issues).toEqual([expect.objectContaining({ row: 3, column: 'amount', reason: 'amount is required but empty' })]);
  });

  it('dates that could be day-first or month-first reject the file asking for dateFormat; mixed ones too', async () => {
    const amb = await rejection(readAll(Buffer.from(`${head}\nD-1,C,4/5/2026,won,5,6/7/2026,\n`), 'deals'));
    expect((amb as Error).message).toMatch(/"4\/5\/2026" could be day-first or month-first .* set config key dateFormat/);
    const mixed = await rejection(readAll(Buffer.from(`${head}\nD-1,C,4/25/2026,won,5,25/5/2026,\n`), 'deals'));
    expect((mixed as Error).message).toMatch(/mix day-first \(25\/5\/2026\) and month-first \(4\/25\/2026\)/);
    const told = await readAll(Buffer.from(`${head}\nD-1,C,4/5/2026,won,5,6/7/2026,\n`), 'deals', { config: { dateFormat: 'DD/MM/YYYY' } });
    expect(told.records).toEqual([expect.objectContaining({ createdDate: '2026-05-04', closedDate: '2026-07-06' })]);
  });

  it('total and footer lines are skipped with a note; a bad row that is no footer is still reported', async () => {
    const r = await readAll(Buffer.from(`${head}\nD-1,C,2026-01-01,open,5,,\nTotal,,,,5,,\nD-2,,2026-01-01,open,5,,\n\nConfidential Information - Do Not Distribute\n`), 'deals');
    expect(r.issues).toEqual([expect.objectContaining({ row: 4, column: 'customer_id' })]);
    expect(r.summary.warnings).toContainEqual('2 total or footer lines (e.g. "Grand Totals", "Confidential Information") were skipped');
  });
});
