/**
 * The local pipeline behind `scorecard demo` and `scorecard report`: the same path
 * files take in AWS. Start the embedded DynamoDB/S3/SES servers, upload every file
 * through the S3 API to uploads/<dataset>/<file>, let the upload events drive the
 * ingest handler, run the report handler as the schedule calls it, and copy the
 * outputs out of the local bucket into OUT.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from '../shared/config/config';
import { ScorecardError, UsageError } from '../shared/errors';
import type { KpiDocument } from '../shared/engine/types';
import type { BlobStore } from '../shared/ports';
import { startLocalStack, type LocalStack } from '../shared/local/runtime';
import type { IngestOutcome } from '../shared/usecases/ingest-object';
import type { Progress } from './progress';
import { scanDataDir, type LocalUpload, type UploadScan } from './uploads';
import { planUploads, readManifest, uploadKeyOf, writeManifest } from './local-state';
import { runReportHandler, type ReportOutputs } from './report-step';
import { plural } from './summary';
import type { DeliverResult } from '../shared/usecases/deliver';
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
  /** What deletion and erasure uploads deleted, copied to OUT/deletions/. */
  deletions: string[];
  /** The e-mails of the config's deliveries, written to OUT/mail/ as .eml files. */
  mail?: MailFiles;
}

export interface MailFiles {
  dir: string;
  /** .eml files written (the messages sent by this run). */
  files: string[];
  alreadySent: number;
  failed: number;
}

export async function runPipeline(opts: PipelineOptions): Promise<PipelineResult> {
  const { progress } = opts;
  const scan = opts.scan ?? (await scanDataDir(opts.dataDir));
  for (const f of scan.unknownFolders) progress.warn(`ignoring folder ${join(opts.dataDir, f)}: not a dataset (expected deals, stage-events, surveys, finance, targets)`);
  for (const f of scan.skippedFiles) progress.warn(`ignoring ${join(opts.dataDir, f)}: only .csv and .xlsx files are read`);

  await mkdir(opts.outDir, { recursive: true }).catch((e: Error) => {
    throw new UsageError(`cannot create the output folder ${opts.outDir}: ${e.message}`, { cause: e });
  });

  // With --state, only new or changed files are uploaded (the bucket already has the rest).
  const manifest = opts.stateDir ? await readManifest(opts.stateDir) : { files: {} };
  const plan = await planUploads(scan.uploads, manifest, opts.config);
  if (plan.configChanges.length) {
    progress.warn(
      `the configuration differs from the one the stored data was read with (${plan.configChanges.join(', ')}); ` +
        `files already stored keep what the earlier one made of them: save them again (or use a new --state folder) to reread them`,
    );
  }
  const total = plan.toUpload.length;
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
    for (const { upload: u } of plan.toUpload) {
      await stack.uploadFile(u.path, uploadKeyOf(u));
      bytes += u.size;
      upload.tick(1, `${u.dataset}/${u.name}`);
    }
    const unchanged = plan.unchanged.length ? `; ${plan.unchanged.length} unchanged since the last run, not uploaded again` : '';
    upload.done(`${total} file${total === 1 ? '' : 's'}, ${(bytes / 1024 / 1024).toFixed(1)} MB through the S3 API${unchanged}`);

    ingestStep = progress.step('ingest', total);
    if (early.length) ingestStep.tick(early.length);
    const outcomes = await stack.waitForIngestIdle();
    if (opts.stateDir) {
      for (const { upload: u, hash } of plan.toUpload) manifest.files[uploadKeyOf(u)] = hash;
      await writeManifest(opts.stateDir, { files: manifest.files, config: opts.config });
    }
    const accepted = outcomes.filter((o) => o.status === 'accepted' || o.status === 'partial');
    const rowsAccepted = outcomes.reduce((s, o) => s + o.rowsAccepted, 0);
    const rowsRejected = outcomes.reduce((s, o) => s + o.rowsRejected, 0);
    const quarantined = outcomes.filter((o) => o.status === 'quarantined' || o.status === 'failed');
    ingestStep.done(
      `${plural(rowsAccepted, 'row')} stored, ${rowsRejected} rejected` + (quarantined.length ? `, ${plural(quarantined.length, 'file')} rejected whole` : ''),
    );
    for (const o of outcomes) {
      if (o.recognisedAs) progress.log(`${o.key}: recognised as a ${o.recognisedAs}${o.stageEventsAccepted ? ` (${o.stageEventsAccepted} stage events from its stage-entry dates)` : ''}`);
      if (o.status === 'quarantined' || o.status === 'failed') progress.warn(`${o.key} was not ingested: ${o.error ?? o.status}`);
      if (o.deleted) progress.log(`${o.key}: deleted ${Object.entries(o.deleted).map(([d, n]) => `${n} ${d}`).join(', ') || 'nothing'}`);
      for (const w of o.warnings) progress.warn(`${o.key}: ${w}`);
    }

    // Written before any report, so that a run that cannot report still explains every rejection.
    const quarantine = await copyPrefix(stack.blobs, 'quarantine/', join(opts.outDir, 'quarantine'), (k) => k.endsWith('.error.txt'));
    const rejected = await copyPrefix(stack.blobs, 'reports/rejected/', join(opts.outDir, 'rejected'));
    const explained = [rejected.length ? `${join(opts.outDir, 'rejected')}/ (why each row was rejected)` : '', quarantine.length ? `${join(opts.outDir, 'quarantine')}/` : '']
      .filter(Boolean)
      .join(' and ');
    if (accepted.length === 0 && !opts.stateDir) {
      throw new UsageError(`no file could be read (${quarantined.length} rejected whole)${explained ? `; see ${explained}` : ''}`);
    }
    if (rowsAccepted === 0 && rowsRejected > 0 && !opts.stateDir) {
      throw new UsageError(
        `nothing to report: every row was rejected (${plural(rowsRejected, 'row')}${quarantined.length ? `, ${plural(quarantined.length, 'file')} rejected whole` : ''}); see ${explained}`,
      );
    }

    const report = progress.step('report', 3);
    let outputs: ReportOutputs;
    try {
      outputs = await runReportHandler(stack, { asOf: opts.asOf, config: opts.config, now: opts.now, where: localPathOf(opts.outDir), onProgress: (detail, written) => report.tick(written ? 1 : 0, detail) });
    } catch (e) {
      if (e instanceof ScorecardError && explained && /^nothing to report/.test(e.message)) throw new ScorecardError(`${e.message}; see ${explained}`, { cause: e });
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
    const mail = outputs.deliveries ? await writeMail(stack, outputs.deliveries, join(opts.outDir, 'mail')) : undefined;
    for (const f of outputs.deliveries?.outcomes.filter((o) => o.status === 'failed') ?? []) {
      progress.warn(`e-mail to ${f.recipient} (${f.workbook}) not sent: ${f.error ?? 'unknown error'}`);
    }
    const deletions = await copyPrefix(stack.blobs, 'reports/deletions/', join(opts.outDir, 'deletions'));
    copy.done(`to ${opts.outDir}`);

    return {
      outDir: opts.outDir,
      uploads: scan.uploads,
      outcomes,
      kpisPath,
      document: JSON.parse(kpisBody.toString('utf8')) as KpiDocument,
      workbooks,
      rejected,
      deletions,
      quarantine,
      mail,
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stack.stop();
  }
}

/** What the embedded SES server received in this run, as .eml files: `OUT/mail/<nn>-<recipient>-<workbook>.eml`. */
async function writeMail(stack: LocalStack, d: DeliverResult, dir: string): Promise<MailFiles> {
  const sent = d.outcomes.filter((o) => o.status === 'sent' && o.messageId);
  const files: string[] = [];
  // The folder shows this run's e-mails only: an earlier run's .eml files go.
  for (const f of await readdir(dir).catch(() => [] as string[])) if (f.endsWith('.eml')) await rm(join(dir, f), { force: true });
  if (sent.length) {
    await mkdir(dir, { recursive: true });
    const mails = await stack.sentMail(sent.map((o) => o.messageId!));
    for (const [i, m] of mails.entries()) {
      const o = sent[i];
      const name = `${String(i + 1).padStart(2, '0')}-${o.recipient}-${(o.filename ?? o.workbook).replace(/\.xlsx$/, '')}`.replace(/[^A-Za-z0-9@._-]+/g, '_');
      const path = join(dir, `${name}.eml`);
      await writeFile(path, m.eml);
      files.push(path);
    }
  }
  return { dir, files, alreadySent: d.alreadySent, failed: d.failed };
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
