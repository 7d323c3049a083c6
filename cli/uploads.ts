/**
 * Finds the files of a local data folder laid out as DIR/<dataset>/*.csv|xlsx
 * (subfolders allowed, as under uploads/<dataset>/ in the bucket).
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DATASETS, type DatasetName } from '../shared/model/types';
import { UsageError } from '../shared/errors';

export interface LocalUpload {
  dataset: DatasetName;
  /** Absolute (or cwd-relative) path of the file. */
  path: string;
  /** Path under the dataset folder, with `/` separators: the key suffix after uploads/<dataset>/. */
  name: string;
  /** The bucket key: uploads/<dataset>/<name>, or uploads/deletions/<dataset>/<name>, uploads/erasure/<name>. */
  key: string;
  size: number;
  /** Modification time (ms): files are uploaded oldest first, as they would reach the bucket. */
  mtimeMs: number;
}

export interface UploadScan {
  uploads: LocalUpload[];
  /** Subfolders that are not a dataset (ignored, reported as a warning). */
  unknownFolders: string[];
  /** Files in dataset folders that are neither CSV nor XLSX (ignored, reported). */
  skippedFiles: string[];
}

const isDataFile = (name: string) => /\.(csv|xlsx)$/i.test(name) && !name.startsWith('~$') && !name.startsWith('.');

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(p)));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Throws UsageError when the folder is missing or holds no dataset folder with a CSV/XLSX file. */
export async function scanDataDir(dataDir: string): Promise<UploadScan> {
  const st = await stat(dataDir).catch(() => null);
  if (!st) throw new UsageError(`data folder ${dataDir} does not exist; pass --data DIR with subfolders ${DATASETS.join(', ')}`);
  if (!st.isDirectory()) throw new UsageError(`--data ${dataDir} is a file, not a folder; pass the folder that holds ${DATASETS.join(', ')}`);
  const uploads: LocalUpload[] = [];
  const unknownFolders: string[] = [];
  const skippedFiles: string[] = [];
  const entries = (await readdir(dataDir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  let datasetFolders = 0;
  const add = async (folder: string, dataset: DatasetName, keyPrefix: string, shown: string) => {
    for (const file of await walk(folder)) {
      const name = relative(folder, file).split(sep).join('/');
      const base = name.split('/').pop()!;
      if (!isDataFile(base)) {
        if (!base.startsWith('~$')) skippedFiles.push(`${shown}/${name}`);
        continue;
      }
      const st = await stat(file);
      uploads.push({ dataset, path: file, name, key: `${keyPrefix}${name}`, size: st.size, mtimeMs: st.mtimeMs });
    }
  };
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    // Deletions and erasure requests, uploaded like data (shared/usecases/delete-object.ts).
    if (entry.name.toLowerCase() === 'erasure') {
      datasetFolders++;
      await add(join(dataDir, entry.name), 'deals', 'uploads/erasure/', entry.name);
      continue;
    }
    if (entry.name.toLowerCase() === 'deletions') {
      datasetFolders++;
      for (const sub of (await readdir(join(dataDir, entry.name), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
        const ds = DATASETS.find((d) => d === sub.name.toLowerCase());
        if (sub.isDirectory() && ds) await add(join(dataDir, entry.name, sub.name), ds, `uploads/deletions/${ds}/`, `${entry.name}/${sub.name}`);
        else if (!sub.name.startsWith('.')) unknownFolders.push(`${entry.name}/${sub.name}`);
      }
      continue;
    }
    const dataset = DATASETS.find((d) => d === entry.name.toLowerCase());
    if (!dataset) {
      unknownFolders.push(entry.name);
      continue;
    }
    datasetFolders++;
    await add(join(dataDir, entry.name), dataset, `uploads/${dataset}/`, entry.name);
  }
  if (datasetFolders === 0) {
    throw new UsageError(
      `no dataset folders in ${dataDir}: expected subfolders ${DATASETS.join(', ')} holding CSV/XLSX files (run 'scorecard generate --out DIR' to see the layout)`,
    );
  }
  if (uploads.length === 0) {
    throw new UsageError(`no CSV or XLSX files in the dataset folders of ${dataDir} (${DATASETS.join(', ')})`);
  }
  return { uploads: byModificationTime(uploads), unknownFolders, skippedFiles };
}

/**
 * Oldest first (ties by dataset and name): the order files would have reached the bucket,
 * so a correction saved after the file it corrects is uploaded after it, whatever its name.
 */
export function byModificationTime(uploads: LocalUpload[]): LocalUpload[] {
  return [...uploads].sort((a, b) => a.mtimeMs - b.mtimeMs || a.dataset.localeCompare(b.dataset) || a.name.localeCompare(b.name));
}
