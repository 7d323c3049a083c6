/**
 * Synthesizes WITH bundling (esbuild, no Docker) and checks that every function's
 * bundle exists, carries its source map, and loads on its own (outside the repo, so
 * nothing can come from node_modules) with the Lambda environment set, exporting
 * `handler`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testApp } from './testing';

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
