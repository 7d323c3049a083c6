/**
 * Memory and result helpers for a benchmark case running in its own child process.
 * Peak RSS is the kernel's high-water mark (VmHWM), which can be reset between phases
 * (clear_refs 5) so a phase's peak is measured on its own.
 */
import { readFileSync, writeFileSync } from 'node:fs';

function statusKb(field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`));
    if (m) return Number(m[1]);
  } catch {
    /* not Linux */
  }
  return field === 'VmHWM' ? process.resourceUsage().maxRSS : Math.round(process.memoryUsage().rss / 1024);
}

/** Peak resident set size of this process so far (or since the last resetPeak), in MB. */
export function peakRssMb(): number {
  return statusKb('VmHWM') / 1024;
}

export function rssMb(): number {
  return statusKb('VmRSS') / 1024;
}

/** Resets the peak RSS to the current RSS (Linux); later peakRssMb() covers only what follows. */
export function resetPeak(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

/** Prints the case's result as one JSON line for the parent (bench/lib/spawn.ts) to pick up. */
export function emit(result: Record<string, unknown>): void {
  process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify({ ...result, peakRssMb: result.peakRssMb ?? peakRssMb() })}\n`);
}

export function now(): number {
  return performance.now();
}

/** Parses `--key value` pairs of a case's argv. */
export function args(argv = process.argv.slice(2)): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) out[a.slice(2)] = 'true';
      else {
        out[a.slice(2)] = next;
        i++;
      }
    }
  }
  return out;
}

export function required(a: Record<string, string>, key: string): string {
  const v = a[key];
  if (v === undefined) throw new Error(`missing --${key}`);
  return v;
}
