import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain, tempDir, removeTempDirs } from './helpers';

async function filesOf(dir: string, sub = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesOf(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

async function sheetValues(path: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

afterAll(removeTempDirs);

describe('scorecard generate', () => {
  it('writes the layout report reads, the same for the same seed, different for another seed', async () => {
    const [a, b, c] = await Promise.all([tempDir('gen-a'), tempDir('gen-b'), tempDir('gen-c')]);
    const args = (dir: string, seed: string) => ['generate', '--out', dir, '--as-of', '2025-08-31', '--seed', seed, '--scale', '0.1', '--years', '2'];
    const [ra, rb, rc] = await Promise.all([runMain(args(a, '5')), runMain(args(b, '5')), runMain(args(c, '6'))]);
    expect([ra.code, rb.code, rc.code]).toEqual([0, 0, 0]);

    const files = await filesOf(a);
    expect(files).toEqual(await filesOf(b));
    expect(files).toEqual(expect.arrayContaining(['config.json', 'finance/finance.xlsx', 'targets/targets.xlsx', 'stage-events/stage-events.csv', 'surveys/surveys.csv']));
    expect(files.filter((f) => /^deals\/deals-\d{4}\.csv$/.test(f)).length).toBeGreaterThanOrEqual(2);
    expect(ra.stdout).toContain('finance/finance.xlsx');

    for (const f of files.filter((x) => !x.endsWith('.xlsx'))) {
      expect(await readFile(join(b, f), 'utf8'), f).toBe(await readFile(join(a, f), 'utf8'));
    }
    for (const f of files.filter((x) => x.endsWith('.xlsx'))) {
      expect(await sheetValues(join(b, f)), f).toEqual(await sheetValues(join(a, f)));
    }
    expect(await readFile(join(c, 'stage-events/stage-events.csv'), 'utf8')).not.toBe(await readFile(join(a, 'stage-events/stage-events.csv'), 'utf8'));

    const config = JSON.parse(await readFile(join(a, 'config.json'), 'utf8'));
    expect(config.crmGoLive).toMatch(/^\d{4}-\d{2}-01$/);
    const finance = await sheetValues(join(a, 'finance/finance.xlsx'));
    expect(finance[0]).toEqual(['period', 'revenue', 'cost_of_revenue', 'sales_marketing_cost', 'service_cost', 'crm_cost', 'market_revenue']);
    expect(typeof finance[1][1]).toBe('number');
  });

  it('rejects a bad flag value with one line and exit code 2', async () => {
    const r = await runMain(['generate', '--out', 'x', '--as-of', '2025-13-01']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--as-of must be a date YYYY-MM-DD');
  });

  it('--locale fa-IR writes the Persian company: rials, Persian names, a config for Persian workbooks', async () => {
    const dir = await tempDir('gen-fa');
    const r = await runMain(['generate', '--out', dir, '--as-of', '2025-08-31', '--seed', '5', '--scale', '0.1', '--years', '1', '--locale', 'fa-IR']);
    expect(r.code).toBe(0);
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ locale: 'fa-IR', currency: 'IRR', timeZone: 'Asia/Tehran' });
    const deals = (await readFile(join(dir, 'deals', (await readdir(join(dir, 'deals')))[0]), 'utf8')).split('\r\n');
    expect(deals[1]).toMatch(/[\u0600-\u06ff]/);
  });
});
