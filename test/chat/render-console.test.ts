// Console rendering beyond the shared contract: what a terminal shows for hostile text, digests
// and notices.
import { describe, expect, it } from 'vitest';
import { renderConsoleAlert } from '../../src/chat/console/render-alert.js';
import { renderConsoleDigest } from '../../src/chat/console/render-digest.js';
import { renderConsoleNotice } from '../../src/chat/console/render-notice.js';
import { buildAlert } from './render-fixtures.js';

describe('renderConsoleAlert', () => {
  it('strips what a terminal would obey and drops unsafe links', () => {
    const output = renderConsoleAlert(
      buildAlert({ headline: '\u001b[2J\u001b[31mCleared\u001b[0m \u202Egnp.exe', summary: null, url: 'javascript:alert(1)', mention: null, sources: [], topics: [] }),
    );
    expect(output).toBe(['■ Cleared gnp.exe', '  Published: 2024-05-01 12:00 UTC · story #7'].join('\n'));
  });

  it('shows a role or user mention by id', () => {
    expect(renderConsoleAlert(buildAlert({ mention: { kind: 'role', id: '123' } })).split('\n').at(-1)).toBe('  Notify: role 123');
  });
});

describe('renderConsoleDigest', () => {
  it('lists topics with their stories, summaries and links', () => {
    const output = renderConsoleDigest({
      period: 'daily',
      since: '2024-05-01T00:00:00Z',
      until: '2024-05-02T00:00:00Z',
      groups: [
        { topic: 'copyright-law', stories: [{ headline: 'EU court rules on site blocking', url: 'https://news.example/a', summary: 'Courts may order blocking.', sources: ['TorrentFreak', 'Ars'], publishedAt: '2024-05-01T12:00:00Z' }], more: 2 },
        { topic: 'hacktivism', stories: [{ headline: 'Group defaces ministry site', url: null, summary: null, sources: ['The Record'], publishedAt: '2024-05-01T13:00:00Z' }], more: 0 },
      ],
    });
    expect(output).toBe(
      [
        'Daily digest · 2024-05-01 00:00 UTC – 2024-05-02 00:00 UTC',
        '',
        'Copyright law',
        '  • EU court rules on site blocking — TorrentFreak +1 more',
        '    Courts may order blocking.',
        '    https://news.example/a',
        '  … and 2 more',
        '',
        'Hacktivism',
        '  • Group defaces ministry site — The Record',
      ].join('\n'),
    );
  });
});

describe('renderConsoleNotice', () => {
  it('words a failing feed with its facts and the hint', () => {
    const output = renderConsoleNotice({
      kind: 'feed-failing',
      feed: { id: 4, title: 'Example News', url: 'https://news.example/feed.xml' },
      failures: 3,
      failingSince: '2024-05-01T00:00:00Z',
      lastError: 'HTTP 503 \u001b[31mService Unavailable',
      nextAttemptAt: '2024-05-01T01:00:00Z',
    });
    expect(output).toBe(
      [
        '! Feed failing: Example News',
        '  https://news.example/feed.xml',
        '  Failures in a row: 3',
        '  Failing since: 2024-05-01 00:00 UTC',
        '  Last error: HTTP 503 Service Unavailable',
        '  Next attempt: 2024-05-01 01:00 UTC',
        '  Herald keeps retrying with a growing delay; it disables the feed if the failures go on.',
      ].join('\n'),
    );
  });
});
