/** Helpers for the CLI tests: run the real binary as a user would, or main() in-process. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../cli/main';

export const REPO = resolve(__dirname, '../..');
export const BIN = join(REPO, 'bin', 'scorecard.js');
export const FIXTURE = join(REPO, 'test', 'fixtures', 'cli-company');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns `node bin/scorecard.js ...args` (stdout and stderr are pipes, so no progress bars). */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? REPO, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** Runs main() in this process with captured streams. */
export async function runMain(args: string[]): Promise<Run> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const code = await main(args, { stdout: out, stderr: err });
  return { code, stdout, stderr };
}

const created: string[] = [];

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `scorecard-test-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes the folders tempDir made (call in afterAll). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}
