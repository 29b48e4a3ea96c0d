// Text helpers for printing untrusted feed text to a terminal, readably and safely.

/**
 * Removes control characters (ANSI escapes, carriage returns, bidi overrides) that a feed could use
 * to rewrite the terminal, and folds whitespace.
 */
export function cleanForTerminal(text: string): string {
  // Matching control characters is the point here.
  /* eslint-disable no-control-regex */
  return text
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '') // CSI sequences
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  /* eslint-enable no-control-regex */
}

/** Shortens text to at most `max` characters at a word boundary, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** "5 min ago", "3 h ago", "2 days ago", or a date for anything older than a week. */
export function relativeTime(iso: string, now: Date): string {
  const ms = now.getTime() - Date.parse(iso);
  if (Number.isNaN(ms)) return '?';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days <= 7) return `${days} day${days === 1 ? '' : 's'} ago`;
  return iso.slice(0, 10);
}

/** Lays out rows as aligned columns (widths by the longest cell, capped). */
export function table(rows: readonly (readonly string[])[], maxWidths: readonly number[] = []): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.min(Math.max(widths[i] ?? 0, cell.length), maxWidths[i] ?? 80)));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? truncate(cell, widths[i] ?? 80) : truncate(cell, widths[i] ?? 80).padEnd(widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n');
}

export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
