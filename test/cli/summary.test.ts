/**
 * The terminal summary as a user reads it, from the real process: one warning per unknown column,
 * "1 file" in the singular, a header over every column, and `--version`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli, tempDir, removeTempDirs } from './helpers';

afterAll(removeTempDirs);

describe('scorecard report: the terminal summary (CLI process)', () => {
  it('one file with an unknown column: the warning once, "1 file", and a header ("vs prior") over the better/worse column', async () => {
    const dir = await tempDir('summary');
    await mkdir(join(dir, 'data', 'surveys'), { recursive: true });
    await writeFile(join(dir, 'data', 'surveys', 's.csv'), 'response_id,customer_id,responded_date,nps,mood\r\nR1,C1,2026-01-10,9,ok\r\nR2,C2,2026-02-11,4,meh\r\n');
    const r = await runCli(['report', '--data', join(dir, 'data'), '--out', join(dir, 'out'), '--as-of', '2026-03-31']);
    expect(r.code).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('mood'));
    expect(warnings).toEqual(['warning: uploads/surveys/s.csv: columns that the data contract does not know were not stored: "mood"']);
    expect(r.stdout).toContain('Data: 1 file: 1 accepted, 0 with rejected rows; 2 rows stored, 0 rows rejected');
    const header = r.stdout.split('\n').find((l) => l.startsWith('KPI'))!;
    expect(header.split(/\s{2,}/)).toEqual(['KPI', 'FY2026-Q1', 'FY2025-Q4 10-01..12-31', 'change', 'change %', 'vs prior', 'target']);
  });

  it('--version and -v print the version of package.json', async () => {
    const { version } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`scorecard ${version}\n`);
      expect(r.stderr).toBe('');
    }
  });
});
