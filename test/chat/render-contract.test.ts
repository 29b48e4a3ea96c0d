// The renderer contract: every hostile alert, through every platform's renderers, stays within
// the platform's documented limits, pings nobody but the chosen mention, keeps the headline
// recognisable and never emits a lone surrogate; a normal alert renders exactly as expected.
import { describe, expect, it } from 'vitest';
import type { Alert, Mention } from '../../src/chat/alert.js';
import { renderConsoleAlert } from '../../src/chat/console/render-alert.js';
import { renderConsoleDigest } from '../../src/chat/console/render-digest.js';
import { renderConsoleNotice } from '../../src/chat/console/render-notice.js';
import { renderDiscordAlert, type DiscordMessage } from '../../src/chat/discord/render-alert.js';
import { renderDiscordDigest } from '../../src/chat/discord/render-digest.js';
import { renderDiscordNotice } from '../../src/chat/discord/render-notice.js';
import { renderSlackAlert } from '../../src/chat/slack/render-alert.js';
import { renderSlackDigest } from '../../src/chat/slack/render-digest.js';
import { renderSlackNotice } from '../../src/chat/slack/render-notice.js';
import type { SlackMessage } from '../../src/chat/slack/render-text.js';
import {
  DISCORD_MENTIONS,
  HOSTILE,
  SLACK_MENTIONS,
  allStrings,
  buildAlert,
  digestOf,
  hasLoneSurrogate,
  noticesOf,
  readableHeadline,
} from './render-fixtures.js';

// ---------------------------------------------------------------------------------------------
// Limits as the platforms document them (not the renderers' constants). Lengths are measured in
// UTF-16 code units, which is never less than Discord's code-point count.
// https://discord.com/developers/docs/resources/message#embed-object-embed-limits
// https://discord.com/developers/docs/components/reference#button
const DISCORD = { content: 2000, embeds: 10, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256, total: 6000, rows: 5, buttons: 5, label: 80, url: 512 };
// https://docs.slack.dev/reference/block-kit/blocks and block-elements/button-element,
// composition-objects/text-object; chat.postMessage advises `text` under 4,000 characters.
const SLACK = { blocks: 50, section: 3000, fields: 10, field: 2000, contextElements: 10, textObject: 3000, header: 150, actionsElements: 25, button: 75, buttonUrl: 3000, text: 4000 };

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Whole graphemes of the readable headline, at most 20 code units: what must survive a cut. */
function headlinePrefix(headline: string): string {
  let prefix = '';
  for (const { segment } of segmenter.segment(readableHeadline(headline))) {
    if (prefix.length + segment.length > 20) break;
    prefix += segment;
  }
  return prefix.trimEnd();
}

/**
 * The shown headline, read back, is the start of the readable headline cut between two
 * graphemes (never inside an emoji ZWJ sequence or a letter with its accents), then "…".
 */
function expectCutAtGrapheme(shown: string, headline: string): void {
  const full = readableHeadline(headline);
  if (full === '') return;
  const kept = shown.endsWith('…') && !full.endsWith('…') ? shown.slice(0, -1) : shown;
  expect(full.startsWith(kept), `${kept.slice(0, 60)} is not a prefix`).toBe(true);
  const boundaries = new Set([0, full.length]);
  for (const { index } of segmenter.segment(full)) boundaries.add(index);
  expect(boundaries.has(kept.length), `cut at ${kept.length} splits a grapheme`).toBe(true);
}

function hostsOf(alert: Alert): Set<string> {
  // feed.example: the feed URL noticesOf() gives when the alert has none.
  const hosts = new Set<string>(['feed.example']);
  for (const url of [alert.url, ...alert.sources.map((s) => s.url)]) {
    try {
      if (url !== null) hosts.add(new URL(url).host);
    } catch {
      // not a URL: nothing may link to it
    }
  }
  return hosts;
}

function checkUrl(url: string, max: number, hosts: Set<string>, problems: string[]): void {
  if (url.length > max) problems.push(`url longer than ${max}`);
  if (!/^https?:\/\//.test(url)) problems.push(`url not http(s): ${url.slice(0, 40)}`);
  const parsed = new URL(url);
  if (parsed.username !== '' || parsed.password !== '') problems.push('url with credentials');
  if (!hosts.has(parsed.host)) problems.push(`link to a host the alert never gave: ${parsed.host}`);
}

// ---------------------------------------------------------------------------------------------
// Discord

function discordProblems(message: DiscordMessage, hosts: Set<string>): string[] {
  const problems: string[] = [];
  if ((message.content ?? '').length > DISCORD.content) problems.push('content too long');
  if (message.embeds.length > DISCORD.embeds) problems.push('too many embeds');
  let total = 0;
  for (const embed of message.embeds) {
    const sizes: Array<[string, string | undefined, number]> = [
      ['title', embed.title, DISCORD.title],
      ['description', embed.description, DISCORD.description],
      ['footer', embed.footer?.text, DISCORD.footer],
      ['author', embed.author?.name, DISCORD.author],
    ];
    for (const field of embed.fields ?? []) sizes.push(['field name', field.name, DISCORD.fieldName], ['field value', field.value, DISCORD.fieldValue]);
    for (const [what, text, max] of sizes) {
      if (text === undefined) continue;
      if (text.length > max) problems.push(`${what} ${text.length} > ${max}`);
      if (text.trim() === '') problems.push(`${what} empty`);
      total += text.length;
    }
    if ((embed.fields ?? []).length > DISCORD.fields) problems.push('too many fields');
    if (embed.url !== undefined) checkUrl(embed.url, DISCORD.url, hosts, problems);
    if (embed.timestamp !== undefined && Number.isNaN(Date.parse(embed.timestamp))) problems.push('bad timestamp');
  }
  if (total > DISCORD.total) problems.push(`embeds total ${total} > ${DISCORD.total}`);
  if (message.components.length > DISCORD.rows) problems.push('too many rows');
  for (const row of message.components) {
    if (row.type !== 1 || row.components.length > DISCORD.buttons) problems.push('bad action row');
    for (const button of row.components) {
      if (button.type !== 2 || button.style !== 5) problems.push('not a link button');
      if ((button.label ?? '').length > DISCORD.label || (button.label ?? '') === '') problems.push('bad button label');
      checkUrl(button.url, DISCORD.url, hosts, problems);
    }
  }
  return problems;
}

/** Discord markdown left active in `text` once our own masked links and every escape are removed. */
function discordMarkup(text: string, hosts: Set<string>): string[] {
  const problems: string[] = [];
  const rest = text
    .replace(/\[((?:\\.|[^\\[\]])*)\]\(([^()\s]+)\)/g, (_m, label: string, url: string) => {
      checkUrl(url, DISCORD.url, hosts, problems);
      return label;
    })
    .replace(/\\[^0-9A-Za-z\s]/g, '');
  const active = rest.match(/[*_~`|>#[\]()\\]|:\/\//g);
  if (active !== null) problems.push(`active markdown: ${[...new Set(active)].join(' ')}`);
  return problems;
}

const DISCORD_MENTION_LIKE = /@(everyone|here)|<[@#/:]|<a:|<t:/i;

function discordMentionContent(mention: Mention | null): string | undefined {
  if (mention === null) return undefined;
  return { role: `<@&${'id' in mention ? mention.id : ''}>`, user: `<@${'id' in mention ? mention.id : ''}>`, here: '@here', everyone: '@everyone' }[mention.kind];
}

function discordAllowed(mention: Mention | null): unknown {
  if (mention === null) return { parse: [] };
  if (mention.kind === 'role') return { parse: [], roles: [mention.id] };
  if (mention.kind === 'user') return { parse: [], users: [mention.id] };
  return { parse: ['everyone'] };
}

/** Discord text as a reader sees it: escapes consumed, zero-width spaces invisible. */
function readDiscord(text: string): string {
  return text.replace(/\\([^0-9A-Za-z\s])/g, '$1').replace(/\u200b/g, '');
}

function embedTexts(message: DiscordMessage): { markdown: string[]; plain: string[] } {
  const markdown: string[] = [];
  const plain: string[] = [];
  for (const embed of message.embeds) {
    if (embed.title !== undefined) markdown.push(embed.title);
    if (embed.description !== undefined) markdown.push(embed.description);
    for (const field of embed.fields ?? []) markdown.push(field.name, field.value);
    if (embed.footer !== undefined) plain.push(embed.footer.text);
  }
  for (const row of message.components) for (const button of row.components) plain.push(button.label ?? '');
  return { markdown, plain };
}

function expectSafeDiscord(message: DiscordMessage, alert: Alert, mention: Mention | null, options: { markupCheck: boolean }): void {
  const hosts = hostsOf(alert);
  expect(discordProblems(message, hosts)).toEqual([]);
  expect(message.allowed_mentions).toEqual(discordAllowed(mention));
  expect(message.content).toBe(discordMentionContent(mention));
  const { markdown, plain } = embedTexts(message);
  for (const text of [...markdown, ...plain]) expect(text).not.toMatch(DISCORD_MENTION_LIKE);
  if (options.markupCheck) for (const text of markdown) expect(discordMarkup(text, hosts)).toEqual([]);
  // An escape is never cut in half: no text ends in an odd run of backslashes before the ellipsis.
  for (const text of markdown) expect(/(?<!\\)(\\\\)*\\…?$/.test(text)).toBe(false);
  for (const text of allStrings(message)) expect(hasLoneSurrogate(text)).toBe(false);
}

// ---------------------------------------------------------------------------------------------
// Slack

function slackProblems(message: SlackMessage, hosts: Set<string>): string[] {
  const problems: string[] = [];
  if (message.text.length > SLACK.text) problems.push('text too long');
  if (message.text.trim() === '') problems.push('text empty');
  if (message.blocks.length > SLACK.blocks) problems.push(`${message.blocks.length} blocks`);
  if (message.unfurl_links !== false || message.unfurl_media !== false) problems.push('unfurls on');
  for (const block of message.blocks) {
    switch (block.type) {
      case 'section': {
        const text = block.text?.text ?? '';
        if (block.text?.type === 'mrkdwn' && block.text.verbatim !== true) problems.push('mrkdwn without verbatim: Slack would link-ify names');
        if (text.length > SLACK.section || text.trim() === '') problems.push(`section text ${text.length}`);
        if ((block.fields ?? []).length > SLACK.fields) problems.push('too many fields');
        for (const field of block.fields ?? []) if (field.text.length > SLACK.field) problems.push('field too long');
        break;
      }
      case 'context':
        if (block.elements.length > SLACK.contextElements) problems.push('too many context elements');
        for (const element of block.elements) {
          if (element.type === 'mrkdwn' && element.verbatim !== true) problems.push('mrkdwn without verbatim: Slack would link-ify names');
          if (element.type !== 'mrkdwn' && element.type !== 'plain_text') problems.push(`context ${element.type}`);
          else if (element.text.length > SLACK.textObject || element.text.trim() === '') problems.push(`context text ${element.text.length}`);
        }
        break;
      case 'header':
        if (block.text.text.length > SLACK.header || block.text.text.trim() === '') problems.push('header');
        break;
      case 'actions':
        if (block.elements.length > SLACK.actionsElements) problems.push('too many actions');
        for (const element of block.elements) {
          if (element.type !== 'button') {
            problems.push(`action ${element.type}`);
            continue;
          }
          if (element.text.text.length > SLACK.button || element.text.text.trim() === '') problems.push('button text');
          if (element.url === undefined) problems.push('button without url');
          else checkUrl(element.url, SLACK.buttonUrl, hosts, problems);
        }
        break;
      case 'divider':
        break;
      default:
        problems.push(`unexpected block ${block.type}`);
    }
  }
  return problems;
}

function slackMentionText(mention: Mention | null): string | null {
  if (mention === null) return null;
  if (mention.kind === 'role') return `<!subteam^${mention.id}>`;
  if (mention.kind === 'user') return `<@${mention.id}>`;
  return mention.kind === 'here' ? '<!here>' : '<!channel>';
}

interface SlackTexts {
  mrkdwn: string[];
  plain: string[];
}

function slackTexts(message: SlackMessage): SlackTexts {
  const mrkdwn = [message.text];
  const plain: string[] = [];
  for (const block of message.blocks) {
    if (block.type === 'section' && block.text !== undefined) (block.text.type === 'mrkdwn' ? mrkdwn : plain).push(block.text.text);
    if (block.type === 'context') for (const element of block.elements) if ('text' in element) (element.type === 'mrkdwn' ? mrkdwn : plain).push(element.text);
    if (block.type === 'header') plain.push(block.text.text);
    if (block.type === 'actions') for (const element of block.elements) if (element.type === 'button') plain.push(element.text.text);
  }
  return { mrkdwn, plain };
}

/**
 * What is left of a mrkdwn string once the chosen mention, date tokens and links to the alert's
 * own hosts are taken out: untrusted text, which must carry no markup at all.
 */
function slackLeftover(text: string, mention: string | null, hosts: Set<string>, problems: string[]): string {
  let rest = text;
  if (mention !== null) {
    if (rest.split(mention).length > 2) problems.push('mention repeated');
    rest = rest.replace(mention, '');
  }
  rest = rest.replace(/<!date\^\d+\^\{[a-z_]+\}(?: \{time\})?\|[^<>|]*>/g, '');
  rest = rest.replace(/<([^|<>\s]+)\|([^<>|]*)>/g, (_m, url: string, label: string) => {
    checkUrl(url.replace(/&amp;/g, '&'), SLACK.buttonUrl, hosts, problems);
    return label;
  });
  if (/[<>]/.test(rest)) problems.push(`unescaped < or >: ${rest.slice(Math.max(0, rest.search(/[<>]/) - 20), rest.search(/[<>]/) + 20)}`);
  if (/&(?!amp;|lt;|gt;)/.test(rest)) problems.push('bare & (an escape cut in half?)');
  if (/@(here|channel|everyone)/i.test(rest)) problems.push('mention word');
  return rest;
}

/** Slack text as a reader sees it: entities decoded, look-alikes read as what they stand for. */
function readSlack(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[\u2217\u02cd\u223c\u02cb\u2223\u2039\u203a]/g, (c) => ({ '\u2217': '*', '\u02cd': '_', '\u223c': '~', '\u02cb': '`', '\u2223': '|', '\u2039': '<', '\u203a': '>' })[c] ?? c)
    .replace(/\u200b/g, '');
}

function expectSafeSlack(message: SlackMessage, alert: Alert, mention: Mention | null, kind: 'alert' | 'digest' | 'notice'): void {
  const hosts = hostsOf(alert);
  expect(slackProblems(message, hosts)).toEqual([]);
  const chosen = slackMentionText(mention);
  const { mrkdwn, plain } = slackTexts(message);
  for (const text of mrkdwn) {
    const problems: string[] = [];
    const rest = slackLeftover(text, chosen, hosts, problems);
    expect(problems, text.slice(0, 200)).toEqual([]);
    // Formatting characters of our own: the bold headline of an alert, a digest's topic heading,
    // a notice's fact labels. Anything else would be untrusted text that can break formatting.
    const own = kind === 'alert' ? rest.replace(/^ ?\*([^*]*)\*$/, '$1') : kind === 'digest' ? rest.replace(/^\*[^*\n]*\*\n/, '') : rest.replace(/^\*[A-Za-z ]+:\* /gm, '').replace(/`herald feeds enable \d+`/, '');
    expect(own).not.toMatch(/[*_~`]/);
  }
  for (const text of plain) expect(text).not.toMatch(/[<>]|@(here|channel|everyone)/i);
  if (chosen === null) for (const text of mrkdwn) expect(text).not.toMatch(/<(?!!date\^)[!@#]/);
  for (const text of allStrings(message)) expect(hasLoneSurrogate(text)).toBe(false);
}

// ---------------------------------------------------------------------------------------------
// Console

function expectSafeConsole(output: string): void {
  // eslint-disable-next-line no-control-regex
  expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
  for (const line of output.split('\n')) expect(line.length).toBeLessThanOrEqual(2100);
  expect(hasLoneSurrogate(output)).toBe(false);
}

// ---------------------------------------------------------------------------------------------

describe('every renderer, every hostile alert', () => {
  describe.each(HOSTILE)('%s', (_name, alert) => {
    const prefix = headlinePrefix(alert.headline);

    it('Discord alert: limits, only the chosen ping, escaped, headline recognisable', () => {
      const message = renderDiscordAlert(alert);
      expectSafeDiscord(message, alert, alert.mention, { markupCheck: true });
      expect(readDiscord(message.embeds[0]?.title ?? '').startsWith(prefix || 'Untitled story')).toBe(true);
      expectCutAtGrapheme(readDiscord(message.embeds[0]?.title ?? ''), alert.headline);
    });

    it('Discord digest and notices', () => {
      const digest = renderDiscordDigest(digestOf(alert));
      expectSafeDiscord(digest, alert, null, { markupCheck: true });
      expect(readDiscord(allStrings(digest.embeds).join('\n'))).toContain(prefix);
      for (const notice of noticesOf(alert)) {
        const message = renderDiscordNotice(notice);
        expectSafeDiscord(message, alert, null, { markupCheck: false });
        expect(readDiscord(allStrings(message.embeds).join('\n'))).toContain(prefix);
      }
    });

    it('Slack alert: limits, only the chosen ping, escaped, headline recognisable', () => {
      const message = renderSlackAlert(alert);
      expectSafeSlack(message, alert, alert.mention, 'alert');
      const first = message.blocks[0];
      const heading = first?.type === 'section' ? (first.text?.text ?? '') : '';
      const label = heading.replace(/^<!here> /, '').replace(/^\*<[^|]*\|/, '').replace(/^\*/, '');
      expect(readSlack(label).startsWith(prefix || 'Untitled story')).toBe(true);
      expectCutAtGrapheme(readSlack(label.replace(/>?\*$/, '')), alert.headline);
      expect(message.metadata).toEqual({ event_type: 'herald_alert', event_payload: { delivery_id: alert.deliveryId, story_id: alert.storyId } });
    });

    it('Slack digest and notices', () => {
      const digest = renderSlackDigest(digestOf(alert));
      expectSafeSlack(digest, alert, null, 'digest');
      expect(readSlack(slackTexts(digest).mrkdwn.join('\n'))).toContain(prefix);
      for (const notice of noticesOf(alert)) {
        const message = renderSlackNotice(notice);
        expectSafeSlack(message, alert, null, 'notice');
        expect(readSlack(slackTexts(message).mrkdwn.join('\n'))).toContain(prefix);
      }
    });

    it('console alert, digest and notices: no terminal controls, headline recognisable', () => {
      const output = renderConsoleAlert(alert);
      expectSafeConsole(output);
      expect(output.startsWith(`■ ${prefix || 'Untitled story'}`)).toBe(true);
      expectCutAtGrapheme(output.split('\n')[0]?.slice(2) ?? '', alert.headline);
      const digest = renderConsoleDigest(digestOf(alert, 3));
      expectSafeConsole(digest);
      expect(digest).toContain(prefix);
      for (const notice of noticesOf(alert)) {
        const text = renderConsoleNotice(notice);
        expectSafeConsole(text);
        expect(text).toContain(prefix);
      }
    });
  });

  const injection = HOSTILE.find(([name]) => name === 'mention injection')?.[1] ?? buildAlert();
  it.each(DISCORD_MENTIONS.map((m) => [JSON.stringify(m), m] as const))('Discord permits only the chosen mention %s', (_label, mention) => {
    expectSafeDiscord(renderDiscordAlert({ ...injection, mention }), injection, mention, { markupCheck: true });
  });
  it.each(SLACK_MENTIONS.map((m) => [JSON.stringify(m), m] as const))('Slack carries only the chosen mention %s', (_label, mention) => {
    const message = renderSlackAlert({ ...injection, mention });
    expectSafeSlack(message, injection, mention, 'alert');
    const chosen = slackMentionText(mention);
    if (chosen !== null) {
      expect(message.text.startsWith(`${chosen} `)).toBe(true);
      const first = message.blocks[0];
      expect(first?.type === 'section' && first.text?.text.startsWith(`${chosen} *`)).toBe(true);
    }
  });

  it('digests of any size fit: 60 topics × 30 stories on Discord and Slack, one topic of 1,000', () => {
    const sixty = buildAlert({ topics: Array.from({ length: 60 }, (_, i) => `topic-${i}`) });
    const wide = digestOf(sixty, 30);
    const tall = digestOf(buildAlert(), 1000);
    for (const digest of [wide, tall]) {
      expectSafeDiscord(renderDiscordDigest(digest), sixty, null, { markupCheck: true });
      expectSafeSlack(renderSlackDigest(digest), sixty, null, 'digest');
    }
    // What does not fit is counted, not dropped silently.
    const discord = renderDiscordDigest(wide).embeds[0];
    expect(discord?.footer?.text).toMatch(/^… and \d+ more stories in \d+ more topics$/);
    const slack = renderSlackDigest(wide);
    expect(slack.blocks).toHaveLength(50);
    expect(slackTexts(slack).mrkdwn.at(-1)).toMatch(/^… and \d+ more stories in \d+ more topics$/);
    expect(slackTexts(renderSlackDigest(tall)).mrkdwn.at(-1)).toMatch(/\n… and \d+ more$/);
  });
});

describe('a normal alert renders exactly as expected', () => {
  const alert = buildAlert();

  it('on Discord', () => {
    expect(renderDiscordAlert(alert)).toEqual({
      content: '@here',
      allowed_mentions: { parse: ['everyone'] },
      embeds: [
        {
          title: 'EU court rules on site blocking',
          url: 'https://news.example/eu-blocking?ref=rss&id=1',
          description: 'The Court of Justice said national courts may order ISPs to block pirate sites.',
          color: 0x2f80ed,
          fields: [
            { name: 'Source', value: '[TorrentFreak](https://torrentfreak.example/)', inline: true },
            { name: 'Also reported by', value: 'Ars', inline: false },
          ],
          footer: { text: 'Copyright law' },
          timestamp: '2024-05-01T12:00:00.000Z',
        },
      ],
      components: [{ type: 1, components: [{ type: 2, style: 5, label: 'Read on TorrentFreak', url: 'https://news.example/eu-blocking?ref=rss&id=1' }] }],
    });
  });

  it('on Slack', () => {
    expect(renderSlackAlert(alert)).toEqual({
      text: '<!here> EU court rules on site blocking — TorrentFreak',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '<!here> *<https://news.example/eu-blocking?ref=rss&amp;id=1|EU court rules on site blocking>*', verbatim: true } },
        { type: 'section', text: { type: 'mrkdwn', text: 'The Court of Justice said national courts may order ISPs to block pirate sites.', verbatim: true } },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: 'Copyright law', verbatim: true },
            { type: 'mrkdwn', text: 'via <https://torrentfreak.example/|TorrentFreak> · also reported by Ars', verbatim: true },
            { type: 'mrkdwn', text: '<!date^1714564800^{date_short_pretty} {time}|2024-05-01 12:00 UTC>', verbatim: true },
          ],
        },
        {
          type: 'actions',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'Read on TorrentFreak', emoji: false }, url: 'https://news.example/eu-blocking?ref=rss&id=1', action_id: 'herald_open_story' }],
        },
      ],
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: 'herald_alert', event_payload: { delivery_id: 'd-42', story_id: 7 } },
    });
  });

  it('on the console', () => {
    expect(renderConsoleAlert(alert)).toBe(
      [
        '■ EU court rules on site blocking',
        '  The Court of Justice said national courts may order ISPs to block pirate sites.',
        '  Source: TorrentFreak · also reported by Ars',
        '  Topics: Copyright law',
        '  Published: 2024-05-01 12:00 UTC · story #7',
        '  https://news.example/eu-blocking?ref=rss&id=1',
        '  Notify: @here',
      ].join('\n'),
    );
  });
});
