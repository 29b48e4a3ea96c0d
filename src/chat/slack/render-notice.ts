// Renders a neutral Notice (a failing or disabled feed, a paused subscription) as a Slack Block
// Kit message for the people who look after the channel it concerns.

import type { KnownBlock } from '@slack/types';
import { describeNotice, type Notice } from '../alert.js';
import { SLACK_LIMITS, mrkdwn, fitMrkdwn, fitPlainText, mrkdwnLink, safeSlackUrl, type SlackMessage } from './render-text.js';

const SUBJECT_MAX = 300;
const URL_MAX = 1000;
const FACT_MAX = 300;

/**
 * Renders a notice for chat.postMessage; it never pings anyone.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 */
export function renderSlackNotice(notice: Notice): SlackMessage {
  const text = describeNotice(notice);
  const subject = text.subject === null ? null : mrkdwnLink(safeSlackUrl(text.subject.url, URL_MAX), fitMrkdwn(text.subject.text, SUBJECT_MAX) || '?');
  const facts = text.facts.map((fact) => `*${fact.label}:* ${fitMrkdwn(fact.value, FACT_MAX) || '—'}`);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: fitPlainText(text.title, SLACK_LIMITS.header), emoji: true } },
    { type: 'section', text: mrkdwn([...(subject === null ? [] : [subject]), ...facts].join('\n')) },
  ];
  if (text.hint !== null) blocks.push({ type: 'context', elements: [mrkdwn(text.hint)] });
  const fallback = text.subject === null ? text.title : `${text.title}: ${fitMrkdwn(text.subject.text, SUBJECT_MAX)}`;
  return { text: fallback, blocks, unfurl_links: false, unfurl_media: false };
}
