// Parses the date strings feeds contain (RFC 822, ISO 8601/W3C-DTF, asctime and a few local
// formats) into instants, without Date.parse, which depends on the host zone and accepts garbage.
import { DAY_NAMES, MONTHS, instantFrom, zoneOffset } from './date-parts.js';
import { parseLocalisedDate, translateGreekDate } from './date-locales.js';

/**
 * Parses a feed date string. Zone-less times are taken as UTC. Returns null for anything it
 * cannot read with confidence, never an Invalid Date.
 *
 * @see https://www.rfc-editor.org/rfc/rfc822#section-5
 * @see https://www.w3.org/TR/NOTE-datetime
 */
export function parseDate(s: string): Date | null {
  const input = s.trim();
  if (input === '' || input.length > 100) return null;
  const greek = /[\u0370-\u03ff]/.test(input) ? translateGreekDate(input) : null;
  if (greek !== null) return parseRfc822Date(greek);
  return parseIsoDate(input) ?? parseRfc822Date(input) ?? parseAsctime(input) ?? parseLocalisedDate(input);
}

// Date part forms, full and truncated, that ISO 8601 and feedparser's reader accept.
type DateForm = { re: RegExp; build: (m: RegExpExecArray) => { year: number; month: number; day: number } | null };

const century = (yy: string): number => 2000 + Number(yy);

const DATE_FORMS: DateForm[] = [
  { re: /^(\d{4})-(\d{2})-(\d{2})/, build: (m) => ymd(m[1], m[2], m[3]) },
  { re: /^(\d{4})-0(\d{2})-(\d{2})/, build: (m) => ymd(m[1], m[2], m[3]) },
  { re: /^(\d{4})-?W(\d{2})-?([1-7])?/, build: (m) => weekDate(Number(m[1]), Number(m[2]), Number(m[3] ?? 1)) },
  { re: /^(\d{4})(\d{2})(\d{2})/, build: (m) => ymd(m[1], m[2], m[3]) },
  { re: /^(\d{4})-?(\d{3})/, build: (m) => ordinalDate(Number(m[1]), Number(m[2])) },
  { re: /^(\d{4})-(\d{2})/, build: (m) => ymd(m[1], m[2], '01') },
  { re: /^(\d{4})/, build: (m) => ymd(m[1], '01', '01') },
  { re: /^(\d{2})-?(\d{2})-?(\d{2})/, build: (m) => ({ year: century(m[1] ?? ''), month: Number(m[2]), day: Number(m[3]) }) },
  { re: /^(\d{2})-?(\d{3})/, build: (m) => ordinalDate(century(m[1] ?? ''), Number(m[2])) },
  { re: /^-(\d{2})-?(\d{2})/, build: (m) => ({ year: century(m[1] ?? ''), month: Number(m[2]), day: 1 }) },
];

// What may follow the date: a time (extended or basic) and, only with a time, a zone.
// Groups: 1 hour; 2-4 extended minute, second, fraction; 5-7 basic minute, second, fraction; 8 zone.
const TIME_REST = /^(?:(?:[Tt]\s*|\s+)(\d{1,2})(?::(\d{2})(?::(\d{2})([.,]\d+)?)?|(\d{2})(\d{2})?([.,]\d+)?)\s*(Z|z|[+-]\d{2}(?::?\d{2})?|UTC|GMT|UT)?)?$/;

function ymd(y: string | undefined, m: string | undefined, d: string | undefined): { year: number; month: number; day: number } {
  return { year: Number(y), month: Number(m), day: Number(d) };
}

function ordinalDate(year: number, ordinal: number): { year: number; month: number; day: number } | null {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (ordinal < 1 || ordinal > (leap ? 366 : 365)) return null;
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year, 0, ordinal);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function weekDate(year: number, week: number, weekday: number): { year: number; month: number; day: number } | null {
  if (week < 1 || week > 53) return null;
  const jan4 = new Date(Date.UTC(2000, 0, 4));
  jan4.setUTCFullYear(year, 0, 4);
  const isoDay = jan4.getUTCDay() === 0 ? 7 : jan4.getUTCDay();
  const d = new Date(jan4.getTime() + ((week - 1) * 7 + (weekday - isoDay)) * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

// The shapes nearly every feed writes, RFC 3339 and RFC 1123, each read with one regex before the
// general readers, which cost about 5 % of whole-feed parsing. Only inputs the general readers
// read to the same instant match them.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|z|[+-]\d{2}:\d{2})$/;
const RFC1123 = /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}|GMT|UTC|UT|Z)$/;

/** ISO 8601 / RFC 3339 / W3C-DTF in extended or basic form; a missing zone means UTC. */
export function parseIsoDate(input: string): Date | null {
  const common = RFC3339.exec(input);
  if (common) {
    const offset = zoneOffset(common[8] as string);
    if (offset === null) return null;
    const [, year, month, day, hour, minute, second, fraction] = common;
    const instant = instantFrom({
      year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second), offsetMinutes: offset,
    });
    if (instant && fraction) instant.setTime(instant.getTime() + Math.floor(Number(`0.${fraction.slice(1)}`) * 1_000));
    return instant;
  }
  if (!/^-?\d/.test(input)) return null;
  for (const form of DATE_FORMS) {
    const m = form.re.exec(input);
    if (!m) continue;
    const t = TIME_REST.exec(input.slice(m[0].length));
    if (!t) continue;
    const date = form.build(m);
    if (!date) return null;
    const offset = t[8] === undefined ? 0 : zoneOffset(t[8]);
    if (offset === null) return null;
    const instant = instantFrom({
      ...date,
      hour: t[1] === undefined ? 0 : Number(t[1]),
      minute: Number(t[2] ?? t[5] ?? 0),
      second: Number(t[3] ?? t[6] ?? 0),
      offsetMinutes: offset,
    });
    // Keep milliseconds: publishers that send them use them to order items posted in one second.
    const fraction = t[4] ?? t[7];
    if (instant && fraction) instant.setTime(instant.getTime() + Math.floor(Number(`0.${fraction.slice(1)}`) * 1_000));
    return instant;
  }
  return null;
}

const TIME = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?$/;

function monthOf(token: string): number | null {
  if (!/^[a-z]{3,9}\.?$/.test(token)) return null;
  return MONTHS[token.slice(0, 3)] ?? null;
}

function parseTime(token: string | undefined, meridiem: string | undefined): { hour: number; minute: number; second: number } | null {
  if (token === undefined) return { hour: 0, minute: 0, second: 0 };
  const m = TIME.exec(token);
  if (!m) return null;
  let hour = Number(m[1]);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  return { hour, minute: Number(m[2]), second: Number(m[3] ?? 0) };
}

/** A zone token, or 0 for an unknown all-letter name (feedparser's rule); null when malformed. */
function zoneOf(token: string | undefined): number | null {
  if (token === undefined) return 0;
  const known = zoneOffset(token);
  if (known !== null) return known;
  return /^[a-z]{1,5}$/.test(token) ? 0 : null;
}

function tokensOf(input: string): string[] {
  const tokens = input.toLowerCase().replace(/\([^)]*\)/g, ' ').replace(/,/g, ' ').trim().split(/\s+/);
  if (tokens[0] !== undefined && /^[a-z]+\.?$/.test(tokens[0]) && DAY_NAMES.has(tokens[0].slice(0, 3)) && monthOf(tokens[0]) === null) tokens.shift();
  return tokens;
}

function takeMeridiem(tokens: string[], index: number): string | undefined {
  const t = tokens[index];
  if (t === 'am' || t === 'pm') {
    tokens.splice(index, 1);
    return t;
  }
  return undefined;
}

/** RFC 822/1123 and its common variants: no weekday, swapped day/month, 2-digit years, no time. */
export function parseRfc822Date(input: string): Date | null {
  const common = RFC1123.exec(input);
  if (common) {
    const offset = zoneOffset(common[7] as string);
    if (offset === null) return null;
    const [, day, month, year, hour, minute, second] = common;
    return instantFrom({
      year: Number(year), month: MONTHS[(month as string).toLowerCase()] ?? 0, day: Number(day),
      hour: Number(hour), minute: Number(minute), second: Number(second), offsetMinutes: offset,
    });
  }
  const tokens = tokensOf(input);
  if (tokens.length < 3) return null;
  const [a = '', b = '', yearToken = ''] = tokens;
  let day: number;
  let month: number | null;
  if (/^\d{1,2}$/.test(a)) {
    day = Number(a);
    month = monthOf(b);
  } else if (/^\d{1,2}$/.test(b)) {
    day = Number(b);
    month = monthOf(a);
  } else {
    return null;
  }
  if (month === null || !/^\d{2,4}$/.test(yearToken)) return null;
  let year = Number(yearToken);
  if (yearToken.length <= 2) year += year < 90 ? 2000 : 1900;
  const meridiem = takeMeridiem(tokens, 4);
  if (tokens.length > 6 || (tokens.length === 6 && !/^[a-z]{1,5}$/.test(tokens[5] ?? ''))) return null;
  const time = parseTime(tokens[3], meridiem);
  if (!time) return null;
  const offset = zoneOf(tokens[4]);
  if (offset === null) return null;
  return instantFrom({ year, month, day, ...time, offsetMinutes: offset });
}

/** C asctime() and its Twitter-style variant with a zone before the year. */
export function parseAsctime(input: string): Date | null {
  const tokens = tokensOf(input);
  if (tokens.length !== 4 && tokens.length !== 5) return null;
  const month = monthOf(tokens[0] ?? '');
  const dayToken = tokens[1] ?? '';
  const yearToken = tokens[tokens.length - 1] ?? '';
  if (month === null || !/^\d{1,2}$/.test(dayToken) || !/^\d{4}$/.test(yearToken)) return null;
  const time = parseTime(tokens[2], undefined);
  const offset = zoneOf(tokens.length === 5 ? tokens[3] : undefined);
  if (!time || offset === null) return null;
  return instantFrom({ year: Number(yearToken), month, day: Number(dayToken), ...time, offsetMinutes: offset });
}
