// Starts the benchmark's child processes: measuring runs that print one JSON result, and the feed
// server that stays up until it is stopped. Each measurement gets a fresh Node process so peak
// RSS and JIT state belong to that measurement alone.
import { fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HeraldError } from '../src/errors.js';
import type { ChildResult } from './bench-results.js';
import type { ServerStats } from './corpus-server.js';
import type { ServerMessage } from './feed-server.js';

/** A compiled bench script next to this file, e.g. "pipeline-run.js". */
function script(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

/**
 * Runs `name` in a new Node process and returns the JSON result it printed last. Its stderr
 * (warnings, Herald's log lines) goes straight to ours.
 */
export async function runChild<T extends ChildResult>(name: string, args: readonly string[], execArgv: readonly string[] = []): Promise<T> {
  const child = spawn(process.execPath, [...execArgv, script(name), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  if (code !== 0 || !last.startsWith('{')) {
    throw new HeraldError('internal', `bench child ${name} exited with code ${code} without a result (its stderr is above).`, {
      details: { name, code, stdout: lines.slice(-5) },
    });
  }
  return JSON.parse(last) as T;
}

/** The running feed server child. */
export interface BenchServer {
  /** e.g. "http://127.0.0.1:40123" */
  origin: string;
  /** Request counts since the previous call. */
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

/** Forks bench/feed-server.js on `corpusDir` and waits until it listens. */
export async function startServer(corpusDir: string, options: { gzip: boolean }): Promise<BenchServer> {
  const child = fork(script('feed-server.js'), [corpusDir, ...(options.gzip ? ['--gzip'] : [])], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const nextMessage = <K extends ServerMessage['type']>(type: K): Promise<Extract<ServerMessage, { type: K }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: ServerMessage): void => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as Extract<ServerMessage, { type: K }>);
      };
      const onExit = (code: number | null): void => {
        child.off('message', onMessage);
        reject(new HeraldError('internal', `the bench feed server exited (code ${code}) before answering (its stderr is above).`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { port } = await nextMessage('ready');
  return {
    origin: `http://127.0.0.1:${port}`,
    stats: async () => {
      const reply = nextMessage('stats');
      child.send({ type: 'stats' });
      return (await reply).stats;
    },
    stop: async () => {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
