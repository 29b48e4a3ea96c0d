// Slack rendering beyond the shared contract: mentions, refused links, long source lists, digests
// and notices.
import { describe, expect, it } from 'vitest';
import { renderSlackAlert } from '../../src/chat/slack/render-alert.js';
import { renderSlackDigest } from '../../src/chat/slack/render-digest.js';
import { renderSlackNotice } from '../../src/chat/slack/render-notice.js';
import { buildAlert } from './render-fixtures.js';

const firstText = (message: ReturnType<typeof renderSlackAlert>): string => {
  const block = message.blocks[0];
  return block?.type === 'section' ? (block.text?.text ?? '') : '';
};

describe('renderSlackAlert', () => {
  it.each([
    [{ kind: 'role', id: 'S0123ABCD' }, '<!subteam^S0123ABCD> '],
    [{ kind: 'user', id: 'U0123ABCD' }, '<@U0123ABCD> '],
    [{ kind: 'here' }, '<!here> '],
    [{ kind: 'everyone' }, '<!channel> '],
    [null, ''],
    [{ kind: 'role', id: 'S1><!channel' }, ''],
    [{ kind: 'user', id: 'u-lower' }, ''],
  ] as const)('mention %j → prefix %j in the headline and the notification text', (mention, prefix) => {
    const message = renderSlackAlert(buildAlert({ mention }));
    expect(firstText(message)).toBe(`${prefix}*<https://news.example/eu-blocking?ref=rss&amp;id=1|EU court rules on site blocking>*`);
    expect(message.text).toBe(`${prefix}EU court rules on site blocking — TorrentFreak`);
  });

  it('shows the headline unlinked and no button when the link is not http(s)', () => {
    const message = renderSlackAlert(buildAlert({ url: 'javascript:alert(1)', mention: null, sources: [{ name: 'Evil', url: 'javascript:alert(1)' }] }));
    expect(firstText(message)).toBe('*EU court rules on site blocking*');
    expect(message.blocks.map((block) => block.type)).toEqual(['section', 'section', 'context']);
    expect(JSON.stringify(message)).not.toContain('javascript');
  });

  it('lists 12 more sources of 300 and counts the rest', () => {
    const sources = Array.from({ length: 300 }, (_, i) => ({ name: `Outlet ${i}`, url: null }));
    const context = renderSlackAlert(buildAlert({ sources })).blocks[2];
    const names = Array.from({ length: 12 }, (_, i) => `Outlet ${i + 1}`).join(', ');
    expect(context?.type === 'context' ? context.elements[1] : null).toEqual({ type: 'mrkdwn', text: `via Outlet 0 · also reported by ${names} and 287 more`, verbatim: true });
  });

  it('escapes entities and neutralises formatting in the headline, summary and sources', () => {
    const message = renderSlackAlert(buildAlert({ headline: 'A&B <b> *bold* _it_ ~s~ `c` a|b', summary: '<!here> & @channel', mention: null, sources: [{ name: '<@U1>', url: null }] }));
    expect(firstText(message)).toBe('*<https://news.example/eu-blocking?ref=rss&amp;id=1|A&amp;B &lt;b&gt; ∗bold∗ ˍitˍ ∼s∼ ˋcˋ a∣b>*');
    expect(message.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '&lt;!here&gt; &amp; @\u200bchannel', verbatim: true } });
    expect(message.text).toBe('A&amp;B &lt;b&gt; ∗bold∗ ˍitˍ ∼s∼ ˋcˋ a∣b — &lt;@U1&gt;');
  });
});

describe('renderSlackDigest', () => {
  it('renders a header, the period and a section per topic', () => {
    const message = renderSlackDigest({
      period: 'daily',
      since: '2024-05-01T00:00:00Z',
      until: '2024-05-02T00:00:00Z',
      groups: [
        { topic: 'copyright-law', stories: [{ headline: 'EU court rules on site blocking', url: 'https://news.example/a?x=1&y=2', summary: 'Courts may order blocking.', sources: ['TorrentFreak', 'Ars'], publishedAt: '2024-05-01T12:00:00Z' }], more: 2 },
        { topic: 'hacktivism', stories: [{ headline: 'Group defaces ministry site', url: null, summary: null, sources: ['The Record'], publishedAt: '2024-05-01T13:00:00Z' }], more: 0 },
      ],
    });
    expect(message).toEqual({
      text: 'Daily digest: 4 stories',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Daily digest', emoji: true } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '4 stories · <!date^1714521600^{date_short}|2024-05-01 00:00 UTC> – <!date^1714608000^{date_short}|2024-05-02 00:00 UTC>', verbatim: true }] },
        { type: 'section', text: { type: 'mrkdwn', text: '*Copyright law*\n• <https://news.example/a?x=1&amp;y=2|EU court rules on site blocking> — TorrentFreak +1 more\n    Courts may order blocking.\n… and 2 more', verbatim: true } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Hacktivism*\n• Group defaces ministry site — The Record', verbatim: true } },
      ],
      unfurl_links: false,
      unfurl_media: false,
    });
  });
});

describe('renderSlackNotice', () => {
  it('tells the channel its alerts are paused, without pinging anyone', () => {
    const message = renderSlackNotice({ kind: 'subscription-paused', subscriptionId: 3, topics: ['copyright-law', 'x'], topicLabels: { x: '<!here>' }, reason: 'Herald lost access to <#C1>', pausedAt: '2024-05-01T12:00:00Z' });
    expect(message).toEqual({
      text: 'Alerts paused in this channel',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Alerts paused in this channel', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Reason:* Herald lost access to &lt;#C1&gt;\n*Topics:* Copyright law, &lt;!here&gt;\n*Paused at:* 2024-05-01 12:00 UTC', verbatim: true } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Fix the cause, then run /news subscribe again in this channel: it resumes the subscription with its settings.', verbatim: true }] },
      ],
      unfurl_links: false,
      unfurl_media: false,
    });
  });
});
