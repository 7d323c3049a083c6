/**
 * Everything the CDK app takes from CDK context, validated before any construct
 * is built, plus the sizing and retention figures every stack reads (one place).
 *
 * Context keys:
 * - `scorecard`: the product configuration (shared/config/config.ts), as an object
 *   in cdk.json or a JSON string from `-c scorecard='{"fiscalYearStartMonth":4}'`.
 *   Validated by the same parseConfig the functions use, so a bad key fails synth
 *   with the same ConfigError message the functions would give.
 * - `scorecardSchedule`: when the scheduled runs happen (local time of
 *   `scorecard.timeZone`): `{ "hour": 6, "closeDay": 5, "enabled": true }`.
 * - `scorecardMail`: the e-mail sender, `{ "from": "Scorecard <reports@example.com>",
 *   "identity": "example.com" }` (identity optional: the address itself by default).
 *   Required when `scorecard.deliveries` is not empty (the recipients are there).
 */
import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { parseConfig, type Config } from '../shared/config/config';
import { parseMailSettings, type MailSettings } from '../shared/config/deliveries';
import { ConfigError } from '../shared/errors';
import { MAX_INGEST_ATTEMPT_MS } from '../shared/usecases/ingest-timing';

export const CONFIG_CONTEXT_KEY = 'scorecard';
export const SCHEDULE_CONTEXT_KEY = 'scorecardSchedule';
export const MAIL_CONTEXT_KEY = 'scorecardMail';
/** Lambda allows 4 KB of environment variables per function; the rest (names, ARNs, mail settings) needs about 600 bytes. */
export const MAX_CONFIG_ENV_BYTES = 3400;

export interface ScheduleSettings {
  /** Local hour (0-23) of every scheduled run. */
  hour: number;
  /** Day of the month (1-28) after a fiscal quarter or year closes on which its review runs. */
  closeDay: number;
  /** false deploys the schedules disabled (for a staging copy). */
  enabled: boolean;
}

export const DEFAULT_SCHEDULE: Readonly<ScheduleSettings> = Object.freeze({ hour: 6, closeDay: 5, enabled: true });

export interface AppSettings {
  config: Config;
  schedule: ScheduleSettings;
  /** The e-mail sender; set when the context has `scorecardMail`. */
  mail?: MailSettings;
}

/** Context values from `-c key=value` arrive as strings; from cdk.json as JSON values. */
function jsonContext(value: unknown, key: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (cause) {
    throw new ConfigError(`CDK context "${key}" is not valid JSON: ${value}`, key, { cause });
  }
}

export function parseScheduleSettings(input: unknown): ScheduleSettings {
  if (input === undefined || input === null) return { ...DEFAULT_SCHEDULE };
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(`CDK context "${SCHEDULE_CONTEXT_KEY}" must be an object with keys hour, closeDay, enabled`);
  }
  const raw = input as Record<string, unknown>;
  const allowed = Object.keys(DEFAULT_SCHEDULE);
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`unknown ${SCHEDULE_CONTEXT_KEY} key "${key}"; allowed keys: ${allowed.join(', ')}`, key);
    }
  }
  const int = (key: 'hour' | 'closeDay', min: number, max: number): number => {
    const v = raw[key] ?? DEFAULT_SCHEDULE[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ConfigError(`${SCHEDULE_CONTEXT_KEY} key "${key}" must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`, key);
    }
    return v;
  };
  const enabled = raw.enabled ?? DEFAULT_SCHEDULE.enabled;
  if (typeof enabled !== 'boolean') {
    throw new ConfigError(`${SCHEDULE_CONTEXT_KEY} key "enabled" must be true or false, got ${JSON.stringify(enabled)}`, 'enabled');
  }
  return { hour: int('hour', 0, 23), closeDay: int('closeDay', 1, 28), enabled };
}

/** Reads and validates the app's context. Throws ConfigError naming the key. */
export function readAppSettings(tryGetContext: (key: string) => unknown): AppSettings {
  const config = parseConfig(jsonContext(tryGetContext(CONFIG_CONTEXT_KEY), CONFIG_CONTEXT_KEY), `CDK context "${CONFIG_CONTEXT_KEY}"`);
  const mailRaw = jsonContext(tryGetContext(MAIL_CONTEXT_KEY), MAIL_CONTEXT_KEY);
  const mail = mailRaw === undefined || mailRaw === null ? undefined : parseMailSettings(mailRaw, `CDK context "${MAIL_CONTEXT_KEY}"`);
  const configBytes = Buffer.byteLength(JSON.stringify(config));
  if (configBytes > MAX_CONFIG_ENV_BYTES) {
    throw new ConfigError(
      `CDK context "${CONFIG_CONTEXT_KEY}" is ${configBytes} bytes as JSON; the functions receive it in an environment variable, and Lambda allows 4 KB for all of them: keep it under ${MAX_CONFIG_ENV_BYTES} bytes (e.g. send deliveries to a mailing-list address instead of many recipients)`,
      CONFIG_CONTEXT_KEY,
    );
  }
  if (config.deliveries.length && !mail) {
    throw new ConfigError(
      `CDK context "${CONFIG_CONTEXT_KEY}" has deliveries, so CDK context "${MAIL_CONTEXT_KEY}" must name the sender: { "from": "Scorecard <reports@example.com>" }`,
      MAIL_CONTEXT_KEY,
    );
  }
  return {
    config,
    schedule: parseScheduleSettings(jsonContext(tryGetContext(SCHEDULE_CONTEXT_KEY), SCHEDULE_CONTEXT_KEY)),
    ...(mail ? { mail } : {}),
  };
}

export interface FunctionSizing {
  memoryMb: number;
  timeout: Duration;
}

/**
 * Memory and timeout of every function, in one place. Memory also buys CPU on Lambda
 * (1769 MB = 1 vCPU). Figures from bench/ (`npm run bench`, 2-core machine under load):
 * - ingest streams one upload (parse + batched writes): a 100k-row deals CSV (14 MB)
 *   took 84 s with a peak RSS of 200 MB through the handler. 1 GB leaves room for
 *   XLSX uploads; the 15-minute Lambda maximum allows uploads of roughly 1M rows
 *   (larger exports should be split). SQS visibility follows (6x = 90 min).
 * - report loads the dataset and renders the workbooks: 100k deals took 6 s with a
 *   peak RSS of 410 MB; 2 GB and 10 minutes leave room for ten times that.
 */
export const FUNCTION_SIZING = {
  // The use case counts an `incomplete` file younger than this as still being stored.
  ingest: { memoryMb: 1024, timeout: Duration.millis(MAX_INGEST_ATTEMPT_MS) },
  report: { memoryMb: 2048, timeout: Duration.minutes(10) },
  freshness: { memoryMb: 256, timeout: Duration.seconds(30) },
} as const satisfies Record<string, FunctionSizing>;

/** How long function logs are kept. */
export const LOG_RETENTION = RetentionDays.THREE_MONTHS;

/** Bucket lifecycle (days). Uploads and quarterly/annual reviews are kept indefinitely. */
export const LIFECYCLE_DAYS = {
  quarantine: 90,
  rejectedReports: 180,
  weeklyReports: 400,
  noncurrentVersions: 30,
  accessLogs: 365,
  incompleteMultipartUploads: 7,
} as const;

/** SQS redelivery before a message goes to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;

/** An alarm fires when no weekly dashboard was written for longer than this. */
export const WEEKLY_DASHBOARD_MAX_AGE_DAYS = 8;
