/**
 * `scorecard demo` as a user runs it: the whole pipeline on the embedded servers, a summary that says the
 * rejected rows were planted, and every workbook it writes (the three reports and the generated input XLSX
 * files) passes the OOXML check.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidWorkbookFiles } from '../support/ooxml';
import { runCli, tempDir, removeTempDirs, type Run } from './helpers';

afterAll(removeTempDirs);

async function xlsxUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((f) => f.endsWith('.xlsx')).map((f) => join(dir, f)).sort();
}

describe('scorecard demo (CLI process)', () => {
  let out: string;
  let run: Run;
  beforeAll(async () => {
    out = await tempDir('demo');
    run = await runCli(['demo', '--out', out, '--as-of', '2026-11-22']);
  });

  it('exits 0, says its rejected rows are planted on purpose, and lists the three workbooks', () => {
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/; \d+ rows stored, 4 rows rejected \(planted by the demo to show the rejected-rows report\)$/m);
    for (const f of ['manager-dashboard-2026-W47.xlsx', 'finance-review-FY2026-Q3.xlsx', 'annual-review-FY2025.xlsx']) expect(run.stdout).toContain(f);
  });

  it('every workbook it writes passes the OOXML check (reports and generated inputs)', async () => {
    const files = await xlsxUnder(out);
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(
      expect.arrayContaining(['manager-dashboard-2026-W47.xlsx', 'finance-review-FY2026-Q3.xlsx', 'annual-review-FY2025.xlsx', 'data/finance/finance.xlsx']),
    );
    await expectValidWorkbookFiles(files);
  });
});
