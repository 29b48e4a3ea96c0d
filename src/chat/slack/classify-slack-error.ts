// Turns what the Slack WebClient threw into the port's SendResult: permanent (someone must act),
// transient (retry later) or unknown (the message may exist: look before posting again).

import { webApi } from '@slack/bolt';
import type { SendResult } from '../port.js';
import { causeCode } from '../error-cause.js';

/** A failed {@link SendResult}. */
export type SlackFailure = Exclude<SendResult, { ok: true }>;

/** How to name the channel in a reason, e.g. `#news` (or its id when the name is unknown). */
export interface FailureContext {
  channelLabel: string;
}

// Slack errors after which posting cannot succeed until a person acts: re-invite the bot,
// unarchive the channel, reinstall the app. The text goes into the paused subscription's reason,
// which `status` and the pause notice show to moderators.
// @see https://docs.slack.dev/reference/methods/chat.postMessage#errors
const PERMANENT: Readonly<Record<string, (context: FailureContext, data: PlatformData) => string>> = {
  channel_not_found: ({ channelLabel }) => `Herald cannot see ${channelLabel} any more (deleted, or private and Herald was removed); invite it with /invite @Herald, then subscribe again.`,
  not_in_channel: ({ channelLabel }) => `Herald is not in ${channelLabel} any more; invite it with /invite @Herald, then subscribe again.`,
  is_archived: ({ channelLabel }) => `${channelLabel} is archived; unarchive it, then run /news subscribe again in that channel to resume.`,
  channel_is_archived: ({ channelLabel }) => `${channelLabel} is archived; unarchive it, then run /news subscribe again in that channel to resume.`,
  restricted_action: ({ channelLabel }) => `A workspace setting stops Herald from posting in ${channelLabel} (posting limited to some members); allow it, then run /news subscribe again in that channel to resume.`,
  cant_update_message: () => 'Slack does not let Herald edit that message.',
  message_not_found: () => 'The message Herald posted was deleted.',
  account_inactive: () => "Herald's Slack app was uninstalled or its bot deactivated; reinstall the app, update SLACK_BOT_TOKEN, then run /news subscribe again in that channel to resume.",
  invalid_auth: () => "Slack refuses Herald's bot token (SLACK_BOT_TOKEN); reinstall the app or fix the token, then run /news subscribe again in that channel to resume.",
  not_authed: () => 'Herald sent no Slack bot token; set SLACK_BOT_TOKEN, then run /news subscribe again in that channel to resume.',
  token_revoked: () => "Herald's Slack bot token was revoked; reinstall the app, update SLACK_BOT_TOKEN, then run /news subscribe again in that channel to resume.",
  token_expired: () => "Herald's Slack bot token expired; reinstall the app, update SLACK_BOT_TOKEN, then run /news subscribe again in that channel to resume.",
  no_permission: () => "Herald's Slack app lacks a permission it needs; reinstall it with the scopes in config/slack-manifest.yaml, then run /news subscribe again in that channel to resume.",
  missing_scope: (_context, data) =>
    `Herald's Slack app lacks the ${data.needed ?? 'needed'} scope; reinstall it with the scopes in config/slack-manifest.yaml, then run /news subscribe again in that channel to resume.`,
  team_access_not_granted: () => 'Herald is not installed in this workspace (an org-wide app needs to be granted to it); grant access, then run /news subscribe again in that channel to resume.',
  ekm_access_denied: () => 'Workspace administrators suspended Herald’s access to this content (EKM); ask them, then run /news subscribe again in that channel to resume.',
};

// "It's possible some aspect of the operation succeeded before the error was raised" (Slack).
const MAYBE_DONE = new Set(['fatal_error', 'internal_error']);

// Errors while connecting: the request never left, so a retry cannot post twice.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface PlatformData {
  error: string;
  needed?: string;
}

/**
 * Classifies an error thrown by a WebClient built with `retryConfig: { retries: 0 }` and
 * `rejectRateLimitedCalls: true`, so that every attempt is seen as Slack answered it.
 * @see https://docs.slack.dev/tools/node-slack-sdk/web-api#handle-errors
 */
export function classifySlackError(error: unknown, context: FailureContext): SlackFailure {
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return { ok: false, kind: 'transient', reason: `Slack rate limit (retry after ${error.retryAfter} s)`, retryAfterMs: error.retryAfter * 1000 };
  }
  if (error instanceof webApi.WebAPIPlatformError) return classifyPlatformError(error.data as { error: string; needed?: unknown }, context);
  if (error instanceof webApi.WebAPIHTTPError) {
    if (error.statusCode === 429) return { ok: false, kind: 'transient', reason: 'Slack rate limit (HTTP 429)', retryAfterMs: retryAfterMs(error.headers['retry-after']) };
    // A 5xx can come after Slack stored the message (a proxy timing out, say).
    if (error.statusCode >= 500) return { ok: false, kind: 'unknown', reason: `Slack answered HTTP ${error.statusCode}` };
    return { ok: false, kind: 'transient', reason: `Slack answered HTTP ${error.statusCode}`, retryAfterMs: null };
  }
  if (error instanceof webApi.WebAPIRequestError) return classifyRequestError(error.original);
  // Thrown before any request (a bug in building the call): nothing reached Slack.
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, kind: 'transient', reason: `could not call Slack: ${message}`, retryAfterMs: null };
}

function classifyPlatformError(data: { error: string; needed?: unknown }, context: FailureContext): SlackFailure {
  const code = data.error;
  const permanent = PERMANENT[code];
  if (permanent !== undefined) {
    const needed = typeof data.needed === 'string' && /^[a-z:.]+(,[a-z:.]+)*$/.test(data.needed) ? data.needed : undefined;
    return { ok: false, kind: 'permanent', reason: permanent(context, needed === undefined ? { error: code } : { error: code, needed }) };
  }
  if (code === 'ratelimited') return { ok: false, kind: 'transient', reason: 'Slack rate limit', retryAfterMs: null };
  if (MAYBE_DONE.has(code)) return { ok: false, kind: 'unknown', reason: `Slack error ${code}` };
  // The rest (invalid_blocks, msg_too_long, service_unavailable…) fail this one message only:
  // retried with backoff and given up after the dispatcher's attempts, the channel stays active.
  return { ok: false, kind: 'transient', reason: `Slack error ${code}`, retryAfterMs: null };
}

function classifyRequestError(original: Error): SlackFailure {
  const code = causeCode(original);
  if (code !== undefined && NOT_SENT.has(code)) return { ok: false, kind: 'transient', reason: `could not reach Slack (${code})`, retryAfterMs: null };
  // A reset, a closed socket or a timeout after the request went out: Slack may have posted it.
  const what = code ?? (original.name === 'TimeoutError' || original.name === 'AbortError' ? 'timeout' : original.message);
  return { ok: false, kind: 'unknown', reason: `connection to Slack lost mid-request (${what})` };
}

function retryAfterMs(header: string | undefined): number | null {
  const seconds = Number(header);
  return header !== undefined && header !== '' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}
