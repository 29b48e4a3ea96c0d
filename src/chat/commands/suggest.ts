// "Did you mean …?": the closest known word to a mistyped one, for command and topic names.

// Beyond this many edits a suggestion is more confusing than helpful.
const MAX_DISTANCE = 3;
// Longer input is not a typo of a short name; this also bounds the work on hostile text.
const MAX_INPUT = 40;

/**
 * The candidate closest to `input` (case-insensitive): one that starts with it, else the one
 * fewest edits away (at most 3, and at most half the input's length; a name's start of the same
 * length may also match, within a third of it), else null.
 */
export function suggestClosest(input: string, candidates: readonly string[]): string | null {
  const word = input.trim().toLowerCase();
  if (word === '' || word.length > MAX_INPUT) return null;
  const prefixed = candidates.find((candidate) => word.length >= 2 && candidate.toLowerCase().startsWith(word));
  if (prefixed !== undefined) return prefixed;
  const limit = Math.min(MAX_DISTANCE, Math.floor(word.length / 2));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    // A misspelt start of a long name ("copyrite" for copyright-law) counts as close too.
    const whole = editDistance(word, lower);
    const start = editDistance(word, lower.slice(0, word.length));
    // The start of a name must be closer: a third of the input, so "nope" is not "copy…".
    const distance = start <= Math.floor(word.length / 3) ? Math.min(whole, start) : whole;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions counted as one edit ("subscirbe"). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(value);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length);
}
