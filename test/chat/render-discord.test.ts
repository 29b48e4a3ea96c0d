// Discord rendering beyond the shared contract: the "also reported by" update, mentions, colours,
// links that are refused, the 6,000-character budget, digests and notices.
import { describe, expect, it } from 'vitest';
import { renderDiscordAlert } from '../../src/chat/discord/render-alert.js';
import { renderDiscordDigest } from '../../src/chat/discord/render-digest.js';
import { renderDiscordNotice } from '../../src/chat/discord/render-notice.js';
import { topicColour } from '../../src/chat/discord/render-text.js';
import { buildAlert } from './render-fixtures.js';

const sources = (count: number): Array<{ name: string; url: string | null }> =>
  Array.from({ length: count }, (_, i) => ({ name: `Outlet ${i}`, url: `https://outlet${i}.example/` }));

describe('renderDiscordAlert', () => {
  it('renders the "also reported by" update of a story with the same headline and link', () => {
    const first = renderDiscordAlert(buildAlert({ sources: sources(1) }));
    const update = renderDiscordAlert(buildAlert({ sources: sources(3) }));
    expect(first.embeds[0]?.fields).toEqual([{ name: 'Source', value: '[Outlet 0](https://outlet0.example/)', inline: true }]);
    expect(update.embeds[0]?.fields).toEqual([
      { name: 'Source', value: '[Outlet 0](https://outlet0.example/)', inline: true },
      { name: 'Also reported by', value: 'Outlet 1, Outlet 2', inline: false },
    ]);
    expect(update.embeds[0]?.title).toBe(first.embeds[0]?.title);
    expect(update.components).toEqual(first.components);
  });

  it('lists 12 more sources of 300 and counts the rest', () => {
    const fields = renderDiscordAlert(buildAlert({ sources: sources(300) })).embeds[0]?.fields ?? [];
    const names = Array.from({ length: 12 }, (_, i) => `Outlet ${i + 1}`).join(', ');
    expect(fields[1]).toEqual({ name: 'Also reported by', value: `${names} and 287 more`, inline: false });
  });

  it.each([
    [{ kind: 'role', id: '123456789012345678' }, '<@&123456789012345678>', { parse: [], roles: ['123456789012345678'] }],
    [{ kind: 'user', id: '123456789012345678' }, '<@123456789012345678>', { parse: [], users: ['123456789012345678'] }],
    [{ kind: 'here' }, '@here', { parse: ['everyone'] }],
    [{ kind: 'everyone' }, '@everyone', { parse: ['everyone'] }],
    [null, undefined, { parse: [] }],
    [{ kind: 'role', id: '123<@&456>' }, undefined, { parse: [] }],
    [{ kind: 'user', id: '42' }, undefined, { parse: [] }],
  ] as const)('mention %j → content %j', (mention, content, allowed) => {
    const message = renderDiscordAlert(buildAlert({ mention }));
    expect(message.content).toBe(content);
    expect(message.allowed_mentions).toEqual(allowed);
  });

  it('colours by the first topic: fixed for built-in topics, a stable hash for others', () => {
    expect(renderDiscordAlert(buildAlert({ topics: ['hacktivism', 'copyright-law'] })).embeds[0]?.color).toBe(0xd63031);
    expect(renderDiscordAlert(buildAlert({ topics: ['copyright-law'] })).embeds[0]?.color).toBe(0x2f80ed);
    expect(topicColour('net-neutrality')).toBe(topicColour('net-neutrality'));
    expect(topicColour('net-neutrality')).not.toBe(topicColour('privacy'));
    expect(topicColour('net-neutrality')).toBeLessThanOrEqual(0xffffff);
    expect(renderDiscordAlert(buildAlert({ topics: [] })).embeds[0]?.color).toBe(topicColour(undefined));
  });

  it('drops links that are not http(s) or too long: no title link, no button', () => {
    for (const url of ['javascript:alert(1)', `https://news.example/${'a'.repeat(600)}`, null]) {
      const message = renderDiscordAlert(buildAlert({ url, sources: [{ name: 'Evil', url: 'javascript:alert(1)' }] }));
      expect(message.embeds[0]?.url).toBeUndefined();
      expect(message.components).toEqual([]);
      expect(message.embeds[0]?.fields?.[0]).toEqual({ name: 'Source', value: 'Evil', inline: true });
    }
  });

  it('gives the summary what the 6,000-character total leaves', () => {
    const alert = buildAlert({
      headline: 'word '.repeat(2000),
      summary: 'sentence '.repeat(20_000),
      sources: Array.from({ length: 40 }, (_, i) => ({ name: `${'N'.repeat(99)}${i}`, url: `https://o${i}.example/${'p'.repeat(400)}` })),
      topics: Array.from({ length: 40 }, (_, i) => `topic-${i}`),
    });
    const embed = renderDiscordAlert(alert).embeds[0];
    const total = [embed?.title, embed?.description, embed?.footer?.text, ...(embed?.fields ?? []).flatMap((f) => [f.name, f.value])].join('').length;
    expect(total).toBeLessThanOrEqual(6000);
    expect(total).toBeGreaterThan(5900);
    expect(embed?.description?.endsWith('sentence…')).toBe(true);
  });

  it('leaves out description and timestamp it has no value for', () => {
    const embed = renderDiscordAlert(buildAlert({ summary: '  ', publishedAt: 'not a date' })).embeds[0];
    expect(embed).not.toHaveProperty('description');
    expect(embed).not.toHaveProperty('timestamp');
  });
});

describe('renderDiscordDigest', () => {
  it('lists each topic with its stories as links and counts the rest', () => {
    const message = renderDiscordDigest({
      period: 'weekly',
      since: '2024-04-24T00:00:00Z',
      until: '2024-05-01T00:00:00Z',
      groups: [
        { topic: 'copyright-law', stories: [{ headline: 'EU court rules on site blocking', url: 'https://news.example/a', summary: 'x', sources: ['TorrentFreak', 'Ars'], publishedAt: '2024-04-30T12:00:00Z' }], more: 2 },
        { topic: 'hacktivism', label: 'Hacktivism [custom]', stories: [{ headline: 'Group defaces ministry site', url: null, summary: null, sources: ['The Record'], publishedAt: '2024-04-30T13:00:00Z' }], more: 0 },
        { topic: 'empty', stories: [], more: 0 },
      ],
    });
    expect(message).toEqual({
      embeds: [
        {
          title: 'Weekly digest',
          description: '4 stories · 2024-04-24 00:00 UTC – 2024-05-01 00:00 UTC',
          color: topicColour(undefined),
          fields: [
            { name: 'Copyright law', value: '• [EU court rules on site blocking](https://news.example/a) — TorrentFreak +1 more\n… and 2 more' },
            { name: 'Hacktivism \\[custom\\]', value: '• Group defaces ministry site — The Record' },
          ],
          timestamp: '2024-05-01T00:00:00.000Z',
        },
      ],
      allowed_mentions: { parse: [] },
      components: [],
    });
  });
});

describe('renderDiscordNotice', () => {
  it('tells moderators a feed was disabled, without pinging anyone', () => {
    const message = renderDiscordNotice({ kind: 'feed-disabled', feed: { id: 12, title: 'Example *News*', url: 'https://news.example/feed.xml' }, failures: 10, reason: 'HTTP 410 Gone' });
    expect(message).toEqual({
      embeds: [
        {
          title: 'Feed disabled',
          color: 0xe74c3c,
          description: '[Example \\*News\\*](https://news.example/feed.xml)\n\nAlerts from this feed have stopped. An operator can re-enable it with `herald feeds enable 12`.',
          fields: [
            { name: 'Reason', value: 'HTTP 410 Gone', inline: true },
            { name: 'Failures in a row', value: '10', inline: true },
          ],
        },
      ],
      allowed_mentions: { parse: [] },
      components: [],
    });
  });
});
