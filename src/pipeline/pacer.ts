// Spaces out posts so Herald stays under a platform's limits by itself: a minimum gap between two
// messages to one channel, and a steady rate across all channels. Rate-limit responses (429) are
// then the platform's doing, never the result of a burst Herald sent.
import type { Pacing } from '../chat/port.js';

export interface Pacer {
  /** Resolves when a message to `channelKey` may go; false if the signal fired first. */
  acquire(channelKey: string, signal?: AbortSignal): Promise<boolean>;
  /** Pushes a channel's next slot back (the platform asked to wait: Retry-After). */
  delay(channelKey: string, ms: number): void;
}

export interface PacerOptions extends Pacing {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<boolean>;
}

/** Waits `ms`; false when the signal fired first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function createPacer(options: PacerOptions): Pacer {
  const now = options.now ?? (() => performance.now());
  const wait = options.sleep ?? sleep;
  const spacing = 1_000 / Math.max(options.globalPerSecond, 0.001);
  // Slots are reserved synchronously, so concurrent callers queue up instead of racing.
  let nextGlobal = 0;
  const nextByChannel = new Map<string, number>();

  return {
    async acquire(channelKey, signal) {
      // The channel's own gap first, then a slot in the platform-wide rate: reserving the global
      // slot only once the channel is ready keeps one slow channel from holding up the others.
      const at = now();
      const channelSlot = Math.max(at, nextByChannel.get(channelKey) ?? 0);
      nextByChannel.set(channelKey, channelSlot + options.perChannelIntervalMs);
      if (!(await wait(channelSlot - at, signal))) return false;
      const ready = now();
      const slot = Math.max(ready, nextGlobal);
      nextGlobal = slot + spacing;
      // The channel's gap counts from when the message really goes, after the global wait.
      nextByChannel.set(channelKey, Math.max(nextByChannel.get(channelKey) ?? 0, slot + options.perChannelIntervalMs));
      // Forget channels whose gap has long passed, so the map stays as small as the active set.
      if (nextByChannel.size > 10_000) for (const [key, next] of nextByChannel) if (next < ready) nextByChannel.delete(key);
      return wait(slot - ready, signal);
    },
    delay(channelKey, ms) {
      nextByChannel.set(channelKey, Math.max(nextByChannel.get(channelKey) ?? 0, now() + ms));
    },
  };
}
