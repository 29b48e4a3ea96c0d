import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createCronScheduler } from '../../src/pipeline/scheduler.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cron scheduler', () => {
  it('never runs two cycles at once, and stop() waits for the running one', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    let sawAbort = false;
    const scheduler = createCronScheduler({
      expression: '* * * * * *', // every second
      log: silentLogger(),
      run: async (signal) => {
        running++;
        runs++;
        maxRunning = Math.max(maxRunning, running);
        // A cycle longer than the tick: later ticks must be skipped, not stacked.
        for (let i = 0; i < 25 && !signal.aborted; i++) await sleep(100);
        sawAbort = signal.aborted;
        running--;
      },
    });
    scheduler.start();
    void scheduler.runNow();
    await sleep(1_800);
    expect(runs).toBe(1);
    await scheduler.stop();
    expect(running).toBe(0);
    expect(maxRunning).toBe(1);
    expect(sawAbort).toBe(true);
    await sleep(1_200);
    expect(runs).toBe(1); // no tick after stop
  });

  it('keeps ticking after a cycle fails', async () => {
    let runs = 0;
    const scheduler = createCronScheduler({
      expression: '* * * * * *',
      log: silentLogger(),
      run: async () => {
        runs++;
        throw new Error('boom');
      },
    });
    scheduler.start();
    await scheduler.runNow();
    await sleep(2_100);
    await scheduler.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});
