// Renders a neutral Notice (a failing or disabled feed, a paused subscription) as a Discord embed
// for the moderators of the channel it concerns.

import type { APIEmbed } from 'discord-api-types/v10';
import { describeNotice, type Notice } from '../alert.js';
import { safeHttpUrl } from '../text-limits.js';
import type { DiscordMessage } from './render-alert.js';
import { DISCORD_LIMITS, fitMarkdown, maskedLink, renderMention } from './render-text.js';

const SEVERITY_COLOURS = { info: 0x2ecc71, warning: 0xf1c40f, error: 0xe74c3c } as const;
const SUBJECT_MAX = 300;
const FACT_MAX = 500;

/**
 * Renders a notice for `POST /channels/{id}/messages`; it never pings anyone.
 * @see https://discord.com/developers/docs/resources/message#create-message
 */
export function renderDiscordNotice(notice: Notice): DiscordMessage {
  const text = describeNotice(notice);
  const lines: string[] = [];
  if (text.subject !== null) lines.push(maskedLink(fitMarkdown(text.subject.text, SUBJECT_MAX) || '?', safeHttpUrl(text.subject.url, DISCORD_LIMITS.url)));
  if (text.hint !== null) lines.push(text.hint);
  const embed: APIEmbed = {
    title: text.title,
    color: SEVERITY_COLOURS[text.severity],
    fields: text.facts.map((fact) => ({ name: fact.label, value: fitMarkdown(fact.value, FACT_MAX) || '—', inline: fact.value.length < 40 })),
  };
  if (lines.length > 0) embed.description = lines.join('\n\n');
  return { embeds: [embed], allowed_mentions: renderMention(null).allowed_mentions, components: [] };
}
