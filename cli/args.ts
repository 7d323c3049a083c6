/**
 * Flag parsing for every command (node:util parseArgs, strict: unknown flags and
 * stray arguments are a UsageError naming the flag and the help to read).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../shared/errors';
import { isLocaleId, LOCALE_IDS, type LocaleId } from '../shared/i18n/ids';
import { isIsoDate } from '../shared/calendar/fiscal';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const code = (e as { code?: string }).code;
    let reason = msg.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const m = /Unknown option '([^']+)'/.exec(msg);
      reason = `unknown option ${m ? m[1] : ''}`.trim();
    } else if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const m = /Unexpected argument '([^']+)'/.exec(msg);
      reason = `unexpected argument ${m ? `'${m[1]}'` : ''}`.trim();
    } else if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      reason = msg.replace(/^Option '([^']+)'.*argument missing.*$/, 'option $1 needs a value');
    }
    throw new UsageError(`${reason}; see 'scorecard ${command} --help'`, { cause: e });
  }
}

/** Validates an --as-of value. */
export function asOfFlag(value: string | undefined, command: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw new UsageError(`--as-of must be a date YYYY-MM-DD, got "${value}"; see 'scorecard ${command} --help'`);
  return value;
}

export function intFlag(value: string | undefined, name: string, command: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got "${value}"; see 'scorecard ${command} --help'`);
  return Number(value);
}

/** `--locale en|fa-IR` (default en). */
export function localeFlag(value: string | undefined, command: string): LocaleId {
  if (value === undefined) return 'en';
  if (!isLocaleId(value)) throw new UsageError(`--locale must be one of ${LOCALE_IDS.join(', ')}, got "${value}"; see 'scorecard ${command} --help'`);
  return value;
}
