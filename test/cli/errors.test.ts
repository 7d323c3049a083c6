/**
 * When nothing can be produced, the CLI exits non-zero with ONE line on stderr that
 * says what to do. The first two run the real process; the rest call main() in-process.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE, runCli, runMain, tempDir, type Run, removeTempDirs } from './helpers';

function expectOneLine(r: Run, code: number, text: RegExp | string): void {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^scorecard \w+: /);
  if (typeof text === 'string') expect(lines[0]).toContain(text);
  else expect(lines[0]).toMatch(text);
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
}

afterAll(removeTempDirs);

describe('scorecard report: one-line errors (CLI process)', () => {
  it('missing data folder, bad config key', async () => {
    const dir = await tempDir('errors');
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ fiscalYearStart: 4 }));
    const [missing, badKey] = await Promise.all([
      runCli(['report', '--data', join(dir, 'no-such-folder'), '--out', join(dir, 'out')]),
      runCli(['report', '--data', FIXTURE, '--out', join(dir, 'out'), '--config', config]),
    ]);
    expectOneLine(missing, 1, /data folder .*no-such-folder does not exist/);
    expectOneLine(badKey, 1, 'unknown config key "fiscalYearStart"');
  });

  it('a state folder in use by another process', async () => {
    const state = await tempDir('state');
    // The lock of a live process (this test runner) that is not the CLI's.
    await writeFile(join(state, 'scorecard.lock'), `${process.pid}\n`);
    const r = await runCli(['report', '--data', FIXTURE, '--out', join(state, 'out'), '--state', state, '--as-of', '2026-05-20']);
    expectOneLine(r, 1, /in use by another scorecard process/);
  });
});

describe('scorecard report: one-line errors (in-process)', () => {
  it('config file that is not JSON, or a bad value', async () => {
    const dir = await tempDir('errors2');
    await writeFile(join(dir, 'broken.json'), '{ "timeZone": "UTC", }');
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ fiscalYearStartMonth: 13 }));
    expectOneLine(await runMain(['report', '--data', FIXTURE, '--out', dir, '--config', join(dir, 'broken.json')]), 1, /broken\.json is not valid JSON/);
    expectOneLine(await runMain(['report', '--data', FIXTURE, '--out', dir, '--config', join(dir, 'bad.json')]), 1, /"fiscalYearStartMonth" must be an integer from 1 to 12/);
    expectOneLine(await runMain(['report', '--data', FIXTURE, '--out', dir, '--config', join(dir, 'none.json')]), 1, /none\.json does not exist/);
  });

  it('a folder without dataset folders, or dataset folders without files', async () => {
    const dir = await tempDir('errors3');
    await mkdir(join(dir, 'exports'));
    await writeFile(join(dir, 'exports', 'deals.csv'), 'deal_id\n');
    expectOneLine(await runMain(['report', '--data', dir, '--out', join(dir, 'out')]), 1, /no dataset folders in .*expected subfolders deals, stage-events, surveys, finance, targets/);
    await mkdir(join(dir, 'deals'));
    expectOneLine(await runMain(['report', '--data', dir, '--out', join(dir, 'out')]), 1, /no CSV or XLSX files/);
  });

  it('wrong command lines exit 2: unknown flag, missing --data, bad --as-of', async () => {
    expectOneLine(await runMain(['report', '--data', FIXTURE, '--out', 'x', '--asof', '2026-01-01']), 2, "unknown option --asof; see 'scorecard report --help'");
    expectOneLine(await runMain(['report', '--out', 'x']), 2, '--data DIR is required');
    expectOneLine(await runMain(['demo', '--as-of', 'yesterday']), 2, '--as-of must be a date YYYY-MM-DD');
    expectOneLine(await runMain(['demo', '--locale', 'fa']), 2, '--locale must be one of en, fa-IR, got "fa"');
  });

  it('--help of every command goes to stdout with exit 0', async () => {
    for (const cmd of ['demo', 'report', 'generate', 'templates']) {
      const r = await runMain([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: scorecard ${cmd}`);
      expect(r.stderr).toBe('');
    }
  });
});
