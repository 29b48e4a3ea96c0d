// Discord-shaped ids: 64-bit snowflakes (ms since 2015 << 22 | increment), so @discordjs/rest sees
// 17–19 digit major parameters and buckets per channel as it does against Discord.

const DISCORD_EPOCH = 1_420_070_400_000n;

/** Returns a generator of increasing snowflakes, one sequence per fake. */
export function createSnowflakes(now: () => number = Date.now): () => string {
  let lastMs = 0n;
  let increment = 0n;
  return () => {
    let ms = BigInt(now()) - DISCORD_EPOCH;
    if (ms <= lastMs) {
      increment += 1n;
      // 12 bits of increment per millisecond; past that, borrow the next millisecond.
      if (increment > 4095n) {
        lastMs += 1n;
        increment = 0n;
      }
      ms = lastMs;
    } else {
      lastMs = ms;
      increment = 0n;
    }
    return ((ms << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
  };
}

/** Orders two snowflakes (negative, zero, positive) without losing precision. */
export function compareSnowflakes(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** An ISO timestamp the way Discord writes them: microseconds and `+00:00`. */
export function discordTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000+00:00`;
}
