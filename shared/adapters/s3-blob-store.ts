/**
 * BlobStore over one S3 bucket. Streams are uploaded with @aws-sdk/lib-storage
 * (multipart above 5 MiB, so large files never sit in memory whole).
 */
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { StoreError, TransientError } from '../errors';
import type { BlobInfo, BlobStore } from '../ports';
import { isRetryableError } from './dynamo-store';

/** S3 returns ETags quoted; events carry them bare. Compare bare. */
export function bareEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^"+|"+$/g, '');
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NotFound' || err?.name === 'NoSuchKey' || err?.$metadata?.httpStatusCode === 404;
}

export interface S3BlobStoreOptions {
  /**
   * How the key in a copy's CopySource is encoded: S3 percent-decodes it whole
   * (`component`, the default); s3rver decodes it with decodeURI, which leaves `%2B %26
   * %3D %3B ...` as they are, so a key with `+ & = ;` needs `uri` (those kept literal).
   */
  copySourceEncoding?: 'component' | 'uri';
}

export class S3BlobStore implements BlobStore {
  private readonly encodeCopyKey: (segment: string) => string;

  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
    opts: S3BlobStoreOptions = {},
  ) {
    this.encodeCopyKey = opts.copySourceEncoding === 'uri' ? encodeURI : encodeURIComponent;
  }

  async head(key: string): Promise<BlobInfo | null> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { key, size: out.ContentLength ?? 0, etag: bareEtag(out.ETag), lastModified: out.LastModified?.toISOString() };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw this.wrap(`head s3://${this.bucket}/${key}`, e);
    }
  }

  async getStream(key: string): Promise<Readable> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const body = out.Body;
      if (!body) throw new StoreError(`s3://${this.bucket}/${key} has no body`);
      return body instanceof Readable ? body : Readable.fromWeb((body as unknown as { transformToWebStream(): never }).transformToWebStream());
    } catch (e) {
      throw this.wrap(`get s3://${this.bucket}/${key}`, e);
    }
  }

  async getBuffer(key: string): Promise<Buffer> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) throw new StoreError(`s3://${this.bucket}/${key} has no body`);
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (e) {
      throw this.wrap(`get s3://${this.bucket}/${key}`, e);
    }
  }

  async put(key: string, body: Buffer | string | Readable, contentType?: string): Promise<void> {
    try {
      if (body instanceof Readable) {
        await new Upload({
          client: this.s3,
          params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
          queueSize: 4,
          partSize: 8 * 1024 * 1024,
        }).done();
      } else {
        const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
        await this.s3.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: buf, ContentLength: buf.length, ContentType: contentType }),
        );
      }
    } catch (e) {
      throw this.wrap(`put s3://${this.bucket}/${key}`, e);
    }
  }

  async list(prefix: string): Promise<BlobInfo[]> {
    const out: BlobInfo[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.s3.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) {
          if (!o.Key) continue;
          out.push({ key: o.Key, size: o.Size ?? 0, etag: bareEtag(o.ETag), lastModified: o.LastModified?.toISOString() });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (e) {
      throw this.wrap(`list s3://${this.bucket}/${prefix}`, e);
    }
    return out;
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    try {
      await this.s3.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: toKey,
          // CopySource is URL-encoded (the slashes between key segments kept).
          CopySource: `${this.bucket}/${fromKey.split('/').map(this.encodeCopyKey).join('/')}`,
        }),
      );
    } catch (e) {
      throw this.wrap(`copy s3://${this.bucket}/${fromKey} to ${toKey}`, e);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (e) {
      if (isNotFound(e)) return;
      throw this.wrap(`delete s3://${this.bucket}/${key}`, e);
    }
  }

  /** Throttling/5xx/network failures become TransientError (retry later), the rest StoreError. */
  private wrap(what: string, e: unknown): Error {
    if (e instanceof StoreError || e instanceof TransientError) return e;
    const msg = `${what} failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    return isRetryableError(e) || (e as { name?: string })?.name === 'SlowDown'
      ? new TransientError(msg, { cause: e })
      : new StoreError(msg, { cause: e });
  }
}
