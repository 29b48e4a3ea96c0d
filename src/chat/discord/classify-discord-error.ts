// Turns what discord.js's REST client threw into the port's SendResult: permanent (someone must
// act), transient (retry later) or unknown (the message may exist: look before posting again).

import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import type { SendResult } from '../port.js';
import { causeCode } from '../error-cause.js';

/** A failed {@link SendResult}. */
export type DiscordFailure = Exclude<SendResult, { ok: true }>;

// Errors after which posting cannot succeed until a person acts; the text becomes the paused
// subscription's reason, which `status` and the pause notice show to moderators.
// @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes
const PERMANENT: Readonly<Record<number, string>> = {
  10003: 'This channel no longer exists (Unknown Channel). Subscribe again in another channel.',
  10004: 'Herald is no longer in this server (Unknown Guild). Invite it again, then subscribe again.',
  10008: 'The message Herald posted was deleted (Unknown Message).',
  50001: 'Herald can no longer see this channel (Missing Access). Give it View Channel and Send Messages, then subscribe again.',
  50007: 'Discord does not let Herald message this user (Cannot send messages to this user).',
  50008: 'Herald cannot post in this kind of channel (a voice or category channel). Subscribe in a text channel.',
  50013: 'Herald is missing a permission in this channel (Missing Permissions). Give it View Channel, Send Messages and Embed Links, then subscribe again.',
  50083: 'This thread is archived. Unarchive it, then subscribe again.',
};

// Network errors raised while connecting: the request never left, so a retry cannot post twice.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Classifies an error from `client.rest` (built with `rejectOnRateLimit` for long waits, so a
 * RateLimitError means discord.js chose not to wait). Every send carries a nonce, so discord.js's
 * own retries of 5xx and resets never post twice within Discord's nonce window.
 * @see https://discord.js.org/docs/packages/rest/main/DiscordAPIError:Class
 */
export function classifyDiscordError(error: unknown): DiscordFailure {
  if (error instanceof RateLimitError) {
    return { ok: false, kind: 'transient', reason: `Discord rate limit on ${error.route} (retry after ${Math.ceil(error.retryAfter / 1000)} s)`, retryAfterMs: error.retryAfter };
  }
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    const permanent = PERMANENT[code];
    if (permanent !== undefined) return { ok: false, kind: 'permanent', reason: permanent };
    if (error.status === 401) {
      // The token, not the channel: pausing every subscription would be wrong, retrying later is harmless.
      return { ok: false, kind: 'transient', reason: "Discord refuses Herald's token (401 Unauthorized); fix DISCORD_TOKEN and restart Herald.", retryAfterMs: 60_000 };
    }
    if (error.status === 403 || error.status === 404) return { ok: false, kind: 'permanent', reason: `Discord refused Herald in this channel: ${error.message} (code ${code}).` };
    // The rest (50035 Invalid Form Body, 50006 empty message…) fail this one message only: retried
    // with backoff and given up after the dispatcher's attempts, the channel stays active.
    return { ok: false, kind: 'transient', reason: `Discord refused the message: ${error.message} (HTTP ${error.status}, code ${code})`, retryAfterMs: null };
  }
  // 5xx after discord.js's own retries.
  if (error instanceof HTTPError) return { ok: false, kind: 'transient', reason: `Discord answered HTTP ${error.status}`, retryAfterMs: null };
  if (error instanceof Error) {
    const code = causeCode(error);
    if (code !== undefined && NOT_SENT.has(code)) return { ok: false, kind: 'transient', reason: `could not reach Discord (${code})`, retryAfterMs: null };
    // A reset, a closed socket or a timeout after the request went out: Discord may have posted it.
    const what = code ?? (error.name === 'AbortError' || error.name === 'TimeoutError' ? 'timeout' : error.message);
    return { ok: false, kind: 'unknown', reason: `connection to Discord lost mid-request (${what})` };
  }
  return { ok: false, kind: 'unknown', reason: `unexpected failure: ${String(error)}` };
}

