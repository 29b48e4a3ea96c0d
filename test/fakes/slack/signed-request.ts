// Plays Slack's part in HTTP mode: POSTs a slash command to the app with Slack's request signature,
// or a deliberately wrong or stale one, so tests can check the app's verification.
// @see https://docs.slack.dev/authentication/verifying-requests-from-slack
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

/** The status, headers and body the app answered with (for a slash command, its ack). */
export interface SignedRequestResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SignedRequestOptions {
  /** Unix seconds for `X-Slack-Request-Timestamp` (default now); an old one makes a stale request. */
  timestamp?: number;
  /** Send this `X-Slack-Signature` instead of the correct one. */
  signature?: string;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function signSlackRequest(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * POSTs `params` form-encoded to `url` (a loopback http URL, e.g. the Bolt HTTPReceiver's
 * `/slack/events`) signed with `signingSecret`. Uses a fresh connection that is closed afterwards.
 */
export function signedSlashCommand(url: string, signingSecret: string, params: Record<string, string>, options: SignedRequestOptions = {}): Promise<SignedRequestResult> {
  const target = new URL(url);
  if (target.protocol !== 'http:' || !LOOPBACK.has(target.hostname)) {
    return Promise.reject(new Error(`signedSlashCommand only talks to loopback http URLs, not ${url}`));
  }
  const body = new URLSearchParams(params).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature ?? signSlackRequest(signingSecret, timestamp, body);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signature,
          'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
          connection: 'close',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
