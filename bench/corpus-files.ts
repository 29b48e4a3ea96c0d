// Writes the corpus to a folder and reads it back, so the server and every measuring child
// process work on exactly the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CorpusDocument, CorpusFormat } from './generate-corpus.js';

/** What `manifest.json` records for each document; the body is in `file`. */
interface ManifestEntry {
  path: string;
  file: string;
  format: CorpusFormat;
  contentType: string;
  items: number;
  bytes: number;
}

const MANIFEST = 'manifest.json';

/** Writes each document to its own file plus a manifest; returns the total size in bytes. */
export function writeCorpus(dir: string, documents: readonly CorpusDocument[]): number {
  const entries: ManifestEntry[] = documents.map((doc) => {
    const file = path.basename(doc.path);
    writeFileSync(path.join(dir, file), doc.body);
    return { path: doc.path, file, format: doc.format, contentType: doc.contentType, items: doc.items, bytes: doc.body.byteLength };
  });
  writeFileSync(path.join(dir, MANIFEST), JSON.stringify({ documents: entries }));
  return entries.reduce((sum, entry) => sum + entry.bytes, 0);
}

/** Reads every document written by {@link writeCorpus}, in the original order. */
export function readCorpus(dir: string): CorpusDocument[] {
  return readManifest(dir).map((entry) => ({
    path: entry.path,
    format: entry.format,
    contentType: entry.contentType,
    items: entry.items,
    body: readFileSync(path.join(dir, entry.file)),
  }));
}

/** The URL paths of the corpus documents, without loading their bodies. */
export function listCorpusPaths(dir: string): string[] {
  return readManifest(dir).map((entry) => entry.path);
}

function readManifest(dir: string): ManifestEntry[] {
  return (JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as { documents: ManifestEntry[] }).documents;
}
