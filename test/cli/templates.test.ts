import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/config';
import { KPI_CATALOG } from '../../shared/engine/catalog';
import { readUpload, SCHEMAS } from '../../shared/ingest';
import { DATASETS, type DatasetName } from '../../shared/model/types';
import { runMain, tempDir, removeTempDirs } from './helpers';
import { expectValidWorkbookFiles } from '../support/ooxml';

type Validation = { type: string; formulae: unknown[] };

async function open(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

async function readAll(body: Buffer, fileName: string, dataset: DatasetName) {
  const reader = readUpload(body, body.length, { fileName, dataset, config: parseConfig(undefined) });
  const records: unknown[] = [];
  const issues: unknown[] = [];
  for await (const b of reader.batches) {
    records.push(...b.records);
    issues.push(...b.issues);
  }
  return { records, issues, summary: reader.summary() };
}

afterAll(removeTempDirs);

describe('scorecard templates', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('templates');
    const r = await runMain(['templates', '--out', dir]);
    expect(r.code).toBe(0);
  });

  it('writes a CSV and an XLSX per dataset and a README', async () => {
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([...DATASETS.flatMap((d) => [`${d}.csv`, `${d}.xlsx`]), 'README.txt'].sort());
    for (const d of DATASETS) {
      expect((await readFile(join(dir, `${d}.csv`), 'utf8')).trim()).toBe(SCHEMAS[d].columns.join(','));
    }
    const readme = await readFile(join(dir, 'README.txt'), 'utf8');
    for (const d of DATASETS) expect(readme).toContain(d);
    expect(readme).toContain('contract_months');
  });

  it('writes XLSX templates that pass the OOXML check', () => expectValidWorkbookFiles(DATASETS.map((d) => join(dir, `${d}.xlsx`))));

  it('XLSX: the dataset sheet first, header only, a note on every header, a Notes sheet', async () => {
    for (const d of DATASETS) {
      const wb = await open(join(dir, `${d}.xlsx`));
      const ws = wb.worksheets[0];
      expect(ws.name).toBe(d);
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...SCHEMAS[d].columns]);
      expect(ws.actualRowCount).toBe(1);
      ws.getRow(1).eachCell((cell) => expect(String(JSON.stringify(cell.note))).toMatch(/Required/));
      const notes = wb.getWorksheet('Notes')!;
      const documented: string[] = [];
      notes.eachRow((row, n) => {
        if (n > 4) documented.push(String(row.getCell(1).value));
      });
      expect(documented).toEqual([...SCHEMAS[d].columns]);
    }
  });

  it('XLSX: drop-downs for status and deal_type, and KPI ids from a hidden list sheet', async () => {
    const deals = await open(join(dir, 'deals.xlsx'));
    const ws = deals.getWorksheet('deals')!;
    const col = (name: string) => SCHEMAS.deals.columns.indexOf(name) + 1;
    const status = ws.getCell(50, col('status')).dataValidation as Validation;
    expect(status.type).toBe('list');
    expect(String(status.formulae[0]).replace(/"/g, '').split(',')).toEqual(['open', 'won', 'lost']);
    const dealType = ws.getCell(2, col('deal_type')).dataValidation as Validation;
    expect(String(dealType.formulae[0]).replace(/"/g, '').split(',')).toEqual(['new', 'upsell', 'cross_sell', 'renewal']);
    expect((ws.getCell(2, col('amount')).dataValidation as Validation).type).toBe('decimal');

    const targets = await open(join(dir, 'targets.xlsx'));
    const kpi = targets.getWorksheet('targets')!.getCell(2, 1).dataValidation as Validation;
    expect(kpi.type).toBe('list');
    const m = /^(\w+)!\$A\$2:\$A\$(\d+)$/.exec(String(kpi.formulae[0]));
    expect(m).not.toBeNull();
    const lists = targets.getWorksheet(m![1])!;
    expect(lists.state).toBe('hidden');
    const ids: string[] = [];
    for (let r = 2; r <= Number(m![2]); r++) ids.push(String(lists.getCell(r, 1).value));
    expect(ids).toEqual(KPI_CATALOG.map((k) => k.id));
  });

  it('a filled-in XLSX template is read as exactly the rows the user typed (notes are never data)', async () => {
    const wb = await open(join(dir, 'deals.xlsx'));
    const ws = wb.getWorksheet('deals')!;
    const row: Record<string, unknown> = { deal_id: 'D1', customer_id: 'C1', created_date: new Date(Date.UTC(2026, 0, 5)), status: 'won', closed_date: new Date(Date.UTC(2026, 1, 5)), amount: 1200, deal_type: 'new' };
    ws.getRow(2).values = SCHEMAS.deals.columns.map((c) => row[c] ?? null) as ExcelJS.CellValue[];
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    const read = await readAll(body, 'deals.xlsx', 'deals');
    expect(read.issues).toEqual([]);
    expect(read.summary.rowsRead).toBe(1);
    expect(read.records).toMatchObject([{ dealId: 'D1', customerId: 'C1', createdDate: '2026-01-05', closedDate: '2026-02-05', amount: 1200, status: 'won' }]);
    expect(read.summary.unknownColumns).toEqual([]);

    const csv = Buffer.from(`${(await readFile(join(dir, 'surveys.csv'), 'utf8')).trim()}\r\nR1,C1,2026-03-01,9,,,,,email,\r\n`);
    const s = await readAll(csv, 'surveys.csv', 'surveys');
    expect(s.issues).toEqual([]);
    expect(s.records).toMatchObject([{ responseId: 'R1', nps: 9 }]);
  });
});
