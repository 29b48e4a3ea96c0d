// How a posted message is tied to its delivery key: Discord's `nonce` (deduplicates a resend for a
// few minutes) and a "Herald · ref <key>" mark in the embed footer (found in history any time later).

import { createHash } from 'node:crypto';
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { ELLIPSIS } from '../text-limits.js';
import type { DiscordMessage } from './render-alert.js';
import { DISCORD_LIMITS, embedLength } from './render-text.js';

const MARK = 'Herald · ref ';
const READABLE_KEY = /^[A-Za-z0-9._:-]{1,64}$/;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// Code units before a cut that are segmented to find the last grapheme boundary.
const WINDOW = 128;

/**
 * The nonce for sending `key` to a channel: 25 characters, Discord's maximum. Discord checks a
 * nonce against the author's recent messages everywhere, so the channel is part of it.
 * @see https://discord.com/developers/docs/resources/message#create-message-jsonform-params
 */
export function nonceFor(channelId: string, key: string): string {
  return createHash('sha256').update(`${channelId}\n${key}`).digest('base64url').slice(0, 25);
}

/** The reference shown in the footer: the key itself when short and plain, else a digest of it. */
export function refFor(key: string): string {
  return READABLE_KEY.test(key) ? key : `h${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/**
 * The message with "Herald · ref <ref>" ending its first embed's footer, shortening the
 * description (then dropping the last fields) if the mark would break the 6,000-character total.
 */
export function stampRef(message: DiscordMessage, ref: string): DiscordMessage {
  const [first, ...rest] = message.embeds;
  if (first === undefined) return { ...message, embeds: [{ footer: { text: `${MARK}${ref}` } }] };
  const current = first.footer?.text ?? '';
  const footerText = current === '' ? `${MARK}${ref}` : `${current.slice(0, DISCORD_LIMITS.footer - MARK.length - ref.length - 3)} · ${MARK}${ref}`;
  const embed: APIEmbed = { ...first, footer: { ...first.footer, text: footerText } };
  const total = (): number => [embed, ...rest].reduce((sum, e) => sum + embedLength(e), 0);
  while (total() > DISCORD_LIMITS.embedTotal) {
    const over = total() - DISCORD_LIMITS.embedTotal;
    if (embed.description !== undefined && embed.description.length > over + ELLIPSIS.length) {
      embed.description = shorten(embed.description, embed.description.length - over - ELLIPSIS.length);
    } else if (embed.fields !== undefined && embed.fields.length > 0) {
      embed.fields = embed.fields.slice(0, -1);
    } else {
      delete embed.description;
      break;
    }
  }
  return { ...message, embeds: [embed, ...rest] };
}

/** Whether `message` is one `botId` posted for `ref`. */
export function carriesRef(message: Pick<APIMessage, 'author' | 'embeds'>, ref: string, botId: string): boolean {
  if (message.author.id !== botId) return false;
  return message.embeds.some((embed) => embed.footer?.text.endsWith(`${MARK}${ref}`) === true);
}

/** Escaped markdown cut to `room` code units between graphemes, never leaving a lone escape, then "…". */
function shorten(text: string, room: number): string {
  // Only the end is segmented: the segmenter is slow, and a cut needs just the last boundary.
  const from = Math.max(0, room - WINDOW);
  let end = from;
  for (const { index, segment } of segmenter.segment(text.slice(from, room + 1))) {
    if (index + segment.length > room - from) break;
    end = from + index + segment.length;
  }
  let kept = text.slice(0, end);
  // No boundary in the window (one huge grapheme): at least never keep half a surrogate pair.
  if (/[\ud800-\udbff]$/.test(kept)) kept = kept.slice(0, -1);
  // An odd run of trailing backslashes would escape the ellipsis instead of the cut character.
  const slashes = /\\*$/.exec(kept)?.[0].length ?? 0;
  if (slashes % 2 === 1) kept = kept.slice(0, -1);
  return `${kept.trimEnd()}${ELLIPSIS}`;
}
