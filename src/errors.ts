// One error type for every failure Herald reports: a namespaced code, a message that says what to
// do, the cause, and whether retrying can help.

/** Codes are namespaced by the module that raises them. */
export type ErrorCode =
  | 'config/invalid'
  | 'config/unreadable'
  | 'ingest/blocked-address'
  | 'ingest/bad-url'
  | 'ingest/too-large'
  | 'ingest/timeout'
  | 'ingest/network'
  | 'ingest/http-status'
  | 'ingest/too-many-redirects'
  | 'ingest/redirect-loop'
  | 'ingest/aborted'
  | 'ingest/decode'
  | 'ingest/not-a-feed'
  | 'ingest/xml-syntax'
  | 'ingest/json-syntax'
  | 'ingest/empty'
  | 'store/newer-schema'
  | 'store/corrupt'
  | 'store/locked'
  | 'store/disk-full'
  | 'store/readonly'
  | 'store/open-failed'
  | 'store/migration-failed'
  | 'store/not-found'
  | 'cli/usage'
  | 'chat/slack-start-failed'
  | 'chat/slack-lookup-failed'
  | 'chat/discord-start-failed'
  | 'chat/discord-lookup-failed'
  | 'internal';

export interface HeraldErrorOptions {
  cause?: unknown;
  /** True when the same operation may succeed later without anyone changing anything. */
  retryable?: boolean;
  /** Extra context a caller or log line needs (file path, URL, status...). */
  details?: Record<string, unknown>;
}

export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: HeraldErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }

  // Shows the code in stack traces and logs, as DiscordAPIError does.
  override get name(): string {
    return `HeraldError[${this.code}]`;
  }
}

/** Wraps anything thrown into a HeraldError, keeping HeraldErrors as they are. */
export function asHeraldError(error: unknown): HeraldError {
  if (error instanceof HeraldError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new HeraldError('internal', message, { cause: error });
}
