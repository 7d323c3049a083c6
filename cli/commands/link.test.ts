import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { MAX_EXPIRES_SECONDS, parseExpires, resolveBucket, runLink } from './link';

const require = createRequire(import.meta.url);
const BUCKET = 'scorecard-data';
const EMPTY_BUCKET = 'scorecard-empty';
const CREDS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const dashboard = Buffer.from('PK\u0003\u0004 pretend this is a workbook, with some bytes: \u00e9\u00fc\u4e2d');
const finance = Buffer.alloc(3000, 7);

let dir: string;
let server: { close(): Promise<void> };
let endpoint: string;
let s3: S3Client;

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } } };
}
const urlsIn = (text: string) => text.split('\n').filter((l) => l.startsWith('http'));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'scorecard-link-'));
  const S3rver = require('s3rver');
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(dir, 's3'), configureBuckets: [{ name: BUCKET, configs: [] }, { name: EMPTY_BUCKET, configs: [] }] });
  const addr = (await s3rver.run()) as AddressInfo;
  server = s3rver;
  endpoint = `http://127.0.0.1:${addr.port}`;
  s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDS, requestChecksumCalculation: 'WHEN_REQUIRED' });
  const put = (Key: string, Body: Buffer | string) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  await put('reports/latest/manager-dashboard.xlsx', dashboard);
  await put('reports/latest/finance-review.xlsx', finance);
  await put('reports/latest/kpis.json', '{"asOf":"2026-11-22"}');
  await put('reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx', dashboard);
  await put('uploads/deals/deals.csv', 'deal_id\n1\n');
});

afterAll(async () => {
  s3?.destroy();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('scorecard link', () => {
  test('prints a working presigned URL for every object under reports/latest/, and nothing else', async () => {
    const { out, io } = capture();
    const code = await runLink(['--bucket', BUCKET, '--expires', '2h'], io, { s3 });
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    const urls = urlsIn(out.stdout);
    expect(urls).toHaveLength(3);
    expect(out.stdout).toContain('manager-dashboard.xlsx');
    expect(out.stdout).not.toContain('2026-W47');
    expect(out.stdout).not.toContain('uploads/');
    expect(out.stdout).toContain('2 hours');
    const byName = (name: string) => urls.find((u) => new URL(u).pathname.endsWith(`/reports/latest/${name}`))!;
    // The URLs carry the whole authorization: a plain GET with no credentials downloads the object.
    const res = await fetch(byName('manager-dashboard.xlsx'));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(dashboard);
    expect(res.headers.get('content-disposition')).toContain('manager-dashboard.xlsx');
    const fin = await fetch(byName('finance-review.xlsx'));
    expect(Buffer.from(await fin.arrayBuffer())).toEqual(finance);
    expect(new URL(byName('kpis.json')).searchParams.get('X-Amz-Expires')).toBe('7200');
  });

  test('a link stops working once it has expired; the default lifetime is the 7-day maximum', async () => {
    const { out, io } = capture();
    const twoHoursAgo = () => new Date(Date.now() - 2 * 3600_000);
    expect(await runLink(['--bucket', BUCKET, '--expires', '1h'], io, { s3, now: twoHoursAgo })).toBe(0);
    const expired = urlsIn(out.stdout)[0];
    expect((await fetch(expired)).status).toBe(403);

    const fresh = capture();
    await runLink(['--bucket', BUCKET], fresh.io, { s3 });
    const good = new URL(urlsIn(fresh.out.stdout)[0]);
    expect((await fetch(good)).status).toBe(200);
    expect(good.searchParams.get('X-Amz-Expires')).toBe(String(MAX_EXPIRES_SECONDS)); // default 7 days
  });

  test('the bucket comes from SCORECARD_BUCKET or from cdk-outputs.json when --bucket is not given', async () => {
    const env = capture();
    expect(await runLink([], env.io, { s3, env: { SCORECARD_BUCKET: BUCKET }, cwd: dir })).toBe(0);
    expect(urlsIn(env.out.stdout)).toHaveLength(3);

    const cwd = mkdtempSync(path.join(dir, 'deploy-'));
    writeFileSync(path.join(cwd, 'cdk-outputs.json'), JSON.stringify({ ScorecardPipeline: { TopicArn: 'arn:x' }, ScorecardStateful: { BucketName: BUCKET, TableName: 't' } }));
    expect(resolveBucket(undefined, {}, cwd)).toBe(BUCKET);
    const file = capture();
    expect(await runLink([], file.io, { s3, env: {}, cwd })).toBe(0);
    expect(urlsIn(file.out.stdout)).toHaveLength(3);
  });

  test('no bucket anywhere: exit 2 with what to do', async () => {
    const { out, io } = capture();
    expect(await runLink([], io, { s3, env: {}, cwd: mkdtempSync(path.join(dir, 'empty-')) })).toBe(2);
    expect(out.stderr).toMatch(/--bucket.*SCORECARD_BUCKET.*cdk-outputs\.json/);
    expect(out.stdout).toBe('');
  });

  test('--expires longer than 7 days (the SigV4 limit) or malformed is refused before anything is signed', async () => {
    for (const bad of ['8d', '604801', '169h', 'soon', '0']) {
      const { out, io } = capture();
      expect(await runLink(['--bucket', BUCKET, '--expires', bad], io, { s3 }), bad).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(/--expires/);
    }
    expect(parseExpires('7d')).toBe(MAX_EXPIRES_SECONDS);
    expect(parseExpires('168h')).toBe(MAX_EXPIRES_SECONDS);
    expect(parseExpires('30m')).toBe(1800);
    expect(parseExpires('90')).toBe(90);
  });

  test('an unknown flag is a usage error; an empty reports/latest/ or a missing bucket is a one-line error', async () => {
    const flag = capture();
    expect(await runLink(['--bucket', BUCKET, '--forever'], flag.io, { s3 })).toBe(2);
    expect(flag.out.stderr).toMatch(/^scorecard link: .*--forever/);

    const empty = capture();
    expect(await runLink(['--bucket', EMPTY_BUCKET], empty.io, { s3 })).toBe(1);
    expect(empty.out.stderr).toContain('nothing under s3://scorecard-empty/reports/latest/');
    expect(empty.out.stdout).toBe('');

    const missing = capture();
    expect(await runLink(['--bucket', 'no-such-bucket'], missing.io, { s3 })).toBe(1);
    expect(missing.out.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.out.stderr).toMatch(/bucket does not exist/);
  });

  test('links signed with temporary credentials that end before the link would: a warning says when they stop working', async () => {
    const sessionEnds = new Date(Date.now() + 3600_000);
    const temp = new S3Client({
      region: 'us-east-1', endpoint, forcePathStyle: true,
      credentials: async () => ({ ...CREDS, sessionToken: 'session', expiration: sessionEnds }),
    });
    try {
      const { out, io } = capture();
      expect(await runLink(['--bucket', BUCKET, '--expires', '7d'], io, { s3: temp })).toBe(0);
      expect(out.stderr).toContain('temporary credentials');
      expect(out.stderr).toContain(sessionEnds.toISOString());
    } finally {
      temp.destroy();
    }
  });
});
