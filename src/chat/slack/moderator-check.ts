// Decides whether a Slack user may change what a channel receives: a user listed in config, or a
// workspace admin or owner according to users.info (cached, so a busy moderator costs one call).

import type { Logger } from 'pino';

/** users.info as Herald needs it; the Bolt app's WebClient satisfies it. */
export interface UsersInfoClient {
  users: { info(args: { user: string }): Promise<{ user?: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean; deleted?: boolean } }> };
}

export interface ModeratorCheckOptions {
  client: UsersInfoClient;
  /** User ids that are always moderators (from config). */
  moderators: readonly string[];
  log: Logger;
  /** How long an answer from users.info is trusted. */
  ttlMs?: number;
  now?: () => number;
}

const DEFAULTS = { ttlMs: 10 * 60_000, now: Date.now } as const;

/** Whether `userId` moderates; never throws (a failed lookup is "no", and is not cached). */
export type ModeratorCheck = (userId: string) => Promise<boolean>;

/**
 * Builds the check Herald runs before every command.
 * @see https://docs.slack.dev/reference/methods/users.info
 */
export function createModeratorCheck(options: ModeratorCheckOptions): ModeratorCheck {
  const { ttlMs, now } = { ...DEFAULTS, ...options };
  const listed = new Set(options.moderators);
  const cache = new Map<string, { moderator: boolean; expiresAt: number }>();
  // Commands typed in quick succession share one users.info call.
  const inFlight = new Map<string, Promise<boolean>>();

  const lookUp = async (userId: string): Promise<boolean> => {
    try {
      const { user } = await options.client.users.info({ user: userId });
      const moderator = user !== undefined && user.deleted !== true && (user.is_admin === true || user.is_owner === true || user.is_primary_owner === true);
      // Entries expire rather than pile up: drop the stale ones now and then.
      if (cache.size > 10_000) for (const [id, entry] of cache) if (entry.expiresAt <= now()) cache.delete(id);
      cache.set(userId, { moderator, expiresAt: now() + ttlMs });
      return moderator;
    } catch (error) {
      options.log.warn({ err: error, userId }, 'users.info failed; treating the user as not a moderator');
      return false;
    } finally {
      inFlight.delete(userId);
    }
  };

  return (userId) => {
    if (listed.has(userId)) return Promise.resolve(true);
    const cached = cache.get(userId);
    if (cached !== undefined && cached.expiresAt > now()) return Promise.resolve(cached.moderator);
    let pending = inFlight.get(userId);
    if (pending === undefined) {
      pending = lookUp(userId);
      inFlight.set(userId, pending);
    }
    return pending;
  };
}
