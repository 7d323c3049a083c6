/** Reads a config JSON file for the CLI: unreadable or invalid JSON is a UsageError, bad keys a ConfigError. */
import { readFile } from 'node:fs/promises';
import { parseConfig, type Config } from '../shared/config/config';
import { ConfigError } from '../shared/errors';

export async function readConfigFile(path: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `config file ${path} does not exist` : `cannot read config file ${path}: ${(e as Error).message}`, undefined, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(e as Error).message}`, undefined, { cause: e });
  }
  try {
    return parseConfig(json, 'config');
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`${path}: ${e.message}`, e.key, { cause: e });
    throw e;
  }
}

/** Today's calendar date in the given IANA time zone (the CLI may read the clock; shared/ may not). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}
