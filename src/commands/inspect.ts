// `herald inspect`: parses feed files or URLs and shows what Herald reads in them, as JSON Lines
// (the conformance contract) or as a table for a moderator previewing a feed.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { inspectDocument, inspectFailure, type InspectResult } from '../ingest/inspect-document.js';
import { cleanForTerminal, truncate } from './terminal.js';

/** A fetched document, as the HTTP side of ingest returns it. */
export interface LoadedDocument {
  bytes: Uint8Array;
  contentType: string | null;
  /** Final URL after redirects; relative links resolve against it. */
  url: string;
}

export interface InspectDeps {
  /** Fetches http(s) inputs; without it such inputs are answered with code `unsupported`. */
  loadUrl?: (url: string) => Promise<LoadedDocument>;
  /** Reads a file input; defaults to fs.readFile. */
  readFile?: (path: string) => Promise<Uint8Array>;
  /** Receives each output line without its newline; defaults to process.stdout. */
  stdout?: (line: string) => void;
  /** Receives diagnostics; defaults to process.stderr. */
  stderr?: (line: string) => void;
}

interface InspectOptions {
  json?: boolean;
  baseUrl?: string;
  baseUrlMap?: string;
}

// Enough reads in flight to hide disk latency, few enough that large feeds do not pile up.
const WINDOW = 16;

/**
 * Registers `herald inspect [--json] [--base-url URL] [--base-url-map FILE.json] INPUT...`.
 * Exactly one answer per input, in input order; exit status 0 whenever every input was answered.
 */
export function registerInspect(program: Command, deps: InspectDeps): void {
  const out = deps.stdout ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const err = deps.stderr ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const read = deps.readFile ?? ((path: string) => readFile(path));

  program
    .command('inspect')
    .description('preview feed files or URLs as Herald reads them, storing nothing')
    .argument('<input...>', 'feed files, or http(s) URLs')
    .option('--json', 'print one JSON line per input (the conformance contract)')
    .option('--base-url <url>', 'document URL for resolving relative links')
    .option('--base-url-map <file>', 'JSON file mapping each input to its document URL')
    .action(async (inputs: string[], options: InspectOptions, command: Command) => {
      let baseUrls: Record<string, string> = {};
      if (options.baseUrlMap !== undefined) {
        try {
          const parsed: unknown = JSON.parse(Buffer.from(await read(options.baseUrlMap)).toString('utf8'));
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('it is not a JSON object');
          baseUrls = Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
        } catch (error) {
          command.error(`inspect: cannot use --base-url-map ${options.baseUrlMap}: ${(error as Error).message}`, { exitCode: 2 });
        }
      }
      const answer = async (input: string): Promise<InspectResult> => {
        const baseUrl = baseUrls[input] ?? options.baseUrl ?? null;
        if (/^https?:\/\//i.test(input)) {
          if (!deps.loadUrl) return inspectFailure(input, new Error('This build of herald cannot fetch URLs; save the feed to a file.'), 'unsupported');
          let doc: LoadedDocument;
          try {
            doc = await deps.loadUrl(input);
          } catch (error) {
            return inspectFailure(input, error, 'fetch_failed');
          }
          return inspectDocument(input, doc.bytes, { baseUrl: baseUrl ?? doc.url, contentType: doc.contentType });
        }
        let bytes: Uint8Array;
        try {
          bytes = await read(input);
        } catch (error) {
          return inspectFailure(input, error, 'unreadable');
        }
        return inspectDocument(input, bytes, { baseUrl });
      };
      const pending: Array<Promise<InspectResult>> = [];
      let next = 0;
      const fill = (): void => {
        while (pending.length < WINDOW && next < inputs.length) pending.push(answer(inputs[next++] as string));
      };
      fill();
      while (pending.length > 0) {
        const result = await (pending.shift() as Promise<InspectResult>);
        fill();
        if (options.json) out(JSON.stringify(result));
        else for (const line of renderTable(result)) out(line);
        if (!result.ok && result.error.code === 'internal') err(`inspect: internal error on ${result.input}: ${result.error.message}`);
      }
    });
}

const TITLE_WIDTH = 72;

/** The human-readable view of one answer: a header for the feed, then one line per item. */
// Feed text is untrusted: escape sequences and bidi controls must not reach the terminal.
export function renderTable(result: InspectResult): string[] {
  const clean = cleanForTerminal;
  const lines = [`== ${clean(result.input)}`];
  if (!result.ok) {
    lines.push(`   not a usable feed (${result.error.code}): ${clean(result.error.message)}`, '');
    return lines;
  }
  const { feed, items } = result;
  lines.push(`   title:  ${feed.title === null ? '(none)' : clean(feed.title)}`);
  lines.push(`   format: ${feed.format}    link: ${feed.link === null ? '(none)' : clean(feed.link)}    items: ${items.length}`);
  for (const item of items) {
    const date = (item.published ?? item.updated)?.slice(0, 16).replace('T', ' ') ?? '(no date)       ';
    const title = truncate(clean(item.title ?? '') || '(untitled)', TITLE_WIDTH);
    lines.push(`   ${date}  ${title}`);
    if (item.link) lines.push(`   ${' '.repeat(16)}  ${clean(item.link)}`);
  }
  lines.push('');
  return lines;
}
