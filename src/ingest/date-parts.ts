// Shared pieces of the date parsers: month and zone tables, and a checked field-to-instant builder.

/** English month names and abbreviations (first three letters are enough). */
export const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

export const DAY_NAMES = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

// Offsets in minutes. The North-American and military names follow feedparser (RFC 822 §5 and
// its well-known sign mix-up for military letters); the rest are the abbreviations feeds
// actually use. Ambiguous ones (IST, BST) take their most common feed meaning.
const ZONE_HOURS: Readonly<Record<string, number>> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0,
  adt: -3, ast: -4, at: -4,
  edt: -4, est: -5, et: -5,
  cdt: -5, cst: -6, ct: -6,
  mdt: -6, mst: -7, mt: -7,
  pdt: -7, pst: -8, pt: -8,
  akst: -9, akdt: -8, hst: -10, hast: -10, hadt: -9,
  nst: -3.5, ndt: -2.5, brt: -3, art: -3,
  met: 1, mest: 2, cet: 1, cest: 2, bst: 1, ist: 5.5, west: 1, eet: 2, eest: 3, msk: 3,
  sast: 2, wat: 1, cat: 2, eat: 3, pkt: 5, ict: 7, wib: 7, hkt: 8, sgt: 8, awst: 8, pht: 8,
  jst: 9, kst: 9, acst: 9.5, acdt: 10.5, aest: 10, aedt: 11, nzst: 12, nzdt: 13,
};

/**
 * Offset in minutes east of UTC for a zone token such as "EST", "Z", "+0200", "-05:00",
 * "GMT+2", "Etc/GMT" or a military letter; null when the token is not a zone.
 */
export function zoneOffset(token: string): number | null {
  let t = token.toLowerCase();
  if (t.startsWith('etc/')) t = t.slice(4);
  if (t.startsWith('gmt') || t.startsWith('utc')) {
    const rest = t.slice(3);
    if (rest === '') return 0;
    t = rest;
  }
  const numeric = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = numeric[3] === undefined ? 0 : Number(numeric[3]);
    if (hours > 23 || minutes > 59) return null;
    return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const named = ZONE_HOURS[t];
  if (named !== undefined) return named * 60;
  if (/^[a-y]$/.test(t) && t !== 'j') {
    const c = t.charCodeAt(0) - 96; // a=1
    if (c <= 9) return -c * 60;
    if (c <= 13) return -(c - 1) * 60; // k..m skip j
    return (c - 13) * 60; // n=+1 .. y=+12
  }
  return null;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Date fields as written, with the zone offset in minutes east of UTC. */
export interface DateFields {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  offsetMinutes?: number;
}

/**
 * Builds the instant for checked fields, or null when any is out of range. Years below 100 are
 * taken literally (Date.UTC would add 1900). A leap second (:60) counts as :59.
 */
export function instantFrom(f: DateFields): Date | null {
  const { year, month, day } = f;
  const hour = f.hour ?? 0;
  const minute = f.minute ?? 0;
  let second = f.second ?? 0;
  if (![year, month, day, hour, minute, second].every(Number.isInteger)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 24 || minute > 59 || second > 60) return null;
  if (hour === 24 && (minute !== 0 || second !== 0)) return null;
  if (second === 60) second = 59;
  // Set the date first and the time after, so that 24:00 rolls over to the next day (setting the
  // full year last would undo that rollover).
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const ms = d.getTime() - (f.offsetMinutes ?? 0) * 60_000;
  return Number.isFinite(ms) ? new Date(ms) : null;
}
