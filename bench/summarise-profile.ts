// Reads a V8 .cpuprofile (from `node --cpu-prof`) and lists where the time went: self time by
// function and by file, so a missed target comes with its hot spots.
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  /** "file:function" for functions, the file (or "(native)", "(gc)") for the by-file list. */
  name: string;
  selfMs: number;
  share: number;
}

/** Self time per function and per file, largest first. */
export function summariseProfile(file: string, root: string, limit = 15): { total: number; functions: HotSpot[]; files: HotSpot[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const where = shortFile(frame.url, root);
    const fn = frame.functionName || '(anonymous)';
    const key = where ? `${where}:${fn}:${frame.lineNumber + 1}` : fn;
    functions.set(key, (functions.get(key) ?? 0) + us);
    const fileKey = where || fn;
    files.set(fileKey, (files.get(fileKey) ?? 0) + us);
  }
  const top = (map: Map<string, number>): HotSpot[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, selfMs: us / 1_000, share: total === 0 ? 0 : us / total }));
  return { total: total / 1_000, functions: top(functions), files: top(files) };
}

/** "file:///…/dist-bench/src/ingest/xml-tree.js" → "src/ingest/xml-tree.js"; node internals keep "node:…". */
function shortFile(url: string, root: string): string {
  if (!url) return '';
  if (!url.startsWith('file://')) return url;
  const relative = path.relative(root, new URL(url).pathname);
  return relative.replace(/^dist-bench\//, '');
}

/** The summary as text lines. */
export function renderProfile(summary: ReturnType<typeof summariseProfile>): string {
  const line = (spot: HotSpot): string => `  ${(spot.share * 100).toFixed(1).padStart(5)}%  ${spot.selfMs.toFixed(0).padStart(6)} ms  ${spot.name}`;
  return [
    `CPU profile of the pipeline process: ${(summary.total / 1_000).toFixed(2)} s sampled (self time)`,
    'by function:',
    ...summary.functions.map(line),
    'by file:',
    ...summary.files.map(line),
    '',
  ].join('\n');
}
