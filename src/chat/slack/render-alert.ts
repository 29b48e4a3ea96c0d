// Renders a neutral Alert as a Slack Block Kit message: linked headline, summary, a context line
// (topics, sources, time), one link button, and a ping for the subscription's mention only.

import type { ActionsBlock, ContextBlock, KnownBlock, MrkdwnElement } from '@slack/types';
import { topicLabel, type Alert } from '../alert.js';
import { joinWithinLimit } from '../text-limits.js';
import { SLACK_LIMITS, mrkdwn, fitMrkdwn, fitPlainText, mrkdwnLink, renderSlackMention, safeSlackUrl, slackDate, type SlackMessage } from './render-text.js';

/** An alert message; `metadata` lets Herald find its own post again (retries, edits). */
export interface SlackAlertMessage extends SlackMessage {
  metadata: { event_type: 'herald_alert'; event_payload: { delivery_id: string; story_id: number } };
}

// Readable caps below Slack's limits. A URL longer than URL_MAX gets no link: it would crowd the
// headline out of its 3,000-character section (SOURCE_URL_MAX: out of a 2,000 context element).
const HEADLINE_MAX = 300;
const URL_MAX = 2000;
const SOURCE_URL_MAX = 1000;
const SOURCE_NAME_MAX = 100;
const OTHER_SOURCES_SHOWN = 12;
const TOPICS_SHOWN = 10;
const FALLBACK_MAX = 500;

/**
 * Renders an alert for chat.postMessage (or chat.update when more sources report the story).
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 * @see https://docs.slack.dev/reference/block-kit/blocks
 */
export function renderSlackAlert(alert: Alert): SlackAlertMessage {
  const url = safeSlackUrl(alert.url, URL_MAX);
  const mention = renderSlackMention(alert.mention);
  const prefix = mention === '' ? '' : `${mention} `;
  const headline = fitMrkdwn(alert.headline, HEADLINE_MAX) || 'Untitled story';
  const [first, ...others] = alert.sources;

  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(`${prefix}*${mrkdwnLink(url, headline)}*`) }];
  const summary = fitMrkdwn(alert.summary, SLACK_LIMITS.sectionText);
  if (summary !== '') blocks.push({ type: 'section', text: mrkdwn(summary) });

  const context: MrkdwnElement[] = [];
  if (alert.topics.length > 0) {
    const labels = alert.topics.map((topic) => fitMrkdwn(topicLabel(topic, alert.topicLabels), 60) || '?');
    const list = joinWithinLimit(labels, { max: 500, separator: ' · ', maxItems: TOPICS_SHOWN, more: (hidden, shown) => (shown === 0 ? `${hidden} topics` : ` · +${hidden} more`) });
    context.push(mrkdwn(list.text));
  }
  if (first !== undefined) {
    const via = `via ${mrkdwnLink(safeSlackUrl(first.url, SOURCE_URL_MAX), fitMrkdwn(first.name, SOURCE_NAME_MAX) || 'unknown source')}`;
    const names = others.map((source) => fitMrkdwn(source.name, SOURCE_NAME_MAX) || 'unknown source');
    const also = joinWithinLimit(names, {
      max: SLACK_LIMITS.contextText - via.length - ' · also reported by '.length,
      separator: ', ',
      maxItems: OTHER_SOURCES_SHOWN,
      more: (hidden, shown) => (shown === 0 ? `${hidden} outlets` : ` and ${hidden} more`),
    });
    context.push(mrkdwn(others.length === 0 ? via : `${via} · also reported by ${also.text}`));
  }
  context.push(mrkdwn(slackDate(alert.publishedAt)));
  blocks.push({ type: 'context', elements: context } satisfies ContextBlock);

  if (url !== null) blocks.push(linkButton(`Read on ${first?.name ?? 'the web'}`, url, 'herald_open_story'));

  const source = first === undefined ? '' : ` — ${fitMrkdwn(first.name, SOURCE_NAME_MAX)}`;
  return {
    text: `${prefix}${fitMrkdwn(alert.headline, FALLBACK_MAX - prefix.length - source.length) || 'Untitled story'}${source}`,
    blocks,
    unfurl_links: false,
    unfurl_media: false,
    metadata: { event_type: 'herald_alert', event_payload: { delivery_id: alert.deliveryId, story_id: alert.storyId } },
  };
}

/** An actions block holding one link button. */
export function linkButton(label: string, url: string, actionId: string): ActionsBlock {
  return {
    type: 'actions',
    elements: [{ type: 'button', text: { type: 'plain_text', text: fitPlainText(label, SLACK_LIMITS.buttonText) || 'Open', emoji: false }, url, action_id: actionId }],
  };
}
