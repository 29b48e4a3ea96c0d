// Renders a neutral Alert as a Discord message: one embed, a link button, and a ping for the
// subscription's mention only. The same call renders the "also reported by" edit of a story.

import type {
  APIActionRowComponent,
  APIAllowedMentions,
  APIButtonComponentWithURL,
  APIEmbed,
  APIEmbedField,
  ButtonStyle,
  ComponentType,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { topicLabel, type Alert } from '../alert.js';
import { joinWithinLimit, safeHttpUrl } from '../text-limits.js';
import { DISCORD_LIMITS, embedLength, fitMarkdown, fitPlain, maskedLink, renderMention, topicColour } from './render-text.js';

/** A Discord create/edit-message body whose parts the adapter and tests can rely on. */
export interface DiscordMessage extends RESTPostAPIChannelMessageJSONBody {
  embeds: APIEmbed[];
  allowed_mentions: APIAllowedMentions;
  components: APIActionRowComponent<APIButtonComponentWithURL>[];
}

// Readable caps below Discord's own limits; the limits themselves are enforced in DISCORD_LIMITS.
const SOURCE_NAME_MAX = 100;
const OTHER_SOURCES_SHOWN = 12;
const TOPICS_SHOWN = 10;
const FOOTER_MAX = 300;

/**
 * Renders an alert for `POST /channels/{id}/messages` (or the PATCH that edits it when more
 * sources report the story): escaped, within every limit for any input, pinging only
 * `alert.mention`.
 * @see https://discord.com/developers/docs/resources/message#create-message
 */
export function renderDiscordAlert(alert: Alert): DiscordMessage {
  const url = safeHttpUrl(alert.url, DISCORD_LIMITS.url);
  const [first, ...others] = alert.sources;

  const fields: APIEmbedField[] = [];
  if (first !== undefined) {
    const name = fitMarkdown(first.name, SOURCE_NAME_MAX) || 'Unknown source';
    fields.push({ name: 'Source', value: maskedLink(name, safeHttpUrl(first.url, DISCORD_LIMITS.url)), inline: true });
  }
  if (others.length > 0) {
    const names = others.map((source) => fitMarkdown(source.name, SOURCE_NAME_MAX) || 'Unknown source');
    const list = joinWithinLimit(names, {
      max: DISCORD_LIMITS.fieldValue,
      separator: ', ',
      maxItems: OTHER_SOURCES_SHOWN,
      more: (hidden, shown) => (shown === 0 ? `${hidden} outlets` : ` and ${hidden} more`),
    });
    fields.push({ name: 'Also reported by', value: list.text, inline: false });
  }

  const topics = joinWithinLimit(
    alert.topics.map((topic) => fitPlain(topicLabel(topic, alert.topicLabels), 60) || '?'),
    { max: FOOTER_MAX, separator: ' · ', maxItems: TOPICS_SHOWN, more: (hidden, shown) => (shown === 0 ? `${hidden} topics` : ` · +${hidden} more`) },
  );

  const embed: APIEmbed = {
    title: fitMarkdown(alert.headline, DISCORD_LIMITS.title) || 'Untitled story',
    color: topicColour(alert.topics[0]),
    fields,
  };
  if (url !== null) embed.url = url;
  if (topics.text !== '') embed.footer = { text: topics.text };
  const timestamp = isoTimestamp(alert.publishedAt);
  if (timestamp !== null) embed.timestamp = timestamp;
  // The summary gets whatever the 6,000-character total leaves.
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - embedLength(embed));
  const description = fitMarkdown(alert.summary, room);
  if (description !== '') embed.description = description;

  const mention = renderMention(alert.mention);
  const message: DiscordMessage = {
    embeds: [embed],
    allowed_mentions: mention.allowed_mentions,
    components: url === null ? [] : [linkButtonRow(`Read on ${first?.name ?? 'the web'}`, url)],
  };
  if (mention.content !== null) message.content = mention.content;
  return message;
}

/** One action row holding one link button (component type 2, style 5). */
export function linkButtonRow(label: string, url: string): APIActionRowComponent<APIButtonComponentWithURL> {
  return {
    type: 1 as ComponentType.ActionRow,
    components: [{ type: 2 as ComponentType.Button, style: 5 as ButtonStyle.Link, label: fitPlain(label, DISCORD_LIMITS.buttonLabel) || 'Open', url }],
  };
}

/** The instant as Discord's ISO 8601 timestamp, or null when the feed gave no usable date. */
export function isoTimestamp(iso: string): string | null {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
