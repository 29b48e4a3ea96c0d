// Renders a neutral Digest as a plain-text block for the console platform.

import { formatUtc, topicLabel, type Digest } from '../alert.js';
import { safeHttpUrl } from '../text-limits.js';
import { CONSOLE_LIMITS, consoleLine } from './render-alert.js';

const DIGEST_SUMMARY_MAX = 140;

/** A digest as a plain-text block: a heading line, then each topic with its stories. */
export function renderConsoleDigest(digest: Digest): string {
  const title = digest.period === 'daily' ? 'Daily digest' : 'Weekly digest';
  const out = [`${title} · ${formatUtc(digest.since)} – ${formatUtc(digest.until)}`];
  for (const group of digest.groups) {
    if (group.stories.length + group.more === 0) continue;
    out.push('', consoleLine(group.label ?? topicLabel(group.topic), CONSOLE_LIMITS.name) || '?');
    for (const story of group.stories) {
      const source = story.sources[0] === undefined ? '' : ` — ${consoleLine(story.sources[0], CONSOLE_LIMITS.name)}`;
      const also = story.sources.length > 1 ? ` +${story.sources.length - 1} more` : '';
      out.push(`  • ${consoleLine(story.headline, CONSOLE_LIMITS.headline) || 'Untitled story'}${source}${also}`);
      const summary = consoleLine(story.summary, DIGEST_SUMMARY_MAX);
      if (summary !== '') out.push(`    ${summary}`);
      const url = safeHttpUrl(story.url, CONSOLE_LIMITS.url);
      if (url !== null) out.push(`    ${url}`);
    }
    if (group.more > 0) out.push(`  … and ${group.more} more`);
  }
  return out.join('\n');
}
