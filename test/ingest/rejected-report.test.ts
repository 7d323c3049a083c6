/**
 * The rejected-rows report opened in a spreadsheet (LibreOffice, formulas evaluated) shows every
 * value exactly as typed, and nothing runs: formula-like values are string-constant formulas.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { issuesToCsv } from '../../shared/ingest/report';
import { findSoffice } from '../../shared/report/charts/libreoffice';

const soffice = findSoffice();
if (!soffice) throw new Error('LibreOffice (soffice) is required for this test; install libreoffice-calc');
const dir = mkdtempSync(join(tmpdir(), 'rejected-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rejected-rows report in a spreadsheet', () => {
  it('shows keys and values as typed, formula-like ones included, without running them', async () => {
    const values = ['=HYPERLINK("http://x","click")', '+1+1', '-2+3', '@SUM(A1)', '=1+1', '-7', 'plain, "quoted" text', 'D-1'];
    const issues = values.map((value, i) => ({ row: i + 2, key: [i % 2 ? `=K${i}` : `D-${i}`], column: 'amount', value, reason: '-reason' }));
    writeFileSync(join(dir, 'r.csv'), issuesToCsv('=evil.csv', issues, { keyColumns: ['deal_id'] }));
    // CSV in, CSV out through Calc: import with formulas evaluated, export what the cells show
    await new Promise<void>((resolve, reject) =>
      execFile(
        soffice!,
        ['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--infilter=CSV:44,34,76,1', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', join(dir, 'out'), join(dir, 'r.csv')],
        { timeout: 120_000 },
        (e) => (e ? reject(e) : resolve()),
      ),
    );
    const shown: string[][] = parse(readFileSync(join(dir, 'out', 'r.csv'), 'utf8'));
    expect(shown[0]).toEqual(['source_file', 'row', 'deal_id', 'column', 'value', 'reason']);
    expect(shown.slice(1).map((r) => r[4])).toEqual(values);
    expect(shown.slice(1).map((r) => r[2])).toEqual(issues.map((i) => i.key[0]));
    expect(shown.slice(1).every((r) => r[0] === '=evil.csv' && r[5] === '-reason')).toBe(true);
  });
});
