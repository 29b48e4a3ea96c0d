// Loads the shipped config/topics.yaml once for the analyze tests.
import path from 'node:path';
import { loadTopics, type CompiledTopics } from '../../src/analyze/topic-rules.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
let cached: CompiledTopics | undefined;

/** The built-in topic rules, as Herald ships them. */
export function shippedTopics(): CompiledTopics {
  cached ??= loadTopics(path.join(REPO_ROOT, 'config', 'topics.yaml'));
  return cached;
}
