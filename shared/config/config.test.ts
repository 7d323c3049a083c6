import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';
import { ConfigError } from '../errors';

describe('config key "calendar"', () => {
  it('is gregorian by default, with ISO (Monday) weeks', () => {
    expect(parseConfig({})).toMatchObject({ calendar: 'gregorian', weekStartsOn: 1 });
  });

  it('jalali weeks start on Saturday unless weekStartsOn says otherwise', () => {
    expect(parseConfig({ calendar: 'jalali' })).toMatchObject({ calendar: 'jalali', weekStartsOn: 6 });
    expect(parseConfig({ calendar: 'jalali', weekStartsOn: 0 })).toMatchObject({ calendar: 'jalali', weekStartsOn: 0 });
    // a parsed config parses to itself (the engine re-validates)
    const c = parseConfig({ calendar: 'jalali', fiscalYearStartMonth: 4 });
    expect(parseConfig(c)).toEqual(c);
  });

  it('anything else is a ConfigError naming the key and the allowed values', () => {
    let error: unknown;
    try {
      parseConfig({ calendar: 'persian' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('config key "calendar" must be one of gregorian, jalali, got "persian"');
  });
});
