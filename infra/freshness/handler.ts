/**
 * Freshness check (runs daily from EventBridge Scheduler): how many days since the
 * newest weekly manager dashboard (`reports/weekly/**.xlsx`) was written, emitted as
 * the CloudWatch metric Scorecard/DaysSinceWeeklyDashboard through the embedded
 * metric format (a JSON log line; no CloudWatch API call, no extra permission).
 * The "no weekly dashboard in 8 days" alarm watches that metric: CloudWatch alarms
 * cannot look back more than 7 days, so "nothing happened for 8 days" has to be
 * turned into a number that is present every day.
 *
 * Lives in infra/ because it is part of the deployment's monitoring, not of the
 * product (it has no local equivalent).
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { METRIC_NAME, METRIC_NAMESPACE } from './metric';

export const WEEKLY_PREFIX = 'reports/weekly/';
const DAY_MS = 86_400_000;

export interface Freshness {
  newestKey: string | null;
  /** Days (fractional) since the newest weekly dashboard was written; null when there is none yet. */
  ageDays: number | null;
}

export interface FreshnessDeps {
  s3: Pick<S3Client, 'send'>;
  bucket: string;
  now: () => Date;
  log: (line: string) => void;
}

export async function newestWeeklyDashboard(s3: FreshnessDeps['s3'], bucket: string): Promise<{ key: string; at: Date } | null> {
  let newest: { key: string; at: Date } | null = null;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: WEEKLY_PREFIX, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      if (!o.Key?.toLowerCase().endsWith('.xlsx') || !o.LastModified) continue;
      // Ties (S3 times have 1-second resolution): the later week name (YYYY-Www sorts).
      const t = o.LastModified.getTime();
      if (!newest || t > newest.at.getTime() || (t === newest.at.getTime() && o.Key > newest.key)) newest = { key: o.Key, at: o.LastModified };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return newest;
}

/** The embedded-metric-format log line CloudWatch turns into one datapoint. */
export function emfLine(bucket: string, ageDays: number, newestKey: string, now: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [['Bucket']], Metrics: [{ Name: METRIC_NAME, Unit: 'None' }] }],
    },
    Bucket: bucket,
    [METRIC_NAME]: ageDays,
    newestKey,
    message: 'weekly dashboard freshness',
  });
}

export function makeHandler(deps: FreshnessDeps): () => Promise<Freshness> {
  return async () => {
    const now = deps.now();
    const newest = await newestWeeklyDashboard(deps.s3, deps.bucket);
    if (!newest) {
      // Nothing published yet (fresh deployment): no datapoint, so the alarm stays quiet
      // until the first dashboard exists; a failing report run raises its own alarms.
      deps.log(JSON.stringify({ level: 'WARN', message: 'no weekly dashboard has been published yet', bucket: deps.bucket }));
      return { newestKey: null, ageDays: null };
    }
    const ageDays = Math.max(0, (now.getTime() - newest.at.getTime()) / DAY_MS);
    deps.log(emfLine(deps.bucket, ageDays, newest.key, now));
    return { newestKey: newest.key, ageDays };
  };
}

let cold: (() => Promise<Freshness>) | undefined;

export const handler = async (): Promise<Freshness> => {
  if (!cold) {
    const bucket = process.env.BUCKET_NAME;
    if (!bucket) throw new Error('environment variable BUCKET_NAME is required');
    // Raw stdout: the runtime's console.log prefixes lines, and EMF needs the line to be pure JSON.
    // S3_ENDPOINT: an S3-compatible server (tests), as for the other functions.
    const endpoint = process.env.S3_ENDPOINT;
    const s3 = new S3Client(endpoint ? { endpoint, forcePathStyle: true } : {});
    cold = makeHandler({ s3, bucket, now: () => new Date(), log: (line) => process.stdout.write(`${line}\n`) });
  }
  return cold();
};
