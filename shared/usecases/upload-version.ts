/**
 * The version of an upload: which of two uploads happened later. S3 gives each
 * ObjectCreated event an `eventTime` (ms) and a `sequencer` (hex, growing per key); the
 * version is `<eventTime ISO>#<sequencer, zero-padded to 32 hex digits>`, so versions sort
 * as strings in upload order: by time, and for the same key by S3's own sequence.
 * The local runtime stamps its events the same way (s3rver's sequencer is not unique).
 */
const SEQ_WIDTH = 32;

export function uploadVersion(eventTime: string, sequencer?: string): string {
  const t = new Date(eventTime);
  const iso = Number.isNaN(t.getTime()) ? eventTime : t.toISOString();
  const seq = (sequencer ?? '').replace(/[^0-9a-f]/gi, '').toUpperCase();
  return `${iso}#${seq.padStart(SEQ_WIDTH, '0').slice(-SEQ_WIDTH)}`;
}
