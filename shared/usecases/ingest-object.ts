/**
 * Ingests one uploaded object (an S3 ObjectCreated event under `uploads/`).
 *
 *   uploads/<dataset>/<path>  --readUpload-->  records (upserted by natural key)
 *                                             reports/rejected/<dataset>/<path>.errors.csv  (bad rows, if any)
 *                             --whole-file error-->  quarantine/<dataset>/<path> + <path>.error.txt, removed from uploads/
 *
 * Idempotent and order-proof: records are upserted by natural key and the file record by
 * S3 key, each tagged with the upload's version (event time + sequencer) and never written
 * over a later upload's, so re-delivered, duplicated, late or concurrent events leave the
 * table as one in-order run would. The file record says `incomplete` while the rows are
 * stored (and if storing never finishes): those rows do not count until it is complete. Whole-file problems are
 * acknowledged (quarantined, returned normally); everything else (store, network)
 * is thrown as TransientError so the message is retried.
 */
import type { Readable } from 'node:stream';
import { FileRejectedError, TransientError } from '../errors';
import { datasetFromKey, issuesToCsv, readUpload, type Limits } from '../ingest';
import type { Config } from '../config/config';
import { DATASETS, MAX_FILE_WARNINGS, type DatasetName, type FileRecord, type RowIssue } from '../model/types';
import type { BlobInfo, BlobStore, RecordStore, UploadSource } from '../ports';
import { uploadVersion } from './upload-version';
import { MAX_INGEST_ATTEMPT_MS } from './ingest-timing';
import { applyDeletionUpload, deletionRequestOf, type DeletionRequest } from './delete-object';
import { DATASET_SPECS } from '../datasets';

export const UPLOADS_PREFIX = 'uploads/';
export { MAX_INGEST_ATTEMPT_MS };
export const QUARANTINE_PREFIX = 'quarantine/';
export const REJECTED_PREFIX = 'reports/rejected/';

/**
 * accepted / partial (some rows rejected) / quarantined (rejected whole) / ignored (not an
 * upload, or gone); `failed` is only reported by the local runtime for a message that still
 * failed after its last retry (in AWS it goes to the dead-letter queue).
 */
export type IngestStatus = 'accepted' | 'partial' | 'quarantined' | 'ignored' | 'failed';

export interface IngestOutcome {
  /** The S3 key of the upload (decoded). */
  key: string;
  status: IngestStatus;
  dataset?: DatasetName;
  /** Path of the file under uploads/<dataset>/. */
  fileName?: string;
  etag?: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  unknownColumns: string[];
  warnings: string[];
  /** Rows not written because a later upload already holds their key. */
  rowsSuperseded?: number;
  /** Rows of an earlier version of this file that this version no longer has (deleted). */
  rowsRemoved?: number;
  /** A deletion or erasure upload: records deleted per dataset. */
  deleted?: Partial<Record<DatasetName, number>>;
  /** reports/rejected/...errors.csv for partial files, quarantine/...error.txt for quarantined ones. */
  reportKey?: string;
  /** Where a quarantined file now is. */
  quarantineKey?: string;
  /** Why the file was quarantined or ignored. */
  error?: string;
  /** The known CRM export the file was recognised as. */
  recognisedAs?: string;
  /** Stage events stored from the deals file itself (HubSpot "Date entered <stage>"). */
  stageEventsAccepted?: number;
}

/** Structural subset of the Powertools Logger (and of console). */
export interface IngestLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface IngestDeps {
  store: RecordStore;
  blobs: BlobStore;
  config: Config;
  now: () => Date;
  logger?: IngestLogger;
  /** Overrides of the reader's size limits (tests use small ones). */
  limits?: Partial<Limits>;
  /** Records per stored batch (the reader's default when undefined). */
  batchSize?: number;
}

export interface IngestObjectRef {
  key: string;
  size?: number;
  etag?: string;
  /** The S3 event's time and the object's sequencer: the upload's version (uploadVersion). */
  eventTime?: string;
  sequencer?: string;
}

/** The upload an event is about; without event data (direct calls), the object's last-modified time. */
export function sourceOf(object: IngestObjectRef, info: BlobInfo, now: Date): UploadSource {
  return { key: object.key, version: uploadVersion(object.eventTime ?? info.lastModified ?? now.toISOString(), object.sequencer) };
}

/** Where the rejected rows of `uploads/<dataset>/<path>` are reported. */
export function rejectedReportKey(dataset: string, path: string): string {
  return `${REJECTED_PREFIX}${dataset}/${path}.errors.csv`;
}

/** Where `uploads/<rest>` goes when it is rejected whole. */
export function quarantineKeyFor(uploadKey: string): string {
  return `${QUARANTINE_PREFIX}${uploadKey.slice(UPLOADS_PREFIX.length)}`;
}

const noRows = () => ({ rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, unknownColumns: [] as string[], warnings: [] as string[] });

export async function ingestObject(deps: IngestDeps, object: IngestObjectRef): Promise<IngestOutcome> {
  const { key } = object;
  const log = deps.logger;

  if (!key.startsWith(UPLOADS_PREFIX) || key.endsWith('/')) {
    const error = key.endsWith('/') ? 'a folder marker, not a file' : `not under ${UPLOADS_PREFIX}`;
    log?.info('ignored object', { key, reason: error });
    return { key, status: 'ignored', error, ...noRows() };
  }

  const parsed = datasetFromKey(key);
  const info = await transient(`reading ${key}`, () => deps.blobs.head(key));
  if (!info) {
    // Already moved to quarantine by an earlier delivery of this event, or deleted by the user.
    const error = 'the object no longer exists (already quarantined, replaced or deleted)';
    log?.info('ignored object', { key, reason: error });
    return { key, status: 'ignored', error, ...noRows() };
  }

  // An event for content that has since been replaced: the newer upload's own event ingests it.
  if (object.etag && object.etag.replace(/"/g, '') !== info.etag) {
    const error = 'the object was replaced by a newer upload (its own event ingests it)';
    log?.info('ignored object', { key, reason: error });
    return { key, status: 'ignored', error, ...noRows() };
  }
  const source = sourceOf(object, info, deps.now());

  const deletion = deletionRequestOf(key);
  if (deletion) return deleteByUpload(deps, key, info.etag, deletion, source);

  if (!parsed) {
    const rest = key.slice(UPLOADS_PREFIX.length);
    const slash = rest.indexOf('/');
    const folder = slash >= 0 ? rest.slice(0, slash) : null;
    const base = rest.slice(rest.lastIndexOf('/') + 1);
    if (base.startsWith('.') || base.startsWith('~$')) {
      // .DS_Store, Excel lock files and the like: not data, nothing to report.
      const error = 'a hidden or temporary file';
      log?.info('ignored object', { key, reason: error });
      return { key, status: 'ignored', error, ...noRows() };
    }
    const reason = folder
      ? `"${folder}" is not a dataset folder. Upload the file again under uploads/<dataset>/, where <dataset> is one of: ${DATASETS.join(', ')}.`
      : `the file is not in a dataset folder. Upload it again under uploads/<dataset>/, where <dataset> is one of: ${DATASETS.join(', ')}.`;
    return quarantine(deps, key, info.etag, undefined, rest, reason, 0, source);
  }

  const { dataset, fileName } = parsed;
  const startedAt = deps.now().toISOString();
  const before = await transient(`reading the file record of ${key}`, () => deps.store.getFile(key));
  const begun = await transient(`recording ${key}`, () =>
    deps.store.recordFile({
      key,
      etag: info.etag,
      dataset,
      fileName,
      outcome: 'incomplete',
      version: source.version,
      startedAt,
      rowsAccepted: 0,
      rowsRejected: 0,
      ingestedAt: startedAt,
    }),
  );
  if (!begun) {
    const error = 'a later upload of this key is already stored (late or repeated delivery)';
    log?.info('ignored object', { key, reason: error, version: source.version });
    return { key, status: 'ignored', error, ...noRows() };
  }
  const reportKey = rejectedReportKey(dataset, fileName);
  const issues: RowIssue[] = [];
  let batchesStored = 0;
  let superseded = 0;
  let removed = 0;
  let stream: Readable | undefined;
  let sourceError: unknown;
  let summary;
  try {
    stream = await transient(`reading ${key}`, () => deps.blobs.getStream(key));
    // A download cut off by the network is not a bad file: the reader may report it as
    // unreadable (or as "the rest was not read"), but the message must be retried instead.
    stream.on('error', (e) => {
      if (!(e instanceof FileRejectedError)) sourceError ??= e;
    });
    const reader = readUpload(stream, info.size, {
      fileName,
      dataset,
      config: deps.config,
      limits: deps.limits,
      batchSize: deps.batchSize,
    });
    // The next batch is read while the previous one is written; writes stay in file
    // order (batch N is stored before batch N+1 starts) so a later row still wins.
    let writing: Promise<void> | null = null;
    for await (const batch of reader.batches) {
      if (writing) await writing;
      writing = null;
      if (batch.records.length > 0 || batch.stageEvents) {
        const records = batch.records;
        const events = batch.stageEvents;
        writing = (async () => {
          if (records.length > 0) {
            const r = await transient(`storing ${dataset} rows of ${key}`, () => deps.store.putRecords(dataset, records, source));
            superseded += r.superseded;
          }
          if (events) {
            const r = await transient(`storing the stage events of ${key}`, () => deps.store.putRecords('stage-events', events, source));
            superseded += r.superseded;
          }
          batchesStored++;
        })();
        writing.catch(() => undefined); // observed when awaited; not an unhandled rejection meanwhile
      }
      for (const issue of batch.issues) issues.push(issue);
    }
    if (writing) await writing;
    summary = reader.summary();
    if (sourceError) throw sourceError;
    // The file replaces its earlier version whole: rows that version had and this one lacks go.
    if (before?.version && before.version !== source.version) {
      removed = await transient(`removing rows of earlier versions of ${key}`, () => deps.store.deleteEarlierVersions(dataset, source));
      // a CRM export's stage-entry dates became stage events: those of the earlier version go the same way
      if (dataset === 'deals' && (before.recognisedAs !== undefined || summary.stageEventsAccepted)) {
        removed += await transient(`removing stage events of earlier versions of ${key}`, () => deps.store.deleteEarlierVersions('stage-events', source));
      }
    }
  } catch (e) {
    if (sourceError) {
      throw new TransientError(`downloading ${key} failed: ${describe(sourceError)}`, { cause: sourceError });
    }
    if (e instanceof FileRejectedError) {
      return quarantine(deps, key, info.etag, dataset, fileName, e.message, batchesStored, source);
    }
    if (e instanceof TransientError) throw e;
    throw new TransientError(`ingesting ${key} failed: ${describe(e)}`, { cause: e });
  } finally {
    stream?.destroy();
  }

  const status = summary.rowsRejected > 0 || issues.length > 0 ? 'partial' : 'accepted';
  if (issues.length > 0) {
    await transient(`writing ${reportKey}`, () => deps.blobs.put(reportKey, issuesToCsv(fileName, issues, { keyColumns: DATASET_SPECS[dataset].key }), 'text/csv; charset=utf-8'));
  } else {
    // A corrected upload with no bad rows: the previous report of this file is stale.
    await transient(`removing ${reportKey}`, () => deps.blobs.delete(reportKey));
  }
  const record: FileRecord = {
    key,
    etag: info.etag,
    dataset,
    fileName,
    outcome: status,
    rowsAccepted: summary.rowsAccepted,
    rowsRejected: summary.rowsRejected,
    ...(issues.length > 0 ? { reportKey } : {}),
    ...(summary.unknownColumns.length > 0 ? { unknownColumns: summary.unknownColumns } : {}),
    ...(summary.recognisedAs ? { recognisedAs: summary.recognisedAs } : {}),
    ...(summary.stages ? { stages: summary.stages } : {}),
    ...warningFields(summary.warnings),
    version: source.version,
    startedAt,
    ingestedAt: deps.now().toISOString(),
  };
  await transient(`recording ${key}`, () => deps.store.recordFile(record));
  const outcome: IngestOutcome = {
    key,
    status,
    dataset,
    fileName,
    etag: info.etag,
    rowsRead: summary.rowsRead,
    rowsAccepted: summary.rowsAccepted,
    rowsRejected: summary.rowsRejected,
    unknownColumns: summary.unknownColumns,
    warnings: summary.warnings,
    ...(summary.recognisedAs ? { recognisedAs: summary.recognisedAs } : {}),
    ...(summary.stageEventsAccepted ? { stageEventsAccepted: summary.stageEventsAccepted } : {}),
    ...(superseded > 0 ? { rowsSuperseded: superseded } : {}),
    ...(removed > 0 ? { rowsRemoved: removed } : {}),
    ...(issues.length > 0 ? { reportKey } : {}),
  };
  log?.info('ingested file', { ...outcome, warnings: summary.warnings.length });
  for (const w of summary.warnings) log?.warn(w, { key });
  return outcome;
}

/** A deletion or erasure upload (delete-object.ts): applied, reported and recorded like a file. */
async function deleteByUpload(deps: IngestDeps, key: string, etag: string, request: DeletionRequest, source: UploadSource): Promise<IngestOutcome> {
  // An erasure spans datasets; it is listed with the deals (the customers' records).
  const dataset: DatasetName = request.kind === 'deletions' ? request.dataset : 'deals';
  // Earlier uploads still being stored are waited for (the message is retried): their rows
  // come before this request in upload order, and loading does not see them yet.
  const now = deps.now().getTime();
  const earlier = (await transient('listing files', () => deps.store.listFiles())).filter(
    (f) => f.outcome === 'incomplete' && f.version && f.version < source.version && f.startedAt && now - Date.parse(f.startedAt) < MAX_INGEST_ATTEMPT_MS,
  );
  if (earlier.length) {
    throw new TransientError(`waiting for earlier uploads being stored before applying ${key}: ${earlier.map((f) => f.key).join(', ')}`);
  }
  let result;
  try {
    result = await applyDeletionUpload(deps, key, request, source);
  } catch (e) {
    if (e instanceof FileRejectedError) return quarantine(deps, key, etag, dataset, `${request.kind}/${request.fileName}`, e.message, 0, source);
    throw new TransientError(`applying ${key} failed: ${describe(e)}`, { cause: e });
  }
  const total = Object.values(result.deleted).reduce((a, b) => a + (b ?? 0), 0);
  await transient(`recording ${key}`, () =>
    deps.store.recordFile({
      key,
      etag,
      dataset,
      fileName: `${request.kind}/${request.fileName}`,
      outcome: 'accepted',
      rowsAccepted: total,
      rowsRejected: 0,
      reportKey: result.reportKey,
      deleted: result.deleted,
      version: source.version,
      ingestedAt: deps.now().toISOString(),
    }),
  );
  deps.logger?.info('deletions applied', { key, deleted: result.deleted, kept: result.kept });
  return {
    key,
    status: 'accepted',
    dataset,
    fileName: `${request.kind}/${request.fileName}`,
    etag,
    ...noRows(),
    rowsAccepted: total,
    deleted: result.deleted,
    reportKey: result.reportKey,
  };
}

/**
 * Moves a file rejected whole to quarantine/ with a `.error.txt` beside it and
 * records it. Order matters for crash safety: copy, explain, record, then delete,
 * so a crash before the delete is simply redone on re-delivery.
 */
async function quarantine(
  deps: IngestDeps,
  key: string,
  etag: string,
  dataset: DatasetName | undefined,
  fileName: string,
  reason: string,
  batchesStored: number,
  source: UploadSource,
): Promise<IngestOutcome> {
  const qKey = dataset ? `${QUARANTINE_PREFIX}${dataset}/${fileName}` : quarantineKeyFor(key);
  const errKey = `${qKey}.error.txt`;
  const at = deps.now().toISOString();
  const folder = dataset ? `${UPLOADS_PREFIX}${dataset}/` : `${UPLOADS_PREFIX}<dataset>/`;
  const lines = [
    `The file ${key} was not ingested.`,
    '',
    `Reason: ${reason}`,
    '',
    batchesStored > 0
      ? `The problem was found after ${batchesStored} batch(es) of rows had been stored; they do not count (the file is quarantined). Upload the corrected file to replace them.`
      : 'Nothing from this file was stored.',
    `The file was moved from ${key} to ${qKey}.`,
    `To fix it: correct the file and upload it again to ${folder}.`,
    '',
    `Rejected at: ${at}`,
    '',
  ];
  await transient(`quarantining ${key}`, () => deps.blobs.copy(key, qKey));
  await transient(`writing ${errKey}`, () => deps.blobs.put(errKey, lines.join('\n'), 'text/plain; charset=utf-8'));
  if (dataset) {
    await transient(`recording ${key}`, () =>
      deps.store.recordFile({
        key,
        etag,
        dataset,
        fileName,
        outcome: 'quarantined',
        rowsAccepted: 0,
        rowsRejected: 0,
        reportKey: errKey,
        error: reason,
        version: source.version,
        ingestedAt: at,
      }),
    );
  }
  // Do not delete a newer version the user uploaded meanwhile: its own event will handle it.
  const current = await transient(`reading ${key}`, () => deps.blobs.head(key));
  if (current && current.etag === etag) {
    await transient(`removing ${key}`, () => deps.blobs.delete(key));
  }
  deps.logger?.warn('file quarantined', { key, quarantineKey: qKey, reason });
  return {
    key,
    status: 'quarantined',
    ...(dataset ? { dataset } : {}),
    fileName,
    etag,
    ...noRows(),
    reportKey: errKey,
    quarantineKey: qKey,
    error: reason,
  };
}

/** A file record's warnings: the first MAX_FILE_WARNINGS, and how many more there were. */
function warningFields(warnings: string[]): Pick<FileRecord, 'warnings' | 'warningsOmitted'> {
  if (warnings.length === 0) return {};
  return {
    warnings: warnings.slice(0, MAX_FILE_WARNINGS),
    ...(warnings.length > MAX_FILE_WARNINGS ? { warningsOmitted: warnings.length - MAX_FILE_WARNINGS } : {}),
  };
}

/** Runs an I/O step; anything it throws that is not already a TransientError becomes one. */
async function transient<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof TransientError) throw e;
    throw new TransientError(`${what} failed: ${describe(e)}`, { cause: e });
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
