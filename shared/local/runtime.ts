/**
 * The embedded local stack: dynalite (DynamoDB) and s3rver (S3) in THIS process,
 * on free loopback ports, plus an in-process stand-in for the S3 -> SQS -> Lambda
 * wiring: s3rver's ObjectCreated events under `uploads/` become SQS-shaped events
 * (keys encoded as S3 encodes them) and drive the same ingest handler as in AWS,
 * with bounded concurrency and SQS-like retries. The CLI, the demo and the tests use it.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, open, readFile, rm, stat, unlink } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { makeClients, makeSesClient, destroyClients, type Clients } from '../adapters/clients';
import { DynamoDeliveryLog } from '../adapters/dynamo-delivery-log';
import { SesMailer } from '../adapters/ses-mailer';
import { fetchSentMail, startSesServer, type LocalMail } from './ses';
import { DynamoRecordStore } from '../adapters/dynamo-store';
import { S3BlobStore } from '../adapters/s3-blob-store';
import { createTableIfMissing } from '../adapters/table';
import { DEFAULT_CONFIG, type Config } from '../config/config';
import { UsageError } from '../errors';
import { createRng } from '../generate/random';
import type { DeliveryLog, Mailer, RecordStore } from '../ports';
import type { Limits } from '../ingest';
import { UPLOADS_PREFIX, type IngestLogger, type IngestOutcome } from '../usecases/ingest-object';
import { makeHandler } from '../../functions/ingest/handler';
import { encodeS3Key } from '../../functions/ingest/s3-events';

const require = createRequire(import.meta.url);

/** What s3rver's `event` emission carries (an S3 notification). */
interface S3rverEvent {
  Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } } }[];
}
interface S3rverInstance {
  configureBuckets(): Promise<void>;
  callback(): http.RequestListener;
  on(event: 'event', fn: (e: S3rverEvent) => void): void;
  removeAllListeners(event: string): void;
  logger: { close(): void; exceptions: { unhandle(): void } };
  httpServer?: http.Server;
}
type S3rverCtor = new (opts: Record<string, unknown>) => S3rverInstance;
type DynaliteFactory = (opts: Record<string, unknown>) => http.Server;

/** s3rver checks request signatures against these; dynalite ignores credentials. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const LOCAL_REGION = 'us-east-1';
/** The sender of e-mails sent through the embedded SES server. */
export const LOCAL_MAIL_FROM = 'Scorecard <reports@scorecard.local>';

export interface LocalStackOptions {
  /** Keep the store here between runs (locked while in use); a temporary directory otherwise. */
  stateDir?: string;
  tableName?: string;
  bucket?: string;
  config?: Config;
  /** Called with every finished upload (accepted, partial, quarantined, ignored, failed). */
  onIngest?: (outcome: IngestOutcome) => void;
  logger?: IngestLogger;
  /** Reader limits and batch size for the ingest handler (tests use small ones). */
  limits?: Partial<Limits>;
  batchSize?: number;
  /** Files ingested at once (default 4; files of one dataset always one after another). */
  ingestConcurrency?: number;
  /** Deliveries of a message before it is given up, like an SQS maxReceiveCount (default 5). */
  maxReceiveCount?: number;
  /** First redelivery delay in ms, doubled each time (default 200). */
  retryDelayMs?: number;
  now?: () => Date;
  /**
   * Deliver as SQS standard queues and concurrent Lambdas may: uploads are held until
   * waitForIngestIdle(), then delivered in a seeded random order, `duplicates` of them twice,
   * with no per-dataset ordering (tests prove last-upload-wins with it). Default: in upload order.
   */
  unorderedDelivery?: { seed: number; duplicates?: number };
  /** Wraps the store the ingest handler uses (fault injection in tests). */
  wrapStore?: (store: RecordStore) => RecordStore;
}

export interface LocalStack {
  clients: Clients;
  store: DynamoRecordStore;
  blobs: S3BlobStore;
  tableName: string;
  bucket: string;
  config: Config;
  stateDir: string;
  endpoints: { dynamo: string; s3: string; ses: string };
  /** E-mail delivery through the embedded SES v2 server, and the delivery log in the table. */
  mail: { mailer: Mailer; log: DeliveryLog };
  /** What the embedded SES server received, by SES message id, as .eml files. */
  sentMail(messageIds: string[]): Promise<LocalMail[]>;
  /** Uploads a local file through the S3 API (its upload event drives ingestion). */
  uploadFile(localPath: string, key: string): Promise<void>;
  /** Resolves when no upload is queued, running or waiting for a retry; returns the outcomes finished since the last call. */
  waitForIngestIdle(): Promise<IngestOutcome[]>;
  stop(): Promise<void>;
}

const heldLocks = new Set<string>();

export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const tableName = opts.tableName ?? 'scorecard';
  const bucket = opts.bucket ?? 'scorecard';
  const config = opts.config ?? { ...DEFAULT_CONFIG, stages: [...DEFAULT_CONFIG.stages] };
  const temporary = !opts.stateDir;
  const stateDir = opts.stateDir ? path.resolve(opts.stateDir) : await mkdtemp(path.join(os.tmpdir(), 'scorecard-'));
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
    cleanups.length = 0;
  };
  if (temporary) cleanups.push(() => rm(stateDir, { recursive: true, force: true }));

  try {
    await mkdir(stateDir, { recursive: true });
    if (!temporary) cleanups.push(await lockStateDir(stateDir));

    // DynamoDB: in memory for temporary runs, LevelDB files in the state dir otherwise.
    const dynalite = require('dynalite') as DynaliteFactory;
    const dynaServer = dynalite({
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
      ...(temporary ? {} : { path: path.join(stateDir, 'dynamodb') }),
    });
    const dynaPort = await listen(dynaServer, 'DynamoDB (dynalite)');
    cleanups.push(() => closeServer(dynaServer));

    // S3: files in the state dir (s3rver has no in-memory store).
    const S3rver = require('s3rver') as S3rverCtor;
    const s3rver = new S3rver({
      silent: true,
      directory: path.join(stateDir, 's3'),
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    await s3rver.configureBuckets();
    const s3Server = http.createServer(s3rver.callback());
    s3rver.httpServer = s3Server;
    s3Server.on('close', () => {
      s3rver.logger.exceptions.unhandle();
      s3rver.logger.close();
    });
    const s3Port = await listen(s3Server, 'S3 (s3rver)');
    cleanups.push(() => closeServer(s3Server));

    // The SDK's notice that its 2027 releases need Node 22 is for developers, not for
    // someone running the local pipeline; keep it off their terminal.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    // SES v2 (aws-ses-v2-local): keeps what it receives in memory; ./ses.ts reads it back as .eml.
    const sesServer = await startSesServer();
    cleanups.push(() => closeServer(sesServer.server));
    const endpoints = { dynamo: `http://127.0.0.1:${dynaPort}`, s3: `http://127.0.0.1:${s3Port}`, ses: sesServer.endpoint };
    const clients = makeClients({
      region: LOCAL_REGION,
      dynamoEndpoint: endpoints.dynamo,
      s3Endpoint: endpoints.s3,
      credentials: LOCAL_CREDENTIALS,
    });
    cleanups.push(async () => destroyClients(clients));
    await createTableIfMissing(clients.dynamoClient, tableName);
    const ses = makeSesClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoint: endpoints.ses });
    cleanups.push(async () => ses.destroy());

    const store = new DynamoRecordStore(clients.dynamo, tableName);
    const blobs = new S3BlobStore(clients.s3, bucket, { copySourceEncoding: 'uri' });
    const queue = new IngestQueue({
      unordered: opts.unorderedDelivery,
      concurrency: opts.ingestConcurrency ?? 4,
      maxReceiveCount: opts.maxReceiveCount ?? 5,
      retryDelayMs: opts.retryDelayMs ?? 200,
      onOutcome: opts.onIngest,
      logger: opts.logger,
    });
    queue.handler = makeHandler({
      store: opts.wrapStore ? opts.wrapStore(store) : store,
      blobs,
      config,
      now: opts.now ?? (() => new Date()),
      logger: opts.logger,
      limits: opts.limits,
      batchSize: opts.batchSize,
      onOutcome: (o) => queue.outcome(o),
      onFailure: (key, error) => queue.failure(key, error),
    });
    let sequence = 0;
    s3rver.on('event', (event) => {
      for (const r of event.Records ?? []) {
        if (!r.eventName?.startsWith('ObjectCreated:')) continue;
        if (r.s3?.bucket?.name !== bucket || !r.s3.object?.key?.startsWith(UPLOADS_PREFIX)) continue;
        queue.push(toSqsRecord(r, ++sequence), r.s3.object.key);
      }
    });
    // Stop feeding and drain before the servers and clients go.
    cleanups.push(async () => {
      s3rver.removeAllListeners('event');
      await queue.close();
    });

    let stopped = false;
    return {
      clients,
      store,
      blobs,
      tableName,
      bucket,
      config,
      stateDir,
      endpoints,
      mail: { mailer: new SesMailer(ses, { from: LOCAL_MAIL_FROM }), log: new DynamoDeliveryLog(clients.dynamo, tableName) },
      sentMail: (ids) => fetchSentMail(endpoints.ses, ids),
      async uploadFile(localPath, key) {
        const size = await stat(localPath).then(
          (st) => st.size,
          (e: Error) => {
            throw new UsageError(`cannot read ${localPath}: ${e.message}`, { cause: e });
          },
        );
        const type = contentType(localPath);
        // Small files in one PUT; large ones streamed as a multipart upload.
        await blobs.put(key, size <= 16 * 1024 * 1024 ? await readFile(localPath) : createReadStream(localPath), type);
      },
      waitForIngestIdle: () => queue.idle(),
      async stop() {
        if (stopped) return;
        stopped = true;
        await cleanup();
      },
    };
  } catch (e) {
    await cleanup();
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot start the embedded DynamoDB/S3/SES servers: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

// ---- the SQS stand-in ---------------------------------------------------------------

interface Job {
  record: SQSRecord;
  key: string;
  group: string;
  receiveCount: number;
  outcomes: IngestOutcome[];
  lastError?: unknown;
}

/**
 * Messages are handled at most `concurrency` at a time; uploads to the same dataset
 * folder one after another in arrival order (so "last upload wins" is the order the
 * files were uploaded). A failed message is redelivered after a growing delay, up to
 * maxReceiveCount deliveries, then reported as a `failed` outcome (the DLQ).
 */
class IngestQueue {
  handler?: (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  private readonly waiting: Job[] = [];
  private readonly busyGroups = new Set<string>();
  private active = 0;
  private delayed = 0;
  private closed = false;
  private current = new Map<string, Job>();
  private finished: IngestOutcome[] = [];
  private idleWaiters: (() => void)[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private held: boolean;
  private readonly random: () => number;

  constructor(
    private readonly opts: {
      unordered?: { seed: number; duplicates?: number };
      concurrency: number;
      maxReceiveCount: number;
      retryDelayMs: number;
      onOutcome?: (o: IngestOutcome) => void;
      logger?: IngestLogger;
    },
  ) {
    this.held = !!opts.unordered;
    const rng = createRng(opts.unordered?.seed ?? 0);
    this.random = () => rng.next();
  }

  /** `key` is the decoded object key the record is about. */
  push(record: SQSRecord, key: string): void {
    if (this.closed) return;
    if (this.opts.unordered) {
      // Every message its own group: any order, any overlap; some delivered twice.
      this.waiting.push({ record, key, group: record.messageId, receiveCount: 0, outcomes: [] });
      if (this.random() < (this.opts.unordered.duplicates ?? 0)) {
        const messageId = `${record.messageId}-dup`;
        this.waiting.push({ record: { ...record, messageId }, key, group: messageId, receiveCount: 0, outcomes: [] });
      }
      if (!this.held) this.pump();
      return;
    }
    const group = key.split('/')[1] ?? '';
    this.waiting.push({ record, key, group, receiveCount: 0, outcomes: [] });
    this.pump();
  }

  outcome(o: IngestOutcome): void {
    const job = this.current.get(o.key);
    job?.outcomes.push(o);
  }

  failure(key: string, error: unknown): void {
    const job = this.current.get(key);
    if (job) job.lastError = error;
  }

  idle(): Promise<IngestOutcome[]> {
    if (this.held) {
      this.held = false;
      // Shuffle what was held (Fisher-Yates, seeded), then deliver.
      for (let i = this.waiting.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [this.waiting[i], this.waiting[j]] = [this.waiting[j], this.waiting[i]];
      }
      queueMicrotask(() => this.pump());
    }
    return new Promise((resolve) => {
      const done = () => {
        const out = this.finished;
        this.finished = [];
        resolve(out);
      };
      if (this.isIdle()) done();
      else this.idleWaiters.push(done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.held = false;
    this.waiting.length = 0;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.delayed = 0;
    if (!this.isIdle()) await new Promise<void>((r) => this.idleWaiters.push(() => r()));
    this.notifyIdle();
  }

  private isIdle(): boolean {
    if (this.held) return false;
    return this.waiting.length === 0 && this.active === 0 && this.delayed === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    while (!this.held && !this.closed && this.active < this.opts.concurrency) {
      const i = this.waiting.findIndex((j) => !this.busyGroups.has(j.group));
      if (i < 0) break;
      const [job] = this.waiting.splice(i, 1);
      this.busyGroups.add(job.group);
      this.active++;
      void this.run(job);
    }
    this.notifyIdle();
  }

  private async run(job: Job): Promise<void> {
    job.receiveCount++;
    job.outcomes = [];
    job.lastError = undefined;
    this.current.set(job.key, job);
    let failed = false;
    try {
      const record = { ...job.record, attributes: { ...job.record.attributes, ApproximateReceiveCount: String(job.receiveCount) } };
      const res = await this.handler!({ Records: [record] });
      failed = res.batchItemFailures.length > 0;
    } catch (e) {
      failed = true;
      job.lastError = e;
    }
    this.current.delete(job.key);
    this.active--;
    if (!failed) {
      this.busyGroups.delete(job.group);
      for (const o of job.outcomes) this.finish(o);
    } else if (job.receiveCount < this.opts.maxReceiveCount && !this.closed) {
      // Keep the group busy while waiting, so later uploads of the dataset stay behind this one.
      this.delayed++;
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.delayed--;
        this.active++;
        void this.run(job);
      }, this.opts.retryDelayMs * 2 ** (job.receiveCount - 1));
      this.timers.add(t);
    } else {
      this.busyGroups.delete(job.group);
      const reason = job.lastError instanceof Error ? job.lastError.message : String(job.lastError ?? 'unknown error');
      this.opts.logger?.error('upload not ingested after retries', { key: job.key, receiveCount: job.receiveCount, error: reason });
      this.finish({
        key: job.key,
        status: 'failed',
        rowsRead: 0,
        rowsAccepted: 0,
        rowsRejected: 0,
        unknownColumns: [],
        warnings: [],
        error: `not ingested after ${job.receiveCount} attempts: ${reason}`,
      });
    }
    this.pump();
  }

  private finish(o: IngestOutcome): void {
    this.finished.push(o);
    try {
      this.opts.onOutcome?.(o);
    } catch {
      // a faulty observer must not stop ingestion
    }
  }
}

function toSqsRecord(r: S3rverEvent['Records'][number], sequence: number): SQSRecord {
  // s3rver puts raw keys in its events; S3 URL-encodes them. Do as S3 does. Its sequencer
  // is the time in ms (not unique); number the events in the order s3rver stored the objects.
  const object = { ...r.s3.object, key: encodeS3Key(r.s3.object.key), sequencer: sequence.toString(16).toUpperCase().padStart(16, '0') };
  const s3Record = { ...r, s3: { ...r.s3, object } };
  const messageId = randomUUID();
  return {
    messageId,
    receiptHandle: messageId,
    body: JSON.stringify({ Records: [s3Record] }),
    attributes: {
      ApproximateReceiveCount: '0',
      SentTimestamp: String(Date.now()),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:scorecard-ingest-local',
    awsRegion: LOCAL_REGION,
  };
}

// ---- servers, lock ------------------------------------------------------------------

function listen(server: http.Server, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(new UsageError(`cannot start the embedded ${what} server on 127.0.0.1: ${e.code ?? e.message}`, { cause: e }));
    };
    server.once('error', onError);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive sockets would hold the server (and the process) open.
    server.closeAllConnections();
  });
}

/** One process at a time per state dir: a lock file with the owner's pid; a dead owner's lock is taken over. */
async function lockStateDir(dir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dir, 'scorecard.lock');
  if (heldLocks.has(lockPath)) {
    throw new UsageError(`the state directory ${dir} is already in use by this process; stop the other local stack first`);
  }
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fh = await open(lockPath, 'wx');
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      heldLocks.add(lockPath);
      return async () => {
        heldLocks.delete(lockPath);
        await unlink(lockPath).catch(() => undefined);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new UsageError(`cannot lock the state directory ${dir}: ${(e as Error).message}`, { cause: e });
      }
      const pid = Number.parseInt((await readFile(lockPath, 'utf8').catch(() => '')).trim(), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new UsageError(
          `the state directory ${dir} is in use by another scorecard process (pid ${pid}); wait for it to finish or use another --state directory`,
        );
      }
      // Stale lock (owner gone, or an earlier run of this process that did not stop cleanly).
      await unlink(lockPath).catch(() => undefined);
    }
  }
  throw new UsageError(`cannot lock the state directory ${dir}; remove ${lockPath} if no scorecard process is running`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function contentType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'text/csv';
  if (ext === '.xlsx') return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return 'application/octet-stream';
}
