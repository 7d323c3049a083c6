/**
 * `scorecard report` through the CLI process, on the committed fixture company
 * (test/fixtures/cli-company, written by `scorecard generate --as-of 2026-05-20
 * --seed 7 --scale 0.1`). KPI values are recomputed here from the fixture files with
 * the plain definitions of kpis.md, independently of the engine.
 */
import { readFileSync } from 'node:fs';
import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_CATALOG } from '../../shared/engine/catalog';
import type { KpiDocument } from '../../shared/engine/types';
import { FIXTURE, runCli, tempDir, type Run, removeTempDirs } from './helpers';
import { expectValidWorkbookFiles } from '../support/ooxml';

/** Minimal RFC 4180 parser (quoted fields with commas and doubled quotes). */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field.replace(/\r$/, '')), rows.push(row), (row = []), (field = '');
    else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const inQ4 = (d: string) => d >= '2025-10-01' && d <= '2025-12-31';

afterAll(removeTempDirs);

describe('scorecard report --data test/fixtures/cli-company (CLI process)', () => {
  let out: string;
  let run: Run;
  let doc: KpiDocument;
  beforeAll(async () => {
    out = await tempDir('report');
    run = await runCli(['report', '--data', FIXTURE, '--out', out, '--as-of', '2026-05-20']);
    if (run.code === 0) doc = JSON.parse(await readFile(join(out, 'kpis.json'), 'utf8'));
  });

  it('exits 0 with the KPI summary on stdout and progress lines (no bars) on stderr', () => {
    expect(run.stderr).not.toMatch(/Error|NodeVersionSupportWarning/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('FY2026-Q2 to date');
    expect(run.stdout).toContain('Win rate');
    expect(run.stdout).toContain('manager-dashboard-2026-W21.xlsx');
    expect(run.stderr).toMatch(/^ingest: done in .*rows stored, 4 rejected$/m);
  });

  it('kpis.json: every fiscal quarter and year from the earliest data to the as-of date, every KPI in each', () => {
    expect(doc.asOf).toBe('2026-05-20');
    expect(doc.config.crmGoLive).toBe(JSON.parse(readFileSync(join(FIXTURE, 'config.json'), 'utf8')).crmGoLive);
    const quarters = doc.periods.filter((p) => p.kind === 'quarter').map((p) => p.id);
    expect(quarters[0]).toBe('FY2023-Q2');
    expect(quarters.at(-1)).toBe('FY2026-Q2');
    expect(quarters).toHaveLength(13);
    expect(doc.periods.filter((p) => p.kind === 'year').map((p) => p.id)).toEqual(['FY2023', 'FY2024', 'FY2025', 'FY2026']);
    const current = doc.periods.find((p) => p.id === 'FY2026-Q2')!;
    expect(current).toMatchObject({ start: '2026-04-01', end: '2026-05-20', toDate: true });
    for (const p of doc.periods) {
      expect(Object.keys(p.kpis).sort(), p.id).toEqual(KPI_CATALOG.map((k) => k.id).sort());
      for (const [id, k] of Object.entries(p.kpis)) if (k.value === null) expect(k.reason, `${p.id} ${id}`).toBeTruthy();
    }
  });

  it('kpis.json: FY2025-Q4 deals, bookings, win rate, surveys and revenue match the fixture files', async () => {
    const deals = (await Promise.all(['2023', '2024', '2025', '2026'].map((y) => readFile(join(FIXTURE, 'deals', `deals-${y}.csv`), 'utf8')))).flatMap(parseCsv);
    const won = deals.filter((d) => d.status === 'won' && inQ4(d.closed_date));
    const lost = deals.filter((d) => d.status === 'lost' && inQ4(d.closed_date));
    const bookings = won.reduce((s, d) => s + Number(d.amount), 0);
    const surveys = parseCsv(await readFile(join(FIXTURE, 'surveys', 'surveys.csv'), 'utf8')).filter((s) => inQ4(s.responded_date));
    const nps = surveys.filter((s) => s.nps !== '').map((s) => Number(s.nps));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(FIXTURE, 'finance', 'finance.xlsx'));
    let revenue = 0;
    wb.worksheets[0].eachRow((r) => {
      if (['2025-10', '2025-11', '2025-12'].includes(String(r.getCell(1).value))) revenue += Number(r.getCell(2).value);
    });
    expect(won.length).toBeGreaterThan(0);
    expect(revenue).toBeGreaterThan(0);

    const q = doc.periods.find((p) => p.id === 'FY2025-Q4')!.kpis;
    expect(q.deals_won.value).toBe(won.length);
    expect(q.deals_lost.value).toBe(lost.length);
    expect(q.bookings.value).toBeCloseTo(bookings, 6);
    expect(q.win_rate.value).toBeCloseTo(won.length / (won.length + lost.length), 12);
    expect(q.survey_responses.value).toBe(surveys.length);
    expect(q.nps.value).toBeCloseTo((100 * (nps.filter((x) => x >= 9).length - nps.filter((x) => x <= 6).length)) / nps.length, 10);
    expect(q.revenue.value).toBeCloseTo(revenue, 6);
  });

  it('writes the three workbooks, which pass the OOXML check', async () => {
    const files = (await readdir(out)).filter((f) => f.endsWith('.xlsx'));
    expect(files).toHaveLength(3);
    await expectValidWorkbookFiles(files.map((f) => join(out, f)));
  });

  it('writes the three workbooks, which open and have their sheets', async () => {
    const expected: [string, string[]][] = [
      ['manager-dashboard-2026-W21.xlsx', ['Summary', 'Definitions', 'Data quality']],
      ['finance-review-FY2026-Q1.xlsx', ['Definitions', 'Restatements']],
      ['annual-review-FY2025.xlsx', ['Definitions']],
    ];
    for (const [file, sheets] of expected) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(out, file));
      const names = wb.worksheets.map((w) => w.name);
      expect(names, file).toEqual(expect.arrayContaining(sheets));
      expect(names.length, file).toBeGreaterThanOrEqual(sheets.length + 1);
    }
  });

  it('copies the rejected-rows reports to OUT/rejected/', async () => {
    const deals = parseCsv(await readFile(join(out, 'rejected', 'deals', 'deals-2026.csv.errors.csv'), 'utf8'));
    expect(deals.map((r) => r.column).sort()).toEqual(['amount', 'closed_date', 'created_date']);
    const surveys = parseCsv(await readFile(join(out, 'rejected', 'surveys', 'surveys.csv.errors.csv'), 'utf8'));
    expect(surveys).toMatchObject([{ column: 'nps', value: '11' }]);
    await expect(access(join(out, 'quarantine'))).rejects.toThrow();
  });
});
