// One item through the whole analysis: language, topics with evidence, summary, story.
import { classify, type Classification } from './classify.js';
import type { StoryIndex } from './cluster.js';
import { stripBoilerplate, stripMarkup } from './boilerplate.js';
import { detectLanguage } from './detect-language.js';
import { summarize } from './summarize.js';
import type { CompiledTopics } from './topic-rules.js';

export interface AnalysisInput {
  id: string;
  title: string;
  text: string;
  /** ISO 8601; stories only join items within their window of each other. */
  publishedAt: string;
  /** The feed's declared language, if any; detected from the text otherwise. */
  lang?: string | null;
}

export interface Analysis extends Classification {
  lang: string | null;
  /** Null when the item matches no topic: only matching items are summarised. */
  summary: string | null;
  /** The id of the story's first item. */
  story: string;
}

export interface AnalysisDeps {
  topics: CompiledTopics;
  stories: StoryIndex;
  /** The item's story when it already has one (an edit, a re-analysis): it keeps it. */
  knownStory?: string | null;
}

// Raw characters read for the story's lead (600 characters once markup is gone): room for markup.
const STORY_TEXT_CHARS = 4_000;

/** Analyses one item; never throws on odd input (empty, markup, huge, binary). */
export function analyzeItem(item: AnalysisInput, deps: AnalysisDeps): Analysis {
  // classify and summarize each drop markup and page chrome their own way (the classifier keeps
  // a "Related stories" heading that precedes the article; see classify.ts), so they get the text as given.
  const { title, text } = item;
  // The title and first paragraph are plenty to tell the language, and keep detection cheap.
  const lang = item.lang || detectLanguage(`${title}\n${stripMarkup(text.slice(0, 1_000))}`);
  const classification = classify({ title, text, lang }, deps.topics);
  const summary = classification.topics.length > 0 ? summarize({ title, text, lang }) : null;
  // The language decides how two reports are compared (across languages: on names, places and concepts only).
  // Stories read only the lead: cleaning the whole of a long text for them would be wasted.
  const story = deps.knownStory ?? deps.stories.assign({ id: item.id, title: stripMarkup(title), text: stripBoilerplate(stripMarkup(text.slice(0, STORY_TEXT_CHARS))), publishedAt: item.publishedAt, lang, topics: classification.topics }).storyId;
  return { ...classification, lang, summary, story };
}
