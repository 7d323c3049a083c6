/**
 * Files rejected whole: with other readable files the run still produces the reports
 * (exit 0) and OUT/quarantine/ says why; with no readable file at all it fails with
 * the reason as the last stderr line. In-process main() on the real embedded stack.
 */
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain, tempDir, removeTempDirs } from './helpers';

afterAll(removeTempDirs);

const SURVEYS = 'response_id,customer_id,responded_date,nps\r\nR1,C1,2026-01-10,9\r\nR2,C2,2026-02-11,4\r\nR3,,2026-03-12,10\r\n';
const DEALS_WITHOUT_AMOUNT = 'deal_id,customer_id,created_date,status\r\nD1,C1,2026-01-05,open\r\n';

describe('scorecard report with files rejected whole', () => {
  it('reports on the readable files and copies the reason of the rejected one', async () => {
    const dir = await tempDir('quarantine');
    await mkdir(join(dir, 'data', 'deals'), { recursive: true });
    await mkdir(join(dir, 'data', 'surveys'), { recursive: true });
    await writeFile(join(dir, 'data', 'deals', 'crm export.csv'), DEALS_WITHOUT_AMOUNT);
    await writeFile(join(dir, 'data', 'surveys', 'q1.csv'), SURVEYS);
    const r = await runMain(['report', '--data', join(dir, 'data'), '--out', join(dir, 'out'), '--as-of', '2026-03-31']);
    expect(r.stderr).toContain('crm export.csv was not ingested');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 rejected whole/);
    expect(r.stdout).toContain('quarantine');
    const reason = await readFile(join(dir, 'out', 'quarantine', 'deals', 'crm export.csv.error.txt'), 'utf8');
    expect(reason).toMatch(/amount/);
    const doc = JSON.parse(await readFile(join(dir, 'out', 'kpis.json'), 'utf8'));
    const q1 = doc.periods.find((p: { id: string }) => p.id === 'FY2026-Q1');
    expect(q1.kpis.survey_responses.value).toBe(3);
    expect(q1.kpis.nps.value).toBeCloseTo((100 * (2 - 1)) / 3, 10);
    expect(q1.kpis.deals_won.value).toBe(0);
  });

  it('fails with the reason on the last stderr line when no file could be read', async () => {
    const dir = await tempDir('quarantine-all');
    await mkdir(join(dir, 'data', 'deals'), { recursive: true });
    await writeFile(join(dir, 'data', 'deals', 'deals.csv'), DEALS_WITHOUT_AMOUNT);
    const r = await runMain(['report', '--data', join(dir, 'data'), '--out', join(dir, 'out'), '--as-of', '2026-03-31']);
    expect(r.code).toBe(1);
    const last = r.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^scorecard report: no file could be read \(1 rejected whole\); see .*quarantine/);
    expect(r.stdout).toBe('');
    await access(join(dir, 'out', 'quarantine', 'deals', 'deals.csv.error.txt'));
    await expect(access(join(dir, 'out', 'kpis.json'))).rejects.toThrow();
  });

  it('every row of every file rejected: OUT/rejected/ and OUT/quarantine/ are written and the one error line points to them', async () => {
    const dir = await tempDir('rejected-all');
    await mkdir(join(dir, 'data', 'deals'), { recursive: true });
    await mkdir(join(dir, 'data', 'surveys'), { recursive: true });
    // a status the contract does not know, and no config "values" mapping it: every row is a row error that says what is allowed
    await writeFile(join(dir, 'data', 'deals', 'us export.csv'), 'deal_id,customer_id,created_date,status,amount\r\nD1,C1,2026-05-13,pending,100\r\nD2,C2,2026-05-14,pending,200\r\n');
    await writeFile(join(dir, 'data', 'deals', 'old.csv'), DEALS_WITHOUT_AMOUNT);
    await writeFile(join(dir, 'data', 'surveys', 'q2.csv'), 'response_id,customer_id,responded_date,nps\r\nR1,C1,2026-05-02,11\r\n');
    const out = join(dir, 'out');
    const r = await runMain(['report', '--data', join(dir, 'data'), '--out', out, '--as-of', '2026-05-31']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const last = r.stderr.trim().split('\n').at(-1)!;
    expect(last).toBe(
      `scorecard report: nothing to report: every row was rejected (3 rows, 1 file rejected whole); see ${join(out, 'rejected')}/ (why each row was rejected) and ${join(out, 'quarantine')}/`,
    );
    const deals = await readFile(join(out, 'rejected', 'deals', 'us export.csv.errors.csv'), 'utf8');
    expect(deals).toMatch(/D1,status,pending,.*is not one of open, won, lost/);
    expect(deals.trim().split('\n')).toHaveLength(3);
    expect(await readFile(join(out, 'rejected', 'surveys', 'q2.csv.errors.csv'), 'utf8')).toMatch(/nps,11,/);
    expect(await readFile(join(out, 'quarantine', 'deals', 'old.csv.error.txt'), 'utf8')).toMatch(/amount/);
    await expect(access(join(out, 'kpis.json'))).rejects.toThrow();
  });
});
