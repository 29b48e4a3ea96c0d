// The end-to-end harness: a config folder for `herald run` against local fakes, the built `herald`
// as a child process (started, SIGKILLed, restarted on the same database), read-only looks into
// its SQLite file, polling waits that show Herald's log when they give up, and cleanup after
// every test, failed or not: Herald first (a platform client outliving its fake reconnects), then
// the fakes and feed servers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { CLI, type CliResult } from '../helpers/run-cli.js';

/** A running `herald run`. */
export interface HeraldRun {
  readonly child: ChildProcess;
  readonly done: Promise<CliResult>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Herald's JSON log lines so far (stdout). */
  logs(): LogLine[];
  /** Sends `signal` and resolves once the process is gone. */
  stop(signal: NodeJS.Signals): Promise<CliResult>;
}

export interface LogLine {
  msg: string;
  level: number;
  [field: string]: unknown;
}

/** A test's Herald installation: config folder, database, environment. */
export interface Installation {
  dir: string;
  dbPath: string;
  env: Record<string, string>;
}

/** The chat platform Herald talks to, as environment variables. */
export type PlatformEnv =
  | { discord: { token: string; apiUrl: string; guildId: string } }
  | { slack: { botToken: string; appToken: string; apiUrl: string } };

const running = new Set<HeraldRun>();
const closers: Array<() => Promise<void>> = [];

/**
 * Registers the cleanup hook; call once at the top level of an e2e test file. Every Herald
 * started is SIGKILLed if still alive, then everything passed to {@link closeLater} is closed.
 */
export function useE2E(): void {
  afterEach(async () => {
    await Promise.all([...running].map((herald) => herald.stop('SIGKILL')));
    running.clear();
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  });
}

/** Closes `thing` after the test (in reverse order of registration, after Herald is gone). */
export function closeLater<T extends { close(): Promise<void> }>(thing: T): T {
  closers.push(() => thing.close());
  return thing;
}

/**
 * A config folder with the given feeds and settings that make a test quick: 1 s poll and delivery
 * ticks, feeds due every second, a send that has not finished after 1 s counts as interrupted,
 * no article pages, parsing on the main thread.
 */
export function install(feeds: readonly string[], platform: PlatformEnv): Installation {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-e2e-'));
  const dbPath = path.join(dir, 'herald.db');
  writeFileSync(
    path.join(dir, 'herald.yaml'),
    [
      'poll:',
      '  defaultInterval: 1s',
      '  minInterval: 1s',
      '  jitter: 0s',
      '  parseWorkers: 0',
      'analysis:',
      '  articles:',
      '    enabled: false',
      'delivery:',
      '  stuckAfter: 1s',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'feeds.yaml'), `feeds:\n${feeds.map((url) => `  - url: ${url}\n`).join('')}`);
  const env: Record<string, string> = {
    HERALD_CONFIG_DIR: dir,
    HERALD_DB_PATH: dbPath,
    HERALD_ALLOW_PRIVATE_NETWORKS: 'true',
    HERALD_POLL_TICK: '*/1 * * * * *',
    HERALD_DELIVERY_TICK: '*/1 * * * * *',
    HERALD_LOG_LEVEL: 'info',
  };
  if ('discord' in platform) Object.assign(env, { DISCORD_TOKEN: platform.discord.token, DISCORD_API_URL: platform.discord.apiUrl, DISCORD_GUILD_ID: platform.discord.guildId });
  else Object.assign(env, { SLACK_BOT_TOKEN: platform.slack.botToken, SLACK_APP_TOKEN: platform.slack.appToken, SLACK_API_URL: platform.slack.apiUrl });
  return { dir, dbPath, env };
}

/**
 * Starts `herald run` for the installation. The child gets PATH and the installation's variables
 * only: no token, API URL or proxy setting of the runner's own environment can reach it, so it
 * talks to nothing but the fakes and the feed server on 127.0.0.1.
 */
export function startHerald(installation: Installation): HeraldRun {
  const child = spawn(process.execPath, [CLI, 'run'], { env: { PATH: process.env['PATH'] ?? '', ...installation.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  let exited = false;
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => {
      exited = true;
      resolve({ code, signal, stdout, stderr });
    }),
  );
  const herald: HeraldRun = {
    child,
    done,
    output: () => output,
    logs: () => parseLogs(output),
    async stop(signal) {
      if (!exited) child.kill(signal);
      const result = await done;
      running.delete(herald);
      return result;
    },
  };
  running.add(herald);
  return herald;
}

function parseLogs(output: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as LogLine);
    } catch {
      // A line cut mid-write by SIGKILL.
    }
  }
  return lines;
}

/** Rows of a read-only query on Herald's database; none while the file does not exist yet. */
export function query<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch {
    return [];
  }
  try {
    db.pragma('busy_timeout = 2000');
    return db.prepare(sql).all(...params) as T[];
  } catch (error) {
    // Before migrations ran the tables are missing: nothing to see yet.
    if (error instanceof Error && /no such table/.test(error.message)) return [];
    throw error;
  } finally {
    db.close();
  }
}

/** An outbox row, as the tests look at it. */
export interface DeliveryRow {
  id: number;
  status: string;
  attempts: number;
  message_id: string | null;
  last_error: string | null;
  title: string;
}

/** Every delivery with its story's headline. */
export function deliveries(dbPath: string): DeliveryRow[] {
  return query<DeliveryRow>(
    dbPath,
    `SELECT d.id, d.status, d.attempts, d.message_id, d.last_error, i.title
       FROM deliveries d JOIN stories s ON s.id = d.story_id JOIN items i ON i.id = s.headline_item_id ORDER BY d.id`,
  );
}

/** Subscriptions with their pause state. */
export function subscriptions(dbPath: string): Array<{ id: number; channel_id: string; topic: string; paused_reason: string | null }> {
  return query(dbPath, 'SELECT id, channel_id, topic, paused_reason FROM subscriptions ORDER BY id');
}

/**
 * Polls `probe` until it returns something other than undefined, null, false or an empty array,
 * and resolves with it.
 * Gives up after `timeoutMs` with `what`, the last probe error and the tail of Herald's log.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, options: { timeoutMs?: number; herald?: HeraldRun } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = probe();
      if (value !== undefined && value !== null && value !== false && !(Array.isArray(value) && value.length === 0)) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const tail = options.herald?.output().split('\n').slice(-40).join('\n') ?? '';
      throw new Error(`gave up waiting for ${what}${lastError === undefined ? '' : ` (last error: ${String(lastError)})`}${tail === '' ? '' : `\n--- herald output (tail) ---\n${tail}`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
