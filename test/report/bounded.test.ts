/**
 * A million deals must not make the dashboard hold a million rows: long lists are
 * capped with a "top N of M" note, so rendering stays bounded in rows and memory.
 */
import { describe, expect, it } from 'vitest';
import { renderDashboard } from '../../shared/report/workbooks/dashboard';
import type { OpenDeal, ScorecardResult, StuckDeal, TopCustomer } from '../../shared/engine/types';
import { fixtureInput, fixtureResult } from './fixture';
import { load, rowWith } from './xlsx';
import { expectValidWorkbook } from '../support/ooxml';

const M = 1_000_000;

describe('dashboard with a million deals', () => {
  it('shows the top 500 of each long list and says how many there are', async () => {
    const base = fixtureResult();
    const stuck: StuckDeal = { dealId: 'D1', customerId: 'C1', customerName: 'Big Co', stage: 'proposal', enteredDate: '2026-01-05', daysInStage: 321, amount: 1000, owner: 'A', team: 'T' };
    const open: OpenDeal = { dealId: 'D2', customerId: 'C2', customerName: 'Big Co', stage: 'lead', createdDate: '2026-01-05', amount: 1000 };
    const top: TopCustomer = { customerId: 'C3', customerName: 'Big Co', wonAmount: 10, share: 0.000001, cumulativeShare: 0.5, segment: 'loyal' };
    // One shared object per list keeps the test's own memory small; the renderer cannot tell.
    const result: ScorecardResult = {
      document: base.document,
      details: {
        ...base.details,
        stuckDeals: new Array<StuckDeal>(M).fill(stuck),
        openDeals: new Array<OpenDeal>(M).fill(open),
        topCustomers: new Array<TopCustomer>(M).fill(top),
      },
    };
    const buf = await renderDashboard(fixtureInput({ result }));
    await expectValidWorkbook(buf);
    const wb = await load(buf);
    for (const name of ['Pipeline', 'Open pipeline', 'Customers']) {
      const ws = wb.getWorksheet(name)!;
      expect(ws.rowCount, name).toBeLessThan(600);
    }
    const pipeline = wb.getWorksheet('Pipeline')!;
    expect(() => rowWith(pipeline, 'Top 500 of 1,000,000 stuck deals (longest in stage first); the rest are not listed.')).not.toThrow();
    const openWs = wb.getWorksheet('Open pipeline')!;
    expect(String(openWs.getCell('A2').value)).toContain('Top 500 of 1,000,000 open deals');
    let listed = 0;
    openWs.eachRow((row) => {
      if (row.getCell(1).value === 'D2') listed++;
    });
    expect(listed).toBe(500);
    const customers = wb.getWorksheet('Customers')!;
    expect(() => rowWith(customers, 'Top 500 of 1,000,000 customers with won deals in the last 12 months (largest won amount first); the rest are not listed.')).not.toThrow();
  });
});
