// Drives the poll cycle from a node-cron expression: never two cycles at once, and a stop that
// waits for the running cycle (which it asks to abandon its fetches) before resolving.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

export interface SchedulerOptions {
  /** node-cron expression; six fields allow seconds. */
  expression: string;
  /** One cycle. The signal fires when the scheduler stops. */
  run: (signal: AbortSignal) => Promise<void>;
  log: Logger;
  /** Names the task in logs (default "herald-poll"). */
  name?: string;
}

export interface Scheduler {
  start(): void;
  /** Runs a cycle now unless one is running; resolves when it ends. */
  runNow(): Promise<void>;
  /** Stops ticking, aborts the running cycle's network work, and waits for it to finish. */
  stop(): Promise<void>;
}

/** @see https://github.com/node-cron/node-cron#cron-syntax */
export function createCronScheduler(options: SchedulerOptions): Scheduler {
  const controller = new AbortController();
  const name = options.name ?? 'herald-poll';
  let task: ScheduledTask | null = null;
  let running: Promise<void> | null = null;

  const runNow = (): Promise<void> => {
    if (controller.signal.aborted) return Promise.resolve();
    if (running) {
      options.log.debug({ task: name }, 'previous round still running; skipping this tick');
      return running;
    }
    running = options
      .run(controller.signal)
      .catch((error: unknown) => options.log.error({ err: error, task: name }, name === 'herald-poll' ? 'poll cycle failed' : 'round failed'))
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    start() {
      if (task) return;
      task = cron.schedule(options.expression, () => void runNow(), { name });
    },
    runNow,
    async stop() {
      controller.abort();
      await task?.stop();
      await task?.destroy();
      task = null;
      await running;
    },
  };
}
