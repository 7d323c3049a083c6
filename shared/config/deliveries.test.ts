import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';
import { parseMailSettings } from './deliveries';
import { ConfigError } from '../errors';

const err = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('config key deliveries', () => {
  it('defaults to none', () => {
    expect(parseConfig({}).deliveries).toEqual([]);
    expect(parseConfig(undefined).deliveries).toEqual([]);
  });

  it('reads workbook, recipients (one string or a list; lower-cased, each once), scope and locale', () => {
    const c = parseConfig({
      deliveries: [
        { workbook: 'weekly', to: 'Boss@Acme.example' },
        { workbook: 'weekly', to: ['a@acme.example', 'A@acme.example', ' b@acme.example '], scope: ' Team = EMEA ', locale: 'fa-IR' },
        { workbook: 'annual', to: ['cfo@acme.example'], scope: '' },
      ],
    });
    expect(c.deliveries).toEqual([
      { workbook: 'weekly', to: ['boss@acme.example'], scope: '', locale: 'en' },
      { workbook: 'weekly', to: ['a@acme.example', 'b@acme.example'], scope: 'team=EMEA', locale: 'fa-IR' },
      { workbook: 'annual', to: ['cfo@acme.example'], scope: '', locale: 'en' },
    ]);
    // A parsed config parses to itself (the engine re-validates it).
    expect(parseConfig(c)).toEqual(c);
  });

  it('names the entry, the key and what is allowed when something is wrong', () => {
    expect(err(() => parseConfig({ deliveries: {} }))).toBe('config key "deliveries" must be an array of { workbook, to, scope?, locale? }');
    expect(err(() => parseConfig({ deliveries: [{ workbook: 'daily', to: 'a@b.example' }] }))).toBe(
      'config key "deliveries[0]".workbook must be one of weekly, quarterly, annual, got "daily"',
    );
    expect(err(() => parseConfig({ deliveries: [{ workbook: 'weekly', to: [] }] }))).toMatch(/deliveries\[0\]"\.to must be an e-mail address or a non-empty array/);
    expect(err(() => parseConfig({ deliveries: [{ workbook: 'weekly', to: ['a@b.example', 'not an address'] }] }))).toBe(
      'config key "deliveries[0]".to: "not an address" is not an e-mail address (name@example.com)',
    );
    expect(err(() => parseConfig({ deliveries: [{ workbook: 'weekly', to: 'a@b.example', scope: 'country=DE' }] }))).toMatch(
      /scope "country=DE" must be empty \(whole company\) or dimension=value with dimension one of team, region, product, owner, source/,
    );
    expect(err(() => parseConfig({ deliveries: [{ workbook: 'quarterly', to: 'a@b.example', scope: 'team=EMEA' }] }))).toMatch(
      /only the weekly dashboard can be scoped/,
    );
    expect(err(() => parseConfig({ deliveries: [{ workbook: 'weekly', to: 'a@b.example', locale: 'de' }] }))).toBe(
      'config key "deliveries[0]".locale must be one of en, fa-IR, got "de"',
    );
    expect(err(() => parseConfig({ deliveries: [{ workbook: 'weekly', to: 'a@b.example', cc: 'c@d.example' }] }))).toMatch(/unknown key "cc"; allowed keys: workbook, to, scope, locale/);
    expect(err(() => parseConfig({ deliveries: [{ workbook: 'weekly', to: 'bad' }] }, 'CDK context "scorecard"'))).toBe(
      'CDK context "scorecard" key "deliveries[0]".to: "bad" is not an e-mail address (name@example.com)',
    );
  });
});

describe('mail settings (CDK context scorecardMail, MAIL_FROM)', () => {
  it('reads the sender, with or without a display name, and the identity that authorises it', () => {
    expect(parseMailSettings({ from: 'Scorecard <Reports@Acme.example>' })).toEqual({
      from: 'Scorecard <Reports@Acme.example>',
      fromAddress: 'reports@acme.example',
      identity: 'reports@acme.example',
    });
    expect(parseMailSettings({ from: 'reports@acme.example', identity: 'acme.example' }).identity).toBe('acme.example');
  });

  it('refuses a sender that is not an address, and an identity that does not authorise it', () => {
    expect(err(() => parseMailSettings(undefined))).toMatch(/scorecardMail must be an object \{ "from"/);
    expect(err(() => parseMailSettings({ from: 'reports' }))).toMatch(/key "from" must be an e-mail address/);
    expect(err(() => parseMailSettings({ from: 'r@acme.example', identity: 'other.example' }))).toBe(
      'scorecardMail key "identity" must be the sender address or its domain (r@acme.example or acme.example), got "other.example"',
    );
    expect(err(() => parseMailSettings({ from: 'r@acme.example', replyTo: 'x@acme.example' }))).toMatch(/unknown scorecardMail key "replyTo"/);
  });
});

describe('the report function environment', () => {
  it('reads the sender and the configuration set, validated like the CDK context', async () => {
    const { readRuntimeEnv } = await import('./env');
    const base = { TABLE_NAME: 't', BUCKET_NAME: 'b', SCORECARD_CONFIG: JSON.stringify({ deliveries: [{ workbook: 'weekly', to: 'a@acme.example' }] }) };
    expect(readRuntimeEnv(base).mail).toBeUndefined();
    const env = readRuntimeEnv({ ...base, MAIL_FROM: 'Scorecard <r@acme.example>', MAIL_IDENTITY: 'acme.example', MAIL_CONFIGURATION_SET: 'cs', MAIL_IDENTITY_ARN: 'arn:aws:ses:eu-west-1:1:identity/acme.example' });
    expect(env.mail).toEqual({
      from: 'Scorecard <r@acme.example>',
      fromAddress: 'r@acme.example',
      identity: 'acme.example',
      identityArn: 'arn:aws:ses:eu-west-1:1:identity/acme.example',
      configurationSet: 'cs',
    });
    expect(() => readRuntimeEnv({ ...base, MAIL_FROM: 'nobody' })).toThrow(/MAIL_FROM\/MAIL_IDENTITY key "from" must be an e-mail address/);
  });
});
