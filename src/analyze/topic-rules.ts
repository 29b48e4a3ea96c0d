// Loads config/topics.yaml (weighted terms, co-occurrence rules, negatives, threshold per topic),
// validates it with zod and compiles each topic into phrase scanners so classifying is one pass over the words.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { HeraldError } from '../errors.js';
import { cleanZodMessage, describeValue } from '../zod-issues.js';
import { createPhraseScanner, createVocabulary, type PhraseScanner, type Vocabulary } from './classify-scanner.js';

const weightedTerms = z.record(z.string().min(1), z.number());
const ruleSchema = z
  .object({
    /** Label shown in evidence, e.g. "DDoS + protest". */
    name: z.string().min(1),
    any: z.array(z.string().min(1)).min(1),
    with: z.array(z.string().min(1)).min(1),
    weight: z.number(),
  })
  .strict();
const topicSchema = z
  .object({
    description: z.string().optional(),
    threshold: z.number().positive(),
    /** Multiplier for matches in the title (headlines state the subject). */
    titleWeight: z.number().positive().default(1.5),
    /** Terms per language code; `*` ends a prefix (pirat* matches pirate, piratage…). */
    terms: z.record(z.string().min(1), weightedTerms),
    requires: z.array(ruleSchema).default([]),
    /** Phrases that subtract their weight; they also hide the shorter terms they contain. */
    negatives: z.record(z.string().min(1), weightedTerms).default({}),
  })
  .strict();
export const topicsFileSchema = z.object({ topics: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case topic name'), topicSchema) }).strict();
export type TopicsFile = z.output<typeof topicsFileSchema>;

/** What one matched phrase means for one topic: a weight to add, or one to subtract. */
export type TermRole = { kind: 'term'; weight: number } | { kind: 'negative'; weight: number };

/** A phrase's place in a co-occurrence rule. */
export interface RulePart {
  rule: number;
  side: 'any' | 'with';
}


export interface CompiledRule {
  name: string;
  weight: number;
}

export interface CompiledTopic {
  name: string;
  threshold: number;
  titleWeight: number;
  /** Terms and negatives; a longer phrase hides the shorter ones it contains. */
  terms: PhraseScanner;
  roles: Map<string, TermRole[]>;
  /** Rule phrases are scanned separately so they never hide a term (or the reverse). */
  parts: PhraseScanner | null;
  partRoles: Map<string, RulePart[]>;
  rules: CompiledRule[];
}

/** Topics ready for `classify`, in file order. */
export interface CompiledTopics {
  topics: CompiledTopic[];
  /** The first words of every topic's phrases: classify looks a text's words up once, for all scanners. */
  vocabulary: Vocabulary;
}

/** Compiles validated topics; phrases match whole words, case-insensitively, longest first. */
export function compileTopics(file: TopicsFile): CompiledTopics {
  const topics: CompiledTopic[] = [];
  const vocabulary = createVocabulary();
  for (const [name, topic] of Object.entries(file.topics)) {
    const roles = new Map<string, TermRole[]>();
    const partRoles = new Map<string, RulePart[]>();
    const add = <T>(map: Map<string, T[]>, phrase: string, role: T): void => {
      const key = phrase.toLowerCase();
      map.set(key, [...(map.get(key) ?? []), role]);
    };
    for (const byLang of Object.values(topic.terms)) for (const [p, w] of Object.entries(byLang)) add(roles, p, { kind: 'term', weight: w });
    for (const byLang of Object.values(topic.negatives)) for (const [p, w] of Object.entries(byLang)) add(roles, p, { kind: 'negative', weight: Math.abs(w) });
    topic.requires.forEach((rule, index) => {
      for (const p of rule.any) add(partRoles, p, { rule: index, side: 'any' });
      for (const p of rule.with) add(partRoles, p, { rule: index, side: 'with' });
    });
    topics.push({
      name,
      threshold: topic.threshold,
      titleWeight: topic.titleWeight,
      terms: createPhraseScanner([...roles.keys()], vocabulary),
      roles,
      parts: partRoles.size > 0 ? createPhraseScanner([...partRoles.keys()], vocabulary) : null,
      partRoles,
      rules: topic.requires.map((r) => ({ name: r.name, weight: r.weight })),
    });
  }
  return { topics, vocabulary };
}

/**
 * Parses and validates a topics YAML text.
 * @throws HeraldError `config/invalid` naming the file, key path, what was expected and what was found.
 */
export function parseTopics(text: string, file: string): CompiledTopics {
  const doc = parseDocument(text, { prettyErrors: true });
  const problems: string[] = [];
  for (const error of doc.errors) {
    const at = error.linePos?.[0];
    problems.push(`${at ? `${file}:${at.line}:${at.col}` : file}: ${error.message.split('\n')[0] ?? 'invalid YAML'}`);
  }
  if (problems.length === 0) {
    const result = topicsFileSchema.safeParse(doc.toJS(), { reportInput: true });
    if (result.success) return compileTopics(result.data);
    for (const issue of result.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      for (const keyPath of keys) {
        const key = keyPath.map(String).join('.');
        const found = issue.code === 'unrecognized_keys' ? 'an unknown key (check the spelling)' : `${cleanMessage(issue.message)}, found ${describeValue(issue.input)}`;
        problems.push(`${file}${key ? ` → ${key}` : ''}: ${found}`);
      }
    }
  }
  throw new HeraldError('config/invalid', `Topic rules have ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  - ${problems.join('\n  - ')}`, {
    details: { file, problems },
  });
}

/**
 * Reads and compiles a topics file (config/topics.yaml).
 * @throws HeraldError `config/unreadable` when the file cannot be read, `config/invalid` when it is wrong.
 */
export function loadTopics(file: string): CompiledTopics {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new HeraldError('config/unreadable', `Cannot read topic rules ${file}: ${(error as Error).message}`, { cause: error, details: { file } });
  }
  return parseTopics(text, file);
}

function cleanMessage(message: string): string {
  return cleanZodMessage(message.replace(/^Invalid key in record$/, 'expected a kebab-case topic name'));
}
