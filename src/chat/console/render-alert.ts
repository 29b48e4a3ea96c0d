// Renders a neutral Alert as a readable plain-text block for the console platform (the demo,
// local runs): untrusted text is cleaned of anything a terminal would obey.

import { formatUtc, topicLabel, type Alert } from '../alert.js';
import { cleanText, fitText, joinWithinLimit, safeHttpUrl } from '../text-limits.js';

/** A terminal has no hard limits; these keep a hostile item from flooding the screen. */
export const CONSOLE_LIMITS = { headline: 300, summary: 600, name: 80, line: 400, url: 2000 } as const;

/** Untrusted text as one clean line of at most `max` characters. */
export function consoleLine(raw: string | null | undefined, max: number): string {
  return fitText(cleanText(raw ?? ''), max);
}

/** A multi-line block describing one alert, without a trailing newline. */
export function renderConsoleAlert(alert: Alert): string {
  const out = [`■ ${consoleLine(alert.headline, CONSOLE_LIMITS.headline) || 'Untitled story'}`];
  const summary = consoleLine(alert.summary, CONSOLE_LIMITS.summary);
  if (summary !== '') out.push(`  ${summary}`);
  const [first, ...others] = alert.sources;
  if (first !== undefined) {
    const also = joinWithinLimit(
      others.map((source) => consoleLine(source.name, CONSOLE_LIMITS.name) || '?'),
      { max: CONSOLE_LIMITS.line, separator: ', ', maxItems: 12, more: (hidden, shown) => (shown === 0 ? `${hidden} outlets` : ` and ${hidden} more`) },
    );
    out.push(`  Source: ${consoleLine(first.name, CONSOLE_LIMITS.name) || '?'}${others.length === 0 ? '' : ` · also reported by ${also.text}`}`);
  }
  if (alert.topics.length > 0) {
    const topics = joinWithinLimit(
      alert.topics.map((topic) => consoleLine(topicLabel(topic, alert.topicLabels), CONSOLE_LIMITS.name) || '?'),
      { max: CONSOLE_LIMITS.line, separator: ', ', maxItems: 10, more: (hidden, shown) => (shown === 0 ? `${hidden} topics` : ` +${hidden} more`) },
    );
    out.push(`  Topics: ${topics.text}`);
  }
  // The story id is its first item's id: `herald explain ID` tells why it matched.
  out.push(`  Published: ${consoleLine(formatUtc(alert.publishedAt), 40)} · story #${alert.storyId}`);
  const url = safeHttpUrl(alert.url, CONSOLE_LIMITS.url);
  if (url !== null) out.push(`  ${url}`);
  const mention = renderConsoleMention(alert);
  if (mention !== null) out.push(`  Notify: ${mention}`);
  return out.join('\n');
}

function renderConsoleMention({ mention }: Alert): string | null {
  if (mention === null) return null;
  if (mention.kind === 'here' || mention.kind === 'everyone') return `@${mention.kind}`;
  return `${mention.kind} ${consoleLine(mention.id, 40)}`;
}
