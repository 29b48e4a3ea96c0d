// Reading request bodies (JSON or multipart with payload_json, as discord.js sends files) and
// Discord's JSON error answers: `{ code, message }` with the documented codes.
// @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
import type { IncomingMessage } from 'node:http';
import type { RecordedRequest } from './types.js';

/** An answer a route handler returns; the server adds rate-limit headers and records it. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Instead of answering: keep the request open forever, or reset the connection. */
  transport?: 'hang' | 'drop';
}

/** Messages of the JSON error codes the fake answers with. */
export const ERROR_MESSAGES: Readonly<Record<number, string>> = {
  0: 'General error',
  10003: 'Unknown Channel',
  10004: 'Unknown Guild',
  10007: 'Unknown Member',
  10008: 'Unknown Message',
  10013: 'Unknown User',
  10015: 'Unknown Webhook',
  10062: 'Unknown interaction',
  10063: 'Unknown application command',
  20012: 'You are not authorized to perform this action on this application',
  30034: 'Max number of daily application command creates has been reached (200)',
  40005: 'Request entity too large',
  40060: 'Interaction has already been acknowledged.',
  50001: 'Missing Access',
  50005: 'Cannot edit a message authored by another user',
  50006: 'Cannot send an empty message',
  50008: 'Cannot send messages in a non-text channel',
  50013: 'Missing Permissions',
  50027: 'Invalid Webhook Token',
  50035: 'Invalid Form Body',
  50041: 'Invalid API version provided',
  50109: 'The request body contains invalid JSON.',
};

/** Default JSON code for an HTTP status, for injected failures that name only a status. */
export function defaultCode(status: number): number {
  return status === 403 ? 50013 : status === 404 ? 10003 : status === 400 ? 50035 : 0;
}

/** `{ code, message }` with Discord's message for the code (or the HTTP reason for code 0). */
export function apiError(status: number, code: number, message?: string): Reply {
  const text = message ?? (code === 0 ? `${status}: ${httpReason(status)}` : (ERROR_MESSAGES[code] ?? 'Unknown error'));
  return { status, body: { message: text, code } };
}

function httpReason(status: number): string {
  const reasons: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error', 502: 'Bad Gateway' };
  return reasons[status] ?? 'Error';
}

const MAX_BODY_BYTES = 30 * 1024 * 1024;

/** Reads and parses a request body; `error` is the answer to send instead when it is unreadable. */
export async function readBody(req: IncomingMessage): Promise<{ body: unknown; files: RecordedRequest['files']; error?: Reply }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return { body: undefined, files: [], error: apiError(413, 40005) };
    chunks.push(buffer);
  }
  if (size === 0) return { body: undefined, files: [] };
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) return readMultipart(raw, type);
  try {
    return { body: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
  } catch {
    return { body: undefined, files: [], error: apiError(400, 50109) };
  }
}

async function readMultipart(raw: Buffer, type: string): Promise<{ body: unknown; files: RecordedRequest['files']; error?: Reply }> {
  try {
    // undici's Response parses multipart for us; discord.js puts the JSON in `payload_json`.
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
    const files: RecordedRequest['files'] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value) as unknown;
      } else {
        files.push({ field, name: value.name, size: value.size, contentType: value.type });
      }
    }
    return { body, files };
  } catch {
    return { body: undefined, files: [], error: apiError(400, 50109) };
  }
}
