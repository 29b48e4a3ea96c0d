// `herald explain ITEM_ID` and `herald reanalyze [--since DATE]`: why a stored item did or did not
// match each topic, and re-running analysis after topics.yaml changed.
import type { Command } from 'commander';
import { classify } from '../analyze/classify.js';
import { loadTopics } from '../analyze/topic-rules.js';
import { HeraldError } from '../errors.js';
import { topicsFile } from '../main.js';
import { analysisWithArticle, needsArticle } from '../pipeline/article-stage.js';
import { openHerald, readConfig, runCommand, withGlobalOptions, type GlobalOptions } from './context.js';
import { cleanForTerminal, plural } from './terminal.js';

export function registerExplain(program: Command): void {
  withGlobalOptions(program.command('explain <itemId>').description('show why a stored item did or did not match each topic')).action(
    (itemId: string, options: GlobalOptions) =>
      runCommand(async () => {
        if (!/^\d+$/.test(itemId)) throw new HeraldError('cli/usage', `"${itemId}" is not an item id; ids are numbers (see \`herald poll\` output or search).`);
        const config = readConfig(options);
        const herald = openHerald(options, config);
        try {
          const item = herald.store.getItem(Number(itemId));
          if (!item) throw new HeraldError('store/not-found', `There is no item #${itemId} in ${herald.store.path}.`);
          const rules = loadTopics(topicsFile(config));
          // Explained with the rules as they are now; the stored decision is shown beside it.
          const fromFeed = classify({ title: item.title, text: item.text, lang: item.language }, rules);
          const stored = herald.store.getItemAnalysis(item.id);
          // A teaser on a topic is analysed with its article page's text when the page was fetched.
          const page = item.url && stored && needsArticle(item, stored) ? herald.store.getArticle(item.url) : null;
          const withPage = page?.status === 'ok' && stored ? analysisWithArticle(item, { ...stored, ...fromFeed, summary: null }, page, rules, new Date()) : null;
          const now = withPage ?? fromFeed;
          const write = (line: string): void => void process.stdout.write(`${line}\n`);
          write(`#${item.id} ${cleanForTerminal(item.title)}`);
          if (item.url) write(`   ${item.url}`);
          write(`   language: ${stored?.lang ?? item.language ?? 'unknown'} · story #${stored?.storyId ?? '—'} · stored topics: ${stored ? stored.topics.join(', ') || 'none' : 'not analysed yet'}`);
          for (const topic of rules.topics) {
            const score = now.scores[topic.name] ?? 0;
            const matched = now.topics.includes(topic.name);
            write('');
            write(`${matched ? '✓' : '✗'} ${topic.name}: score ${score.toFixed(2)} ${matched ? '≥' : '<'} threshold ${topic.threshold}`);
            const evidence = now.evidence[topic.name] ?? [];
            if (evidence.length === 0) write('   no term of this topic appears in the title or the lead');
            for (const e of evidence) write(`   ${e.weight >= 0 ? '+' : '−'}${Math.abs(e.weight).toFixed(2)}  ${cleanForTerminal(e.term)}  (${e.where})`);
          }
          if (page?.status === 'ok') write(`\narticle page: ${page.text?.length ?? 0} chars of text, fetched ${page.fetchedAt}; topics and summary use it`);
          else if (page) write(`\narticle page: ${page.status} at ${page.fetchedAt} (${cleanForTerminal(page.error ?? '')}); the feed's teaser is used`);
          const summaryFromPage = withPage !== null && withPage.summary === stored?.summary;
          if (stored?.summary) write(`${page ? '' : '\n'}summary${summaryFromPage ? ` (from the article page, ${page?.text?.length ?? 0} chars)` : ''}: ${cleanForTerminal(stored.summary)}`);
        } finally {
          await herald.close();
        }
      }),
  );

  withGlobalOptions(
    program
      .command('reanalyze')
      .description('re-run topic classification and summaries (after editing topics.yaml); stories are kept')
      .option('--since <date>', 'only items published on or after this date (e.g. 2026-01-01)'),
  ).action((options: GlobalOptions & { since?: string }) =>
    runCommand(async () => {
      const since = options.since === undefined ? null : new Date(options.since);
      if (since && Number.isNaN(since.getTime())) throw new HeraldError('cli/usage', `--since "${options.since}" is not a date; try 2026-01-01.`);
      const herald = openHerald(options);
      try {
        const analysis = herald.analysis();
        if (!analysis) throw new HeraldError('cli/usage', 'analysis.enabled is false in herald.yaml; turn it on to analyse items.');
        const marked = herald.store.markForReanalysis(since);
        let done = 0;
        for (let batch = analysis.catchUp(1_000); batch > 0; batch = analysis.catchUp(1_000)) {
          done += batch;
          if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2Kreanalysed ${done}/${marked}`);
        }
        if (process.stderr.isTTY) process.stderr.write('\n');
        process.stdout.write(`Reanalysed ${plural(done, 'item')}${since ? ` published since ${since.toISOString().slice(0, 10)}` : ''}.\n`);
      } finally {
        await herald.close();
      }
    }),
  );
}
