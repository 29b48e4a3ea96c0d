// Renders a neutral Digest as a Slack Block Kit message: a header, the period, and one section
// per topic listing its stories; within 50 blocks and 3,000 characters a section for any input.

import type { KnownBlock } from '@slack/types';
import { topicLabel, type Digest, type DigestEntry } from '../alert.js';
import { joinWithinLimit } from '../text-limits.js';
import { SLACK_LIMITS, mrkdwn, fitMrkdwn, mrkdwnLink, safeSlackUrl, slackDate, type SlackMessage } from './render-text.js';

const HEADLINE_MAX = 150;
// Enough lines to fill a 3,000-character section in practice; the rest are only counted.
const LINES_MAX = 60;
const SUMMARY_MAX = 140;
const SOURCE_MAX = 60;
const URL_MAX = 1000;
const LABEL_MAX = 100;

/**
 * Renders a digest for chat.postMessage; it never pings anyone.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 */
export function renderSlackDigest(digest: Digest): SlackMessage {
  const title = digest.period === 'daily' ? 'Daily digest' : 'Weekly digest';
  const total = digest.groups.reduce((sum, group) => sum + group.stories.length + group.more, 0);
  const stories = `${total} ${total === 1 ? 'story' : 'stories'}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title, emoji: true } },
    { type: 'context', elements: [mrkdwn(`${stories} · ${slackDate(digest.since, '{date_short}')} – ${slackDate(digest.until, '{date_short}')}`)] },
  ];
  // One block stays free for the line that counts the topics that did not fit.
  const groupBlocks = SLACK_LIMITS.blocks - blocks.length - 1;
  let leftStories = 0;
  let leftTopics = 0;
  for (const group of digest.groups) {
    const count = group.stories.length + group.more;
    if (count === 0) continue;
    if (blocks.length - 2 >= groupBlocks) {
      leftStories += count;
      leftTopics++;
      continue;
    }
    const heading = `*${fitMrkdwn(group.label ?? topicLabel(group.topic), LABEL_MAX) || '?'}*\n`;
    const list = joinWithinLimit(group.stories.slice(0, LINES_MAX).map(renderEntry), {
      max: SLACK_LIMITS.sectionText - heading.length,
      separator: '\n',
      extraHidden: group.more + Math.max(0, group.stories.length - LINES_MAX),
      more: (hidden, shown) => (shown === 0 ? `${hidden} stories` : `\n… and ${hidden} more`),
    });
    blocks.push({ type: 'section', text: mrkdwn(`${heading}${list.text}`) });
  }
  if (leftTopics > 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(`… and ${leftStories} more ${leftStories === 1 ? 'story' : 'stories'} in ${leftTopics} more ${leftTopics === 1 ? 'topic' : 'topics'}`)] });
  }
  return { text: `${title}: ${stories}`, blocks, unfurl_links: false, unfurl_media: false };
}

function renderEntry(story: DigestEntry): string {
  const headline = mrkdwnLink(safeSlackUrl(story.url, URL_MAX), fitMrkdwn(story.headline, HEADLINE_MAX) || 'Untitled story');
  const source = story.sources[0] === undefined ? '' : ` — ${fitMrkdwn(story.sources[0], SOURCE_MAX)}`;
  const also = story.sources.length > 1 ? ` +${story.sources.length - 1} more` : '';
  const summary = fitMrkdwn(story.summary, SUMMARY_MAX);
  return `• ${headline}${source}${also}${summary === '' ? '' : `\n    ${summary}`}`;
}
