// The analysis step of the poll cycle: every new or edited item gets its topics, evidence,
// summary and story, stored with it. Items the analysis has not reached (a crash between storing
// and analysing, `herald reanalyze`) stay marked and are taken up at the next cycle.
import type { Logger } from 'pino';
import { analyzeItem } from '../analyze/analyze-item.js';
import { stripBoilerplate, stripMarkup } from '../analyze/boilerplate.js';
import { createStoryIndex, type StoryIndex } from '../analyze/cluster.js';
import type { CompiledTopics } from '../analyze/topic-rules.js';
import type { ItemAnalysis, StoredItem } from '../domain/index.js';

/** Storage as the analysis step sees it. */
export interface AnalysisStore {
  recordAnalysis(itemId: number, analysis: ItemAnalysis): void;
  recentStoryItems(since: Date): Array<{ item: StoredItem; storyId: number; lang: string | null; topics: string[] }>;
  unanalyzedItems(limit: number): StoredItem[];
  storyOf(itemId: number): number | null;
}

export interface AnalysisStage {
  /** Analyses these items (new or edited) and stores the results; returns how many were analysed. */
  analyze(items: readonly StoredItem[]): number;
  /** Analyses items left unanalysed, oldest first, up to `limit`. */
  catchUp(limit: number): number;
}

export interface AnalysisStageDeps {
  store: AnalysisStore;
  topics: CompiledTopics;
  clock: () => Date;
  log: Logger;
  /** Items further apart than this are never one story. */
  storyWindowMs: number;
}

/** Builds the stage and its story index, rebuilt from the stories of the last window. */
export function createAnalysisStage(deps: AnalysisStageDeps): AnalysisStage {
  const stories: StoryIndex = createStoryIndex({ windowMs: deps.storyWindowMs });
  for (const { item, storyId, lang, topics } of deps.store.recentStoryItems(new Date(deps.clock().getTime() - deps.storyWindowMs))) {
    stories.remember({ id: String(item.id), title: stripMarkup(item.title), text: stripBoilerplate(stripMarkup(item.text)), publishedAt: item.publishedAt, lang, topics }, String(storyId));
  }

  const analyze = (items: readonly StoredItem[]): number => {
    let done = 0;
    // Time order, so a story's first report is the one that starts it.
    for (const item of [...items].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id - b.id)) {
      try {
        const known = deps.store.storyOf(item.id);
        const result = analyzeItem(
          { id: String(item.id), title: item.title, text: item.text, publishedAt: item.publishedAt, lang: item.language },
          { topics: deps.topics, stories, knownStory: known === null ? null : String(known) },
        );
        deps.store.recordAnalysis(item.id, {
          lang: result.lang,
          topics: result.topics,
          scores: result.scores,
          evidence: result.evidence,
          summary: result.summary,
          storyId: Number(result.story),
          analyzedAt: deps.clock().toISOString(),
        });
        done++;
      } catch (error) {
        // The item stays unanalysed and is retried at the next cycle; the others go on.
        deps.log.error({ err: error, itemId: item.id }, 'could not analyse this item; it will be retried');
      }
    }
    return done;
  };

  return {
    analyze,
    catchUp: (limit) => analyze(deps.store.unanalyzedItems(limit)),
  };
}
