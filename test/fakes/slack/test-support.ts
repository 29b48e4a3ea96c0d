// Small helpers for tests that drive the real Bolt App against the fake Slack.
import { LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/bolt';

/** A Bolt/WebClient logger that prints nothing (Bolt logs "connected" at info, Slack errors at error). */
export function silentLogger(): Logger {
  const noop = (): void => undefined;
  return { debug: noop, info: noop, warn: noop, error: noop, setLevel: noop, setName: noop, getLevel: () => LogLevel.ERROR };
}

/** Polls `check` until it holds; rejects after `timeoutMs` with `what` in the message. */
export async function eventually(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sockets, servers and timers this process holds, for "nothing left running" checks. */
export function openHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
