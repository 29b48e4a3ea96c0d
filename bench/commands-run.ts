// Child process: command latency with a large store. Fills the database with analysed items
// (unless it already holds enough), then drives the real /news handler (createCommandHandler over
// the real SqliteStore) open-loop: commands are sent on a fixed schedule, and each latency runs
// from when the command was due, so a slow command also delays the ones queued behind it.
//
//   node dist-bench/bench/commands-run.js <database-file> <items> <seconds> <commands-per-second> [seed]
import { createCommandHandler } from '../src/chat/commands/handle-command.js';
import type { CommandContext } from '../src/chat/commands/command.js';
import { HeraldError } from '../src/errors.js';
import { createLogger } from '../src/logger.js';
import { sleep } from '../src/pipeline/pacer.js';
import { openSqliteStore, sqliteHandleForTests } from '../src/store/index.js';
import { databaseBytes, emitResult, peakRssBytes, type CommandsResult, type LatencyFigures } from './bench-results.js';
import { COMMAND_MIX, planCommands, type CommandKind } from './command-mix.js';
import { BENCH_WORKSPACE, fillCommandStore, storedItemCount } from './fill-command-store.js';
import { createRandom } from './seeded-random.js';

const TOPICS = [
  { id: 'copyright-law', label: 'Copyright law' },
  { id: 'hacktivism', label: 'Hacktivism' },
];
// Commands before the clock starts: statements prepared, the first pages read.
const WARM_UP = 20;

async function main(): Promise<void> {
  const [dbPath, itemsArg, secondsArg, rateArg, seedArg] = process.argv.slice(2);
  const items = Number(itemsArg);
  const seconds = Number(secondsArg);
  const perSecond = Number(rateArg);
  const seed = seedArg === undefined ? 1 : Number(seedArg);
  if (dbPath === undefined || ![items, seconds, perSecond, seed].every((n) => Number.isFinite(n) && n > 0)) {
    throw new HeraldError('cli/usage', 'usage: commands-run.js <database-file> <items> <seconds> <commands-per-second> [seed]');
  }
  const progress = (message: string): void => void process.stderr.write(`${message}\n`);

  const existing = storedItemCount(dbPath);
  let buildMs = 0;
  if (existing < items) {
    progress(`filling ${dbPath} with ${items.toLocaleString('en-US')} analysed items…`);
    buildMs = fillCommandStore({ path: dbPath, items, seed, now: new Date(), progress }).ms;
  } else {
    progress(`reusing ${dbPath} (${existing.toLocaleString('en-US')} items)`);
  }

  const store = openSqliteStore({ path: dbPath });
  try {
    const db = sqliteHandleForTests(store);
    const stored = { items: db.prepare('SELECT count(*) FROM items').pluck().get() as number, stories: db.prepare('SELECT count(*) FROM stories').pluck().get() as number };
    const random = createRandom(seed);
    // Stories the workspace can see, for searches by their rare names (a story's id is its first
    // item's: index + 1). A sample spread over the year.
    const storyIndexes = (
      db.prepare(`SELECT stories.id FROM stories JOIN items ON items.id = stories.headline_item_id JOIN feeds ON feeds.id = items.feed_id
        WHERE feeds.scope = 'global' AND stories.id % 997 = 1`).pluck().all() as number[]
    ).map((id) => id - 1);
    const context: CommandContext = { ...BENCH_WORKSPACE, channelId: '1300000000000000401', userId: '1300000000000000303', isModerator: false };
    // A few subscriptions in the workspace: every reply checks them for paused ones.
    for (const topic of ['copyright-law', 'hacktivism', '*']) {
      store.upsertSubscription({ ...context, channelId: `13000000000000005${topic.length}`, topic, keywords: [], exclude: [], mode: 'instant', mention: null, createdBy: context.userId }, new Date());
    }
    const handler = createCommandHandler({
      store,
      topics: TOPICS,
      previewFeed: () => Promise.reject(new HeraldError('internal', 'feeds add is not part of this benchmark')),
      version: 'bench',
      clock: () => new Date(),
      log: createLogger({ level: 'warn', fd: 2 }),
    });

    const total = Math.round(seconds * perSecond);
    const plan = planCommands(random, WARM_UP + total, storyIndexes);
    for (const { command } of plan.slice(0, WARM_UP)) await handler(command, context);

    progress(`sending ${total} commands at ${perSecond}/s over the ${stored.items.toLocaleString('en-US')} items…`);
    const samples = new Map<CommandKind, Array<{ ms: number; results: boolean }>>();
    const intervalMs = 1_000 / perSecond;
    let late = 0;
    const t0 = performance.now();
    for (const [i, { kind, command }] of plan.slice(WARM_UP).entries()) {
      const due = t0 + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      else if (wait < -intervalMs) late++;
      const reply = await handler(command, context);
      const list = samples.get(kind) ?? [];
      samples.set(kind, list);
      list.push({ ms: performance.now() - due, results: reply.stories.length > 0 });
      if (reply.tone === 'error') progress(`  ${kind} failed: ${reply.title}`);
    }
    const elapsedMs = performance.now() - t0;

    const all = [...samples.values()].flat();
    const group = (prefix: string): Array<{ ms: number; results: boolean }> => [...samples].filter(([kind]) => kind.startsWith(prefix)).flatMap(([, list]) => list);
    const result: CommandsResult = {
      kind: 'commands',
      items: stored.items,
      stories: stored.stories,
      databaseBytes: databaseBytes(dbPath),
      buildMs,
      reused: buildMs === 0,
      perSecond,
      commands: all.length,
      elapsedMs,
      lateStarts: late,
      kinds: COMMAND_MIX.map(({ kind }) => latency(kind, samples.get(kind) ?? [])),
      recent: latency('recent (all)', group('recent')),
      search: latency('search (all)', group('search')),
      peakRssBytes: peakRssBytes(),
    };
    emitResult(result);
  } finally {
    store.close();
  }
}

/** Nearest-rank percentiles of one kind's latencies. */
function latency(kind: string, list: ReadonlyArray<{ ms: number; results: boolean }>): LatencyFigures {
  const sorted = list.map((sample) => sample.ms).sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return { kind, count: sorted.length, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: sorted[sorted.length - 1] ?? 0, withResults: list.filter((sample) => sample.results).length };
}

await main();
