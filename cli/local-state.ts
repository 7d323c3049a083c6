/**
 * What `--state DIR` remembers besides the embedded store, so a run behaves like the
 * bucket: `DIR/uploads.json` holds the content hash of every file uploaded so far and the
 * configuration the stored data was read with. A run uploads only files that are new or
 * whose content changed (in modification-time order), and says so when the configuration
 * differs from the one kept.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../shared/config/config';
import { UsageError } from '../shared/errors';
import type { LocalUpload } from './uploads';

export const STATE_MANIFEST = 'uploads.json';

export interface StateManifest {
  /** S3 key -> sha256 of the content last uploaded there. */
  files: Record<string, string>;
  /** The configuration of the last run. */
  config?: Config;
}

export function uploadKeyOf(u: LocalUpload): string {
  return u.key;
}

export async function readManifest(stateDir: string): Promise<StateManifest> {
  const path = join(stateDir, STATE_MANIFEST);
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new UsageError(`cannot read ${path}: ${e.message}`, { cause: e });
  });
  if (text === null) return { files: {} };
  try {
    const m = JSON.parse(text) as StateManifest;
    return { files: m.files ?? {}, ...(m.config ? { config: m.config } : {}) };
  } catch (e) {
    throw new UsageError(`${path} is not valid JSON; remove it to upload every file again`, { cause: e });
  }
}

export async function writeManifest(stateDir: string, manifest: StateManifest): Promise<void> {
  const path = join(stateDir, STATE_MANIFEST);
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

export interface StatePlan {
  /** New or changed files, in the order to upload them. */
  toUpload: { upload: LocalUpload; hash: string }[];
  unchanged: LocalUpload[];
  /** Configuration keys whose value differs from the kept configuration (empty when the same or none kept). */
  configChanges: string[];
}

export async function planUploads(uploads: LocalUpload[], manifest: StateManifest, config: Config): Promise<StatePlan> {
  const toUpload: StatePlan['toUpload'] = [];
  const unchanged: LocalUpload[] = [];
  for (const upload of uploads) {
    const hash = await sha256File(upload.path);
    if (manifest.files[uploadKeyOf(upload)] === hash) unchanged.push(upload);
    else toUpload.push({ upload, hash });
  }
  return { toUpload, unchanged, configChanges: manifest.config ? configDiff(manifest.config, config) : [] };
}

function configDiff(a: Config, b: Config): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const rec = (c: Config) => c as unknown as Record<string, unknown>;
  return keys.filter((k) => JSON.stringify(rec(a)[k]) !== JSON.stringify(rec(b)[k]));
}
