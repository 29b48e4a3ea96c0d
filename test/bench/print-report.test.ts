// The report marks each target met or MISSED from the figures, and never hides a failed round.
import { describe, expect, it } from 'vitest';
import type { CycleFigures } from '../../bench/bench-results.js';
import { checkTargets, renderReport, type BenchReport } from '../../bench/print-report.js';

const MB = 1_000_000;
const cycle = (overrides: Partial<CycleFigures>): CycleFigures => ({
  ms: 1_000, feeds: 500, updated: 0, notModified: 0, failed: 0, inserted: 0, fresh: 0, bytes: 0, peakRssBytes: 100 * MB, liveHeapBytes: 50 * MB, firstError: null,
  ...overrides,
});

function figures(cold: Partial<CycleFigures>, warm: Partial<CycleFigures>): Omit<BenchReport, 'targets'> {
  const throughput = { documents: 500, items: 25_000, bytes: 100 * MB, peakRssBytes: 200 * MB, failed: 0 };
  return {
    machine: { node: 'v20.20.2', cpus: 2, cpuModel: 'test cpu', platform: 'linux', loadAverage: [0.5, 1.5] },
    corpus: { feeds: 500, items: 25_000, bytes: 100 * MB, rss: 250, atom: 250, gzip: false },
    baseline: { kind: 'baseline', ...throughput, ms: 5_000 },
    baselineRunsMs: [5_000, 5_400],
    parse: { kind: 'parse', ...throughput, ms: 6_000, parseMs: 5_000, normaliseMs: 1_000 },
    pipeline: {
      kind: 'pipeline',
      cold: cycle({ updated: 500, inserted: 25_000, bytes: 100 * MB, ...cold }),
      warm: cycle({ notModified: 500, ...warm }),
      storedItems: 25_000,
      databaseBytes: 150 * MB,
      startupRssBytes: 60 * MB,
    },
    server: { ok: 500, notModified: 500, notFound: 0, bytesSent: 100 * MB },
  };
}

describe('checkTargets', () => {
  it('meets all three targets at half the baseline throughput, a fast 304 round and a small RSS', () => {
    // Baseline 100 MB in 5 s = 20 MB/s; the pipeline's 100 MB in 10 s = 10 MB/s = 50 %.
    const targets = checkTargets(figures({ ms: 10_000, peakRssBytes: 240 * MB }, { ms: 1_999, peakRssBytes: 249 * MB }));
    expect(targets.map((t) => [t.value, t.met])).toEqual([['50%', true], ['2.00 s', true], ['249.0 MB', true]]);
  });

  it('misses each target that is not reached, and the 304 target when a feed did not answer 304', () => {
    const slow = checkTargets(figures({ ms: 10_500 }, { ms: 2_000, peakRssBytes: 251 * MB }));
    expect(slow.map((t) => t.met)).toEqual([false, false, false]);
    const not304 = checkTargets(figures({ ms: 5_000 }, { ms: 100, notModified: 499, updated: 1 }));
    expect(not304.map((t) => t.met)).toEqual([true, false, true]);
  });
});

describe('renderReport', () => {
  it('prints each figure and target with "target met" or "target MISSED"', () => {
    const partial = figures({ ms: 8_000 }, { ms: 3_000 });
    const text = renderReport({ ...partial, targets: checkTargets(partial) });
    expect(text).toMatch(/rss-parser parseString \(baseline\)\s+5\.00 s\s+5,000\s+20\.0/);
    expect(text).toMatch(/Herald cold poll .*\s+8\.00 s\s+3,125\s+12\.5\s+100\.0 MB\s+0\.63×/);
    expect(text).toMatch(/cold poll throughput ≥ 50% of rss-parser\s+63%\s+target met/);
    expect(text).toMatch(/304 round of 500 feeds < 2\.00 s\s+3\.00 s\s+target MISSED/);
  });
});
