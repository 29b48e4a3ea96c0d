// Prints what a poll cycle found, for people: fresh items first, then a one-line summary.
import type { ItemAnalysis, StoredItem } from '../domain/index.js';
import type { CycleSummary } from '../pipeline/poll-cycle.js';
import type { PollReport } from '../pipeline/poll-feed.js';
import { cleanForTerminal, plural, relativeTime, truncate } from './terminal.js';

export type Write = (text: string) => void;

/** A progress line that rewrites itself on a terminal and prints nothing elsewhere. */
export function progressLine(stream: NodeJS.WriteStream, label: string): (report: PollReport, done: number, total: number) => void {
  if (!stream.isTTY) return () => {};
  return (report, done, total) => {
    const name = truncate(cleanForTerminal(report.feed.title ?? report.feed.url), 40);
    stream.write(`\r\x1b[2K${label} ${done}/${total} · ${name}${done === total ? '\n' : ''}`);
  };
}

export function printItem(item: StoredItem, source: string, now: Date, write: Write, analysis?: ItemAnalysis | null): void {
  const tags = analysis && analysis.topics.length > 0 ? `  [${analysis.topics.join(', ')}]` : '';
  write(`● ${truncate(cleanForTerminal(item.title), 110)}${tags}\n`);
  write(`  ${truncate(cleanForTerminal(source), 40)} · ${relativeTime(item.publishedAt, now)} · #${item.id}${item.url ? ` · ${item.url}` : ''}\n`);
  const text = cleanForTerminal(analysis?.summary ?? item.text);
  if (text) write(`  ${analysis?.summary ? text : truncate(text, 200)}\n`);
  write('\n');
}

/** Fresh items of a cycle, newest first, each with its feed's name. */
export function freshItems(summary: CycleSummary): Array<{ item: StoredItem; source: string }> {
  return summary.reports
    .flatMap((report) => report.fresh.map((item) => ({ item, source: report.feed.title ?? report.feed.url })))
    .sort((a, b) => b.item.publishedAt.localeCompare(a.item.publishedAt));
}

export function summaryLine(summary: CycleSummary): string {
  const parts = [
    `${plural(summary.feeds, 'feed')} polled`,
    `${summary.updated} updated`,
    `${summary.notModified} not modified`,
    `${summary.failed} failed`,
  ];
  const stored = `${plural(summary.inserted, 'new item')} stored, ${summary.fresh} fresh`;
  return `${parts.join(', ')} · ${stored}`;
}

export function printFailures(summary: CycleSummary, write: Write): void {
  for (const report of summary.reports.filter((r) => r.error)) {
    const name = cleanForTerminal(report.feed.title ?? report.feed.url);
    write(`✗ ${name}: ${cleanForTerminal(report.error?.message ?? '')}${report.disabled ? ' — feed disabled' : ''}\n`);
  }
}
