// Sends what the outbox holds: due alerts (paced per channel and per platform), edits for stories
// that gained sources, digests at the end of their period, and feed-health notices. Every attempt
// is marked in the store before the platform is called, so a crash at any point leaves a row that
// says what to check (was it posted?) instead of a silent loss or a second post.
import type { Logger } from 'pino';
import type { ChatPlatform, OutgoingMessage, SendResult } from '../chat/port.js';
import type { ChannelRef, PlatformName } from '../domain/subscription.js';
import type { DeliveryStore, DueDelivery } from './delivery-ports.js';
import { createPacer, type Pacer } from './pacer.js';

export interface DispatcherOptions {
  store: DeliveryStore;
  platforms: ReadonlyMap<PlatformName, ChatPlatform>;
  clock: () => Date;
  log: Logger;
  random?: () => number;
  /** A `sending` row older than this was interrupted (crash, kill) and is checked and retried. */
  stuckAfterMs?: number;
  /** Attempts before a delivery is given up as failed. */
  maxAttempts?: number;
  /** Rows taken per round. */
  batchSize?: number;
  /** Channels sent to at once per platform; each channel's own messages go one at a time, in order. */
  channelConcurrency?: number;
  /** Pacers per platform; built from each platform's pacing when absent (tests and benchmarks inject their own clock). */
  pacers?: ReadonlyMap<PlatformName, Pacer>;
}

export interface DispatchSummary {
  sent: number;
  updated: number;
  retried: number;
  failed: number;
  paused: number;
  digests: number;
  notices: number;
  /** Found already posted after an interrupted attempt: recorded, not posted again. */
  recovered: number;
}

export interface Dispatcher {
  /** One round: notices, digests, due alerts, edits. Stops early when the signal fires. */
  runOnce(signal?: AbortSignal): Promise<DispatchSummary>;
}

export const DISPATCH_DEFAULTS = { stuckAfterMs: 120_000, maxAttempts: 12, batchSize: 500, channelConcurrency: 32 } as const;

const RETRY_BASE_MS = 30_000;
// How long one round keeps draining a platform's outbox before edits, digests and notices get a turn.
const ROUND_BUDGET_MS = 120_000;
const RETRY_MAX_MS = 3_600_000;

const channelKey = (channel: ChannelRef): string => `${channel.platform}:${channel.workspaceId}:${channel.channelId}`;

type DueDigest = ReturnType<DeliveryStore['dueDigests']>[number];

/**
 * One digest per channel and period: a channel following two topics daily gets one message with
 * a group per topic, not two messages.
 */
export function digestsByChannel(due: readonly DueDigest[]): Array<{ subscription: DueDigest['subscription']; parts: DueDigest[]; digest: DueDigest['digest']; key: string }> {
  const merged = new Map<string, { subscription: DueDigest['subscription']; parts: DueDigest[]; digest: DueDigest['digest']; key: string }>();
  for (const part of due) {
    const id = `${channelKey(part.subscription)}:${part.digest.period}:${part.digest.until}`;
    const existing = merged.get(id);
    if (!existing) {
      merged.set(id, { subscription: part.subscription, parts: [part], digest: { ...part.digest, groups: [...part.digest.groups] }, key: `digest:${id}` });
      continue;
    }
    existing.parts.push(part);
    if (part.digest.since < existing.digest.since) existing.digest.since = part.digest.since;
    for (const group of part.digest.groups) {
      const same = existing.digest.groups.find((other) => other.topic === group.topic);
      if (!same) existing.digest.groups.push(group);
      else {
        // Two subscriptions (one to a topic, one to all) can hold the same story.
        const seen = new Set(same.stories.map((story) => story.url ?? story.headline));
        same.stories.push(...group.stories.filter((story) => !seen.has(story.url ?? story.headline)));
        same.more += group.more;
      }
    }
  }
  return [...merged.values()];
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const settings = { ...DISPATCH_DEFAULTS, ...options };
  const random = options.random ?? Math.random;
  const pacers = new Map<PlatformName, Pacer>(options.pacers ?? []);
  for (const [name, platform] of options.platforms) if (!pacers.has(name)) pacers.set(name, createPacer(platform.pacing));
  const log = options.log;
  // Edits, digests and notices have no attempt count of their own in the store: their backoff is
  // kept here (a restart forgets it, which costs one early retry, not a loop).
  const retries = (() => {
    const state = new Map<string, { attempts: number; nextAt: number }>();
    return {
      ready: (key: string, now: Date): boolean => (state.get(key)?.nextAt ?? 0) <= now.getTime(),
      attempts: (key: string): number => state.get(key)?.attempts ?? 0,
      failed: (key: string, now: Date, retryAfterMs: number | null): void => {
        const attempts = (state.get(key)?.attempts ?? 0) + 1;
        state.set(key, { attempts, nextAt: now.getTime() + backoff(attempts, retryAfterMs) });
      },
      forget: (key: string): void => void state.delete(key),
    };
  })();
  // Rows for platforms that are not running here wait; they must not crowd out the others.
  const running = [...options.platforms.keys()];

  const backoff = (attempts: number, retryAfterMs: number | null): number => {
    const exponential = Math.min(RETRY_BASE_MS * 2 ** Math.max(attempts - 1, 0), RETRY_MAX_MS);
    // ±20 % so that a platform outage does not end in every channel retrying in the same second.
    const jittered = exponential * (0.8 + 0.4 * random());
    return Math.max(jittered, retryAfterMs ?? 0);
  };

  const send = async (due: DueDelivery, platform: ChatPlatform, summary: DispatchSummary): Promise<'continue' | 'channel-stopped'> => {
    const { delivery, subscription, alert } = due;
    const key = `d${delivery.id}`;
    const message: OutgoingMessage = { kind: 'alert', alert };
    const now = options.clock();
    // A retry, or an attempt a crash interrupted, may have reached the channel already.
    if (delivery.status === 'sending' || delivery.attempts > 0) {
      const since = new Date(Date.parse(delivery.attemptStartedAt ?? delivery.createdAt) - 60_000);
      let found: string | null;
      try {
        found = await platform.findPosted(subscription, key, since);
      } catch (error) {
        // Posting without knowing could post twice: wait and look again.
        log.warn({ err: error, deliveryId: delivery.id }, 'could not check whether an earlier attempt was posted; will look again');
        return record({ ok: false, kind: 'transient', reason: `could not read the channel's history: ${(error as Error).message}`, retryAfterMs: null }, due, summary, platform);
      }
      if (found !== null) {
        options.store.markSent(delivery.id, found, alert.sources.length, now);
        summary.recovered++;
        return 'continue';
      }
    }
    options.store.markSending(delivery.id, now);
    const result = await platform.post(subscription, message, key).catch((error: unknown): SendResult => ({ ok: false, kind: 'unknown', reason: (error as Error).message }));
    return record(result, due, summary, platform);
  };

  const record = (result: SendResult, due: DueDelivery, summary: DispatchSummary, platform: ChatPlatform): 'continue' | 'channel-stopped' => {
    const { delivery, subscription, alert } = due;
    const now = options.clock();
    if (result.ok) {
      options.store.markSent(delivery.id, result.messageId, alert.sources.length, now);
      summary.sent++;
      return 'continue';
    }
    if (result.kind === 'permanent') {
      const paused = options.store.pauseChannel(subscription, result.reason, now);
      summary.paused += paused.length;
      // The delivery waits with its subscription; it is due again once the channel is resumed.
      options.store.markRetry(delivery.id, result.reason, now);
      log.warn({ platform: platform.name, channel: subscription.channelId, reason: result.reason }, 'alerts to this channel paused');
      return 'channel-stopped';
    }
    const attempts = delivery.attempts + 1;
    if (attempts >= settings.maxAttempts) {
      options.store.markFailed(delivery.id, `${result.reason} (gave up after ${attempts} attempts)`);
      summary.failed++;
      log.error({ deliveryId: delivery.id, reason: result.reason }, 'gave up on an alert after repeated failures');
      return 'continue';
    }
    const retryAfterMs = result.kind === 'transient' ? result.retryAfterMs : null;
    options.store.markRetry(delivery.id, `${result.kind}: ${result.reason}`, new Date(now.getTime() + backoff(attempts, retryAfterMs)));
    summary.retried++;
    if (retryAfterMs !== null) pacers.get(platform.name)?.delay(channelKey(subscription), retryAfterMs);
    // Later alerts to this channel wait for the next round, so a burst of failures is not hammered.
    return 'channel-stopped';
  };

  const sendChannel = async (queue: DueDelivery[], platform: ChatPlatform, summary: DispatchSummary, signal?: AbortSignal): Promise<void> => {
    const pacer = pacers.get(platform.name);
    for (const due of queue) {
      if (signal?.aborted) return;
      if (pacer && !(await pacer.acquire(channelKey(due.subscription), signal))) return;
      try {
        if ((await send(due, platform, summary)) === 'channel-stopped') return;
      } catch (error) {
        // A store error (busy, disk full): this channel stops for the round. The row is left as
        // it was ("sending" rows are looked for after stuckAfter), and the other channels go on —
        // the round must not end while their workers still post, or the next round would too.
        log.error({ err: error, deliveryId: due.delivery.id }, 'could not record a delivery; this channel waits for the next round');
        return;
      }
    }
  };

  /** Runs `work` over items with at most `limit` at once. */
  const pool = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const item = items[next++];
        if (item !== undefined) await work(item);
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  };

  const sendNotices = async (summary: DispatchSummary, signal?: AbortSignal): Promise<void> => {
    for (const { channel, notice, key } of options.store.dueNotices(options.clock())) {
      if (signal?.aborted) return;
      const platform = options.platforms.get(channel.platform);
      if (!platform || !retries.ready(key, options.clock())) continue;
      if (!(await pacers.get(platform.name)?.acquire(channelKey(channel), signal))) return;
      const result = await platform.post(channel, { kind: 'notice', notice }, key).catch((error: unknown): SendResult => ({ ok: false, kind: 'unknown', reason: (error as Error).message }));
      // A notice is advice: sent, undeliverable for good, or perhaps sent (unknown: better once
      // than twice), it is not tried again this episode.
      if (result.ok || result.kind === 'permanent' || result.kind === 'unknown') {
        options.store.markNoticeSent(key, options.clock());
        retries.forget(key);
        if (result.ok) summary.notices++;
      } else retries.failed(key, options.clock(), result.retryAfterMs);
    }
  };

  const sendDigests = async (summary: DispatchSummary, signal?: AbortSignal): Promise<void> => {
    for (const { subscription, parts, digest, key } of digestsByChannel(options.store.dueDigests(options.clock()))) {
      if (signal?.aborted) return;
      const platform = options.platforms.get(subscription.platform);
      if (!platform || !retries.ready(key, options.clock())) continue;
      if (!(await pacers.get(platform.name)?.acquire(channelKey(subscription), signal))) return;
      const periodEnd = new Date(digest.until);
      // A digest interrupted by a crash must not be posted twice: look for it first; when the
      // channel cannot be read, try later rather than post blind.
      let found: string | null;
      try {
        found = await platform.findPosted(subscription, key, periodEnd);
      } catch (error) {
        log.warn({ err: error, key }, 'could not check whether a digest was posted; will look again');
        retries.failed(key, options.clock(), null);
        continue;
      }
      const result: SendResult =
        found !== null
          ? { ok: true, messageId: found }
          : await platform.post(subscription, { kind: 'digest', digest, deliveryKey: key }, key).catch((error: unknown): SendResult => ({ ok: false, kind: 'unknown', reason: (error as Error).message }));
      if (result.ok) {
        for (const part of parts) options.store.markDigestSent(part.subscription.id, part.deliveryIds, result.messageId, periodEnd, options.clock());
        retries.forget(key);
        summary.digests++;
      } else if (result.kind === 'permanent') {
        summary.paused += options.store.pauseChannel(subscription, result.reason, options.clock()).length;
      } else {
        // Still due: tried again (after a look) once its backoff has passed.
        retries.failed(key, options.clock(), result.kind === 'transient' ? result.retryAfterMs : null);
      }
    }
  };

  const sendUpdates = async (summary: DispatchSummary, signal?: AbortSignal): Promise<void> => {
    for (const stale of options.store.staleDeliveries(settings.batchSize, running)) {
      if (signal?.aborted) return;
      const { delivery, subscription, alert } = stale;
      const platform = options.platforms.get(subscription.platform);
      const key = `edit:${delivery.id}`;
      if (!platform || delivery.messageId === null || !retries.ready(key, options.clock())) continue;
      if (!(await pacers.get(platform.name)?.acquire(channelKey(subscription), signal))) return;
      const result = await platform.update(subscription, delivery.messageId, { kind: 'alert', alert }).catch((error: unknown): SendResult => ({ ok: false, kind: 'unknown', reason: (error as Error).message }));
      if (result.ok) {
        options.store.markSent(delivery.id, delivery.messageId, alert.sources.length, options.clock());
        retries.forget(key);
        summary.updated++;
      } else if (result.kind === 'permanent' || retries.attempts(key) + 1 >= settings.maxAttempts) {
        // The message was deleted, the channel is gone, or editing keeps failing: the alert stays
        // as it was posted, and Herald stops trying to add sources to it.
        options.store.markSent(delivery.id, delivery.messageId, alert.sources.length, options.clock());
        retries.forget(key);
        log.info({ deliveryId: delivery.id, reason: result.reason }, 'could not add sources to a posted alert; leaving it as it is');
      } else {
        retries.failed(key, options.clock(), result.kind === 'transient' ? result.retryAfterMs : null);
        if (result.kind === 'transient' && result.retryAfterMs !== null) pacers.get(platform.name)?.delay(channelKey(subscription), result.retryAfterMs);
      }
    }
  };

  /**
   * Sends one platform's due rows, batch after batch, until none are left (or the round has run
   * for ROUND_BUDGET_MS, so edits, digests and notices are not held up for long). A batch is
   * finished before the next is read, so no row is taken twice.
   */
  const drain = async (name: PlatformName, platform: ChatPlatform, summary: DispatchSummary, signal?: AbortSignal): Promise<void> => {
    const started = performance.now();
    for (;;) {
      if (signal?.aborted) return;
      const now = options.clock();
      const due = options.store.dueDeliveries(now, new Date(now.getTime() - settings.stuckAfterMs), settings.batchSize, [name]);
      if (due.length === 0) return;
      // One queue per channel, in the store's order (oldest first); channels in parallel.
      const channels = new Map<string, DueDelivery[]>();
      for (const row of due) {
        const key = channelKey(row.subscription);
        const queue = channels.get(key);
        if (queue) queue.push(row);
        else channels.set(key, [row]);
      }
      await pool([...channels.values()], settings.channelConcurrency, (queue) => sendChannel(queue, platform, summary, signal));
      if (due.length < settings.batchSize || performance.now() - started > ROUND_BUDGET_MS) return;
    }
  };

  return {
    async runOnce(signal) {
      const summary: DispatchSummary = { sent: 0, updated: 0, retried: 0, failed: 0, paused: 0, digests: 0, notices: 0, recovered: 0 };
      await sendNotices(summary, signal);
      await sendDigests(summary, signal);
      // Each platform drains its own rows at its own pace: a fast platform never idles while a
      // slow one finishes its share of a common batch.
      await Promise.all([...options.platforms].map(([name, platform]) => drain(name, platform, summary, signal)));
      await sendUpdates(summary, signal);
      return summary;
    },
  };
}
