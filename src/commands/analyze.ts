// `herald analyze`: JSON Lines in, JSON Lines out — topics, evidence, summary and story for each
// item, so moderators can try topic rules on a sample. Streams: one process for any number of lines.
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { analyzeItem } from '../analyze/analyze-item.js';
import { createStoryIndex } from '../analyze/cluster.js';
import { loadTopics } from '../analyze/topic-rules.js';
import { topicsFile } from '../main.js';
import { readConfig, runCommand, type GlobalOptions } from './context.js';

const inputSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string().default(''),
  text: z.string().default(''),
  url: z.string().optional(),
  published: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO 8601 date').optional(),
  lang: z.string().nullable().optional(),
});

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('classify, summarise and cluster JSON Lines items from stdin ({"id","title","text","url"?,"published"?,"lang"?})')
    .option('-c, --config <dir>', 'folder with topics.yaml (default: ./config or HERALD_CONFIG_DIR)')
    .action((options: Pick<GlobalOptions, 'config'>) =>
      runCommand(async () => {
        const topics = loadTopics(topicsFile(readConfig(options)));
        await analyzeStream(process.stdin, (line) => void process.stdout.write(`${line}\n`), { topics });
      }),
    );
}

/** One output line per input line, in order; a bad line gets an error line, never a crash. */
export async function analyzeStream(
  input: NodeJS.ReadableStream,
  write: (line: string) => void,
  deps: { topics: ReturnType<typeof loadTopics>; now?: () => Date },
): Promise<void> {
  const stories = createStoryIndex();
  const now = deps.now ?? (() => new Date());
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      write(JSON.stringify({ line: lineNumber, error: { code: 'invalid_json', message: (error as Error).message } }));
      continue;
    }
    const parsed = inputSchema.safeParse(raw);
    if (!parsed.success) {
      const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(line)'}: ${issue.message}`).join('; ');
      write(JSON.stringify({ line: lineNumber, error: { code: 'invalid_item', message } }));
      continue;
    }
    const item = parsed.data;
    const result = analyzeItem(
      { id: item.id, title: item.title, text: item.text, publishedAt: item.published ?? now().toISOString(), lang: item.lang ?? null },
      { topics: deps.topics, stories },
    );
    write(JSON.stringify({ id: item.id, topics: result.topics, scores: result.scores, evidence: result.evidence, summary: result.summary, lang: result.lang, story: result.story }));
  }
}
