// Scores an item against each topic's compiled rules and keeps the evidence, so every decision
// can be explained: which phrase matched, where, and what it was worth.
import { tokenize, type Tokens } from './classify-scanner.js';
import type { CompiledTopic, CompiledTopics } from './topic-rules.js';

export interface ClassifyInput {
  title: string;
  text: string;
  lang?: string | null;
}

export interface Evidence {
  term: string;
  where: 'title' | 'text';
  weight: number;
}

export interface Classification {
  /** Topics whose score reached their threshold, in rule-file order. */
  topics: string[];
  scores: Record<string, number>;
  evidence: Record<string, Evidence[]>;
}

/** Only the lead counts: the subject of a news item is stated early. */
export const TEXT_LIMIT = 1500;
const TITLE_LIMIT = 400;

// A page's related links and footers are not its subject; cut the text where they start.
const BOILERPLATE =
  /(?:^|\n|\s{2,}|[.!?。]\s*)(?:related (?:stories|articles|posts|news|links)|related\s*:|more on\b|more from\b|read more|see also|you may also like|share this|leave a reply|関連記事|関連ニュース|あわせて読みたい|weitere artikel|mehr zum thema|lire aussi|à lire aussi|articles similaires|noticias relacionadas|leer más|articoli correlati|leggi anche|notícias relacionadas|leia também|veja também)/giu;

// A heading left alone on its line and followed by a paragraph of prose is an emptied widget (its
// links were stripped), not the start of the footer: the article goes on after it.
const EMPTY_WIDGET = /^[^\n]{0,40}\n\s*\n[^\n•·|]{60,}?[.!?。](?:\s|$)/u;

/** Cuts text at the first boilerplate marker and to the lead's length. */
export function leadOf(text: string): string {
  const head = text.length > TEXT_LIMIT * 2 ? text.slice(0, TEXT_LIMIT * 2) : text;
  let cut = head;
  BOILERPLATE.lastIndex = 0;
  for (let m = BOILERPLATE.exec(head); m; m = BOILERPLATE.exec(head)) {
    if (EMPTY_WIDGET.test(head.slice(m.index + m[0].length))) continue;
    cut = head.slice(0, m.index);
    break;
  }
  return cut.length > TEXT_LIMIT ? cut.slice(0, TEXT_LIMIT) : cut;
}

/**
 * Classifies an item against compiled topics.
 * @returns the matching topics, a score per topic and the evidence behind each score.
 */
export function classify(item: ClassifyInput, topics: CompiledTopics): Classification {
  const title = (typeof item.title === 'string' ? item.title : '').slice(0, TITLE_LIMIT);
  const text = leadOf(typeof item.text === 'string' ? item.text : '');
  const result: Classification = { topics: [], scores: {}, evidence: {} };
  const fields = { title: tokenize(title, topics.vocabulary), text: tokenize(text, topics.vocabulary) };
  for (const topic of topics.topics) {
    const { score, evidence } = scoreTopic(topic, fields);
    result.scores[topic.name] = score;
    result.evidence[topic.name] = evidence;
    if (score >= topic.threshold) result.topics.push(topic.name);
  }
  return result;
}

function scoreTopic(topic: CompiledTopic, fields: { title: Tokens; text: Tokens }): { score: number; evidence: Evidence[] } {
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  const any = new Map<number, { term: string; where: 'title' | 'text' }>();
  const withSide = new Map<number, { term: string; where: 'title' | 'text' }>();
  for (const where of ['title', 'text'] as const) {
    const source = fields[where];
    if (source.words.length === 0 && !source.hasCjk) continue;
    const factor = where === 'title' ? topic.titleWeight : 1;
    for (const phrase of topic.terms.scan(source)) {
      // A phrase counts once per item (its best place), so repetition does not inflate a score.
      if (seen.has(phrase)) continue;
      seen.add(phrase);
      const roles = topic.roles.get(phrase) ?? [];
      const term = roles.find((r) => r.kind === 'term');
      if (term) evidence.push({ term: phrase, where, weight: round(term.weight * factor) });
      for (const role of roles) if (role.kind === 'negative') evidence.push({ term: phrase, where, weight: -role.weight });
    }
    if (!topic.parts) continue;
    for (const phrase of topic.parts.scan(source)) {
      for (const part of topic.partRoles.get(phrase) ?? []) {
        const side = part.side === 'any' ? any : withSide;
        if (!side.has(part.rule)) side.set(part.rule, { term: phrase, where });
      }
    }
  }
  topic.rules.forEach((rule, index) => {
    const a = any.get(index);
    const w = withSide.get(index);
    if (a && w) evidence.push({ term: `${rule.name} (${a.term} + ${w.term})`, where: a.where === 'title' || w.where === 'title' ? 'title' : 'text', weight: rule.weight });
  });
  const score = round(evidence.reduce((sum, e) => sum + e.weight, 0));
  evidence.sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
  return { score, evidence };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
