// Raw option values (Discord's typed options, words from Slack text) into ChatCommands, and the
// problems a member reads when they are wrong.
import { describe, expect, it } from 'vitest';
import { parseMention, resolveSince, splitKeywords } from '../../src/chat/commands/option-values.js';
import { parseCommandOptions, type RawOptions } from '../../src/chat/commands/schema.js';
import { suggestClosest } from '../../src/chat/commands/suggest.js';
import { TOPICS } from './commands-kit.js';

function parse(name: string, options: RawOptions) {
  return parseCommandOptions(name, options, TOPICS);
}

function problemsOf(name: string, options: RawOptions): string[] {
  const parsed = parse(name, options);
  return parsed.ok ? [] : parsed.problems;
}

describe('parseCommandOptions: typed options as Discord sends them', () => {
  it('takes numbers and booleans as they are, and null as "not given"', () => {
    expect(parse('recent', { topic: 'hacktivism', count: 7, share: true })).toEqual({ ok: true, command: { name: 'recent', topic: 'hacktivism', count: 7, share: true } });
    expect(parse('recent', { topic: null, count: null, share: null })).toEqual({ ok: true, command: { name: 'recent', topic: null, count: 5, share: false } });
    expect(parse('search', { query: 'leak', page: 3, since: '', topic: undefined })).toEqual({
      ok: true,
      command: { name: 'search', query: 'leak', topic: null, since: null, page: 3, share: false },
    });
    expect(parse('feeds', { action: 'remove', id: 12 })).toEqual({ ok: true, command: { name: 'feeds', action: 'remove', id: 12 } });
    expect(parse('subscriptions', { all: true })).toEqual({ ok: true, command: { name: 'subscriptions', all: true } });
  });

  it("maps 'all' per command: '*' to subscribe, no filter to recent and search, everything to unsubscribe", () => {
    expect(parse('subscribe', { topic: 'all' })).toMatchObject({ command: { topic: '*' } });
    expect(parse('subscribe', { topic: 'ALL' })).toMatchObject({ command: { topic: '*' } });
    expect(parse('recent', { topic: 'all' })).toMatchObject({ command: { topic: null } });
    expect(parse('search', { query: 'x', topic: 'all' })).toMatchObject({ command: { topic: null } });
    expect(parse('unsubscribe', { topic: 'all' })).toMatchObject({ command: { topic: null } });
  });

  it('accepts a topic by id in any case or by its label', () => {
    expect(parse('recent', { topic: 'COPYRIGHT-LAW' })).toMatchObject({ command: { topic: 'copyright-law' } });
    expect(parse('recent', { topic: 'Copyright law' })).toMatchObject({ command: { topic: 'copyright-law' } });
  });

  it('takes a Mention object from the mentionable option, and the ping choice words', () => {
    expect(parse('subscribe', { topic: 'hacktivism', mention: { kind: 'role', id: '123456789012345678' } })).toMatchObject({
      command: { mention: { kind: 'role', id: '123456789012345678' } },
    });
    expect(parse('subscribe', { topic: 'hacktivism', mention: 'here' })).toMatchObject({ command: { mention: { kind: 'here' } } });
    expect(parse('subscribe', { topic: 'hacktivism', mention: 'everyone' })).toMatchObject({ command: { mention: { kind: 'everyone' } } });
    expect(parse('subscribe', { topic: 'hacktivism', mention: '<@&42>' })).toMatchObject({ command: { mention: { kind: 'role', id: '42' } } });
    expect(parse('subscribe', { topic: 'hacktivism', mention: '<@!42>' })).toMatchObject({ command: { mention: { kind: 'user', id: '42' } } });
    expect(parse('subscribe', { topic: 'hacktivism', mention: 'none' })).toMatchObject({ command: { mention: null } });
  });
});

describe('parseCommandOptions: problems in words a member understands', () => {
  it('says what the range is', () => {
    expect(problemsOf('recent', { count: 11 })).toEqual(['count must be between 1 and 10']);
    expect(problemsOf('recent', { count: 2.5 })).toEqual(['count must be between 1 and 10']);
    expect(problemsOf('recent', { count: 'lots' })).toEqual(['count must be between 1 and 10']);
    expect(problemsOf('search', { query: 'x', page: 101 })).toEqual(['page must be between 1 and 100']);
  });

  it('lists the topics, with a suggestion for a near miss', () => {
    expect(problemsOf('recent', { topic: 'copyrite' })).toEqual(["unknown topic 'copyrite' — topics: copyright-law, hacktivism, all (did you mean copyright-law?)"]);
    expect(problemsOf('subscribe', { topic: 'sports' })).toEqual(["unknown topic 'sports' — topics: copyright-law, hacktivism, all"]);
    expect(problemsOf('subscribe', {})).toEqual(['subscribe needs a topic, e.g. /news subscribe hacktivism (or all)']);
  });

  it('explains what a mention may be', () => {
    expect(problemsOf('subscribe', { topic: 'all', mention: 'bob' })).toEqual(['mention must be @here, @everyone, a role or a user']);
    expect(problemsOf('subscribe', { topic: 'all', mention: '<@U1|x> <@U2>' })).toEqual(['mention must be @here, @everyone, a role or a user']);
    expect(problemsOf('subscribe', { topic: 'all', mention: { kind: 'role', id: '../../x' } })).toEqual(['mention must be @here, @everyone, a role or a user']);
  });

  it('bounds keywords: at most 20, each at most 60 characters', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `k${i}`).join(',');
    expect(parse('subscribe', { topic: 'all', keywords: twenty })).toMatchObject({ ok: true });
    expect(problemsOf('subscribe', { topic: 'all', keywords: `${twenty},k20` })).toEqual(['keywords: at most 20 keywords (found 21)']);
    expect(problemsOf('subscribe', { topic: 'all', exclude: 'x'.repeat(61) })).toEqual([`exclude: each keyword must be at most 60 characters ('${'x'.repeat(39)}…' has 61)`]);
    expect(parse('subscribe', { topic: 'all', keywords: 'y'.repeat(60) })).toMatchObject({ ok: true });
  });

  it('accepts ISO dates and spans for since, within ten years', () => {
    expect(parse('search', { query: 'x', since: '24h' })).toMatchObject({ command: { since: '24h' } });
    expect(parse('search', { query: 'x', since: '2W' })).toMatchObject({ command: { since: '2w' } });
    expect(parse('search', { query: 'x', since: '2025-01-31T10:00:00Z' })).toMatchObject({ command: { since: '2025-01-31T10:00:00Z' } });
    expect(problemsOf('search', { query: 'x', since: '3651d' })).toEqual(['since must be a span from 1h to 3650d']);
    expect(problemsOf('search', { query: 'x', since: '0d' })).toEqual(['since must be a span from 1h to 3650d']);
    expect(problemsOf('search', { query: 'x', since: '2025-13-45' })).toEqual(['since must be a date like 2025-01-31 or a time span like 24h, 7d or 2w']);
    expect(problemsOf('search', { query: 'x', since: 'last week' })).toEqual(['since must be a date like 2025-01-31 or a time span like 24h, 7d or 2w']);
  });

  it('takes only http(s) feed URLs without credentials', () => {
    expect(parse('feeds', { action: 'add', url: 'HTTPS://Example.com/feed' })).toMatchObject({ command: { url: 'https://example.com/feed' } });
    expect(problemsOf('feeds', { action: 'add', url: 'file:///etc/passwd' })).toEqual(['the feed URL must start with http:// or https://']);
    expect(problemsOf('feeds', { action: 'add', url: 'https://user:pw@example.com/feed' })).toEqual(['the feed URL must not contain a user name or password']);
    expect(problemsOf('feeds', { action: 'add', url: 'example.com/feed' })).toEqual(["'example.com/feed' is not a web address — the feed URL must start with http:// or https://"]);
    expect(problemsOf('feeds', { action: 'add', url: `https://example.com/${'a'.repeat(2100)}` })).toEqual(['the feed URL must be at most 2048 characters']);
    expect(problemsOf('feeds', { action: 'rename' })).toEqual(['feeds takes list, add URL or remove ID']);
  });

  it('names unknown options and unknown commands', () => {
    expect(problemsOf('status', { verbose: true })).toEqual(["unknown option 'verbose' — status takes no options"]);
    expect(parse('subscibe', {})).toEqual({ ok: false, problems: ["unknown command 'subscibe'"], command: null, suggestion: 'subscribe' });
    expect(parse('unsub', {})).toMatchObject({ ok: false, suggestion: 'unsubscribe' });
  });

  it('reports every problem of a command at once', () => {
    expect(problemsOf('subscribe', { topic: 'nope', mode: 'hourly', mention: 'bob' })).toEqual([
      "unknown topic 'nope' — topics: copyright-law, hacktivism, all",
      'mode must be instant, daily or weekly',
      'mention must be @here, @everyone, a role or a user',
    ]);
  });
});

describe('option values', () => {
  it('splits keywords: trimmed, blanks dropped, duplicates in any case once, first spelling kept', () => {
    expect(splitKeywords(' EU , DMCA,,eu, dmca ,Article 17 ')).toEqual(['EU', 'DMCA', 'Article 17']);
    expect(splitKeywords(['a, b', 'B', 'c'])).toEqual(['a', 'b', 'c']);
    expect(splitKeywords('\u202eevil\u202c, tab\tbed')).toEqual(['evil', 'tab bed']);
  });

  it('resolves since against the clock', () => {
    const now = new Date('2025-03-10T12:00:00.000Z');
    expect(resolveSince('7d', now).toISOString()).toBe('2025-03-03T12:00:00.000Z');
    expect(resolveSince('24h', now).toISOString()).toBe('2025-03-09T12:00:00.000Z');
    expect(resolveSince('2w', now).toISOString()).toBe('2025-02-24T12:00:00.000Z');
    expect(resolveSince('2025-01-31', now).toISOString()).toBe('2025-01-31T00:00:00.000Z');
  });

  it('parses mentions in every spelling and refuses anything else', () => {
    expect(parseMention('@here')).toEqual({ kind: 'here' });
    expect(parseMention('@channel')).toEqual({ kind: 'everyone' });
    expect(parseMention('<!here|here>')).toEqual({ kind: 'here' });
    expect(parseMention('<@U0ABC|jane>')).toEqual({ kind: 'user', id: 'U0ABC' });
    expect(parseMention('<!subteam^S0ABC|@legal>')).toEqual({ kind: 'role', id: 'S0ABC' });
    expect(parseMention('<#C0123|general>')).toBeNull();
    expect(parseMention('<https://example.com>')).toBeNull();
    expect(parseMention('@someone')).toBeNull();
  });

  it('suggests close command and topic names only', () => {
    expect(suggestClosest('recnet', ['recent', 'search'])).toBe('recent');
    expect(suggestClosest('sub', ['subscribe', 'subscriptions'])).toBe('subscribe');
    expect(suggestClosest('zzzzzz', ['recent', 'search'])).toBeNull();
    expect(suggestClosest('x'.repeat(500), ['recent'])).toBeNull();
  });
});
