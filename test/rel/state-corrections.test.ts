/**
 * `scorecard report --state DIR` behaves like the bucket (issue 12, item 2): a run
 * uploads only new or changed files, oldest first, so a correction saved after the file
 * it corrects wins whatever the names; the configuration is kept with the state and a
 * different one is reported.
 */
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KpiDocument } from '../../shared/engine/types';
import { removeTempDirs, runCli, tempDir } from '../cli/helpers';

afterAll(removeTempDirs);

const HEADER = 'deal_id,customer_id,created_date,status,amount,closed_date';
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

async function bookingsQ4(out: string): Promise<number | null | undefined> {
  const doc = JSON.parse(await readFile(join(out, 'kpis.json'), 'utf8')) as KpiDocument;
  return doc.periods.find((p) => p.id === 'FY2026-Q4')?.kpis.bookings?.value;
}

describe('--state keeps corrections', () => {
  it('a correction saved later wins on every later run; unchanged files are not uploaded again; a changed config is reported', async () => {
    const data = await tempDir('state-data');
    const state = await tempDir('state-store');
    const out = await tempDir('state-out');
    await mkdir(join(data, 'deals'));
    const pipeline = join(data, 'deals', 'pipeline.csv');
    await writeFile(pipeline, `${HEADER}\nD-1,C-1,2026-10-01,won,100,2026-10-15\nD-2,C-2,2026-10-02,won,50,2026-10-20\n`);
    await utimes(pipeline, day('2026-11-27'), day('2026-11-27'));
    const run = (...extra: string[]) => runCli(['report', '--data', data, '--out', out, '--as-of', '2026-11-30', '--state', state, ...extra]);

    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    expect(await bookingsQ4(out)).toBe(150);

    // The correction sorts BEFORE the file it corrects, but was saved after it.
    const corrections = join(data, 'deals', '2026-11-28-corrections.csv');
    await writeFile(corrections, `${HEADER}\nD-1,C-1,2026-10-01,won,300,2026-10-15\n`);
    await utimes(corrections, day('2026-11-28'), day('2026-11-28'));
    const second = await run();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/upload: done .*1 file, .*1 unchanged since the last run, not uploaded again/);
    expect(await bookingsQ4(out)).toBe(350);

    // Nothing changed: nothing uploaded, the correction still holds.
    const third = await run();
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toMatch(/upload: done .*0 files, .*2 unchanged/);
    expect(await bookingsQ4(out)).toBe(350);

    // Another configuration than the one the stored data was read with: said so.
    const cfg = join(data, 'other-config.json');
    await writeFile(cfg, JSON.stringify({ timeZone: 'Europe/Berlin' }));
    const fourth = await run('--config', cfg);
    expect(fourth.code, fourth.stderr).toBe(0);
    expect(fourth.stderr).toMatch(/configuration differs from the one the stored data was read with \(timeZone\)/);
    expect(await bookingsQ4(out)).toBe(350);
  });
});
