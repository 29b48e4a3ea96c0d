// Failures a test asks the fake Slack to produce on upcoming Web API calls: Slack errors, HTTP
// errors, hung requests and connections reset after the work was done (the "did it post?" case).

/**
 * One injected failure. Give at least one of `error`, `status`, `hang`, `drop`, `dropAfterProcessing`.
 *
 * - `error`: answer `{ ok: false, error }` (HTTP 200; `ratelimited` defaults to 429 + `Retry-After`).
 * - `status`: HTTP status (e.g. 500, 503); the body is `{ ok: false, error: error ?? 'fatal_error' }`.
 * - `hang`: never answer; the client waits until its timeout or until `close()`.
 * - `drop`: reset the TCP connection instead of answering.
 * - `afterProcessing`: run the method first (the message IS stored), then fail as above.
 * - `dropAfterProcessing`: shorthand for `{ drop: true, afterProcessing: true }`.
 */
export interface InjectedFailure {
  /** Web API method, e.g. `chat.postMessage`. */
  method: string;
  /** Only calls for this channel (ID or name). */
  channel?: string;
  /** How many matching calls fail (default 1). */
  times?: number;
  error?: 'channel_not_found' | 'not_in_channel' | 'is_archived' | 'account_inactive' | 'ratelimited' | 'invalid_auth' | 'token_revoked' | (string & {});
  status?: number;
  /** Seconds, sent as `Retry-After` with a 429 (default 1). */
  retryAfter?: number;
  hang?: boolean;
  drop?: boolean;
  afterProcessing?: boolean;
  dropAfterProcessing?: boolean;
}

/** A failure ready to apply to one call. */
export interface PlannedFailure {
  afterProcessing: boolean;
  kind: 'answer' | 'hang' | 'drop';
  status: number;
  body: { ok: false; error: string };
  headers: Record<string, string>;
}

/** The pending failures, matched in the order they were added. */
export function createFailureQueue() {
  const queue: { spec: InjectedFailure; left: number }[] = [];
  return {
    add(spec: InjectedFailure): void {
      if (spec.error === undefined && spec.status === undefined && spec.hang !== true && spec.drop !== true && spec.dropAfterProcessing !== true) {
        throw new Error('failNext needs one of error, status, hang, drop or dropAfterProcessing');
      }
      queue.push({ spec, left: spec.times ?? 1 });
    },
    /** Takes the first failure matching this call, if any; `channelNames` are the call's channel as sent, its ID and its name. */
    take(method: string, channelNames: readonly string[]): PlannedFailure | undefined {
      const index = queue.findIndex(({ spec }) => spec.method === method && (spec.channel === undefined || channelNames.includes(spec.channel.replace(/^#/, ''))));
      const entry = queue[index];
      if (entry === undefined) return undefined;
      entry.left -= 1;
      if (entry.left <= 0) queue.splice(index, 1);
      return plan(entry.spec);
    },
    clear(): void {
      queue.length = 0;
    },
  };
}

function plan(spec: InjectedFailure): PlannedFailure {
  const limited = spec.error === 'ratelimited';
  const status = spec.status ?? (limited ? 429 : spec.error === undefined ? 500 : 200);
  const error = spec.error ?? (status === 429 ? 'ratelimited' : 'fatal_error');
  const headers: Record<string, string> = status === 429 ? { 'retry-after': String(spec.retryAfter ?? 1) } : {};
  const kind = spec.hang === true ? 'hang' : spec.drop === true || spec.dropAfterProcessing === true ? 'drop' : 'answer';
  return { afterProcessing: spec.afterProcessing === true || spec.dropAfterProcessing === true, kind, status, body: { ok: false, error }, headers };
}
