/**
 * Runs one benchmark case in its own child process, so each case's peak RSS is its own.
 * Node cases print a `BENCH_RESULT {json}` line (bench/lib/mem.ts emit()); other
 * commands run under /usr/bin/time, whose max RSS is reported.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RESULT_PREFIX } from './mem';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');
export const LOG_DIR = join(RESULTS_DIR, 'logs');

export interface CaseOutcome {
  ok: boolean;
  result?: Record<string, unknown> & { peakRssMb?: number };
  error?: string;
  wallMs: number;
  /** Max RSS of the whole child as reported by /usr/bin/time (MB). */
  maxRssMb?: number;
  log: string;
}

export interface RunOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Write a CPU profile of the case into bench/results/profiles. */
  cpuProf?: boolean;
  label?: string;
}

function runProcess(cmd: string, argv: string[], opts: RunOptions & { logName: string }): Promise<CaseOutcome> {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = join(LOG_DIR, `${opts.logName}.log`);
  const timeFile = join(LOG_DIR, `${opts.logName}.time`);
  rmSync(timeFile, { force: true });
  const start = performance.now();
  return new Promise((resolveP) => {
    const child = spawn('/usr/bin/time', ['-f', '%M %e', '-o', timeFile, cmd, ...argv], {
      cwd: ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const wallMs = performance.now() - start;
      writeFileSync(log, `$ ${cmd} ${argv.join(' ')}\n--- stdout\n${out}\n--- stderr\n${err}\n`);
      let maxRssMb: number | undefined;
      try {
        const m = /^(\d+) /m.exec(readFileSync(timeFile, 'utf8'));
        if (m) maxRssMb = Number(m[1]) / 1024;
      } catch {
        /* killed */
      }
      const line = out.split('\n').reverse().find((l) => l.startsWith(RESULT_PREFIX));
      let result: CaseOutcome['result'];
      if (line) {
        try {
          result = JSON.parse(line.slice(RESULT_PREFIX.length));
        } catch {
          /* reported below */
        }
      }
      const ok = code === 0 && !timedOut;
      const lastErr = err.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
      resolveP({
        ok,
        result,
        wallMs,
        maxRssMb,
        log,
        error: ok ? undefined : timedOut ? `timed out after ${Math.round((opts.timeoutMs ?? 0) / 1000)} s` : `exit ${code}: ${lastErr.slice(0, 400)}`,
      });
    });
  });
}

/** Runs bench/cases/<name>.ts with node (tsx loader, --expose-gc for phase peaks). */
export function runCase(name: string, argv: string[], opts: RunOptions = {}): Promise<CaseOutcome> {
  const nodeArgs = ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx'];
  if (opts.cpuProf) {
    const dir = join(RESULTS_DIR, 'profiles');
    mkdirSync(dir, { recursive: true });
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${opts.label ?? name}.cpuprofile`);
  }
  return runProcess(process.execPath, [...nodeArgs, join(ROOT, 'bench', 'cases', `${name}.ts`), ...argv], {
    ...opts,
    logName: opts.label ?? name,
  });
}

/** Runs any command (python baseline, the CLI demo) under /usr/bin/time. */
export function runCommand(cmd: string, argv: string[], opts: RunOptions & { label: string }): Promise<CaseOutcome> {
  return runProcess(cmd, argv, { ...opts, logName: opts.label });
}

export interface ServersHandle {
  endpoints: { dynamo: string; s3: string };
  tableName: string;
  stop(): Promise<void>;
}

/** Starts bench/cases/servers.ts (the embedded servers in a process of their own). */
export function startServers(): Promise<ServersHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'cases', 'servers.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    child.stdin.end();
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  };
  return new Promise((resolveP, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^READY (.*)$/m.exec(out);
      if (m) {
        const info = JSON.parse(m[1]) as { endpoints: { dynamo: string; s3: string }; tableName: string };
        resolveP({ ...info, stop });
      }
    });
    child.once('exit', (code) => reject(new Error(`servers exited with ${code}: ${err.slice(-400)}`)));
  });
}
