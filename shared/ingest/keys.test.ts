import { describe, expect, it } from 'vitest';
import { datasetFromKey, naturalKey } from './keys';
import { issuesToCsv } from './report';

describe('datasetFromKey', () => {
  it('reads the dataset folder and the file path below it', () => {
    expect(datasetFromKey('uploads/deals/export.csv')).toEqual({ dataset: 'deals', fileName: 'export.csv' });
    expect(datasetFromKey('uploads/deals/2026/q3.csv')).toEqual({ dataset: 'deals', fileName: '2026/q3.csv' });
    expect(datasetFromKey('uploads/stage-events/history 2026.xlsx')).toEqual({ dataset: 'stage-events', fileName: 'history 2026.xlsx' });
    expect(datasetFromKey('uploads/Targets/t.csv')).toEqual({ dataset: 'targets', fileName: 't.csv' });
  });

  it('returns null outside uploads/, for unknown datasets, folders and hidden or lock files', () => {
    expect(datasetFromKey('reports/deals/x.csv')).toBeNull();
    expect(datasetFromKey('uploads/x.csv')).toBeNull();
    expect(datasetFromKey('uploads/orders/x.csv')).toBeNull();
    expect(datasetFromKey('uploads/deals/')).toBeNull();
    expect(datasetFromKey('uploads/deals/2026/')).toBeNull();
    expect(datasetFromKey('uploads/deals/.DS_Store')).toBeNull();
    expect(datasetFromKey('uploads/deals/~$export.xlsx')).toBeNull();
  });
});

describe('naturalKey', () => {
  it('is the key of data-contract.md for each dataset', () => {
    expect(naturalKey('deals', { dealId: 'D-1', customerId: 'C', createdDate: '2026-01-01', status: 'open', amount: 1, dealType: 'new' })).toBe('D-1');
    expect(naturalKey('stage-events', { dealId: 'D-1', stage: 'lead', enteredDate: '2026-01-01' })).toBe('D-1|lead|2026-01-01');
    expect(naturalKey('surveys', { responseId: 'R-1', respondedDate: '2026-01-01', nps: 9 })).toBe('R-1');
    expect(naturalKey('finance', { period: 'FY2026-Q1', revenue: 1 })).toBe('FY2026-Q1');
    expect(naturalKey('targets', { kpi: 'win_rate', period: 'FY2026', target: 0.4, scope: 'team=EMEA' })).toBe('win_rate|FY2026|team=EMEA');
    expect(naturalKey('targets', { kpi: 'win_rate', period: 'FY2026', target: 0.4, scope: '' })).toBe('win_rate|FY2026|');
  });
});

describe('issuesToCsv', () => {
  it('writes the header and escapes commas, quotes and newlines', () => {
    const csv = issuesToCsv('deals, Q3.csv', [{ row: 7, column: 'Amount', value: 'say "12"\nor 13', reason: 'amount must be >= 0' }]);
    expect(csv).toBe('source_file,row,column,value,reason\r\n"deals, Q3.csv",7,Amount,"say ""12""\nor 13",amount must be >= 0\r\n');
  });

  it('writes a value that would start a formula as a string-constant formula, the rest as typed (no leading quote)', () => {
    const csv = issuesToCsv('a.csv', [{ row: 2, key: ['=D-1'], column: 'amount', value: '-2+3', reason: 'x' }, { row: 3, key: ['D-2'], column: 'amount', value: '-7', reason: 'x' }], {
      keyColumns: ['deal_id'],
    });
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe('source_file,row,deal_id,column,value,reason');
    expect(rows[1]).toBe('a.csv,2,"=""=D-1""",amount,"=""-2+3""",x');
    // a plain signed number is no formula: written as typed
    expect(rows[2]).toBe('a.csv,3,D-2,amount,-7,x');
  });

  it('can start with a BOM for Excel', () => {
    expect(issuesToCsv('a.csv', [], { bom: true })).toBe('\uFEFFsource_file,row,column,value,reason\r\n');
  });
});
