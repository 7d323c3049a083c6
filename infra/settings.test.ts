import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from '../shared/config/config';
import { ConfigError } from '../shared/errors';
import { PROJECT_ROOT } from './constructs/scorecard-function';
import { DEFAULT_SCHEDULE, parseScheduleSettings, readAppSettings } from './settings';
import { testApp } from './testing';

const ctx = (values: Record<string, unknown>) => (key: string) => values[key];

/** The message parseConfig itself gives for `input` (the functions would say the same). */
function configErrorOf(input: unknown, source: string): string {
  try {
    parseConfig(input, source);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('readAppSettings', () => {
  test('takes the config from a cdk.json object or a -c JSON string, filled in with defaults', () => {
    const fromObject = readAppSettings(ctx({ scorecard: { fiscalYearStartMonth: 4, timeZone: 'Asia/Tehran' } }));
    const fromString = readAppSettings(ctx({ scorecard: '{"fiscalYearStartMonth":4,"timeZone":"Asia/Tehran"}' }));
    expect(fromString).toEqual(fromObject);
    expect(fromObject.config.fiscalYearStartMonth).toBe(4);
    expect(fromObject.config.timeZone).toBe('Asia/Tehran');
    expect(fromObject.config.currency).toBe(DEFAULT_CONFIG.currency);
    expect(fromObject.schedule).toEqual(DEFAULT_SCHEDULE);
  });

  test('no context at all gives the defaults', () => {
    expect(readAppSettings(ctx({})).config).toEqual(parseConfig(undefined));
  });

  test('a bad key fails with the same ConfigError the functions give', () => {
    const bad = { fiscalYearStart: 4 };
    const expected = configErrorOf(bad, 'CDK context "scorecard"');
    expect(() => readAppSettings(ctx({ scorecard: bad }))).toThrow(ConfigError);
    expect(() => readAppSettings(ctx({ scorecard: bad }))).toThrow(expected);
    expect(expected).toContain('fiscalYearStart');
    const badValue = { fiscalYearStartMonth: 13 };
    expect(() => readAppSettings(ctx({ scorecard: badValue }))).toThrow(configErrorOf(badValue, 'x'));
  });

  test('context that is not JSON names the key', () => {
    expect(() => readAppSettings(ctx({ scorecard: '{fiscalYearStartMonth:4' }))).toThrow(/"scorecard" is not valid JSON/);
  });

  test('schedule settings: hour, closeDay and enabled, validated', () => {
    expect(parseScheduleSettings({ hour: 7 })).toEqual({ ...DEFAULT_SCHEDULE, hour: 7 });
    expect(() => parseScheduleSettings({ hour: 24 })).toThrow(/hour.*0 to 23/);
    expect(() => parseScheduleSettings({ closeDay: 31 })).toThrow(/closeDay.*1 to 28/);
    expect(() => parseScheduleSettings({ enabled: 'yes' })).toThrow(/enabled/);
    expect(() => parseScheduleSettings({ minute: 5 })).toThrow(/unknown scorecardSchedule key "minute"/);
  });

  test('a bad key fails building the app, before any stack exists', () => {
    expect(() => testApp({ context: { scorecard: '{"currency":"euro"}' } })).toThrow(configErrorOf({ currency: 'euro' }, 'CDK context "scorecard"'));
  });

  test('`cdk synth` (infra/app.ts) exits non-zero with the ConfigError message on stderr', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'scorecard-cdk-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'infra/app.ts')], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      // How the CDK CLI hands context and the output directory to the app.
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ scorecard: { timeZone: 'Mars/Olympus' } }), CDK_OUTDIR: out },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(configErrorOf({ timeZone: 'Mars/Olympus' }, 'CDK context "scorecard"'));
  });
});
