// The shape of config/herald.yaml and config/feeds.yaml, with defaults, as zod schemas.
import cron from 'node-cron';
import os from 'node:os';
import { z } from 'zod';
import { parseDuration, parseSize } from './units.js';

const duration = (example: string) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `expected a duration like "${example}" (units: s, m, h, d)`, input: value });
      return z.NEVER;
    }
    return ms;
  });

const size = (example: string) =>
  z.union([z.string(), z.number()]).transform((value, ctx) => {
    const bytes = parseSize(value);
    if (bytes === null) {
      ctx.addIssue({ code: 'custom', message: `expected a size like "${example}" (units: KiB, MiB, KB, MB)`, input: value });
      return z.NEVER;
    }
    return bytes;
  });

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const cronExpression = (fallback: string) =>
  z
    .string()
    .refine((expression) => cron.validate(expression), {
      message: 'expected a cron expression like "* * * * *" (every minute) or "*/30 * * * * *" (every 30 s)',
    })
    .default(fallback);

// Discord ids are snowflakes; Slack ids are upper-case letters and digits (U0123ABC).
const snowflake = z.string().regex(/^\d{17,20}$/, 'expected a Discord id (17–20 digits)');
const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,30}$/, 'expected a Slack user id like U0123ABCD');

/** Chat platforms (tokens come from the environment only) and the outbox dispatcher. */
export const chatSchema = z
  .strictObject({
    discord: z
      .strictObject({
        /** Discord's REST API; tests point it at a fake. */
        apiUrl: httpUrl.default('https://discord.com/api'),
        /** Registers /news in this server only (instant); otherwise globally (may take a while to appear). */
        guildId: snowflake.nullable().default(null),
      })
      .prefault({}),
    slack: z
      .strictObject({
        apiUrl: httpUrl.default('https://slack.com/api/'),
        /** HTTP mode only (SLACK_SIGNING_SECRET): where Slack's requests arrive. */
        port: z.number().int().min(0).max(65_535).default(3000),
        /** Users allowed moderator commands besides workspace admins and owners. */
        moderators: z.array(slackUserId).default([]),
      })
      .prefault({}),
  })
  .prefault({});

export const deliverySchema = z
  .strictObject({
    /** How often the dispatcher looks at the outbox (alerts, edits, digests, notices). */
    tick: cronExpression('*/5 * * * * *'),
    /** Attempts before an alert is given up; retries back off from 30 s to 1 h. */
    maxAttempts: z.number().int().positive().default(12),
    /** An attempt that has not finished after this was interrupted (crash, kill): look for the message, then retry. */
    stuckAfter: duration('2m').default(120_000),
  })
  .prefault({});

export const settingsSchema = z.strictObject({
  contactUrl: httpUrl.default('https://github.com/herald-news/herald'),
  database: z.strictObject({ path: z.string().min(1).default('./data/herald.db') }).prefault({}),
  log: z
    .strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
    .prefault({}),
  poll: z
    .strictObject({
      /** node-cron expression; six fields allow seconds (used by tests). */
      tick: z
        .string()
        .refine((expression) => cron.validate(expression), {
          message: 'expected a cron expression like "* * * * *" (every minute) or "*/30 * * * * *" (every 30 s)',
        })
        .default('* * * * *'),
      defaultInterval: duration('15m').default(15 * 60_000),
      minInterval: duration('5m').default(5 * 60_000),
      maxInterval: duration('1d').default(86_400_000),
      jitter: duration('30s').default(30_000),
      /** How many due feeds one tick starts at most; the rest wait for the next tick. */
      maxFeedsPerTick: z.number().int().positive().default(500),
      /** Worker threads that parse feeds, so parsing overlaps storing; 0 parses on the main thread. */
      parseWorkers: z.number().int().nonnegative().default(() => Math.max(1, os.availableParallelism() - 1)),
      backoff: z
        .strictObject({ initial: duration('5m').default(5 * 60_000), max: duration('24h').default(86_400_000) })
        .prefault({}),
      disableAfter: z
        .strictObject({
          failures: z.number().int().positive().default(10),
          spanning: duration('2d').default(2 * 86_400_000),
        })
        .prefault({}),
      fresh: z
        .strictObject({
          window: duration('24h').default(86_400_000),
          maxPerFeed: z.number().int().nonnegative().default(5),
          /** A new item dated older than this is stored as history, not news (a publisher re-listing old posts). */
          maxAge: duration('7d').default(7 * 86_400_000),
        })
        .prefault({}),
    })
    .prefault({}),
  analysis: z
    .strictObject({
      /** Classify, summarise and cluster items as they are stored. */
      enabled: z.boolean().default(true),
      /** Reports further apart than this are never folded into one story. */
      storyWindow: duration('72h').default(72 * 3_600_000),
      /** Article pages fetched for items on a topic whose feed gives only a title or a teaser. */
      articles: z
        .strictObject({
          enabled: z.boolean().default(true),
          /** Pages fetched at once, across all feeds. */
          concurrency: z.number().int().positive().default(2),
          maxSize: size('2MiB').default(2 * 1_048_576),
          /** For the whole page, from asking to the last byte. */
          timeout: duration('15s').default(15_000),
        })
        .prefault({}),
    })
    .prefault({}),
  fetch: z
    .strictObject({
      concurrency: z.number().int().positive().default(8),
      perHostConcurrency: z.number().int().positive().default(2),
      connectTimeout: duration('10s').default(10_000),
      headersTimeout: duration('15s').default(15_000),
      bodyTimeout: duration('30s').default(30_000),
      maxBodySize: size('5MiB').default(5 * 1_048_576),
      maxRedirects: z.number().int().min(0).max(20).default(5),
      allowPrivateNetworks: z.boolean().default(false),
      allowedHosts: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  chat: chatSchema,
  delivery: deliverySchema,
});

export const catalogueEntrySchema = z.strictObject({
  url: httpUrl,
  title: z.string().min(1).optional(),
  interval: duration('15m').optional(),
  language: z.string().min(2).optional(),
  tags: z.array(z.string()).optional(),
});

export const catalogueSchema = z.strictObject({ feeds: z.array(catalogueEntrySchema).default([]) });

export type Settings = z.output<typeof settingsSchema>;
export type CatalogueEntry = z.output<typeof catalogueEntrySchema>;
