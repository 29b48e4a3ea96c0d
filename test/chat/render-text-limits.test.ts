// The shared text rules: cleaning untrusted text, cutting it to a limit between graphemes, joining
// lists with "and N more", accepting only safe links; and the neutral wording of topics and notices.
import { describe, expect, it } from 'vitest';
import { describeNotice, formatUtc, topicLabel } from '../../src/chat/alert.js';
import { cleanText, fitText, joinWithinLimit, safeHttpUrl } from '../../src/chat/text-limits.js';

describe('cleanText', () => {
  it('drops terminal escapes, controls and bidi overrides, folds whitespace', () => {
    expect(cleanText('  A\u001b[31mred\u001b[0m\r\n\tB\u0000C \u202Eevil\u202C \u2066x\u2069  ')).toBe('Ared B C evil x');
  });
  it('replaces lone surrogates and keeps real pairs', () => {
    expect(cleanText('a\ud800b\udc00c 😀')).toBe('a\ufffdb\ufffdc 😀');
  });
  it('keeps Arabic, Hebrew and CJK text as it is', () => {
    expect(cleanText('حكم محكمة בית המשפט 著作権法')).toBe('حكم محكمة בית המשפט 著作権法');
  });
});

describe('fitText', () => {
  it('leaves text that fits alone', () => {
    expect(fitText('Court rules on blocking', 23)).toBe('Court rules on blocking');
  });
  it('cuts at the last space with an ellipsis when one is near the end', () => {
    expect(fitText('Court rules on site blocking today', 20)).toBe('Court rules on site…');
  });
  it('cuts inside a long word when no space is near', () => {
    expect(fitText('Supercalifragilisticexpialidocious', 10)).toBe('Supercali…');
  });
  it('cuts CJK between characters', () => {
    expect(fitText('著作権法改正案が国会で可決', 6)).toBe('著作権法改…');
  });
  it('never splits a surrogate pair or a ZWJ sequence', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 code units
    expect(fitText(family.repeat(3), 30)).toBe(`${family.repeat(2)}…`);
    expect(fitText(family.repeat(3), 11)).toBe('…');
    expect(fitText(`${'a'.repeat(8)}😀😀`, 10)).toBe(`${'a'.repeat(8)}…`);
  });
  it('counts escaped length and never cuts an escape in half', () => {
    const escape = (g: string): string => (g === '*' ? '\\*' : g);
    expect(fitText('****', 8, escape)).toBe('\\*\\*\\*\\*');
    expect(fitText('*****', 8, escape)).toBe('\\*\\*\\*…');
  });
  it('returns nothing when there is no room at all', () => {
    expect(fitText('abc', 0)).toBe('');
    expect(fitText('abc', 1)).toBe('…');
  });
});

describe('joinWithinLimit', () => {
  const outlets = Array.from({ length: 300 }, (_, i) => `Outlet ${i}`);
  const more = (hidden: number, shown: number): string => (shown === 0 ? `${hidden} outlets` : ` and ${hidden} more`);

  it('shows at most maxItems and counts the rest', () => {
    const list = joinWithinLimit(outlets.slice(1), { max: 1024, separator: ', ', maxItems: 12, more });
    expect(list.shown).toBe(12);
    expect(list.text).toBe(`${outlets.slice(1, 13).join(', ')} and 287 more`);
  });
  it('shows fewer when the text would not fit', () => {
    const list = joinWithinLimit(outlets, { max: 40, separator: ', ', more });
    expect(list.text).toBe('Outlet 0, Outlet 1 and 298 more');
    expect(list.text.length).toBeLessThanOrEqual(40);
  });
  it('counts items the caller already left out', () => {
    expect(joinWithinLimit(['A', 'B'], { max: 100, separator: ', ', extraHidden: 5, more }).text).toBe('A, B and 5 more');
    expect(joinWithinLimit([], { max: 100, separator: ', ', extraHidden: 5, more }).text).toBe('5 outlets');
  });
});

describe('safeHttpUrl', () => {
  it('accepts http(s) and encodes what would end a chat link', () => {
    expect(safeHttpUrl('https://news.example/a_(b)|c?x=1&y=2', 512)).toBe('https://news.example/a_%28b%29%7Cc?x=1&y=2');
  });
  it.each(['javascript:alert(1)', 'data:text/html,x', 'ftp://files.example/', '/relative', 'https://user:pw@evil.example/', 'not a url', ''])('refuses %s', (url) => {
    expect(safeHttpUrl(url, 512)).toBeNull();
  });
  it('refuses a link longer than the limit', () => {
    expect(safeHttpUrl(`https://news.example/${'a'.repeat(500)}`, 512)).toBeNull();
    expect(safeHttpUrl(null, 512)).toBeNull();
  });
});

describe('neutral wording', () => {
  it('names topics: given labels, then built-in names, then the id', () => {
    expect(topicLabel('copyright-law')).toBe('Copyright law');
    expect(topicLabel('hacktivism', { hacktivism: 'Hacktivismus' })).toBe('Hacktivismus');
    expect(topicLabel('net-neutrality')).toBe('net-neutrality');
    expect(topicLabel('x', { x: '  ' })).toBe('x');
  });
  it('formats instants in UTC and leaves non-dates alone', () => {
    expect(formatUtc('2024-05-01T14:30:00+02:00')).toBe('2024-05-01 12:30 UTC');
    expect(formatUtc('soon')).toBe('soon');
  });
  it('describes a failing feed with Herald words apart from the feed text', () => {
    expect(
      describeNotice({ kind: 'feed-failing', feed: { id: 4, title: null, url: 'https://feed.example/rss' }, failures: 3, failingSince: '2024-05-01T00:00:00Z', lastError: 'HTTP 503', nextAttemptAt: null }),
    ).toEqual({
      severity: 'warning',
      title: 'Feed failing',
      subject: { text: 'https://feed.example/rss', url: 'https://feed.example/rss' },
      facts: [
        { label: 'Failures in a row', value: '3' },
        { label: 'Failing since', value: '2024-05-01 00:00 UTC' },
        { label: 'Last error', value: 'HTTP 503' },
      ],
      hint: 'Herald keeps retrying with a growing delay; it disables the feed if the failures go on.',
    });
  });
});
