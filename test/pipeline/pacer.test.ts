// Pacing: a burst to one channel is spread at the channel's gap, and many channels share the
// platform-wide rate, on a simulated clock (no timing in the test).
import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/pipeline/pacer.js';

function simulatedClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += Math.max(ms, 0);
      return true;
    },
  };
}

describe('pacer', () => {
  it('spaces a burst to one channel by the channel gap', async () => {
    const clock = simulatedClock();
    const pacer = createPacer({ perChannelIntervalMs: 1_100, globalPerSecond: 50, ...clock });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await pacer.acquire('slack:T1:C1');
      times.push(clock.now());
    }
    expect(times).toEqual([0, 1_100, 2_200, 3_300, 4_400]);
  });

  it('lets different channels go at the platform-wide rate, not the channel gap', async () => {
    const clock = simulatedClock();
    const pacer = createPacer({ perChannelIntervalMs: 1_000, globalPerSecond: 10, ...clock });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await pacer.acquire(`discord:G:C${i}`);
      times.push(clock.now());
    }
    expect(times).toEqual([0, 100, 200, 300, 400]);
  });

  it('pushes a channel back after the platform asked to wait (Retry-After)', async () => {
    const clock = simulatedClock();
    const pacer = createPacer({ perChannelIntervalMs: 0, globalPerSecond: 1_000, ...clock });
    await pacer.acquire('c');
    pacer.delay('c', 5_000);
    await pacer.acquire('c');
    expect(clock.now()).toBe(5_000);
  });

  it('gives up when the signal fires', async () => {
    const pacer = createPacer({ perChannelIntervalMs: 60_000, globalPerSecond: 1 });
    await pacer.acquire('c');
    const controller = new AbortController();
    const waiting = pacer.acquire('c', controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBe(false);
  });
});
