/**
 * The local pipeline behind `scorecard demo` and `scorecard report`: the same path
 * files take in AWS. Start the embedded DynamoDB/S3 servers, upload every file
 * through the S3 API to uploads/<dataset>/<file>, let the upload events drive the
 * ingest handler, run the report handler as the schedule calls it, and copy the
 * outputs out of the local bucket into OUT.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from '../shared/config/config';
import { ScorecardError, UsageError } from '../shared/errors';
import type { KpiDocument } from '../shared/engine/types';
import type { BlobStore } from '../shared/ports';
import { startLocalStack, type LocalStack } from '../shared/local/runtime';
import type { IngestOutcome } from '../shared/usecases/ingest-object';
import type { Progress } from './progress';
import { scanDataDir, type LocalUpload, type UploadScan } from './uploads';
import { runReportHandler, type ReportOutputs } from './report-step';
import { localPathOf } from '../shared/report/periods';

export interface PipelineOptions {
  dataDir: string;
  outDir: string;
  asOf: string;
  config: Config;
  /** Keep the embedded store here between runs; temporary otherwise. */
  stateDir?: string;
  progress: Progress;
  now?: () => Date;
  /** The folder's files when the caller has already scanned it. */
  scan?: UploadScan;
}

export interface WorkbookFile {
  kind: 'weekly' | 'quarterly' | 'annual';
  /** Period id: 2026-W47, FY2026-Q3, FY2026. */
  period: string;
  path: string;
}

export interface PipelineResult {
  outDir: string;
  uploads: LocalUpload[];
  outcomes: IngestOutcome[];
  kpisPath: string;
  document: KpiDocument;
  workbooks: WorkbookFile[];
  /** Rejected-rows reports copied to OUT/rejected/. */
  rejected: string[];
  /** Whole-file error texts copied to OUT/quarantine/. */
  quarantine: string[];
}

export async function runPipeline(opts: PipelineOptions): Promise<PipelineResult> {
  const { progress } = opts;
  const scan = opts.scan ?? (await scanDataDir(opts.dataDir));
  for (const f of scan.unknownFolders) progress.warn(`ignoring folder ${join(opts.dataDir, f)}: not a dataset (expected deals, stage-events, surveys, finance, targets)`);
  for (const f of scan.skippedFiles) progress.warn(`ignoring ${join(opts.dataDir, f)}: only .csv and .xlsx files are read`);

  await mkdir(opts.outDir, { recursive: true }).catch((e: Error) => {
    throw new UsageError(`cannot create the output folder ${opts.outDir}: ${e.message}`, { cause: e });
  });

  const total = scan.uploads.length;
  let ingestStep: ReturnType<Progress['step']> | null = null;
  const early: IngestOutcome[] = [];
  const stack: LocalStack = await startLocalStack({
    stateDir: opts.stateDir,
    config: opts.config,
    now: opts.now,
    onIngest: (o) => {
      if (ingestStep) ingestStep.tick(1, o.fileName ?? o.key);
      else early.push(o);
    },
  });
  // Ctrl-C: stop the servers first, so the temporary store is removed and a --state lock released.
  const onSignal = (signal: NodeJS.Signals) => {
    progress.log(`${signal}: stopping the embedded servers`);
    void stack.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const upload = progress.step('upload', total);
    let bytes = 0;
    for (const u of scan.uploads) {
      await stack.uploadFile(u.path, `uploads/${u.dataset}/${u.name}`);
      bytes += u.size;
      upload.tick(1, `${u.dataset}/${u.name}`);
    }
    upload.done(`${total} file${total === 1 ? '' : 's'}, ${(bytes / 1024 / 1024).toFixed(1)} MB through the S3 API`);

    ingestStep = progress.step('ingest', total);
    if (early.length) ingestStep.tick(early.length);
    const outcomes = await stack.waitForIngestIdle();
    const accepted = outcomes.filter((o) => o.status === 'accepted' || o.status === 'partial');
    const rowsAccepted = outcomes.reduce((s, o) => s + o.rowsAccepted, 0);
    const rowsRejected = outcomes.reduce((s, o) => s + o.rowsRejected, 0);
    const quarantined = outcomes.filter((o) => o.status === 'quarantined' || o.status === 'failed');
    ingestStep.done(
      `${rowsAccepted} rows stored, ${rowsRejected} rejected` + (quarantined.length ? `, ${quarantined.length} file(s) rejected whole` : ''),
    );
    for (const o of outcomes) {
      if (o.status === 'quarantined' || o.status === 'failed') progress.warn(`${o.key} was not ingested: ${o.error ?? o.status}`);
      if (o.unknownColumns.length) progress.warn(`${o.key}: unknown columns ignored: ${o.unknownColumns.join(', ')}`);
      for (const w of o.warnings) progress.warn(`${o.key}: ${w}`);
    }

    const quarantine = await copyPrefix(stack.blobs, 'quarantine/', join(opts.outDir, 'quarantine'), (k) => k.endsWith('.error.txt'));
    if (accepted.length === 0 && !opts.stateDir) {
      throw new UsageError(
        `no file could be read (${quarantined.length} rejected whole)${quarantine.length ? `; see ${join(opts.outDir, 'quarantine')}` : ''}`,
      );
    }

    const report = progress.step('report', 3);
    let outputs: ReportOutputs;
    try {
      outputs = await runReportHandler(stack, { asOf: opts.asOf, config: opts.config, now: opts.now, where: localPathOf(opts.outDir), onProgress: (detail, written) => report.tick(written ? 1 : 0, detail) });
    } catch (e) {
      if (e instanceof ScorecardError) throw e;
      throw new ScorecardError(`the report could not be produced: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    report.done(`${outputs.workbooks.length} workbooks as of ${opts.asOf}`);

    const copy = progress.step('copy', outputs.workbooks.length + 1);
    const workbooks: WorkbookFile[] = [];
    for (const w of outputs.workbooks) {
      const path = join(opts.outDir, w.key.split('/').pop()!);
      await writeFile(path, await stack.blobs.getBuffer(w.key));
      workbooks.push({ kind: w.kind, period: w.period, path });
      copy.tick(1, path);
    }
    const kpisBody = await stack.blobs.getBuffer(outputs.kpisKey);
    const kpisPath = join(opts.outDir, 'kpis.json');
    await writeFile(kpisPath, kpisBody);
    copy.tick(1, kpisPath);
    const rejected = await copyPrefix(stack.blobs, 'reports/rejected/', join(opts.outDir, 'rejected'));
    copy.done(`to ${opts.outDir}`);

    return {
      outDir: opts.outDir,
      uploads: scan.uploads,
      outcomes,
      kpisPath,
      document: JSON.parse(kpisBody.toString('utf8')) as KpiDocument,
      workbooks,
      rejected,
      quarantine,
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stack.stop();
  }
}

/** Copies every object under `prefix` to `dir`, keeping the key's path below the prefix. */
async function copyPrefix(blobs: BlobStore, prefix: string, dir: string, keep: (key: string) => boolean = () => true): Promise<string[]> {
  const out: string[] = [];
  for (const b of await blobs.list(prefix)) {
    if (!keep(b.key)) continue;
    const path = join(dir, ...b.key.slice(prefix.length).split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await blobs.getBuffer(b.key));
    out.push(path);
  }
  return out;
}
