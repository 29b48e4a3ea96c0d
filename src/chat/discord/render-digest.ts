// Renders a neutral Digest as one Discord embed: a field per topic listing its stories as links,
// cut to Discord's limits with "… and N more" however many stories there are.

import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { formatUtc, topicLabel, type Digest } from '../alert.js';
import { joinWithinLimit, safeHttpUrl } from '../text-limits.js';
import { isoTimestamp, type DiscordMessage } from './render-alert.js';
import { DISCORD_LIMITS, embedLength, fitMarkdown, maskedLink, renderMention, topicColour } from './render-text.js';

const HEADLINE_MAX = 120;
// Enough lines to fill a 1,024-character field in practice; the rest are only counted.
const LINES_MAX = 30;
const SOURCE_MAX = 60;
// Below this many characters left in the embed, a further topic would show nothing useful.
const MIN_FIELD_ROOM = 120;
// Kept free for the footer that counts what did not fit.
const FOOTER_RESERVE = 100;

/**
 * Renders a digest for `POST /channels/{id}/messages`; it never pings anyone.
 * @see https://discord.com/developers/docs/resources/message#create-message
 */
export function renderDiscordDigest(digest: Digest): DiscordMessage {
  const total = digest.groups.reduce((sum, group) => sum + group.stories.length + group.more, 0);
  const embed: APIEmbed = {
    title: digest.period === 'daily' ? 'Daily digest' : 'Weekly digest',
    description: `${total} ${total === 1 ? 'story' : 'stories'} · ${formatUtc(digest.since)} – ${formatUtc(digest.until)}`,
    color: topicColour(digest.groups.length === 1 ? digest.groups[0]?.topic : undefined),
    fields: [],
  };
  const timestamp = isoTimestamp(digest.until);
  if (timestamp !== null) embed.timestamp = timestamp;

  const fields: APIEmbedField[] = [];
  let leftStories = 0;
  let leftTopics = 0;
  for (const group of digest.groups) {
    const count = group.stories.length + group.more;
    if (count === 0) continue;
    const name = fitMarkdown(group.label ?? topicLabel(group.topic), 100) || fitMarkdown(group.topic, 100) || '?';
    const room = Math.min(DISCORD_LIMITS.fieldValue, DISCORD_LIMITS.embedTotal - FOOTER_RESERVE - embedLength({ ...embed, fields }) - name.length);
    if (fields.length === DISCORD_LIMITS.fields || room < MIN_FIELD_ROOM) {
      leftStories += count;
      leftTopics++;
      continue;
    }
    const lines = group.stories.slice(0, LINES_MAX).map((story) => {
      const headline = maskedLink(fitMarkdown(story.headline, HEADLINE_MAX) || 'Untitled story', safeHttpUrl(story.url, DISCORD_LIMITS.url));
      const source = story.sources[0] === undefined ? '' : ` — ${fitMarkdown(story.sources[0], SOURCE_MAX)}`;
      const also = story.sources.length > 1 ? ` +${story.sources.length - 1} more` : '';
      return `• ${headline}${source}${also}`;
    });
    const list = joinWithinLimit(lines, { max: room, separator: '\n', extraHidden: group.more + Math.max(0, group.stories.length - LINES_MAX), more: (hidden, shown) => (shown === 0 ? `${hidden} stories` : `\n… and ${hidden} more`) });
    fields.push({ name, value: list.text || `${count} ${count === 1 ? 'story' : 'stories'}` });
  }
  embed.fields = fields;
  if (leftTopics > 0) embed.footer = { text: `… and ${leftStories} more ${leftStories === 1 ? 'story' : 'stories'} in ${leftTopics} more ${leftTopics === 1 ? 'topic' : 'topics'}` };
  return { embeds: [embed], allowed_mentions: renderMention(null).allowed_mentions, components: [] };
}
