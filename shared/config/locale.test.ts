import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { parseConfig } from './config';

describe('config key locale', () => {
  it('defaults to en and accepts fa-IR', () => {
    expect(parseConfig({}).locale).toBe('en');
    expect(parseConfig({ locale: 'fa-IR' }).locale).toBe('fa-IR');
  });
  it('rejects another value, naming the key and the allowed values', () => {
    for (const bad of ['fa', 'FA-IR', 'de', 1, null]) {
      expect(() => parseConfig({ locale: bad }), String(bad)).toThrow(ConfigError);
      expect(() => parseConfig({ locale: bad })).toThrow(/"locale" must be one of en, fa-IR/);
    }
  });
});
