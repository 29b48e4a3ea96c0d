// `/news` text as Slack and the console send it, into ChatCommands: every documented form, Slack's
// encodings, and hostile input.
import { describe, expect, it } from 'vitest';
import type { ChatCommand } from '../../src/chat/commands/command.js';
import { MAX_COMMAND_TEXT, parseCommandText } from '../../src/chat/commands/parse-text.js';
import type { CommandParse } from '../../src/chat/commands/schema.js';
import { TOPICS } from './commands-kit.js';

function parse(text: string): CommandParse {
  return parseCommandText(text, TOPICS);
}

function command(text: string): ChatCommand {
  const parsed = parse(text);
  if (!parsed.ok) throw new Error(`${text.slice(0, 80)} did not parse: ${parsed.problems.join('; ')}`);
  return parsed.command;
}

function problems(text: string): string[] {
  const parsed = parse(text);
  if (parsed.ok) throw new Error(`${text.slice(0, 80)} parsed as ${JSON.stringify(parsed.command).slice(0, 200)}`);
  return parsed.problems;
}

describe('parseCommandText: the documented forms', () => {
  it('reads recent with a topic, a count and share in any order', () => {
    expect(command('recent hacktivism 5')).toEqual({ name: 'recent', topic: 'hacktivism', count: 5, share: false });
    expect(command('recent')).toEqual({ name: 'recent', topic: null, count: 5, share: false });
    expect(command('recent 3 share copyright-law')).toEqual({ name: 'recent', topic: 'copyright-law', count: 3, share: true });
    expect(command('recent all')).toEqual({ name: 'recent', topic: null, count: 5, share: false });
    expect(command('recent topic:Hacktivism count:2')).toEqual({ name: 'recent', topic: 'hacktivism', count: 2, share: false });
  });

  it('reads search with a quoted phrase kept for the phrase search, and its options', () => {
    expect(command('search "download law" topic:copyright-law since:7d page:2')).toEqual({
      name: 'search',
      query: '"download law"',
      topic: 'copyright-law',
      since: '7d',
      page: 2,
      share: false,
    });
    expect(command('search EU copyright directive share')).toEqual({ name: 'search', query: 'EU copyright directive', topic: null, since: null, page: 1, share: true });
    // "share" in the middle is a word to search for.
    expect(command('search share prices')).toMatchObject({ query: 'share prices', share: false });
    expect(command('search leak since:2025-01-31')).toMatchObject({ query: 'leak', since: '2025-01-31' });
  });

  it('reads subscribe with keywords, exclusions, mode and mention', () => {
    expect(command('subscribe copyright-law keywords:"EU, DMCA" exclude:football mode:daily mention:@here')).toEqual({
      name: 'subscribe',
      topic: 'copyright-law',
      keywords: ['EU', 'DMCA'],
      exclude: ['football'],
      mode: 'daily',
      mention: { kind: 'here' },
    });
    expect(command('subscribe all')).toEqual({ name: 'subscribe', topic: '*', keywords: [], exclude: [], mode: 'instant', mention: null });
    expect(command('subscribe hacktivism weekly')).toMatchObject({ topic: 'hacktivism', mode: 'weekly' });
  });

  it('reads unsubscribe, subscriptions, feeds, status and help', () => {
    expect(command('unsubscribe')).toEqual({ name: 'unsubscribe', topic: null });
    expect(command('unsubscribe hacktivism')).toEqual({ name: 'unsubscribe', topic: 'hacktivism' });
    expect(command('unsubscribe all')).toEqual({ name: 'unsubscribe', topic: null });
    expect(command('subscriptions')).toEqual({ name: 'subscriptions', all: false });
    expect(command('subscriptions all')).toEqual({ name: 'subscriptions', all: true });
    expect(command('feeds')).toEqual({ name: 'feeds', action: 'list' });
    expect(command('feeds list')).toEqual({ name: 'feeds', action: 'list' });
    expect(command('feeds add https://example.com/feed.xml')).toEqual({ name: 'feeds', action: 'add', url: 'https://example.com/feed.xml' });
    expect(command('feeds remove 12')).toEqual({ name: 'feeds', action: 'remove', id: 12 });
    expect(command('feeds remove #12')).toEqual({ name: 'feeds', action: 'remove', id: 12 });
    expect(command('status')).toEqual({ name: 'status' });
    expect(command('help')).toEqual({ name: 'help' });
  });

  it('treats empty text, a leading /news and upper case kindly', () => {
    expect(command('')).toEqual({ name: 'help' });
    expect(command('   ')).toEqual({ name: 'help' });
    expect(command('/news recent 2')).toMatchObject({ name: 'recent', count: 2 });
    expect(command('RECENT Hacktivism')).toMatchObject({ name: 'recent', topic: 'hacktivism' });
  });
});

describe("parseCommandText: Slack's encodings", () => {
  it('reads the mentions Slack writes into the text', () => {
    expect(command('subscribe hacktivism <!here>')).toMatchObject({ mention: { kind: 'here' } });
    expect(command('subscribe hacktivism <!channel>')).toMatchObject({ mention: { kind: 'everyone' } });
    expect(command('subscribe hacktivism <!everyone>')).toMatchObject({ mention: { kind: 'everyone' } });
    expect(command('subscribe hacktivism <@U123ABC|jane>')).toMatchObject({ mention: { kind: 'user', id: 'U123ABC' } });
    expect(command('subscribe hacktivism <@U123ABC|Jane Doe>')).toMatchObject({ topic: 'hacktivism', mention: { kind: 'user', id: 'U123ABC' } });
    expect(command('subscribe hacktivism mention:<!subteam^S0123|@legal-team>')).toMatchObject({ mention: { kind: 'role', id: 'S0123' } });
    expect(command('subscribe hacktivism <!subteam^S0123>')).toMatchObject({ mention: { kind: 'role', id: 'S0123' } });
  });

  it('keeps <!channel> inside keywords as a keyword, not a mention', () => {
    expect(command('subscribe all keywords:"<!channel>, DMCA"')).toEqual({
      name: 'subscribe',
      topic: '*',
      keywords: ['<!channel>', 'DMCA'],
      exclude: [],
      mode: 'instant',
      mention: null,
    });
    expect(command('subscribe all keywords:<!channel>')).toMatchObject({ keywords: ['<!channel>'], mention: null });
  });

  it("unwraps Slack's links and decodes &amp; &lt; &gt;", () => {
    expect(command('feeds add <https://example.com/feed.xml?a=1&amp;b=2|example.com/feed.xml>')).toEqual({
      name: 'feeds',
      action: 'add',
      url: 'https://example.com/feed.xml?a=1&b=2',
    });
    expect(command('search AT&amp;T &lt;b&gt;')).toMatchObject({ query: 'AT&T <b>' });
    expect(command('subscribe all keywords:"R&amp;D, Q&amp;A"')).toMatchObject({ keywords: ['R&D', 'Q&A'] });
  });

  it('treats curly quotes from phones and macOS as quotes', () => {
    expect(command('search \u201cdownload law\u201d')).toMatchObject({ query: '"download law"' });
    expect(command('subscribe all keywords:\u201cEU, DMCA\u201d')).toMatchObject({ keywords: ['EU', 'DMCA'] });
  });
});

describe('parseCommandText: mistakes and hostile input', () => {
  it('suggests the command meant by a typo', () => {
    expect(parse('subscirbe all')).toEqual({ ok: false, problems: ["unknown command 'subscirbe'"], command: null, suggestion: 'subscribe' });
    expect(parse('serch leak')).toMatchObject({ ok: false, suggestion: 'search' });
    expect(parse('stat')).toMatchObject({ ok: false, suggestion: 'status' });
    expect(parse('banana')).toMatchObject({ ok: false, command: null, suggestion: null });
  });

  it('names a mistyped topic and the topics there are', () => {
    expect(problems('subscribe copyrite')).toEqual(["unknown topic 'copyrite' — topics: copyright-law, hacktivism, all (did you mean copyright-law?)"]);
  });

  it('says how to write keywords with spaces when they were not quoted', () => {
    const [problem] = problems('subscribe all keywords:EU, DMCA');
    expect(problem).toContain("unexpected 'DMCA'");
    expect(problem).toContain('keywords:"EU, DMCA"');
  });

  it('reports an unknown option with the options the command takes', () => {
    expect(problems('recent colour:red')).toEqual(["unknown option 'colour' — recent takes topic, count, share"]);
    // In a search, an unknown word:word is just text to look for.
    expect(command('search dmca:takedown')).toMatchObject({ query: 'dmca:takedown' });
  });

  it('reports values out of range and options given twice', () => {
    expect(problems('recent 11')).toEqual(['count must be between 1 and 10']);
    expect(problems('recent 0')).toEqual(['count must be between 1 and 10']);
    expect(problems('recent hacktivism copyright-law')[0]).toContain("unexpected 'copyright-law'");
    expect(problems('subscribe all mode:daily mode:weekly')).toEqual(['mode is given twice']);
    expect(problems('search leak page:0')).toEqual(['page must be between 1 and 100']);
    expect(problems('search leak since:yesterday')).toEqual(['since must be a date like 2025-01-31 or a time span like 24h, 7d or 2w']);
    expect(problems('feeds add')).toEqual(['feeds add needs the feed URL, e.g. /news feeds add https://example.com/feed.xml']);
    expect(problems('feeds remove twelve')).toEqual(['the feed id must be a whole number of at least 1']);
    expect(problems('feeds add javascript:alert(1)')).toEqual(['the feed URL must start with http:// or https://']);
    expect(problems('subscriptions mine')[0]).toContain("subscriptions takes only 'all'");
  });

  it('runs an unbalanced quote to the end of the text', () => {
    expect(command('search "download law since:7d')).toMatchObject({ query: '"download law since:7d', since: null });
    expect(command('subscribe all keywords:"EU, DMCA')).toMatchObject({ keywords: ['EU', 'DMCA'] });
    expect(command('search "')).toMatchObject({ query: '"' });
  });

  it('refuses 10 KB of text with a clear reason, and parses long-but-allowed text in time', () => {
    const huge = `search ${'a'.repeat(10 * 1024)}`;
    expect(problems(huge)).toEqual([`that command is too long (${huge.length} characters; at most ${MAX_COMMAND_TEXT})`]);
    const long = `search ${'word '.repeat(790)}`;
    expect(problems(long)).toEqual(['the search text must be at most 200 characters']);
    const quotes = `subscribe all keywords:${'"a",'.repeat(900)}`;
    expect(quotes.length).toBeLessThan(MAX_COMMAND_TEXT);
    expect(command(quotes)).toMatchObject({ keywords: ['a'] });
    // Many '<' with no '>' (Slack's token syntax) is plain text, read in one pass.
    expect(problems(`search ${'<'.repeat(3900)}`)).toEqual(['the search text must be at most 200 characters']);
    expect(command(`search ${'<@'.repeat(50)}`)).toMatchObject({ query: '<@'.repeat(50) });
  });

  it('keeps right-to-left text and drops bidi overrides and control characters', () => {
    expect(command('subscribe all keywords:"حقوق النشر, זכויות יוצרים"')).toMatchObject({ keywords: ['حقوق النشر', 'זכויות יוצרים'] });
    expect(command('search \u202eحقوق\u202c النشر')).toMatchObject({ query: 'حقوق النشر' });
    expect(command('recent\u0000hacktivism\u00075')).toEqual({ name: 'recent', topic: 'hacktivism', count: 5, share: false });
    expect(command('recent\u00a0hacktivism')).toMatchObject({ topic: 'hacktivism' });
  });

  it('never turns a mention-looking keyword or topic into a mention', () => {
    const parsed = command('subscribe all keywords:"@everyone, <@U1>" exclude:"<!here>"');
    expect(parsed).toMatchObject({ keywords: ['@everyone', '<@U1>'], exclude: ['<!here>'], mention: null });
    expect(problems('subscribe <!channel>')).toEqual(['subscribe needs a topic, e.g. /news subscribe hacktivism (or all)']);
  });
});
