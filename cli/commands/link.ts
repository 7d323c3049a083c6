/**
 * `npx scorecard link [--bucket NAME] [--expires 7d] [--region R] [--endpoint URL]`
 *
 * Lists the newest workbooks (`reports/latest/`) in the deployed bucket and prints a
 * presigned download URL for each, signed with the CALLER's credentials (the AWS SDK
 * default provider chain: env vars, profile, SSO, instance role). A presigned URL is
 * only valid while the credentials that signed it are: links signed by long-lived
 * IAM user keys last the full --expires; links signed with temporary credentials
 * (SSO, assumed roles, a Lambda's role) die when that session does, so the command
 * warns when the session ends before the link would.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { UsageError } from '../../shared/errors';

export const LATEST_PREFIX = 'reports/latest/';
/** SigV4 presigned URLs live at most 7 days. */
export const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;
export const DEFAULT_EXPIRES = '7d';
/** `cdk deploy --outputs-file cdk-outputs.json` writes `{ "<stack>": { "BucketName": ... } }`. */
export const OUTPUTS_FILE = 'cdk-outputs.json';
export const STATEFUL_STACK = 'ScorecardStateful';

export interface LinkIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export interface LinkDeps {
  /** The S3 client to list and sign with; default: `new S3Client` with the default credential chain. */
  s3?: S3Client;
  env?: NodeJS.ProcessEnv;
  /** Where cdk-outputs.json is looked for. */
  cwd?: string;
  now?: () => Date;
}

export const LINK_USAGE = `Usage: scorecard link [--bucket NAME] [--expires 7d] [--region REGION] [--endpoint URL]

Prints download links for the newest workbooks (reports/latest/) of the deployed bucket,
signed with your AWS credentials.

  --bucket NAME    the data bucket (default: $SCORECARD_BUCKET, else BucketName in ./${OUTPUTS_FILE})
  --expires TIME   how long the links work: 30m, 12h, 7d or seconds; at most 7d (default ${DEFAULT_EXPIRES})
  --region REGION  the bucket's region (default: your AWS configuration)
  --endpoint URL   an S3-compatible endpoint instead of AWS (path-style)

Links signed with temporary credentials (SSO, an assumed role) stop working when
those credentials expire, whatever --expires says.
`;

/** `7d`, `12h`, `30m`, `90s` or a plain number of seconds; 1 s to 7 days. */
export function parseExpires(value: string): number {
  const m = /^(\d+)\s*([smhd]?)$/i.exec(value.trim());
  if (!m) throw new UsageError(`--expires must look like 7d, 12h, 30m or 3600, got "${value}"`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2].toLowerCase() as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(m[1]) * unit;
  if (seconds < 1) throw new UsageError('--expires must be at least 1 second');
  if (seconds > MAX_EXPIRES_SECONDS) {
    throw new UsageError(`--expires must be at most 7d (${MAX_EXPIRES_SECONDS} seconds): S3 presigned (SigV4) URLs cannot live longer`);
  }
  return seconds;
}

/** --bucket, else $SCORECARD_BUCKET, else the stateful stack's BucketName output in cdk-outputs.json. */
export function resolveBucket(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  if (flag) return flag;
  if (env.SCORECARD_BUCKET?.trim()) return env.SCORECARD_BUCKET.trim();
  const file = path.join(cwd, OUTPUTS_FILE);
  if (existsSync(file)) {
    let outputs: Record<string, Record<string, unknown>>;
    try {
      outputs = JSON.parse(readFileSync(file, 'utf8'));
    } catch (cause) {
      throw new UsageError(`${file} is not valid JSON`, { cause });
    }
    const stacks = [outputs[STATEFUL_STACK], ...Object.values(outputs)];
    for (const s of stacks) if (typeof s?.BucketName === 'string') return s.BucketName;
  }
  throw new UsageError(
    `no bucket given: pass --bucket NAME, set SCORECARD_BUCKET, or deploy with \`npx cdk deploy --all --outputs-file ${OUTPUTS_FILE}\` and run this from that folder`,
  );
}

export function formatDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

interface Workbook {
  key: string;
  size: number;
  lastModified?: Date;
}

async function listLatest(s3: S3Client, bucket: string): Promise<Workbook[]> {
  const out: Workbook[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: LATEST_PREFIX, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      if (o.Key && !o.Key.endsWith('/')) out.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  // Workbooks first, then the rest (kpis.json), each by name.
  const rank = (k: string) => (k.toLowerCase().endsWith('.xlsx') ? 0 : 1);
  return out.sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}

function describeError(e: unknown): string {
  const err = e as { name?: string; message?: string; Code?: string };
  const name = err?.name ?? err?.Code ?? 'Error';
  if (name === 'CredentialsProviderError') return `no AWS credentials found (${err.message}); configure them (aws configure / aws sso login) or set AWS_PROFILE`;
  if (name === 'NoSuchBucket') return 'the bucket does not exist (check --bucket / SCORECARD_BUCKET and --region)';
  if (name === 'AccessDenied' || name === 'Forbidden') return `access denied listing the bucket with your credentials: ${err.message ?? name}`;
  return `${name}: ${err?.message ?? String(e)}`;
}

export async function runLink(args: string[], io: LinkIo, deps: LinkDeps = {}): Promise<number> {
  const env = deps.env ?? process.env;
  const now = deps.now ?? (() => new Date());
  let values: { bucket?: string; expires?: string; region?: string; endpoint?: string; help?: boolean };
  let expiresIn: number;
  let bucket: string;
  try {
    try {
      ({ values } = parseArgs({
        args,
        options: {
          bucket: { type: 'string' },
          expires: { type: 'string' },
          region: { type: 'string' },
          endpoint: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (cause) {
      throw new UsageError((cause as Error).message, { cause });
    }
    if (values.help) {
      io.stdout.write(LINK_USAGE);
      return 0;
    }
    expiresIn = parseExpires(values.expires ?? DEFAULT_EXPIRES);
    bucket = resolveBucket(values.bucket, env, deps.cwd ?? process.cwd());
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`scorecard link: ${e.message}\n`);
    return 2;
  }

  const s3 =
    deps.s3 ??
    new S3Client({
      ...(values.region ? { region: values.region } : {}),
      ...(values.endpoint ? { endpoint: values.endpoint, forcePathStyle: true } : {}),
    });
  try {
    const workbooks = await listLatest(s3, bucket);
    if (workbooks.length === 0) {
      io.stderr.write(`scorecard link: nothing under s3://${bucket}/${LATEST_PREFIX} yet (the first scheduled report run writes it)\n`);
      return 1;
    }
    const creds = await s3.config.credentials();
    const signedAt = now();
    const linkEnd = new Date(signedAt.getTime() + expiresIn * 1000);
    io.stdout.write(`Links to the newest workbooks in s3://${bucket}/${LATEST_PREFIX}, valid for ${formatDuration(expiresIn)} (until ${linkEnd.toISOString()}):\n\n`);
    for (const w of workbooks) {
      const name = w.key.slice(LATEST_PREFIX.length);
      const url = await getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket: bucket,
          Key: w.key,
          ResponseContentDisposition: `attachment; filename="${path.posix.basename(name).replace(/["\\]/g, '_')}"`,
        }),
        { expiresIn, signingDate: signedAt },
      );
      const when = w.lastModified ? `, updated ${w.lastModified.toISOString().replace('T', ' ').slice(0, 16)} UTC` : '';
      io.stdout.write(`${name} (${Math.max(1, Math.round(w.size / 1024))} KB${when})\n${url}\n\n`);
    }
    if (creds.sessionToken) {
      const ends = creds.expiration;
      const early = ends && ends < linkEnd;
      io.stderr.write(
        early
          ? `Warning: these links were signed with temporary credentials that expire at ${ends.toISOString()}; the links stop working then, not after ${formatDuration(expiresIn)}. Sign with long-lived credentials for longer links.\n`
          : `Note: these links were signed with temporary credentials (a session token); they stop working when that session ends, even if --expires is longer.\n`,
      );
    }
    return 0;
  } catch (e) {
    io.stderr.write(`scorecard link: ${describeError(e)}\n`);
    return 1;
  } finally {
    if (!deps.s3) s3.destroy();
  }
}
