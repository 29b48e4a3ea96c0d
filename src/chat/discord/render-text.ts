// Discord text rules shared by the alert, digest and notice renderers: markdown escaping, inert
// mentions, the one permitted ping, topic colours and the documented length limits.

import type { APIAllowedMentions, AllowedMentionsTypes } from 'discord-api-types/v10';
import type { Mention } from '../alert.js';
import { cleanText, fitText } from '../text-limits.js';

/**
 * Discord's documented limits.
 * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * @see https://discord.com/developers/docs/components/reference#button
 */
export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  buttonLabel: 80,
  url: 512,
} as const;

// Every character Discord's markdown gives a meaning to in the places we write: emphasis, code,
// spoilers, quotes, headings, subtext and lists, masked links, autolinks (the ':' of 'https:'),
// mentions, emoji and timestamps ('<').
const MARKDOWN = new Set(['\\', '*', '_', '~', '`', '|', '>', '<', '#', '-', '[', ']', '(', ')', ':']);

/** Escapes one grapheme so that it renders literally: a backslash before a markdown character. */
export function escapeMarkdownGrapheme(grapheme: string): string {
  return MARKDOWN.has(grapheme.charAt(0)) ? `\\${grapheme}` : grapheme;
}

/**
 * Makes mention syntax inert with a zero-width space, even where allowed_mentions already stops
 * the ping (belt and braces): `@everyone`, `@here`, `<@id>`, `<@&id>`, `<#id>`, `</cmd:id>`,
 * `<:emoji:id>`, `<t:…>`.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(?=everyone|here)/gi, '@\u200b').replace(/<(?=[@#/:]|a:|t:|id:)/gi, '<\u200b');
}

/** Untrusted text for a place where Discord renders markdown, at most `max` long. */
export function fitMarkdown(raw: string | null | undefined, max: number): string {
  return fitText(neutraliseMentions(cleanText(raw ?? '')), max, escapeMarkdownGrapheme);
}

/** Untrusted text for a place Discord shows as plain text (footer, author, button label). */
export function fitPlain(raw: string | null | undefined, max: number): string {
  return fitText(neutraliseMentions(cleanText(raw ?? '')), max);
}

/** A masked link `[text](url)` when the URL is safe, else the text alone; both already escaped. */
export function maskedLink(escapedText: string, url: string | null): string {
  return url === null ? escapedText : `[${escapedText}](${url})`;
}

const TOPIC_COLOURS: Readonly<Record<string, number>> = {
  'copyright-law': 0x2f80ed,
  hacktivism: 0xd63031,
};

/** Colour of an embed about `topic`: fixed for the built-in topics, a stable hash for others. */
export function topicColour(topic: string | undefined): number {
  if (topic === undefined) return 0x95a5a6;
  const fixed = TOPIC_COLOURS[topic];
  if (fixed !== undefined) return fixed;
  // FNV-1a: the same topic id gets the same hue on every run and every machine.
  let hash = 0x811c9dc5;
  for (let i = 0; i < topic.length; i++) hash = Math.imul(hash ^ topic.charCodeAt(i), 0x01000193) >>> 0;
  return hslToRgb(hash % 360, 0.55, 0.5);
}

function hslToRgb(hue: number, saturation: number, lightness: number): number {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = chroma * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = lightness - chroma / 2;
  const [r, g, b] =
    hue < 60 ? [chroma, x, 0] : hue < 120 ? [x, chroma, 0] : hue < 180 ? [0, chroma, x] : hue < 240 ? [0, x, chroma] : hue < 300 ? [x, 0, chroma] : [chroma, 0, x];
  const byte = (v: number): number => Math.round((v + m) * 255);
  return (byte(r) << 16) | (byte(g) << 8) | byte(b);
}

const SNOWFLAKE = /^\d{17,20}$/;
// Typed as the library's string enum without loading it at run time: these files import types only.
const EVERYONE = 'everyone' as AllowedMentionsTypes.Everyone;

/** The message content and allowed_mentions that ping exactly `mention` and nothing else. */
export function renderMention(mention: Mention | null): { content: string | null; allowed_mentions: APIAllowedMentions } {
  if (mention === null) return { content: null, allowed_mentions: { parse: [] } };
  switch (mention.kind) {
    case 'role':
      return SNOWFLAKE.test(mention.id) ? { content: `<@&${mention.id}>`, allowed_mentions: { parse: [], roles: [mention.id] } } : renderMention(null);
    case 'user':
      return SNOWFLAKE.test(mention.id) ? { content: `<@${mention.id}>`, allowed_mentions: { parse: [], users: [mention.id] } } : renderMention(null);
    case 'here':
      return { content: '@here', allowed_mentions: { parse: [EVERYONE] } };
    case 'everyone':
      return { content: '@everyone', allowed_mentions: { parse: [EVERYONE] } };
  }
}

/** The sum Discord checks against the 6,000-character total of an embed. */
export function embedLength(embed: { title?: string; description?: string; fields?: ReadonlyArray<{ name: string; value: string }>; footer?: { text: string }; author?: { name: string } }): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}
