// Validates a command's raw option values — Discord's typed options or words parsed from Slack
// text — into a ChatCommand, with problems worded for the member who typed them.
import { z } from 'zod';
import type { Mention } from '../../domain/subscription.js';
import type { TopicChoice } from '../port.js';
import { cleanText } from '../text-limits.js';
import type { ChatCommand, CommandName } from './command.js';
import { ISO_DATE, SPAN, SPAN_MS, parseMention, quoteInput, splitKeywords, type SpanUnit } from './option-values.js';
import { suggestClosest } from './suggest.js';

/** One option as a platform hands it over; `null`, `undefined` and blank text mean "not given". */
export type RawOptionValue = string | number | boolean | Mention | readonly string[] | null | undefined;

/**
 * Option values by name. Names per command: recent `topic count share`; search `query topic since
 * page share`; subscribe `topic keywords exclude mode mention`; unsubscribe `topic`; subscriptions
 * `all`; feeds `action url id`; status and help none.
 */
export type RawOptions = Readonly<Record<string, RawOptionValue>>;

/** A valid command, or what is wrong with it in words a member understands. */
export type CommandParse =
  | { ok: true; command: ChatCommand }
  | {
      ok: false;
      /** One sentence each; they may quote what the member typed, so treat them as untrusted text. */
      problems: string[];
      /** The command the member meant, when known (its usage helps). */
      command: CommandName | null;
      /** A known command close to an unknown one ("did you mean subscribe?"). */
      suggestion: CommandName | null;
    };

/** Every command name, in the order help lists them. */
export const COMMAND_NAMES = ['recent', 'search', 'subscribe', 'unsubscribe', 'subscriptions', 'feeds', 'status', 'help'] as const satisfies readonly CommandName[];

/** Limits on what members may ask for; replies and queries stay small whatever they type. */
export const COMMAND_LIMITS = {
  maxCount: 10,
  defaultCount: 5,
  maxPage: 100,
  maxQueryLength: 200,
  maxKeywords: 20,
  maxKeywordLength: 60,
  maxUrlLength: 2048,
  // Ten years back is "everything" for a news bot.
  maxSinceDays: 3650,
} as const;

const MENTION_PROBLEM = 'mention must be @here, @everyone, a role or a user';
const SINCE_PROBLEM = 'since must be a date like 2025-01-31 or a time span like 24h, 7d or 2w';
const URL_PROBLEM = 'the feed URL must start with http:// or https://';

/**
 * Validates raw options for command `name` against the runtime topic list; `'all'` means every
 * topic (`'*'` for subscribe, no filter for recent and search, every subscription for unsubscribe).
 */
export function parseCommandOptions(name: string, options: RawOptions, topics: readonly TopicChoice[]): CommandParse {
  const known = COMMAND_NAMES.find((candidate) => candidate === name);
  if (known === undefined) {
    const suggestion = suggestClosest(name, COMMAND_NAMES) as CommandName | null;
    return { ok: false, problems: [`unknown command ${quoteInput(name)}`], command: null, suggestion };
  }
  const schema = schemasFor(topics)[known];
  const result = schema.safeParse(presentOptions(options));
  if (result.success) return { ok: true, command: result.data };
  const problems = result.error.issues.map((issue) =>
    issue.code === 'unrecognized_keys' ? unknownOptionsProblem(known, issue.keys, schema) : issue.message,
  );
  return { ok: false, problems: [...new Set(problems)], command: known, suggestion: null };
}

type Schemas = { [N in CommandName]: z.ZodType<Extract<ChatCommand, { name: N }>, unknown> };

// Schemas depend on the topic list, which is fixed for a process: build them once per list.
const cache = new WeakMap<readonly TopicChoice[], Schemas>();

function schemasFor(topics: readonly TopicChoice[]): Schemas {
  const cached = cache.get(topics);
  if (cached !== undefined) return cached;
  const built = buildSchemas(topics);
  cache.set(topics, built);
  return built;
}

function buildSchemas(topics: readonly TopicChoice[]): Schemas {
  const share = flag('share');
  const filterTopic = topicField(topics, null).optional().transform((topic) => topic ?? null);
  return {
    recent: z
      .strictObject({ topic: filterTopic, count: integer('count', 1, COMMAND_LIMITS.maxCount).default(COMMAND_LIMITS.defaultCount), share })
      .transform((options) => ({ name: 'recent' as const, ...options })),
    search: z
      .strictObject({
        query: z
          .string({ error: 'search needs something to look for, e.g. /news search "download law"' })
          .transform((text) => cleanText(text))
          .pipe(
            z
              .string()
              .min(1, { error: 'search needs something to look for, e.g. /news search "download law"' })
              .max(COMMAND_LIMITS.maxQueryLength, { error: `the search text must be at most ${COMMAND_LIMITS.maxQueryLength} characters` }),
          ),
        topic: filterTopic,
        since: sinceField.optional().transform((since) => since ?? null),
        page: integer('page', 1, COMMAND_LIMITS.maxPage).default(1),
        share,
      })
      .transform((options) => ({ name: 'search' as const, ...options })),
    subscribe: z
      .strictObject({
        topic: topicField(topics, '*', 'subscribe needs a topic, e.g. /news subscribe hacktivism (or all)'),
        keywords: keywordsField('keywords'),
        exclude: keywordsField('exclude'),
        mode: z
          .string({ error: 'mode must be instant, daily or weekly' })
          .transform((mode) => mode.trim().toLowerCase())
          .pipe(z.enum(['instant', 'daily', 'weekly'], { error: 'mode must be instant, daily or weekly' }))
          .default('instant'),
        mention: mentionField.optional().transform((mention) => mention ?? null),
      })
      .transform((options) => ({ name: 'subscribe' as const, ...options })),
    unsubscribe: z
      .strictObject({ topic: topicField(topics, null).optional().transform((topic) => topic ?? null) })
      .transform((options) => ({ name: 'unsubscribe' as const, ...options })),
    subscriptions: z.strictObject({ all: flag('all') }).transform((options) => ({ name: 'subscriptions' as const, ...options })),
    feeds: feedsSchema(),
    status: z.strictObject({}).transform(() => ({ name: 'status' as const })),
    help: z.strictObject({}).transform(() => ({ name: 'help' as const })),
  };
}

function feedsSchema() {
  const action = z
    .string({ error: 'feeds takes list, add URL or remove ID' })
    .transform((text) => text.trim().toLowerCase())
    .pipe(z.enum(['list', 'add', 'remove'], { error: 'feeds takes list, add URL or remove ID' }))
    .default('list');
  return z
    .strictObject({ action, url: urlField.optional(), id: integer('the feed id', 1, Number.MAX_SAFE_INTEGER).optional() })
    .transform((options, ctx): Extract<ChatCommand, { name: 'feeds' }> => {
      if (options.action === 'add') {
        if (options.url !== undefined) return { name: 'feeds', action: 'add', url: options.url };
        ctx.addIssue({ code: 'custom', message: 'feeds add needs the feed URL, e.g. /news feeds add https://example.com/feed.xml' });
        return z.NEVER;
      }
      if (options.action === 'remove') {
        if (options.id !== undefined) return { name: 'feeds', action: 'remove', id: options.id };
        ctx.addIssue({ code: 'custom', message: 'feeds remove needs the feed id shown by /news feeds, e.g. /news feeds remove 12' });
        return z.NEVER;
      }
      return { name: 'feeds', action: 'list' };
    });
}

function flag(name: string) {
  return z
    .union([z.boolean(), z.string().transform((text) => text.trim().toLowerCase())], { error: `${name} is a yes/no option` })
    .transform((value, ctx) => {
      if (typeof value === 'boolean') return value;
      if (['true', 'yes', 'on', '1', name].includes(value)) return true;
      if (['false', 'no', 'off', '0'].includes(value)) return false;
      ctx.addIssue({ code: 'custom', message: `${name} is a yes/no option` });
      return z.NEVER;
    })
    .default(false);
}

function integer(name: string, min: number, max: number) {
  const range = max === Number.MAX_SAFE_INTEGER ? `${name} must be a whole number of at least ${min}` : `${name} must be between ${min} and ${max}`;
  return z.preprocess(
    (value) => (typeof value === 'string' && /^\s*-?\d{1,16}\s*$/.test(value) ? Number(value) : value),
    z.number({ error: range }).int({ error: range }).min(min, { error: range }).max(max, { error: range }),
  );
}

/** A topic id (any case), a topic's label, or "all" (→ `allMeans`). */
function topicField<A extends '*' | null>(topics: readonly TopicChoice[], allMeans: A, missing = 'topic must be text') {
  const ids = topics.map((topic) => topic.id);
  return z.string({ error: missing }).transform((text, ctx): string | A => {
    const wanted = text.trim().toLowerCase();
    if (wanted === 'all' || wanted === '*') return allMeans;
    const found = topics.find((topic) => topic.id.toLowerCase() === wanted || topic.label.trim().toLowerCase() === wanted);
    if (found !== undefined) return found.id;
    const suggestion = suggestClosest(wanted, ids);
    const hint = suggestion === null ? '' : ` (did you mean ${suggestion}?)`;
    ctx.addIssue({ code: 'custom', message: `unknown topic ${quoteInput(text)} — topics: ${[...ids, 'all'].join(', ')}${hint}` });
    return z.NEVER;
  });
}

function keywordsField(name: 'keywords' | 'exclude') {
  return z
    .union([z.string(), z.array(z.string())], { error: `${name} must be words separated by commas` })
    .transform((raw, ctx) => {
      const keywords = splitKeywords(raw);
      if (keywords.length > COMMAND_LIMITS.maxKeywords) {
        ctx.addIssue({ code: 'custom', message: `${name}: at most ${COMMAND_LIMITS.maxKeywords} keywords (found ${keywords.length})` });
      }
      const long = keywords.find((keyword) => keyword.length > COMMAND_LIMITS.maxKeywordLength);
      if (long !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${name}: each keyword must be at most ${COMMAND_LIMITS.maxKeywordLength} characters (${quoteInput(long)} has ${long.length})`,
        });
      }
      return keywords;
    })
    .default([]);
}

const sinceField = z.string({ error: SINCE_PROBLEM }).transform((text, ctx) => {
  const trimmed = text.trim();
  const span = SPAN.exec(trimmed);
  if (span !== null) {
    const amount = Number(span[1]);
    const unit = (span[2] ?? 'd').toLowerCase() as SpanUnit;
    if (amount < 1 || amount * SPAN_MS[unit] > COMMAND_LIMITS.maxSinceDays * SPAN_MS.d) {
      ctx.addIssue({ code: 'custom', message: `since must be a span from 1h to ${COMMAND_LIMITS.maxSinceDays}d` });
      return z.NEVER;
    }
    return `${amount}${unit}`;
  }
  if (ISO_DATE.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) return trimmed.toUpperCase();
  ctx.addIssue({ code: 'custom', message: SINCE_PROBLEM });
  return z.NEVER;
});

const mentionField = z
  .custom<string | Mention>((value) => typeof value === 'string' || (typeof value === 'object' && value !== null && 'kind' in value), { error: MENTION_PROBLEM })
  .transform((raw, ctx) => {
    if (typeof raw === 'string' && /^(none|off|no)$/i.test(raw.trim())) return null;
    const mention = parseMention(raw);
    if (mention !== null) return mention;
    ctx.addIssue({ code: 'custom', message: MENTION_PROBLEM });
    return z.NEVER;
  });

const urlField = z.string({ error: URL_PROBLEM }).transform((text, ctx) => {
  // Slack wraps links it recognises: <https://example.com/feed|example.com/feed>.
  const trimmed = text.trim().replace(/^<([^|>]+)(?:\|[^>]*)?>$/, '$1');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    ctx.addIssue({ code: 'custom', message: `${quoteInput(trimmed)} is not a web address — ${URL_PROBLEM}` });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: URL_PROBLEM });
    return z.NEVER;
  }
  if (url.username !== '' || url.password !== '') {
    ctx.addIssue({ code: 'custom', message: 'the feed URL must not contain a user name or password' });
    return z.NEVER;
  }
  if (url.href.length > COMMAND_LIMITS.maxUrlLength) {
    ctx.addIssue({ code: 'custom', message: `the feed URL must be at most ${COMMAND_LIMITS.maxUrlLength} characters` });
    return z.NEVER;
  }
  return url.href;
});

// Platforms send absent options as null or undefined, and Slack text may leave "key:" empty.
function presentOptions(options: RawOptions): Record<string, unknown> {
  const present: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    present[key] = value;
  }
  return present;
}

function unknownOptionsProblem(command: CommandName, keys: readonly string[], schema: unknown): string {
  const names = keys.map((key) => quoteInput(key)).join(', ');
  const accepted = optionNames(schema);
  const takes = accepted.length === 0 ? `${command} takes no options` : `${command} takes ${accepted.join(', ')}`;
  return `unknown option ${names} — ${takes}`;
}

// A command schema is a strict object piped into a transform; its input side has the shape.
function optionNames(schema: unknown): string[] {
  const inner = (schema as { in?: { shape?: Record<string, unknown> } }).in;
  return Object.keys(inner?.shape ?? {});
}
