// Child process: Herald's parse + normalise alone (no network, no store) over every corpus
// document, to show how the pipeline's time splits between parsing and the rest.
//
//   node dist-bench/bench/parse-run.js <corpus-dir>
import { HeraldError } from '../src/errors.js';
import { normaliseEntries } from '../src/ingest/normalise-item.js';
import { parseFeedSync } from '../src/ingest/parse-feed.js';
import { emitResult, peakRssBytes } from './bench-results.js';
import { readCorpus } from './corpus-files.js';

function main(): void {
  const dir = process.argv[2];
  if (dir === undefined) throw new HeraldError('cli/usage', 'usage: parse-run.js <corpus-dir>');
  const documents = readCorpus(dir);
  const now = new Date();
  let items = 0;
  let bytes = 0;
  let failed = 0;
  let parseMs = 0;
  let normaliseMs = 0;
  for (const doc of documents) {
    // The same URL shape the pipeline fetches, so relative links resolve the same way.
    const url = `http://127.0.0.1${doc.path}`;
    bytes += doc.body.byteLength;
    const t0 = performance.now();
    try {
      const parsed = parseFeedSync({ bytes: doc.body, contentType: doc.contentType, url });
      const t1 = performance.now();
      items += normaliseEntries(parsed.entries, { feedUrl: url, now }).length;
      parseMs += t1 - t0;
      normaliseMs += performance.now() - t1;
    } catch {
      failed += 1;
    }
  }
  emitResult({
    kind: 'parse',
    documents: documents.length,
    items,
    bytes,
    ms: parseMs + normaliseMs,
    parseMs,
    normaliseMs,
    peakRssBytes: peakRssBytes(),
    failed,
  });
}

main();
