// Date formats from particular publishers and languages that feedparser also reads: Korean
// (OnBlog, Nate), Greek, Hungarian and Perforce.
import { instantFrom, zoneOffset } from './date-parts.js';

const KST = 9 * 60;

const GREEK_MONTHS: Readonly<Record<string, string>> = {
  'Ιαν': 'Jan', 'Φεβ': 'Feb', 'Μάώ': 'Mar', 'Μαώ': 'Mar', 'Μάρ': 'Mar', 'Μαρ': 'Mar', 'Απρ': 'Apr',
  'Μάι': 'May', 'Μαϊ': 'May', 'Μαι': 'May', 'Ιούν': 'Jun', 'Ιον': 'Jun', 'Ιούλ': 'Jul', 'Ιολ': 'Jul',
  'Αύγ': 'Aug', 'Αυγ': 'Aug', 'Σεπ': 'Sep', 'Οκτ': 'Oct', 'Νοέ': 'Nov', 'Νοε': 'Nov', 'Δεκ': 'Dec',
};

const GREEK_DAYS: Readonly<Record<string, string>> = {
  'Κυρ': 'Sun', 'Δευ': 'Mon', 'Τρι': 'Tue', 'Τετ': 'Wed', 'Πεμ': 'Thu', 'Παρ': 'Fri', 'Σαβ': 'Sat',
};

const HUNGARIAN_MONTHS: Readonly<Record<string, number>> = {
  'január': 1, 'február': 2, 'március': 3, 'április': 4, 'máujus': 5, 'május': 5, 'június': 6,
  'július': 7, 'augusztus': 8, 'szeptember': 9, 'október': 10, 'november': 11, 'december': 12,
};

/** The local formats above, or null. Korean formats are in KST (UTC+9), as their sites are. */
export function parseLocalisedDate(input: string): Date | null {
  return parseKorean(input) ?? parseHungarian(input) ?? parsePerforce(input);
}

function parseKorean(input: string): Date | null {
  const onblog = /^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일\s+(\d{1,2}):(\d{2}):(\d{2})$/.exec(input);
  if (onblog) {
    const [, y, mo, d, h, mi, s] = onblog;
    return instantFrom({ year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s), offsetMinutes: KST });
  }
  const nate = /^(\d{4})-(\d{2})-(\d{2})\s+(오전|오후)\s+(\d{1,2}):(\d{1,2}):(\d{1,2})$/.exec(input);
  if (nate) {
    const [, y, mo, d, ampm, h, mi, s] = nate;
    const hour = (Number(h) % 12) + (ampm === '오후' ? 12 : 0);
    return instantFrom({ year: Number(y), month: Number(mo), day: Number(d), hour, minute: Number(mi), second: Number(s), offsetMinutes: KST });
  }
  return null;
}

/** A Greek RFC 822 date rewritten with English day and month names, or null. */
export function translateGreekDate(input: string): string | null {
  const m = /^([^\s,]+),\s+(\d{1,2})\s+(\S+)\s+(\d{4})\s+(\d{2}:\d{2}:\d{2})\s+(\S+)$/.exec(input);
  if (!m) return null;
  const [, wday = '', day, mon = '', year, time, zone] = m;
  const month = GREEK_MONTHS[mon];
  const weekday = GREEK_DAYS[wday];
  if (!month || !weekday) return null;
  return `${weekday}, ${day} ${month} ${year} ${time} ${zone}`;
}

function parseHungarian(input: string): Date | null {
  const m = /^(\d{4})-([^-\d]+)-(\d{1,2})T(\d{1,2}):(\d{2})(?::(\d{2}))?([+-]\d{1,2}:\d{2}|Z)?$/.exec(input);
  if (!m) return null;
  const month = HUNGARIAN_MONTHS[(m[2] ?? '').toLowerCase()];
  if (month === undefined) return null;
  const zone = m[7] === undefined ? 0 : zoneOffset(m[7].replace(/^([+-])(\d):/, '$10$2:'));
  if (zone === null) return null;
  return instantFrom({ year: Number(m[1]), month, day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0), offsetMinutes: zone });
}

function parsePerforce(input: string): Date | null {
  const m = /^(?:[A-Za-z]{3},\s*)?(\d{4})\/(\d{1,2})\/(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s+(\S+))?$/.exec(input);
  if (!m) return null;
  const zone = m[7] === undefined ? 0 : zoneOffset(m[7]);
  if (zone === null) return null;
  return instantFrom({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), offsetMinutes: zone });
}
