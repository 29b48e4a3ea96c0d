// Renders a neutral command Reply (help, recent, search, status…) as a Slack response_url payload:
// Block Kit with a plain-text fallback, Herald's words kept as written, everything else escaped,
// and within Block Kit's limits for any reply.

import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { topicLabel } from '../alert.js';
import type { Reply, ReplyStory, ReplyText } from '../commands/command.js';
import { cleanText, fitText, joinWithinLimit } from '../text-limits.js';
import { SLACK_LIMITS, escapeMrkdwnGrapheme, fitMrkdwn, fitPlainText, mrkdwn, mrkdwnLink, neutraliseSlackMentions, safeSlackUrl, slackDate } from './render-text.js';

/** The body for Bolt's respond() (a POST to the command's response_url). */
export interface SlackReplyMessage {
  /** `ephemeral`: only the asker sees it. */
  response_type: 'ephemeral' | 'in_channel';
  /** Notification fallback. */
  text: string;
  blocks: KnownBlock[];
}

// How many blocks each part may take: 1 header + 6 + 2 (+1) + 5 (+1) + 2 × 10 (+1) + 1 footer = 38,
// well inside Slack's 50.
const BODY_SECTIONS = 6;
const FIELD_SECTIONS = 2;
const FIELDS_PER_SECTION = 10;
const FIELD_TEXT = 2000;
const LIST_SECTIONS = 5;
const STORIES_SHOWN = 10;
const LINK_LABEL_MAX = 300;
const URL_MAX = 1000;
const HEADLINE_MAX = 300;
const SUMMARY_MAX = 600;
const SOURCE_MAX = 100;
const SOURCES_SHOWN = 5;
const TOPICS_SHOWN = 5;
const FALLBACK_MAX = 1000;
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

const TONE_EMOJI: Readonly<Record<Reply['tone'], string>> = {
  info: '',
  success: ':white_check_mark: ',
  warning: ':warning: ',
  error: ':x: ',
};

/**
 * Renders a command reply, ephemeral unless the reply is meant for the whole channel.
 * @see https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
 * @see https://docs.slack.dev/reference/block-kit/blocks
 */
export function renderSlackReply(reply: Reply): SlackReplyMessage {
  const blocks: KnownBlock[] = [];
  const emoji = TONE_EMOJI[reply.tone];
  const title = fitPlainText(reply.title, SLACK_LIMITS.header - emoji.length) || 'Herald';
  blocks.push({ type: 'header', text: { type: 'plain_text', text: `${emoji}${title}`, emoji: true } });

  pushSections(blocks, reply.body, (text) => renderReplyText(text, SLACK_LIMITS.sectionText), '\n\n', BODY_SECTIONS);
  pushFields(blocks, reply.fields);
  pushSections(blocks, reply.list, (item) => `• ${renderReplyText(item, SLACK_LIMITS.sectionText - 2)}`, '\n', LIST_SECTIONS);
  pushStories(blocks, reply.stories);
  const footer = reply.footer === null ? '' : fitTrusted(reply.footer, SLACK_LIMITS.contextText).text.trim();
  if (footer !== '') blocks.push({ type: 'context', elements: [mrkdwn(footer)] });

  const fallbackTitle = fitTrusted(reply.title, SLACK_LIMITS.header).text.trim() || 'Herald';
  const first = reply.body[0] === undefined ? '' : renderReplyText(reply.body[0], FALLBACK_MAX - fallbackTitle.length - 2);
  return { response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral', text: first === '' ? fallbackTitle : `${fallbackTitle}: ${first}`, blocks };
}

/**
 * One ReplyText as mrkdwn of at most `max` characters: Herald's words with only &, < and >
 * escaped (their *bold* and `code` stay formatting), untrusted parts fully escaped, links as
 * `<url|label>` when the URL is safe. A part that does not fit is cut and ends the text.
 */
export function renderReplyText(text: ReplyText, max: number): string {
  let out = '';
  for (const part of text) {
    const room = max - out.length;
    if (room <= 0) break;
    let piece: { text: string; cut: boolean };
    if (typeof part === 'string') piece = fitTrusted(part, room);
    else if ('untrusted' in part) piece = fitUntrusted(part.untrusted, room);
    else {
      const label = fitMrkdwn(part.link.text, LINK_LABEL_MAX) || fitMrkdwn(part.link.url, LINK_LABEL_MAX) || 'link';
      const link = mrkdwnLink(safeSlackUrl(part.link.url, URL_MAX), label);
      piece = link.length <= room ? { text: link, cut: false } : fitUntrusted(part.link.text, room);
    }
    out += piece.text;
    if (piece.cut) break;
  }
  return out.trim();
}

// Herald's own words may hold formatting, but never markup: '<' would open a link or a mention.
const TRUSTED: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
function escapeTrustedGrapheme(grapheme: string): string {
  const replacement = TRUSTED[grapheme.charAt(0)];
  return replacement === undefined ? grapheme : `${replacement}${grapheme.slice(1)}`;
}

/**
 * Herald's words: newlines kept (help lists); control characters, bidi controls and lone
 * surrogates dropped as in untrusted text, since a reply may quote what a member typed.
 */
function fitTrusted(raw: string, max: number): { text: string; cut: boolean } {
  // cleanText trims; the spaces at either end join Herald's words to the parts around them.
  const lines = raw.split(/\r\n?|\n/).map((line) => {
    const inner = cleanText(line);
    if (inner === '') return /\s/.test(line) ? ' ' : '';
    return `${/^\s/.test(line) ? ' ' : ''}${inner}${/\s$/.test(line) ? ' ' : ''}`;
  });
  return fitWhole(neutraliseSlackMentions(lines.join('\n')), max, escapeTrustedGrapheme);
}

function fitUntrusted(raw: string, max: number): { text: string; cut: boolean } {
  return fitWhole(neutraliseSlackMentions(cleanText(raw)), max, escapeMrkdwnGrapheme);
}

/** The whole text escaped when it fits, else cut to `max` (escaping never shortens a text). */
function fitWhole(cleaned: string, max: number, escape: (grapheme: string) => string): { text: string; cut: boolean } {
  if (cleaned.length <= max) {
    const whole = fitText(cleaned, NO_LIMIT, escape);
    if (whole.length <= max) return { text: whole, cut: false };
  }
  return { text: fitText(cleaned, max, escape), cut: true };
}

/**
 * Packs rendered items (each within a section already; empty ones skipped) into at most
 * `maxSections` sections, then counts the rest. Items are rendered only while there is room, so
 * a reply listing thousands of long lines costs no more than one that fills the sections.
 */
function pushSections<T>(blocks: KnownBlock[], items: readonly T[], render: (item: T) => string, separator: string, maxSections: number): void {
  let current = '';
  let sections = 0;
  let index = 0;
  for (; index < items.length; index++) {
    const item = items[index];
    const line = item === undefined ? '' : render(item);
    if (line === '') continue;
    if (current === '') current = line;
    else if (current.length + separator.length + line.length <= SLACK_LIMITS.sectionText) current += `${separator}${line}`;
    else {
      if (sections + 1 === maxSections) break;
      blocks.push(section(current));
      sections++;
      current = line;
    }
  }
  if (current !== '') blocks.push(section(current));
  const hidden = items.length - index;
  if (hidden > 0) blocks.push(context(`… and ${hidden} more`));
}

function pushFields(blocks: KnownBlock[], fields: Reply['fields']): void {
  const shown = fields.slice(0, FIELD_SECTIONS * FIELDS_PER_SECTION).map(({ label, value }) => {
    const name = fitTrusted(label, 200).text.trim();
    const head = name === '' ? '' : `*${name}*\n`;
    return `${head}${renderReplyText(value, FIELD_TEXT - head.length) || '—'}`;
  });
  for (let start = 0; start < shown.length; start += FIELDS_PER_SECTION) {
    blocks.push({ type: 'section', fields: shown.slice(start, start + FIELDS_PER_SECTION).map(mrkdwn) } satisfies SectionBlock);
  }
  if (fields.length > shown.length) blocks.push(context(`… and ${fields.length - shown.length} more`));
}

function pushStories(blocks: KnownBlock[], stories: readonly ReplyStory[]): void {
  for (const story of stories.slice(0, STORIES_SHOWN)) {
    const headline = fitMrkdwn(story.headline, HEADLINE_MAX) || 'Untitled story';
    const summary = fitMrkdwn(story.summary, SUMMARY_MAX);
    blocks.push(section(`*${mrkdwnLink(safeSlackUrl(story.url, URL_MAX), headline)}*${summary === '' ? '' : `\n${summary}`}`));

    const facts: string[] = [];
    // Only the outlets that can be shown are rendered; the rest are counted.
    const [first, ...others] = story.sources.slice(0, SOURCES_SHOWN + 1).map((name) => fitMrkdwn(name, SOURCE_MAX) || 'unknown source');
    if (first !== undefined) {
      const also = joinWithinLimit(others, {
        max: 1000,
        separator: ', ',
        extraHidden: Math.max(0, story.sources.length - SOURCES_SHOWN - 1),
        more: (hidden, shown) => (shown === 0 ? `${hidden} outlets` : ` and ${hidden} more`),
      });
      facts.push(others.length === 0 ? `via ${first}` : `via ${first} · also ${also.text}`);
    }
    facts.push(slackDate(story.publishedAt));
    if (story.topics.length > 0) {
      const labels = story.topics.slice(0, TOPICS_SHOWN).map((topic) => fitMrkdwn(topicLabel(topic), 60) || '?');
      const extraHidden = Math.max(0, story.topics.length - TOPICS_SHOWN);
      facts.push(joinWithinLimit(labels, { max: 500, separator: ' · ', extraHidden, more: (hidden, shown) => (shown === 0 ? `${hidden} topics` : ` · +${hidden} more`) }).text);
    }
    blocks.push({ type: 'context', elements: facts.filter((fact) => fact !== '').map(mrkdwn) } satisfies ContextBlock);
  }
  if (stories.length > STORIES_SHOWN) blocks.push(context(`… and ${stories.length - STORIES_SHOWN} more stories`));
}

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

function context(text: string): ContextBlock {
  return { type: 'context', elements: [mrkdwn(text)] };
}
