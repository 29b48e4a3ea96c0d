// Renders a neutral Notice (a failing or disabled feed, a paused subscription) as a plain-text
// block for the console platform.

import { describeNotice, type Notice } from '../alert.js';
import { safeHttpUrl } from '../text-limits.js';
import { CONSOLE_LIMITS, consoleLine } from './render-alert.js';

/** A notice as a plain-text block: "! Title: subject", its facts, then the hint. */
export function renderConsoleNotice(notice: Notice): string {
  const text = describeNotice(notice);
  const mark = text.severity === 'info' ? '✓' : '!';
  const subject = text.subject === null ? '' : `: ${consoleLine(text.subject.text, CONSOLE_LIMITS.headline) || '?'}`;
  const out = [`${mark} ${text.title}${subject}`];
  const url = text.subject === null ? null : safeHttpUrl(text.subject.url, CONSOLE_LIMITS.url);
  if (url !== null && url !== text.subject?.text) out.push(`  ${url}`);
  for (const fact of text.facts) out.push(`  ${fact.label}: ${consoleLine(fact.value, CONSOLE_LIMITS.line) || '—'}`);
  if (text.hint !== null) out.push(`  ${text.hint}`);
  return out.join('\n');
}
