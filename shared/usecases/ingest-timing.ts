/**
 * Longest one ingest attempt can run (the ingest function's timeout: infra/settings.ts uses it):
 * an `incomplete` file record younger than this may still be being stored; an older one
 * is a failed attempt (retried later, or given up).
 */
export const MAX_INGEST_ATTEMPT_MS = 15 * 60_000;
