// Command replies rendered for Discord: the exact embed of a normal reply, and the contract for
// hostile replies (every limit held, untrusted text escaped and inert, nothing pings).
import { describe, expect, it } from 'vitest';
import type { Reply, ReplyStory, ReplyText } from '../../src/chat/commands/command.js';
import { simpleReply } from '../../src/chat/commands/command.js';
import { fitReplyText, renderDiscordReply, shareBudget } from '../../src/chat/discord/render-reply.js';
import { HOSTILE, allStrings, hasLoneSurrogate } from './render-fixtures.js';

// Discord's documented limits (not the renderer's constants).
// https://discord.com/developers/docs/resources/message#embed-object-embed-limits
const LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 };

const story = (overrides: Partial<ReplyStory> = {}): ReplyStory => ({
  headline: 'EU court rules on site blocking',
  url: 'https://news.example/eu',
  summary: 'National courts may order ISPs to block pirate sites.',
  sources: ['TorrentFreak'],
  publishedAt: '2024-05-01T12:00:00.000Z',
  topics: ['copyright-law'],
  ...overrides,
});

describe('renderDiscordReply', () => {
  it('renders title, paragraphs, list, figures, stories and footer as one embed that pings nobody', () => {
    const reply: Reply = {
      visibility: 'ephemeral',
      tone: 'success',
      title: 'Status',
      body: [['Herald reads ', { untrusted: '12' }, ' feeds.'], ['See ', { link: { text: 'the docs', url: 'https://herald.example/docs' } }, '.']],
      fields: [
        { label: 'Feeds ok', value: ['10'] },
        { label: 'Last error', value: [{ untrusted: 'HTTP 500 *boom* '.repeat(5) }] },
      ],
      list: [['#news — ', { untrusted: 'copyright_law' }]],
      stories: [story({ sources: ['TorrentFreak', 'Ars', 'Heise', 'Wired'] })],
      footer: 'Herald 0.1.0',
    };

    expect(renderDiscordReply(reply)).toEqual({
      embeds: [
        {
          title: 'Status',
          color: 0x2ecc71,
          description: 'Herald reads 12 feeds.\n\nSee [the docs](https://herald.example/docs).\n\n• #news — copyright\\_law',
          fields: [
            { name: 'Feeds ok', value: '10', inline: true },
            { name: 'Last error', value: 'HTTP 500 \\*boom\\* '.repeat(5).trimEnd() },
            {
              name: 'EU court rules on site blocking',
              value: 'National courts may order ISPs to block pirate sites.\n[Read](https://news.example/eu) · TorrentFreak, Ars, Heise +1 more · <t:1714564800:R>',
            },
          ],
          footer: { text: 'Herald 0.1.0' },
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it('renders a story without link or date as text, and a story with no summary as its line alone', () => {
    const [embed] = renderDiscordReply({ ...simpleReply('info', 'Search'), stories: [story({ url: 'javascript:alert(1)', publishedAt: 'soon <@1>' }), story({ summary: null })] }).embeds;
    expect(embed?.fields).toEqual([
      { name: 'EU court rules on site blocking', value: 'National courts may order ISPs to block pirate sites.\nTorrentFreak · soon \\<\u200b@1\\>' },
      { name: 'EU court rules on site blocking', value: '[Read](https://news.example/eu) · TorrentFreak · <t:1714564800:R>' },
    ]);
  });

  it('keeps markdown links whole when cutting and ends a cut with "…"', () => {
    const text: ReplyText = ['Read ', { link: { text: 'the long guide', url: 'https://herald.example/guide' } }, ' please'];
    expect(fitReplyText(text, 100)).toBe('Read [the long guide](https://herald.example/guide) please');
    expect(fitReplyText(text, 30)).toBe('Read…');
    expect(fitReplyText([{ link: { text: 'x', url: 'javascript:alert(1)' } }], 10)).toBe('x');
  });

  it('shares the 6,000 characters so a long text still leaves every story its line', () => {
    const long = 'word '.repeat(2000);
    const [embed] = renderDiscordReply({
      ...simpleReply('info', 'Help', [{ untrusted: long }]),
      fields: [{ label: 'Note', value: [{ untrusted: long }] }],
      stories: Array.from({ length: 10 }, (_, i) => story({ headline: `Story ${i}`, summary: long })),
    }).embeds;
    expect(embed?.fields?.slice(1).map((f) => f.value.split('\n').at(-1))).toEqual(Array(10).fill('[Read](https://news.example/eu) · TorrentFreak · <t:1714564800:R>'));
    expect(embed?.description?.length).toBeGreaterThan(500);
  });

  it('water-fills: small wants are met in full, large ones share the rest equally', () => {
    expect(shareBudget([10, 1000, 50, 1000], 1060)).toEqual([10, 500, 50, 500]);
    expect(shareBudget([10, 20], 1000)).toEqual([10, 20]);
    expect(shareBudget([100, 100, 100], 90)).toEqual([30, 30, 30]);
  });
});

/** A hostile reply built from a hostile alert's text in every untrusted slot. */
function hostileReply(headline: string, summary: string | null, sources: string[], url: string | null, count: number): Reply {
  const text = summary ?? headline;
  return {
    visibility: 'ephemeral',
    tone: 'error',
    title: headline.slice(0, 5000),
    body: [[{ untrusted: headline }], ['Herald says ', { untrusted: text }, ' and ', { link: { text: headline, url: url ?? 'https://x.example/' } }]],
    fields: Array.from({ length: count }, (_, i) => ({ label: `Figure ${i} ${headline.slice(0, 300)}`, value: [{ untrusted: text }, ' ', { link: { text, url: url ?? '' } }] })),
    list: Array.from({ length: count * 4 }, () => [{ untrusted: headline }]),
    stories: Array.from({ length: 12 }, () => ({ headline, url, summary, sources, publishedAt: '2024-05-01T12:00:00Z', topics: ['x'] })),
    footer: text.slice(0, 3000),
  };
}

describe('renderDiscordReply contract', () => {
  const cases = HOSTILE.flatMap(([name, alert]) =>
    [0, 3, 30].map((count): [string, Reply] => [`${name}, ${count} fields`, hostileReply(alert.headline, alert.summary, alert.sources.map((s) => s.name), alert.url, count)]),
  );

  it.each(cases)('%s: within every limit, inert, pinging nobody', (_name, reply) => {
    const body = renderDiscordReply(reply);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds).toHaveLength(1);
    const embed = body.embeds[0] ?? {};
    const fields = embed.fields ?? [];
    expect(fields.length).toBeLessThanOrEqual(LIMITS.fields);
    expect(embed.title?.length ?? 0).toBeGreaterThan(0);
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    for (const field of fields) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(field.value.length).toBeGreaterThan(0);
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
    const total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(LIMITS.total);
    // Untrusted text: no live mention, no raw link markup other than Herald's own, no lone surrogate.
    const untrusted = [embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '', ...fields.map((f) => `${f.name}\n${f.value}`)].join('\n');
    expect(untrusted).not.toMatch(/<[@#:/]|<a:|<id:|<t:(?!\d+:R>)/);
    expect(untrusted).not.toMatch(/@(everyone|here)/);
    for (const link of untrusted.matchAll(/\]\(([^)]*)\)/g)) expect(link[1]).toMatch(/^https?:\/\//);
    for (const s of allStrings(body)) expect(hasLoneSurrogate(s)).toBe(false);
  });
});
