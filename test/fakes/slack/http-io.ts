// Request/response plumbing shared by the fake Slack's HTTP routes: body reading, parameter
// parsing in both encodings Slack accepts, and JSON answers.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Parameters of one Web API call, as Slack sees them: form values are strings, JSON keeps its types. */
export type ApiParams = Record<string, unknown>;

/** Slack refuses bodies this large long before this; it only stops a runaway test from eating memory. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Reads the whole body as UTF-8; rejects past {@link MAX_BODY_BYTES}. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Parses a Web API call's parameters: query string first, then the body (form-encoded or JSON).
 * Returns undefined when a JSON body is not an object, which Slack answers with `invalid_json`.
 * @see https://docs.slack.dev/apis/web-api/#post-bodies
 */
export function parseParams(contentType: string | undefined, body: string, query: URLSearchParams): ApiParams | undefined {
  const params: ApiParams = Object.fromEntries(query);
  if (body.length === 0) return params;
  if ((contentType ?? '').toLowerCase().startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    return Object.assign(params, parsed);
  }
  for (const [key, value] of new URLSearchParams(body)) params[key] = value;
  return params;
}

/** A parameter as a string: form values already are; JSON numbers and booleans are stringified. */
export function stringParam(params: ApiParams, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A boolean flag as Slack reads it: `true`, `"true"` and `"1"` are true. */
export function flagParam(params: ApiParams, key: string): boolean {
  const value = params[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** Marker for a parameter that was sent but is not valid JSON. */
export const MALFORMED = Symbol('malformed');

/**
 * A structured parameter (blocks, metadata): form encoding carries it as a JSON string, a JSON
 * body as the value itself. Undefined when absent or empty.
 */
export function jsonParam(params: ApiParams, key: string): unknown {
  const value = params[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return MALFORMED;
  }
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
