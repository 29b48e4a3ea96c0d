// Turns the text after `/news` (Slack, console) into raw options for the command schema:
// `search "download law" topic:copyright-law since:7d page:2`, `subscribe all mention:@here`.
import type { TopicChoice } from '../port.js';
import { cleanText } from '../text-limits.js';
import type { CommandName } from './command.js';
import { quoteInput } from './option-values.js';
import { parseCommandOptions, type CommandParse } from './schema.js';

/** Slack caps slash-command text far below this; longer input is refused before any parsing. */
export const MAX_COMMAND_TEXT = 4000;

/**
 * Parses `/news` text, e.g. `recent hacktivism 5`, `subscribe copyright-law keywords:"EU, DMCA"
 * mode:daily mention:@here`, `feeds remove 12`. Options are `key:value` (quote values with spaces;
 * an unclosed quote runs to the end), flags are bare words (`share`, `all`). Slack's encoded
 * mentions (`<!here>`, `<@U123|name>`, `<!subteam^S123|@team>`) and links (`<https://…|…>`) are
 * understood, and its `&amp;`/`&lt;`/`&gt;` decoded. Empty text is `help`.
 *
 * @see https://docs.slack.dev/interactivity/implementing-slash-commands#app_command_handling
 */
export function parseCommandText(text: string, topics: readonly TopicChoice[]): CommandParse {
  if (text.length > MAX_COMMAND_TEXT) {
    return { ok: false, problems: [`that command is too long (${text.length} characters; at most ${MAX_COMMAND_TEXT})`], command: null, suggestion: null };
  }
  const tokens = tokenize(cleanText(text).replace(/^\/news(?:\s+|$)/i, ''));
  const [first, ...rest] = tokens;
  if (first === undefined) return parseCommandOptions('help', {}, topics);
  const word = first.plain.toLowerCase();
  const name = ALIASES[word] ?? word;
  const collect = COLLECTORS[name as CommandName];
  if (collect === undefined) return parseCommandOptions(decode(first.plain), {}, topics);
  const { options, problems } = collect(rest);
  const parsed = parseCommandOptions(name, options, topics);
  if (problems.length === 0) return parsed;
  const more = parsed.ok ? [] : parsed.problems;
  return { ok: false, problems: [...new Set([...problems, ...more])], command: name as CommandName, suggestion: null };
}

/** One word of the text: `raw` keeps quotes (as ASCII `"`) and Slack's encoding; `plain` has neither quotes nor encoding. */
interface Token {
  raw: string;
  plain: string;
  quoted: boolean;
}

const QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e', '\uff02']);
// A Slack token such as <@U123|Jane Doe> may contain spaces; it never runs this long.
const MAX_ANGLE_TOKEN = 300;

/** Splits on whitespace outside quotes and outside Slack's `<…>` tokens; linear in the text. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let raw = '';
  let plain = '';
  let quoted = false;
  let inQuote = false;
  // Where the next '>' is: -1 when there is none, -2 before the first look.
  let nextClose = -2;
  const flush = (): void => {
    if (raw !== '') tokens.push({ raw, plain, quoted });
    raw = '';
    plain = '';
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (QUOTES.has(char)) {
      // Phone keyboards and macOS turn " into curly quotes; all of them open and close.
      inQuote = !inQuote;
      quoted = true;
      raw += '"';
      continue;
    }
    if (!inQuote && char === '<') {
      // Looked up again only once passed, so a text of many '<' and no '>' stays linear.
      if (nextClose !== -1 && nextClose < i) nextClose = text.indexOf('>', i);
      const end = nextClose;
      if (end > i && end - i <= MAX_ANGLE_TOKEN) {
        const angle = text.slice(i, end + 1);
        raw += angle;
        plain += angle;
        i = end;
        continue;
      }
    }
    if (!inQuote && char === ' ') {
      flush();
      continue;
    }
    raw += char;
    plain += char;
  }
  flush();
  return tokens;
}

// Slack escapes these three in slash-command text; its own tokens (<@U…>) are read before decoding.
// @see https://docs.slack.dev/messaging/formatting-message-text#escaping
function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const ALIASES: Readonly<Record<string, string>> = {
  latest: 'recent',
  find: 'search',
  sub: 'subscribe',
  unsub: 'unsubscribe',
  subs: 'subscriptions',
  feed: 'feeds',
  '?': 'help',
};

interface Collected {
  options: Record<string, string | boolean>;
  problems: string[];
}

/** A `key:value` token whose key the command knows (any case), with the value unquoted and decoded. */
function option(token: Token, keys: readonly string[]): { key: string; value: string } | null {
  const match = /^([A-Za-z]+):/.exec(token.raw);
  const key = match?.[1]?.toLowerCase();
  if (key === undefined) return null;
  const canonical = KEY_ALIASES[key] ?? key;
  if (!keys.includes(canonical)) return null;
  return { key: canonical, value: decode(token.plain.slice(key.length + 1)) };
}

const KEY_ALIASES: Readonly<Record<string, string>> = { keyword: 'keywords', excluding: 'exclude', excludes: 'exclude' };

// An unknown `word:value` is passed on so the schema names the options the command takes; a URL's
// scheme ("https:") is not an option.
function unknownOption(token: Token): { key: string; value: string } | null {
  const match = /^([A-Za-z]+):(?!\/\/)/.exec(token.raw);
  return match?.[1] === undefined || token.raw.startsWith('<') ? null : { key: match[1].toLowerCase(), value: decode(token.plain.slice(match[1].length + 1)) };
}

function setOption(collected: Collected, key: string, value: string | boolean, merge = false): void {
  const previous = collected.options[key];
  if (previous === undefined) collected.options[key] = value;
  else if (merge && typeof previous === 'string' && typeof value === 'string') collected.options[key] = `${previous},${value}`;
  else collected.problems.push(`${key} is given twice`);
}

function isMentionToken(token: Token): boolean {
  return !token.quoted && (/^<[!@]/.test(token.raw) || /^@(here|everyone|channel)$/i.test(token.raw));
}

function unexpected(token: Token, hint: string): string {
  return `unexpected ${quoteInput(decode(token.plain))} — ${hint}`;
}

type Collector = (tokens: readonly Token[]) => Collected;

const COLLECTORS: Readonly<Record<CommandName, Collector>> = {
  recent(tokens) {
    const collected: Collected = { options: {}, problems: [] };
    for (const token of tokens) {
      const named = option(token, ['topic', 'count', 'share']) ?? unknownOption(token);
      if (named !== null) setOption(collected, named.key, named.value);
      else if (!token.quoted && token.plain.toLowerCase() === 'share') setOption(collected, 'share', true);
      else if (!token.quoted && /^\d+$/.test(token.plain)) setOption(collected, 'count', token.plain);
      else if (collected.options.topic === undefined) collected.options.topic = decode(token.plain);
      else collected.problems.push(unexpected(token, 'recent takes one topic and a count, e.g. /news recent hacktivism 5'));
    }
    return collected;
  },

  search(tokens) {
    const collected: Collected = { options: {}, problems: [] };
    const words: string[] = [];
    tokens.forEach((token, index) => {
      const named = option(token, ['topic', 'since', 'page', 'share', 'query']);
      if (named !== null) setOption(collected, named.key, named.value, named.key === 'query');
      // "share" ends a search (so "search share prices" still searches for both words).
      else if (index === tokens.length - 1 && words.length > 0 && !token.quoted && token.plain.toLowerCase() === 'share') setOption(collected, 'share', true);
      else words.push(decode(token.raw));
    });
    if (words.length > 0) setOption(collected, 'query', words.join(' '), true);
    return collected;
  },

  subscribe(tokens) {
    const collected: Collected = { options: {}, problems: [] };
    for (const token of tokens) {
      const named = option(token, ['topic', 'keywords', 'exclude', 'mode', 'mention']) ?? unknownOption(token);
      if (named !== null) setOption(collected, named.key, named.value, named.key === 'keywords' || named.key === 'exclude');
      else if (isMentionToken(token)) setOption(collected, 'mention', decode(token.plain));
      else if (!token.quoted && /^(instant|daily|weekly)$/i.test(token.plain)) setOption(collected, 'mode', token.plain);
      else if (collected.options.topic === undefined) collected.options.topic = decode(token.plain);
      else collected.problems.push(unexpected(token, 'put keywords after keywords: and quote them when they hold spaces, e.g. keywords:"EU, DMCA"'));
    }
    return collected;
  },

  unsubscribe(tokens) {
    const collected: Collected = { options: {}, problems: [] };
    for (const token of tokens) {
      const named = option(token, ['topic']) ?? unknownOption(token);
      if (named !== null) setOption(collected, named.key, named.value);
      else if (collected.options.topic === undefined) collected.options.topic = decode(token.plain);
      else collected.problems.push(unexpected(token, 'unsubscribe takes one topic, or all, e.g. /news unsubscribe hacktivism'));
    }
    return collected;
  },

  subscriptions(tokens) {
    const collected: Collected = { options: {}, problems: [] };
    for (const token of tokens) {
      const named = option(token, ['all']) ?? unknownOption(token);
      if (named !== null) setOption(collected, named.key, named.value);
      else if (!token.quoted && token.plain.toLowerCase() === 'all') setOption(collected, 'all', true);
      else collected.problems.push(unexpected(token, "subscriptions takes only 'all', e.g. /news subscriptions all"));
    }
    return collected;
  },

  feeds(tokens) {
    const collected: Collected = { options: {}, problems: [] };
    const [action, target, ...extra] = tokens;
    if (action === undefined) return collected;
    const verb = action.plain.toLowerCase();
    collected.options.action = decode(action.plain);
    if (target !== undefined) {
      if (verb === 'add') collected.options.url = decode(target.plain);
      else if (verb === 'remove') collected.options.id = target.plain.replace(/^#/, '');
      else collected.problems.push(unexpected(target, 'feeds takes list, add URL or remove ID'));
    }
    for (const token of extra) collected.problems.push(unexpected(token, `feeds ${verb === 'add' ? 'add takes one URL' : verb === 'remove' ? 'remove takes one id' : 'takes list, add URL or remove ID'}`));
    return collected;
  },

  // Nothing to read: words after status or help change nothing, so they are not an error.
  status: () => ({ options: {}, problems: [] }),
  help: () => ({ options: {}, problems: [] }),
};
