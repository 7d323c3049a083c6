/**
 * Running LibreOffice headless (soffice --convert-to) for tests and checks: every call gets a fresh user
 * profile, so parallel conversions do not fight over one profile lock, and a time limit.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ScorecardError } from '../../errors';

/** soffice is missing, failed, timed out, or wrote no output. */
export class LibreOfficeError extends ScorecardError {}

const CANDIDATES = [
  '/usr/bin/soffice',
  '/usr/local/bin/soffice',
  '/usr/lib/libreoffice/program/soffice',
  '/opt/libreoffice/program/soffice',
  '/snap/bin/libreoffice',
  '/Applications/LibreOffice.app/Contents/MacOS/soffice',
];

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Path of the soffice executable (PATH first, then the usual install locations), or null when not installed. */
export function findSoffice(searchPath: string = process.env.PATH ?? ''): string | null {
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    const p = join(dir, 'soffice');
    if (executable(p)) return p;
  }
  return CANDIDATES.find(executable) ?? null;
}

export interface ConvertOptions {
  /** Kill soffice after this many milliseconds (default 90 000). */
  timeoutMs?: number;
  /** soffice executable (default: findSoffice()). */
  soffice?: string;
}

/**
 * Converts a file with `soffice --headless --convert-to <format>` into outDir and returns the output path.
 * `format` is a LibreOffice target such as 'pdf', 'ods', 'xlsx' or 'csv:Text - txt - csv (StarCalc):44,34,76'.
 */
export async function convertWithLibreOffice(
  inputPath: string,
  format: string,
  outDir: string,
  options: ConvertOptions = {},
): Promise<string> {
  const soffice = options.soffice ?? findSoffice();
  if (!soffice) throw new LibreOfficeError('LibreOffice (soffice) is not installed or not on PATH');
  if (!existsSync(inputPath)) throw new LibreOfficeError(`no such file to convert: ${inputPath}`);
  const profile = mkdtempSync(join(tmpdir(), 'lo-'));
  const ext = format.split(':')[0];
  const output = resolve(outDir, `${basename(inputPath, extname(inputPath))}.${ext}`);
  const args = [
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    '--headless',
    '--norestore',
    '--nologo',
    '--nodefault',
    '--nolockcheck',
    '--convert-to',
    format,
    '--outdir',
    resolve(outDir),
    resolve(inputPath),
  ];
  try {
    const { stdout, stderr } = await run(soffice, args, options.timeoutMs ?? 90_000, format);
    if (!existsSync(output)) {
      throw new LibreOfficeError(`soffice --convert-to ${format} wrote no ${output}\n${stdout}\n${stderr}`);
    }
    return output;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Runs soffice in its own process group so a timeout kills the whole group (the soffice wrapper script and
 * the soffice.bin it starts), never anything else.
 */
function run(cmd: string, args: string[], timeoutMs: number, format: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(new LibreOfficeError(`soffice --convert-to ${format} could not start: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) fail(new LibreOfficeError(`soffice --convert-to ${format} timed out after ${timeoutMs} ms\n${stderr}`));
      else if (code !== 0) fail(new LibreOfficeError(`soffice --convert-to ${format} failed (exit ${code ?? signal})\n${stderr}`));
      else done({ stdout, stderr });
    });
  });
}
