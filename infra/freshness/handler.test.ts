import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { makeHandler } from './handler';
import { METRIC_NAME, METRIC_NAMESPACE } from './metric';

const require = createRequire(import.meta.url);
const BUCKET = 'scorecard-data';
const EMPTY = 'scorecard-empty';
const DAY = 86_400_000;

let dir: string;
let server: { close(): Promise<void> };
let s3: S3Client;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'scorecard-freshness-'));
  const S3rver = require('s3rver');
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: BUCKET, configs: [] }, { name: EMPTY, configs: [] }] });
  const { port } = (await s3rver.run()) as AddressInfo;
  server = s3rver;
  s3 = new S3Client({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, requestChecksumCalculation: 'WHEN_REQUIRED' });
  const put = (Key: string) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x' }));
  await put('reports/weekly/2026-W46/manager-dashboard-2026-W46.xlsx');
  await put('reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx');
  await put('reports/weekly/2026-W47/kpis.json'); // not a dashboard
  await put('reports/quarterly/FY2026-Q3/finance-review-FY2026-Q3.xlsx'); // not weekly
});

afterAll(async () => {
  s3?.destroy();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function lastModified(key: string): Promise<Date> {
  return (await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).LastModified!;
}

describe('freshness check', () => {
  test('reports the age of the newest weekly dashboard as an embedded-metric log line', async () => {
    const lines: string[] = [];
    const newest = 'reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx';
    const written = await lastModified(newest);
    const kpisWritten = await lastModified('reports/weekly/2026-W47/kpis.json');
    const quarterlyWritten = await lastModified('reports/quarterly/FY2026-Q3/finance-review-FY2026-Q3.xlsx');
    expect(kpisWritten >= written && quarterlyWritten >= written).toBe(true); // only .xlsx under weekly/ count
    const now = new Date(written.getTime() + 8.5 * DAY);
    const result = await makeHandler({ s3, bucket: BUCKET, now: () => now, log: (l) => lines.push(l) })();
    expect(result.newestKey).toBe(newest);
    expect(result.ageDays).toBeCloseTo(8.5, 6);

    expect(lines).toHaveLength(1);
    const emf = JSON.parse(lines[0]);
    expect(emf._aws.Timestamp).toBe(now.getTime());
    expect(emf._aws.CloudWatchMetrics).toEqual([{ Namespace: METRIC_NAMESPACE, Dimensions: [['Bucket']], Metrics: [{ Name: METRIC_NAME, Unit: 'None' }] }]);
    expect(emf.Bucket).toBe(BUCKET);
    expect(emf[METRIC_NAME]).toBeCloseTo(8.5, 6);
  });

  test('no weekly dashboard yet: no datapoint, a warning', async () => {
    const lines: string[] = [];
    const result = await makeHandler({ s3, bucket: EMPTY, now: () => new Date(), log: (l) => lines.push(l) })();
    expect(result).toEqual({ newestKey: null, ageDays: null });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])._aws).toBeUndefined();
    expect(JSON.parse(lines[0]).level).toBe('WARN');
  });
});
