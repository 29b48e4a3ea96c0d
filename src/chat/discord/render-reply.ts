// Renders a neutral command Reply as a Discord interaction message: one embed (title, paragraphs,
// list, fields, one field per story, footer) escaped and within every limit, pinging nobody.

import type { APIAllowedMentions, APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { Reply, ReplyStory, ReplyText } from '../commands/command.js';
import { ELLIPSIS, cleanText, fitText, joinWithinLimit, safeHttpUrl } from '../text-limits.js';
import { DISCORD_LIMITS, escapeMarkdownGrapheme, fitMarkdown, maskedLink, neutraliseMentions } from './render-text.js';

/** An interaction reply body; the adapter adds the ephemeral flag from `Reply.visibility`. */
export interface DiscordReply {
  embeds: APIEmbed[];
  allowed_mentions: APIAllowedMentions;
}

const TONE_COLOURS = { info: 0x3498db, success: 0x2ecc71, warning: 0xf1c40f, error: 0xe74c3c } as const;
// Readable caps below Discord's limits: a reply is read on a phone as often as on a desktop.
const FOOTER_MAX = 300;
const FIELD_NAME_MAX = 200;
const LIST_LINE_MAX = 300;
const STORY_SUMMARY_MAX = 300;
const SOURCE_NAME_MAX = 60;
// Kept free of the 6,000-character total for the '—' placeholders of empty parts.
const SAFETY = 30;
const LINK_TEXT_MAX = 200;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;
const PRINTABLE_ASCII = /^[\x20-\x7e\n]*$/;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Renders a reply for an interaction response or `editReply`: Herald's words as written,
 * untrusted parts escaped and shortened, never more than Discord accepts, `allowed_mentions`
 * empty so nothing in it pings.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-messages
 */
export function renderDiscordReply(reply: Reply): DiscordReply {
  // Herald's own words, cleaned all the same: a title or label may quote a topic's configured name.
  const title = fitText(neutraliseMentions(cleanText(reply.title)), DISCORD_LIMITS.title) || 'Herald';
  const slots = DISCORD_LIMITS.fields;
  const fields = reply.fields.slice(0, slots);
  const stories = reply.stories.slice(0, slots - fields.length);
  const hidden = reply.fields.length - fields.length + reply.stories.length - stories.length;
  const footerText = [reply.footer === null ? '' : fitText(neutraliseMentions(cleanText(reply.footer)), FOOTER_MAX), hidden > 0 ? `${hidden} more not shown` : ''].filter((part) => part !== '').join(' · ');

  // Every part asks for what it needs at its own caps; the 6,000-character total is then shared
  // so that no part starves another (a long help text still leaves room for the stories).
  const description = (budget: number): string => renderDescription(reply, Math.min(DISCORD_LIMITS.description, budget));
  const blocks: Array<(budget: number) => APIEmbedField> = [
    ...fields.map((field) => (budget: number) => renderField(fitText(cleanText(field.label), FIELD_NAME_MAX), field.value, budget)),
    ...stories.map((story) => (budget: number) => renderStory(story, budget)),
  ];
  const size = (field: APIEmbedField): number => field.name.length + field.value.length;
  const available = DISCORD_LIMITS.embedTotal - title.length - footerText.length - SAFETY;
  const wants = [description(DISCORD_LIMITS.description).length, ...blocks.map((block) => size(block(DISCORD_LIMITS.fieldName + DISCORD_LIMITS.fieldValue)))];
  const [descriptionBudget = 0, ...blockBudgets] = shareBudget(wants, available);

  const embed: APIEmbed = { title, color: TONE_COLOURS[reply.tone] };
  const text = description(descriptionBudget);
  if (text !== '') embed.description = text;
  const rendered = blocks.map((block, index) => block(blockBudgets[index] ?? 0));
  // Short figures (status) sit side by side; stories and long values take the whole width.
  if (rendered.length > 0) embed.fields = rendered.map((field, index) => (index < fields.length && field.value.length <= 40 ? { ...field, inline: true } : field));
  if (footerText !== '') embed.footer = { text: footerText };
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}

/**
 * Text of Herald's words and untrusted parts, at most `max` code units, cut between graphemes
 * (never inside an escape or a masked link) and ending with "…" when something was cut.
 */
export function fitReplyText(text: ReplyText, max: number): string {
  const units: string[] = [];
  let length = 0;
  let overflow = false;
  // Lazily, so a 100 KB part costs only the graphemes that can be shown.
  outer: for (const part of text) {
    for (const unit of unitsOf(part)) {
      if (length + unit.length > max) {
        overflow = true;
        break outer;
      }
      units.push(unit);
      length += unit.length;
    }
  }
  if (!overflow) return units.join('');
  const room = max - ELLIPSIS.length;
  if (room < 0) return '';
  while (units.length > 0 && length > room) length -= units.pop()?.length ?? 0;
  return `${units.join('').trimEnd()}${ELLIPSIS}`;
}

function* unitsOf(part: ReplyText[number]): Generator<string> {
  if (typeof part === 'string') yield* graphemes(part);
  else if ('untrusted' in part) for (const grapheme of graphemes(neutraliseMentions(cleanText(part.untrusted)))) yield escapeMarkdownGrapheme(grapheme);
  else {
    const label = fitMarkdown(part.link.text, LINK_TEXT_MAX);
    const url = safeHttpUrl(part.link.url, DISCORD_LIMITS.url);
    // A link is one unit: half a masked link would show its markup.
    yield maskedLink(label || (url === null ? '?' : 'link'), url);
  }
}

/** Graphemes one by one; printable ASCII (most of Herald's text) skips the slow segmenter. */
function* graphemes(text: string): Generator<string> {
  if (PRINTABLE_ASCII.test(text)) yield* text;
  else for (const { segment } of segmenter.segment(text)) yield segment;
}

/** The longest prefix of whole units within `max`, with "…" when cut. */
function fitUnits(units: readonly string[], max: number): string {
  let length = 0;
  let count = 0;
  for (const unit of units) {
    if (length + unit.length > max) break;
    length += unit.length;
    count++;
  }
  if (count === units.length) return units.join('');
  const room = max - ELLIPSIS.length;
  if (room < 0) return '';
  while (count > 0 && length > room) length -= units[--count]?.length ?? 0;
  return `${units.slice(0, count).join('').trimEnd()}${ELLIPSIS}`;
}

function renderDescription(reply: Reply, max: number): string {
  const body: ReplyText = reply.body.flatMap((paragraph, index) => (index === 0 ? paragraph : ['\n\n', ...paragraph]));
  const head = fitReplyText(body, max);
  if (reply.list.length === 0) return head;
  const gap = head === '' ? '' : '\n\n';
  const room = max - head.length - gap.length;
  // Lines past the room are only counted, never rendered.
  const lines: string[] = [];
  let used = 0;
  for (const line of reply.list) {
    if (used > room) break;
    const rendered = `• ${fitReplyText(line, LIST_LINE_MAX)}`;
    lines.push(rendered);
    used += rendered.length + 1;
  }
  const list = joinWithinLimit(lines, { max: room, separator: '\n', extraHidden: reply.list.length - lines.length, more: (hidden, shown) => (shown === 0 ? `… ${hidden} more` : `\n… and ${hidden} more`) });
  return list.text === '' ? head : `${head}${gap}${list.text}`;
}

function renderField(name: string, value: ReplyText, budget: number): APIEmbedField {
  // The label gets what the value leaves, and at least half when both are long.
  const valueWant = fitReplyText(value, DISCORD_LIMITS.fieldValue).length;
  const shownName = fitText(neutraliseMentions(name), Math.min(DISCORD_LIMITS.fieldName, Math.max(Math.floor(budget / 2), budget - valueWant))) || '—';
  return { name: shownName, value: fitReplyText(value, Math.min(DISCORD_LIMITS.fieldValue, budget - shownName.length)) || '—' };
}

function renderStory(story: ReplyStory, budget: number): APIEmbedField {
  // The headline gets what the summary and link leave, and at least a third when all are long.
  const valueWant = storyValue(story, DISCORD_LIMITS.fieldValue).length;
  const name = fitMarkdown(story.headline, Math.min(DISCORD_LIMITS.fieldName, Math.max(Math.floor(budget / 3), budget - valueWant))) || 'Untitled story';
  return { name, value: storyValue(story, Math.min(DISCORD_LIMITS.fieldValue, budget - name.length)) || '—' };
}

/** Summary, then a line with the link, outlets and time; the line comes first in the budget. */
function storyValue(story: ReplyStory, room: number): string {
  const url = safeHttpUrl(story.url, DISCORD_LIMITS.url);
  const sources = joinWithinLimit(
    story.sources.map((source) => fitMarkdown(source, SOURCE_NAME_MAX) || '?'),
    { max: 200, separator: ', ', maxItems: 3, more: (hidden, shown) => (shown === 0 ? `${hidden} outlets` : ` +${hidden} more`) },
  ).text;
  // The link and the time stay whole; the outlets may be cut.
  const meta: string[] = [];
  for (const part of [url === null ? null : [maskedLink('Read', url)], sources === '' ? null : [...graphemes(sources)], [whenText(story.publishedAt)]]) {
    if (part === null) continue;
    if (meta.length > 0) meta.push(' ', '·', ' ');
    meta.push(...part);
  }
  const line = fitUnits(meta, room);
  const summaryRoom = Math.min(STORY_SUMMARY_MAX, room - line.length - 1);
  const summary = summaryRoom > 0 ? fitMarkdown(story.summary, summaryRoom) : '';
  return [summary, line].filter((part) => part !== '').join('\n');
}

/** A Discord timestamp that each reader sees in their own time zone, or the text as given. */
function whenText(iso: string): string {
  // Date.parse alone reads a date into "soon 1"; feeds' dates reach here as ISO 8601.
  const time = ISO_DATE.test(iso) ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(time) ? fitMarkdown(iso, 40) || '?' : `<t:${Math.floor(time / 1000)}:R>`;
}

/**
 * Shares `total` among parts that want `wants`: each gets what it wants if that fits, and the
 * parts that want more share what is left equally (water-filling).
 */
export function shareBudget(wants: readonly number[], total: number): number[] {
  const budgets = wants.map(() => 0);
  const order = wants.map((want, index) => ({ want, index })).sort((a, b) => a.want - b.want);
  let left = Math.max(0, total);
  order.forEach(({ want, index }, position) => {
    const share = Math.floor(left / (order.length - position));
    const given = Math.min(want, share);
    budgets[index] = given;
    left -= given;
  });
  return budgets;
}

