// Child process that serves the corpus on 127.0.0.1, so that the pipeline process's CPU time and
// peak RSS are Herald's alone. Talks to bench/run.js over IPC:
//
//   fork('feed-server.js', [corpusDir, '--gzip'?])
//   → { type: 'ready', port }   ← { type: 'stats' }   → { type: 'stats', stats }
//   disconnecting the IPC channel stops it.
import { createServer } from 'node:http';
import { HeraldError } from '../src/errors.js';
import { readCorpus } from './corpus-files.js';
import { createCorpusServer, type ServerStats } from './corpus-server.js';

export type ServerMessage = { type: 'ready'; port: number } | { type: 'stats'; stats: ServerStats };

function main(): void {
  const [dir, ...flags] = process.argv.slice(2);
  const send = process.send?.bind(process);
  if (dir === undefined || send === undefined) {
    throw new HeraldError('cli/usage', 'feed-server.js is started by bench/run.js: fork(feed-server.js, [corpusDir]) with an IPC channel.');
  }
  const corpus = createCorpusServer(readCorpus(dir), { gzip: flags.includes('--gzip') });
  const server = createServer(corpus.handle);

  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stats') send({ type: 'stats', stats: corpus.takeStats() } satisfies ServerMessage);
  });
  // The parent going away, normally or not, is the signal to stop.
  process.on('disconnect', () => {
    server.closeAllConnections();
    server.close();
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new HeraldError('internal', 'the bench server has no TCP address');
    send({ type: 'ready', port: address.port } satisfies ServerMessage);
  });
}

main();
