/**
 * Reading S3 notifications out of SQS message bodies. S3 URL-encodes object keys
 * in events (`+` for a space, %XX for the rest); SNS-wrapped notifications and
 * the `s3:TestEvent` S3 sends when a notification is configured are tolerated.
 */
export interface S3ObjectRef {
  bucket?: string;
  key: string;
  size?: number;
  etag?: string;
  eventName: string;
  /** When S3 created the object (ISO). */
  eventTime?: string;
  /** S3's per-key sequence (hex); a later write of the key has a greater one. */
  sequencer?: string;
}

/** Decodes an S3 event key: `+` is a space, then percent-decoding. */
export function decodeS3Key(raw: string): string {
  const plus = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus; // not valid percent-encoding: take it literally
  }
}

/** Encodes a key as S3 does in events (the inverse of decodeS3Key). */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/gi, '/');
}

export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError';
}

/**
 * The ObjectCreated objects of one SQS message body; [] for test events and
 * other event types. Throws MalformedMessageError for a body that is not an S3 notification.
 */
export function objectsFromMessageBody(body: string): S3ObjectRef[] {
  let msg: unknown;
  try {
    msg = JSON.parse(body);
  } catch (cause) {
    throw new MalformedMessageError(`message body is not JSON: ${String(body).slice(0, 200)}`, { cause });
  }
  // S3 -> SNS -> SQS: the notification is the SNS Message string.
  if (isObj(msg) && msg.Type === 'Notification' && typeof msg.Message === 'string') {
    return objectsFromMessageBody(msg.Message);
  }
  if (isObj(msg) && msg.Event === 's3:TestEvent') return [];
  if (!isObj(msg) || !Array.isArray(msg.Records)) {
    throw new MalformedMessageError(`message body is not an S3 event notification: ${String(body).slice(0, 200)}`);
  }
  const out: S3ObjectRef[] = [];
  for (const r of msg.Records) {
    if (!isObj(r) || typeof r.eventName !== 'string' || !isObj(r.s3)) {
      throw new MalformedMessageError('S3 event record without eventName or s3');
    }
    if (!r.eventName.startsWith('ObjectCreated:')) continue;
    const obj = r.s3.object;
    if (!isObj(obj) || typeof obj.key !== 'string') throw new MalformedMessageError('S3 event record without s3.object.key');
    out.push({
      bucket: isObj(r.s3.bucket) && typeof r.s3.bucket.name === 'string' ? r.s3.bucket.name : undefined,
      key: decodeS3Key(obj.key),
      size: typeof obj.size === 'number' ? obj.size : undefined,
      etag: typeof obj.eTag === 'string' ? obj.eTag : undefined,
      eventName: r.eventName,
      ...(typeof r.eventTime === 'string' ? { eventTime: r.eventTime } : {}),
      ...(typeof obj.sequencer === 'string' ? { sequencer: obj.sequencer } : {}),
    });
  }
  return out;
}

function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
