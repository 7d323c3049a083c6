/**
 * Named errors. Every error carries a `cause` where there is one, and a message a
 * user can act on. Bad input is reported (row issues, quarantine), never thrown away.
 */
export class ScorecardError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A config file, CDK context or environment value that is not allowed. Fails fast. */
export class ConfigError extends ScorecardError {
  constructor(
    message: string,
    readonly key?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A whole file cannot be ingested (unreadable, empty, wrong type, missing column, over a limit). */
export class FileRejectedError extends ScorecardError {
  constructor(
    message: string,
    readonly fileName: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A failure that may go away on retry (throttling, timeouts, a server not reachable). */
export class TransientError extends ScorecardError {}

/** The store (DynamoDB) failed in a way retries did not fix. */
export class StoreError extends ScorecardError {}

/** A user-facing input problem of the CLI (missing folder, bad flag, port in use). */
export class UsageError extends ScorecardError {}

/** An e-mail could not be sent. `retryable` when another try may succeed (throttling, 5xx, network). */
export class MailError extends ScorecardError {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
