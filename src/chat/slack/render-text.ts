// Slack text rules shared by the alert, digest and notice renderers: mrkdwn escaping, inert
// mentions, the one permitted ping, date tokens and the documented Block Kit limits.

import type { KnownBlock, MrkdwnElement } from '@slack/types';
import { formatUtc, type Mention } from '../alert.js';
import { cleanText, fitText, safeHttpUrl } from '../text-limits.js';

/**
 * Slack's documented limits.
 * @see https://docs.slack.dev/reference/block-kit/blocks/section-block
 * @see https://docs.slack.dev/reference/block-kit/blocks/context-block
 * @see https://docs.slack.dev/reference/block-kit/block-elements/button-element
 * @see https://docs.slack.dev/reference/block-kit/blocks/header-block
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  contextElements: 10,
  // A context element is a text object (3,000); Herald keeps each to 2,000 to stay well clear.
  contextText: 2000,
  buttonText: 75,
  buttonUrl: 3000,
  header: 150,
  // chat.postMessage truncates `text` at 40,000; Slack advises at most 4,000.
  text: 4000,
} as const;

// mrkdwn has no escape character: beyond the three entities Slack documents, the characters that
// open formatting or split a link label become look-alikes that Slack does not parse.
// @see https://docs.slack.dev/messaging/formatting-message-text#escaping
const MRKDWN: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02cd', // ˍ modifier letter low macron
  '~': '\u223c', // ∼ tilde operator
  '`': '\u02cb', // ˋ modifier letter grave accent
  '|': '\u2223', // ∣ divides
};

/** Escapes one grapheme of untrusted text for a mrkdwn text object. */
export function escapeMrkdwnGrapheme(grapheme: string): string {
  const replacement = MRKDWN[grapheme.charAt(0)];
  return replacement === undefined ? grapheme : `${replacement}${grapheme.slice(1)}`;
}

// plain_text is not parsed, but '<' and '>' still read as markup to anything that renders the
// payload later (and to our own checks), so they become single angle quotes.
function escapePlainGrapheme(grapheme: string): string {
  const first = grapheme.charAt(0);
  return first === '<' ? `\u2039${grapheme.slice(1)}` : first === '>' ? `\u203a${grapheme.slice(1)}` : grapheme;
}

/** Belt and braces: `@here`, `@channel`, `@everyone` typed as words never become mentions. */
export function neutraliseSlackMentions(text: string): string {
  return text.replace(/@(?=here|channel|everyone)/gi, '@\u200b');
}

/** Untrusted text for a mrkdwn text object, at most `max` long once escaped. */
export function fitMrkdwn(raw: string | null | undefined, max: number): string {
  return fitText(neutraliseSlackMentions(cleanText(raw ?? '')), max, escapeMrkdwnGrapheme);
}

/** Untrusted text for a plain_text object (button, header), at most `max` long. */
export function fitPlainText(raw: string | null | undefined, max: number): string {
  return fitText(neutraliseSlackMentions(cleanText(raw ?? '')), max, escapePlainGrapheme);
}

/**
 * The URL when it is a safe http(s) link whose mrkdwn form (with '&' as an entity) is at most
 * `max` long, else null.
 */
export function safeSlackUrl(url: string | null | undefined, max: number): string | null {
  const safe = safeHttpUrl(url, max);
  return safe !== null && escapeUrl(safe).length <= max ? safe : null;
}

/** `<url|label>` with an escaped label, or the label alone without a URL. */
export function mrkdwnLink(url: string | null, escapedLabel: string): string {
  return url === null ? escapedLabel : `<${escapeUrl(url)}|${escapedLabel}>`;
}

// '&' in a link's URL is written as an entity like everywhere else in mrkdwn.
function escapeUrl(url: string): string {
  return url.replace(/&/g, '&amp;');
}

const SLACK_ID = /^[A-Z0-9]{2,30}$/;

/** The mrkdwn that pings exactly `mention` ('here' → <!here>, 'everyone' → <!channel>), or ''. */
export function renderSlackMention(mention: Mention | null): string {
  if (mention === null) return '';
  switch (mention.kind) {
    case 'role':
      return SLACK_ID.test(mention.id) ? `<!subteam^${mention.id}>` : '';
    case 'user':
      return SLACK_ID.test(mention.id) ? `<@${mention.id}>` : '';
    case 'here':
      return '<!here>';
    case 'everyone':
      return '<!channel>';
  }
}

/**
 * A date token each reader sees in their own time zone, with a UTC fallback.
 * @see https://docs.slack.dev/messaging/formatting-message-text#date-formatting
 */
export function slackDate(iso: string, format = '{date_short_pretty} {time}'): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return fitMrkdwn(iso, 40);
  return `<!date^${Math.floor(time / 1000)}^${format}|${formatUtc(iso)}>`;
}

/**
 * A mrkdwn text object. `verbatim` stops Slack from turning plain names into channel links or
 * mentions; the explicit tokens Herald writes (<url|label>, <!date…>, the chosen mention) still work.
 * @see https://docs.slack.dev/reference/block-kit/composition-objects/text-object
 */
export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** A Slack message body for chat.postMessage / chat.update, without the channel. */
export interface SlackMessage {
  /** Notification and accessibility fallback; escaped like the blocks. */
  text: string;
  blocks: KnownBlock[];
  unfurl_links: false;
  unfurl_media: false;
}
