// A small seeded PRNG so the benchmark corpus is the same bytes on every run and every machine.
import { HeraldError } from '../src/errors.js';

/** Random helpers drawn from one seeded stream. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/**
 * Creates a mulberry32 stream: fast, 32-bit state, good enough spread for text generation (this is
 * not for anything security-related).
 * @see https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(list: readonly T[]): T => {
      const value = list[int(0, list.length - 1)];
      if (value === undefined) throw new HeraldError('internal', 'pick() needs a non-empty list');
      return value;
    },
    chance: (p) => next() < p,
  };
}
