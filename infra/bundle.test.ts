/**
 * Synthesizes WITH bundling (esbuild, no Docker) and checks that every function's
 * bundle exists, carries its source map, and loads on its own (outside the repo, so
 * nothing can come from node_modules) with the Lambda environment set, exporting
 * `handler`. Then runs the bundled ingest and report handlers, in child processes,
 * against the embedded DynamoDB and S3 servers: an upload is ingested and a weekly
 * dashboard written, by exactly the code that would be deployed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableIfMissing } from '../shared/adapters/table';
import { PROJECT_ROOT } from './constructs/scorecard-function';
import { testApp } from './testing';

const require = createRequire(import.meta.url);
const CREDS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const BUCKET = 'scorecard-bundle-test';
const TABLE = 'scorecard-bundle-test';

let outdir: string;
const bundles: { id: string; dir: string; env: Record<string, string> }[] = [];

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'scorecard-bundle-'));
  const { app, pipeline } = testApp({ bundle: true, outdir });
  app.synth();
  const template = JSON.parse(readFileSync(path.join(outdir, `${pipeline.artifactId}.template.json`), 'utf8'));
  const assets = JSON.parse(readFileSync(path.join(outdir, `${pipeline.artifactId}.assets.json`), 'utf8'));
  for (const [id, r] of Object.entries<any>(template.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function' || !r.Properties.Code.S3Key) continue;
    const hash = String(r.Properties.Code.S3Key).replace(/\.zip$/, '');
    const env: Record<string, string> = {};
    // Values that are references in the template (bucket, table, topic) get plausible stand-ins.
    for (const [k, v] of Object.entries<any>(r.Properties.Environment?.Variables ?? {})) env[k] = typeof v === 'string' ? v : `stand-in-${k.toLowerCase()}`;
    bundles.push({ id, dir: path.join(outdir, assets.files[hash].source.path), env });
  }
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** Runs `handler(event)` of a bundle in a fresh Node process; resolves with its JSON result. */
function invokeBundle(file: string, event: unknown, env: Record<string, string>): Promise<{ status: number | null; result: any; stderr: string }> {
  const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)});
const out = await m.handler(JSON.parse(process.env.TEST_EVENT));
process.stdout.write('\\nRESULT ' + JSON.stringify(out) + '\\n');`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH, ...env, TEST_EVENT: JSON.stringify(event) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      resolve({ status, result: line ? JSON.parse(line.slice(7)) : undefined, stderr });
    });
  });
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

describe('bundled functions', () => {
  test('ingest, report and freshness are bundled', () => {
    expect(bundles.map((b) => b.id.replace(/Function[0-9A-F]{8}$/, '')).sort()).toEqual(['Freshness', 'Ingest', 'Report']);
  });

  test('each bundle is one ESM file with a source map, and loads on its own exporting handler', () => {
    for (const b of bundles) {
      const file = path.join(b.dir, 'index.mjs');
      expect(existsSync(file), `${b.id}: ${file}`).toBe(true);
      expect(existsSync(`${file}.map`), `${b.id} source map`).toBe(true);
      const r = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(typeof m.handler);`],
        {
          cwd: tmpdir(),
          encoding: 'utf8',
          env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', AWS_LAMBDA_FUNCTION_NAME: b.id, ...b.env },
        },
      );
      expect(r.stderr, b.id).not.toMatch(/Error/);
      expect(r.status, `${b.id}: ${r.stderr}`).toBe(0);
      expect(r.stdout.trim(), b.id).toBe('function');
    }
  });
});

describe('bundled handlers against the embedded servers', () => {
  let dir: string;
  let dynaServer: http.Server;
  let s3rver: { close(): Promise<void> };
  let s3: S3Client;
  let runtimeEnv: Record<string, string>;
  const bundleOf = (prefix: string) => path.join(bundles.find((b) => b.id.startsWith(prefix))!.dir, 'index.mjs');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scorecard-bundle-run-'));
    const dynalite = require('dynalite');
    dynaServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    const dynaPort = await listen(dynaServer);
    const S3rver = require('s3rver');
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
    const { port: s3Port } = (await server.run()) as AddressInfo;
    s3rver = server;
    const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${dynaPort}`, credentials: CREDS });
    await createTableIfMissing(dynamo, TABLE);
    dynamo.destroy();
    s3 = new S3Client({ region: 'us-east-1', endpoint: `http://127.0.0.1:${s3Port}`, forcePathStyle: true, credentials: CREDS, requestChecksumCalculation: 'WHEN_REQUIRED' });
    const config = readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/cli-company/config.json'), 'utf8');
    runtimeEnv = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      TABLE_NAME: TABLE,
      BUCKET_NAME: BUCKET,
      SCORECARD_CONFIG: JSON.stringify(JSON.parse(config)),
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynaPort}`,
      S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
      LOG_LEVEL: 'WARN',
    };
  });

  afterAll(async () => {
    s3?.destroy();
    await s3rver?.close();
    await new Promise((r) => dynaServer?.close(r));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the bundled ingest handler ingests an upload; the bundled report handler writes the weekly dashboard', async () => {
    const key = 'uploads/deals/deals-2025.csv';
    const csv = readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/cli-company/deals/deals-2025.csv'));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: csv }));
    const sqsEvent = {
      Records: [
        {
          messageId: 'm-1',
          receiptHandle: 'r-1',
          body: JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: BUCKET }, object: { key, size: csv.length } } }] }),
          attributes: {},
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ingest',
          awsRegion: 'us-east-1',
        },
      ],
    };
    const ingest = await invokeBundle(bundleOf('Ingest'), sqsEvent, runtimeEnv);
    expect(ingest.status, ingest.stderr).toBe(0);
    expect(ingest.result).toEqual({ batchItemFailures: [] });
    // Accepted, not quarantined: the upload is still there and nothing is in quarantine/.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const all = (listed.Contents ?? []).map((o) => o.Key);
    expect(all).toContain(key);
    expect(all.filter((k) => k?.startsWith('quarantine/'))).toEqual([]);

    const report = await invokeBundle(bundleOf('Report'), { kind: 'weekly', asOf: '2025-12-31' }, runtimeEnv);
    expect(report.status, report.stderr).toBe(0);
    const keys: string[] = report.result.reports.map((r: { key: string }) => r.key);
    expect(keys.some((k) => k.startsWith('reports/weekly/'))).toBe(true);
    const latest = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'reports/latest/manager-dashboard.xlsx' }));
    const bytes = Buffer.from(await latest.Body!.transformToByteArray());
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // an xlsx is a zip
    expect(bytes.length).toBeGreaterThan(10_000);

    // The bundled freshness check sees the dashboard just written.
    const fresh = await invokeBundle(bundleOf('Freshness'), {}, runtimeEnv);
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(keys).toContain(fresh.result.newestKey);
    expect(fresh.result.ageDays).toBeLessThan(1);
  });
});
