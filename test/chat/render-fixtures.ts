// Builders and the table of hostile alerts shared by the renderer tests.
import type { Alert, Digest, Mention, Notice } from '../../src/chat/alert.js';

/** A normal alert: every renderer's exact expected output is written against this one. */
export function buildAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    deliveryId: 'd-42',
    storyId: 7,
    headline: 'EU court rules on site blocking',
    url: 'https://news.example/eu-blocking?ref=rss&id=1',
    summary: 'The Court of Justice said national courts may order ISPs to block pirate sites.',
    topics: ['copyright-law'],
    sources: [
      { name: 'TorrentFreak', url: 'https://torrentfreak.example/' },
      { name: 'Ars', url: null },
    ],
    publishedAt: '2024-05-01T12:00:00.000Z',
    lang: 'en',
    mention: { kind: 'here' },
    ...overrides,
  };
}

const MARKDOWN = '**bold** [x](http://evil) ||spoiler|| `code` > quote # heading -# small __u__ ~~s~~ *i* _i_ \\*';
const MENTIONS = '@everyone @here <@123> <@&456> <#789> <!channel> <!here> <@U123> <!subteam^S1> <https://evil|click> </cmd:1> <:e:1> <t:1:R> @channel';
const FAMILY = '👨‍👩‍👧‍👦';
const CONTROLS = 'A\u0000B\u0007C\u001b[31mred\u001b[0m\r\nD\tE\u0085F\u009bG\u001b]0;title\u0007H\u2028I';
const RTL = 'حكم محكمة \u202Eelif.exe\u202C בית המשפט העליון \u2066isolate\u2069 קבע';
const SUMMARY_100KB = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(1800).slice(0, 100_000);

const many = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));

/** One row per kind of hostile input; each is a whole Alert, run through every renderer. */
export const HOSTILE: ReadonlyArray<[string, Alert]> = [
  ['5,000-character headline', buildAlert({ headline: `Court rules ${'on piracy and blocking '.repeat(240)}`.slice(0, 5000) })],
  ['100 KB summary', buildAlert({ summary: SUMMARY_100KB })],
  [
    'markdown injection',
    buildAlert({
      headline: `Breaking ${MARKDOWN}`,
      summary: MARKDOWN,
      sources: [{ name: `Src ${MARKDOWN}`, url: 'https://src.example/' }, { name: MARKDOWN, url: null }],
      topics: ['copyright-law', 'custom'],
      topicLabels: { custom: MARKDOWN },
    }),
  ],
  [
    'mention injection',
    buildAlert({
      headline: `Ping ${MENTIONS}`,
      summary: MENTIONS,
      sources: [{ name: MENTIONS, url: 'https://src.example/' }, { name: `@everyone ${MENTIONS}`, url: null }],
      topics: ['x'],
      topicLabels: { x: MENTIONS },
      mention: null,
    }),
  ],
  ['already-escaped entities', buildAlert({ headline: 'R&amp;D &lt;b&gt; &amp;amp; & < >', summary: '&amp; &lt; &gt; &#42; &quot;', sources: [{ name: 'A&amp;B <i>', url: null }] })],
  ['empty summary', buildAlert({ summary: '' })],
  ['null summary and headline of spaces', buildAlert({ summary: null, headline: '   \n\t ' })],
  ['null url', buildAlert({ url: null })],
  ['javascript: urls', buildAlert({ url: 'javascript:alert(1)', sources: [{ name: 'Evil', url: 'javascript:alert(1)' }] })],
  ['data: and credential urls', buildAlert({ url: 'https://bank.example@evil.example/login', sources: [{ name: 'Evil', url: 'data:text/html,<b>x</b>' }] })],
  ['url with link-breaking characters', buildAlert({ url: 'https://news.example/a_(b)|c?x=1&y=<2>#`frag`' })],
  ['600-character url', buildAlert({ url: `https://news.example/${'a'.repeat(580)}` })],
  ['4,000-character url', buildAlert({ url: `https://news.example/?q=${'&a=1'.repeat(1000)}` })],
  ['300 sources', buildAlert({ sources: many(300, (i) => ({ name: `Outlet number ${i} ${'*'.repeat(i % 7)}`, url: `https://outlet${i}.example/` })) })],
  ['300 sources with long names', buildAlert({ sources: many(300, (i) => ({ name: `${'N'.repeat(400)}${i}`, url: null })) })],
  ['40 topics', buildAlert({ topics: many(40, (i) => `topic-${i}`), topicLabels: Object.fromEntries(many(40, (i) => `topic-${i}`).map((t, i) => [t, `Topic ${i} ${'label '.repeat(i)}`])) })],
  ['RTL with bidi overrides', buildAlert({ headline: RTL, summary: `${RTL} `.repeat(50), sources: [{ name: RTL, url: null }] })],
  ['CJK without spaces', buildAlert({ headline: '著作権法改正案が国会で可決された'.repeat(300), summary: '海賊版サイトへの対策を強化する。'.repeat(500) })],
  ['emoji ZWJ sequences at every cut', buildAlert({ headline: FAMILY.repeat(600), summary: FAMILY.repeat(2000), sources: [{ name: FAMILY.repeat(100), url: null }] })],
  ...[250, 251, 252, 253, 254, 255, 296, 297, 298, 299, 300].map(
    (n): [string, Alert] => [`surrogate pair at offset ${n}`, buildAlert({ headline: `${'a'.repeat(n)}${'😀'.repeat(200)}`, summary: `${'b '.repeat(n)}${'😀'.repeat(3000)}` })],
  ),
  ['escapes at the cut', buildAlert({ headline: '\\*'.repeat(3000), summary: '*_'.repeat(60_000) })],
  ['NUL and control characters', buildAlert({ headline: CONTROLS, summary: CONTROLS.repeat(100), sources: [{ name: CONTROLS, url: null }] })],
  ['lone surrogates in input', buildAlert({ headline: 'Lone \ud800 high and \udc00 low', summary: '\udc00\ud800'.repeat(10), sources: [{ name: '\ud83d', url: null }] })],
  ['zalgo', buildAlert({ headline: `Zalgo a${'\u0301'.repeat(5000)} end`, summary: `e${'\u0300'.repeat(20_000)}` })],
  ['no sources and no topics', buildAlert({ sources: [], topics: [] })],
  ['invalid date', buildAlert({ publishedAt: 'yesterday <!here>' })],
];

/** Mentions a subscription may choose, per platform (Discord ids are snowflakes, Slack's are not). */
export const DISCORD_MENTIONS: ReadonlyArray<Mention | null> = [
  null,
  { kind: 'role', id: '123456789012345678' },
  { kind: 'user', id: '876543210987654321' },
  { kind: 'here' },
  { kind: 'everyone' },
];
export const SLACK_MENTIONS: ReadonlyArray<Mention | null> = [null, { kind: 'role', id: 'S0123ABCD' }, { kind: 'user', id: 'U0123ABCD' }, { kind: 'here' }, { kind: 'everyone' }];

/** A digest carrying `alert`'s text: one group per topic (at least one), many copies of the story. */
export function digestOf(alert: Alert, storiesPerGroup = 30): Digest {
  const topics = alert.topics.length > 0 ? alert.topics : ['copyright-law'];
  return {
    period: 'daily',
    since: '2024-05-01T00:00:00.000Z',
    until: '2024-05-02T00:00:00.000Z',
    groups: topics.map((topic) => ({
      topic,
      ...(alert.topicLabels?.[topic] === undefined ? {} : { label: alert.topicLabels[topic] }),
      stories: Array.from({ length: storiesPerGroup }, () => ({
        headline: alert.headline,
        url: alert.url,
        summary: alert.summary,
        sources: alert.sources.map((source) => source.name),
        publishedAt: alert.publishedAt,
      })),
      more: 5,
    })),
  };
}

/** Notices carrying `alert`'s text in every untrusted slot. */
export function noticesOf(alert: Alert): Notice[] {
  const feed = { id: 12, title: alert.headline, url: alert.url ?? 'https://feed.example/rss' };
  return [
    { kind: 'feed-failing', feed, failures: 3, failingSince: '2024-05-01T00:00:00Z', lastError: alert.summary ?? '', nextAttemptAt: '2024-05-01T01:00:00Z' },
    { kind: 'feed-disabled', feed, failures: 10, reason: alert.summary ?? alert.headline },
    { kind: 'feed-recovered', feed, failingSince: alert.publishedAt },
    { kind: 'subscription-paused', subscriptionId: 3, topics: alert.topics, ...(alert.topicLabels === undefined ? {} : { topicLabels: alert.topicLabels }), reason: alert.headline, pausedAt: alert.publishedAt },
  ];
}

/**
 * The headline as a reader should still recognise it: control characters and bidi controls gone,
 * whitespace folded, lone surrogates replaced. Written from the renderers' contract, not their code.
 */
export function readableHeadline(headline: string): string {
  return headline
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07?/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first `count` code points of `text`. */
export function codePointPrefix(text: string, count: number): string {
  return Array.from(text).slice(0, count).join('');
}

/** Every string inside a JSON-like value. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

/** True when the string has a surrogate that is not half of a pair. */
export function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}
