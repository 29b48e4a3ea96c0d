// Date parsing: every row of the shared conformance dates.jsonl, plus forms Herald meets in feeds.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/ingest/parse-date.js';

const DATES = fileURLToPath(new URL('../../../shared/conformance/dates.jsonl', import.meta.url));
const iso = (s: string): string | null => parseDate(s)?.toISOString() ?? null;
// The peer suites' expectations are whole seconds (feedparser's time tuples); Herald keeps
// milliseconds, so rows compare to the second, as score.mjs does.
const isoSecond = (s: string): string | null => iso(s)?.replace(/\.\d{3}Z$/, '.000Z') ?? null;

interface DateRow { source: string; parser: string; input: string; expected: string | null }

// feedparser's ISO 8601 sub-parser reads "22013" as ordinal day 13 of 2022 (YYOOO, like "03335"
// two rows up), while its W3C-DTF sub-parser must reject it; one parser cannot do both.
const KNOWN_CONFLICTS = new Set(['22013']);

describe.skipIf(!existsSync(DATES))('parseDate against shared/conformance/dates.jsonl', () => {
  const rows: DateRow[] = existsSync(DATES)
    ? readFileSync(DATES, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as DateRow)
    : [];

  it.each(rows.filter((r) => !KNOWN_CONFLICTS.has(r.input)).map((r) => [r.parser, r.input, r.expected] as const))(
    '%s %j → %s',
    (_parser, input, expected) => {
      expect(isoSecond(input)).toBe(expected);
    },
  );

  it('passes all but the known conflicting rows', () => {
    const passing = rows.filter((r) => isoSecond(r.input) === r.expected).length;
    expect(passing).toBe(rows.length - KNOWN_CONFLICTS.size);
  });
});

if (!existsSync(DATES)) {
  describe('parseDate conformance rows', () => {
    it.skip(`skipped: ${DATES} is absent (the shared conformance folder is not checked out beside the repo)`, () => {});
  });
}

describe('parseDate on feed dates', () => {
  it.each([
    ['Tue, 10 Jun 2003 04:00:00 GMT', '2003-06-10T04:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00 +0200', '2003-06-10T02:00:00.000Z'],
    ['10 Jun 03 04:00:00 PDT', '2003-06-10T11:00:00.000Z'],
    ['Wed, 10 Jun 2003 04:00:00 EST', '2003-06-10T09:00:00.000Z'], // wrong weekday is ignored
    ['Tue, 10 Jun 2003 04:00:00 GMT+2', '2003-06-10T02:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 Z', '2003-06-10T04:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 N', '2003-06-10T03:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 +0100 (CET)', '2003-06-10T03:00:00.000Z'],
    ['Tue, 10 Jun 2003 4:05:06 PM EDT', '2003-06-10T20:05:06.000Z'],
    ['2003-06-10T04:00:00+01:00', '2003-06-10T03:00:00.000Z'],
    ['2003-06-10T04:00:00.123456-0530', '2003-06-10T09:30:00.123Z'],
    ['2026-03-02T09:03:56.672Z', '2026-03-02T09:03:56.672Z'],
    ['2024-06-01T24:00:00Z', '2024-06-02T00:00:00.000Z'], // end of day is the next midnight
    ['2024-12-31T24:00:00Z', '2025-01-01T00:00:00.000Z'],
    ['20030610T040000Z', '2003-06-10T04:00:00.000Z'],
    ['2003-06-10t04:00z', '2003-06-10T04:00:00.000Z'],
    ['2004-W53-6', '2005-01-01T00:00:00.000Z'],
    ['2003-161', '2003-06-10T00:00:00.000Z'],
    ['2003-06-10T04:00:00', '2003-06-10T04:00:00.000Z'],
    ['Sun Jan  4 16:29:06 2004', '2004-01-04T16:29:06.000Z'],
    ['0099-12-31T23:00:00Z', '0099-12-31T23:00:00.000Z'],
  ])('%j → %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each([
    '', '   ', 'yesterday', 'not a date at all', '2003-02-29', '2003-13-01', 'Tue, 31 Jun 2003 10:00:00 GMT',
    '12345678901234567890', 'Tue, 10 Jun 2003 04:00:00 +25:00', '2003-06-10T04:00:00+0z', 'NaN', '1e10',
  ])('rejects %j with null, not an Invalid Date', (input) => {
    expect(parseDate(input)).toBeNull();
  });

  it('does not depend on the host time zone', () => {
    expect(iso('2003-06-10 04:00')).toBe('2003-06-10T04:00:00.000Z');
    expect(iso('10 Jun 2003')).toBe('2003-06-10T00:00:00.000Z');
  });
});
