// Slack rendering of command replies: the exact blocks for an ordinary reply, and for hostile ones
// (huge, many, markup and mention injection, broken text) Block Kit's limits and inert text.
import { describe, expect, it } from 'vitest';
import type { Reply, ReplyStory, ReplyText } from '../../src/chat/commands/command.js';
import { renderReplyText, renderSlackReply } from '../../src/chat/slack/render-reply.js';
import { checkContent } from '../fakes/slack/validate-message.js';
import { HOSTILE, allStrings, hasLoneSurrogate } from './render-fixtures.js';

const reply = (overrides: Partial<Reply>): Reply => ({ visibility: 'ephemeral', tone: 'info', title: 'Herald', body: [], fields: [], list: [], stories: [], footer: null, ...overrides });

describe('renderSlackReply', () => {
  it('renders title, paragraphs, fields, list, stories and footer as Block Kit', () => {
    const story: ReplyStory = { headline: 'EU court rules on site blocking', url: 'https://news.example/a?x=1&y=2', summary: 'Courts may order ISPs to block.', sources: ['TorrentFreak', 'Ars'], publishedAt: '2024-05-01T12:00:00Z', topics: ['copyright-law'] };
    const message = renderSlackReply({
      visibility: 'channel',
      tone: 'warning',
      title: 'Status',
      body: [['Feeds: ', { untrusted: 'R&D <b>' }, ' — see ', { link: { text: 'the docs', url: 'https://herald.example/docs?a=1&b=2' } }]],
      fields: [{ label: 'Backlog', value: ['12'] }, { label: 'Last poll', value: [] }],
      list: [['*Hacktivism* in ', { untrusted: '#news' }]],
      stories: [story],
      footer: 'Page 1 of 3 — /news search <words> page:2',
    });

    expect(message.response_type).toBe('in_channel');
    expect(message.text).toBe('Status: Feeds: R&amp;D &lt;b&gt; — see <https://herald.example/docs?a=1&amp;b=2|the docs>');
    expect(message.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: ':warning: Status', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Feeds: R&amp;D &lt;b&gt; — see <https://herald.example/docs?a=1&amp;b=2|the docs>', verbatim: true } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Backlog*\n12', verbatim: true },
          { type: 'mrkdwn', text: '*Last poll*\n—', verbatim: true },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: '• *Hacktivism* in #news', verbatim: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '*<https://news.example/a?x=1&amp;y=2|EU court rules on site blocking>*\nCourts may order ISPs to block.', verbatim: true } },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'via TorrentFreak · also Ars', verbatim: true },
          { type: 'mrkdwn', text: '<!date^1714564800^{date_short_pretty} {time}|2024-05-01 12:00 UTC>', verbatim: true },
          { type: 'mrkdwn', text: 'Copyright law', verbatim: true },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Page 1 of 3 — /news search &lt;words&gt; page:2', verbatim: true }] },
    ]);
  });

  it('cuts a ReplyText at the first part that does not fit and drops unsafe links to their label', () => {
    expect(renderReplyText(['Found ', { untrusted: 'a'.repeat(50) }, ' items'], 20)).toBe(`Found ${'a'.repeat(13)}…`);
    expect(renderReplyText([{ link: { text: 'click *me*', url: 'javascript:alert(1)' } }], 100)).toBe('click ∗me∗');
    expect(renderReplyText(['@channel <!here> & <@U1>'], 100)).toBe('@\u200bchannel &lt;!here&gt; &amp; &lt;@U1&gt;');
  });

  it('counts what did not fit: paragraphs, fields, list lines and stories', () => {
    const many = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));
    const message = renderSlackReply(
      reply({
        body: many(40, (i) => [`Paragraph ${i} `, { untrusted: 'x'.repeat(900) }]),
        fields: many(25, (i) => ({ label: `F${i}`, value: [String(i)] })),
        list: many(500, (i) => [`Feed ${i}: `, { untrusted: 'y'.repeat(100) }]),
        stories: many(14, (i) => ({ headline: `Story ${i}`, url: null, summary: null, sources: [], publishedAt: '2024-05-01T12:00:00Z', topics: [] })),
      }),
    );
    const contexts = message.blocks.flatMap((block) => (block.type === 'context' ? block.elements.map((e) => ('text' in e ? e.text : '')) : []));
    expect(contexts.filter((text) => text.startsWith('…'))).toEqual(['… and 22 more', '… and 5 more', expect.stringMatching(/^… and \d+ more$/), '… and 4 more stories']);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(checkContent(message.text, message.blocks)).toMatchObject({ ok: true });
  });
});

// Any `<` left in mrkdwn must open a link Herald made or a date token; anything else would be markup.
const MARKUP = /<(?!https?:\/\/|!date\^)/;

describe('renderSlackReply on hostile replies', () => {
  const hostileReply = (text: string, headline: string, summary: string | null, url: string | null, sources: string[]): Reply => {
    const untrusted: ReplyText = ['Found ', { untrusted: text }, ' for ', { link: { text: headline, url: url ?? 'javascript:x' } }];
    return {
      visibility: 'channel',
      tone: 'error',
      title: `Search results for ${text}`,
      body: Array.from({ length: 12 }, () => untrusted),
      fields: Array.from({ length: 30 }, (_, i) => ({ label: `${i} ${text}`, value: untrusted })),
      list: Array.from({ length: 300 }, () => untrusted),
      stories: Array.from({ length: 12 }, () => ({ headline, url, summary, sources, publishedAt: 'yesterday <!here>', topics: [text, 'copyright-law'] })),
      footer: text,
    };
  };

  it.each(HOSTILE.map(([name, alert]) => [name, alert] as const))('%s stays within Block Kit limits and pings nobody', (_name, alert) => {
    const message = renderSlackReply(hostileReply(alert.headline, alert.headline, alert.summary, alert.url, alert.sources.map((s) => s.name)));

    expect(checkContent(message.text, message.blocks)).toEqual({ ok: true, text: message.text, blocks: message.blocks });
    expect(message.text.length).toBeLessThanOrEqual(4000);
    for (const block of message.blocks) {
      if (block.type === 'context') {
        expect(block.elements.length).toBeLessThanOrEqual(10);
        for (const element of block.elements) expect('text' in element ? element.text.length : 0).toBeLessThanOrEqual(2000);
      }
    }
    for (const text of allStrings(message)) {
      expect(hasLoneSurrogate(text)).toBe(false);
      expect(text).not.toMatch(MARKUP);
      expect(text).not.toMatch(/@(?:here|channel|everyone)/i);
    }
  });
});
