// The main text of an article page, without its navigation, share buttons, comments and footer:
// Mozilla's Readability (Firefox Reader View) over a linkedom document, with its cost bounded.
import { readingLength } from './reading-length.js';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { measureHtml } from './html-shape.js';

/** What an article page says, as plain text. */
export interface ExtractedArticle {
  /** The headline Readability settled on (og:title, <h1>, <title> minus the site name), if any. */
  title: string | null;
  /** Paragraphs separated by a blank line, lines within one by a line break; NFC. */
  text: string;
  /** The page's declared language (`<html lang>`), if any. */
  lang: string | null;
}

/** Limits for {@link extractArticle}. */
export interface ExtractOptions {
  /** Pages larger than this (UTF-8 bytes) are refused before parsing. */
  maxBytes?: number;
  /** Pages with more elements than this are refused before parsing. */
  maxElements?: number;
  /** Pages nesting elements deeper than this are refused before parsing. */
  maxDepth?: number;
  /** Less prose than this (paragraphs ending like a sentence; CJK characters count double) is not an article. */
  minChars?: number;
  /** Text past this many characters is dropped at a paragraph boundary; nothing downstream reads that far. */
  maxTextChars?: number;
}

export const EXTRACT_DEFAULTS = {
  maxBytes: 2 * 1024 * 1024,
  // A long news page has 2,000-5,000 elements nested 15-40 deep. Parsing and scoring cost grows
  // with the element count and much faster with depth (linkedom + Readability, 20,000 nested
  // divs: 13 s), so pages well past both are refused rather than allowed to hold the event loop.
  maxElements: 15_000,
  maxDepth: 100,
  minChars: 200,
  maxTextChars: 50_000,
} as const satisfies Required<ExtractOptions>;

const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER',
  'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION',
  'SUMMARY', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'svg', 'SVG']);

/** The little of the DOM the text walk needs (Herald compiles without the DOM library types). */
interface DomNode {
  readonly nodeType: number;
  readonly tagName?: string;
  readonly data?: string;
  readonly childNodes: ArrayLike<DomNode>;
}

// Readability drops what is hidden by attribute or inline style; these classes hide by stylesheet.
const SCREEN_READER_ONLY = '.screen-reader-text, .sr-only, .visually-hidden, .skip-link';
const SENTENCE_END = /[.!?。！？…]["'”’」』)）\]]*$/;

/**
 * Extracts the main text of an HTML article page; null when the page is over the size, element or
 * depth cap, Readability finds no article, or what it finds holds less than `minChars` of prose
 * (a section front, a login wall). Never throws.
 *
 * Safe on hostile pages: linkedom only builds a DOM — it has no script engine, so `<script>`,
 * inline handlers and `javascript:` URLs never run, and it loads nothing (no images, frames or
 * stylesheets). Readability reads `document.baseURI` only to make links absolute, which plain text
 * does not need, so `_url` is not used to set one.
 *
 * @see https://github.com/mozilla/readability#api-reference
 * @see https://github.com/WebReflection/linkedom#readme
 */
export function extractArticle(html: string, _url: string, options: ExtractOptions = {}): ExtractedArticle | null {
  const limits = { ...EXTRACT_DEFAULTS, ...options };
  // UTF-16 length bounds the UTF-8 size from below, so most pages skip the exact count.
  if (html.length > limits.maxBytes || Buffer.byteLength(html, 'utf8') > limits.maxBytes) return null;
  const shape = measureHtml(html, { elements: limits.maxElements, depth: limits.maxDepth });
  if (shape.elements > limits.maxElements || shape.depth > limits.maxDepth) return null;
  try {
    // linkedom makes the first element of a fragment the documentElement; Readability needs a
    // whole document with a <body>.
    const source = /<html[\s>]/i.test(html.slice(0, 4_096)) ? html : `<!doctype html><html><body>${html}</body></html>`;
    const { document } = parseHTML(source);
    if (!document.documentElement || !document.body) return null;
    // Text meant for screen readers only ("Skip to content", "Post navigation") sits in the
    // containers Readability keeps; a reader never sees it.
    for (const hidden of document.querySelectorAll(SCREEN_READER_ONLY)) hidden.remove();
    const article = new Readability<DomNode>(document, {
      // Readability's own guard counts getElementsByTagName('*'), which linkedom answers with an
      // empty list, so it never fires here: measureHtml above is the guard that works.
      maxElemsToParse: limits.maxElements,
      // The element itself rather than its innerHTML: its text is read straight off the DOM.
      serializer: (node) => node as DomNode,
    }).parse();
    if (!article?.content) return null;
    const text = clip(textOf(article.content), limits.maxTextChars);
    if (proseLength(text) < limits.minChars) return null;
    return { title: clean(article.title), text, lang: clean(article.lang) };
  } catch {
    // Readability throws past maxElemsToParse; linkedom on some broken markup. Either way: no article.
    return null;
  }
}

/**
 * How much of the text is prose: paragraphs that end like a sentence. A section front or a list of
 * links that Readability took for the content has plenty of characters but no prose.
 */
function proseLength(text: string): number {
  let length = 0;
  for (const paragraph of text.split('\n\n')) {
    if (SENTENCE_END.test(paragraph)) length += readingLength(paragraph);
  }
  return length;
}

/** Plain text of an element: block elements become paragraph breaks, <br> a line break. */
function textOf(root: DomNode): string {
  const parts: string[] = [];
  // Iterative: a page can nest thousands of divs, more than the call stack allows.
  const stack: Array<DomNode | '\n\n'> = [root];
  while (stack.length > 0) {
    const node = stack.pop() as DomNode | '\n\n';
    if (node === '\n\n') {
      parts.push(node);
      continue;
    }
    if (node.nodeType === 3) {
      parts.push(node.data ?? '');
      continue;
    }
    if (node.nodeType !== 1) continue;
    const tag = node.tagName ?? '';
    if (SKIPPED_TAGS.has(tag)) continue;
    if (tag === 'BR') {
      parts.push('\n');
      continue;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) {
      parts.push('\n\n');
      stack.push('\n\n');
    }
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as DomNode);
  }
  return tidyParagraphs(parts.join(''));
}

function tidyParagraphs(raw: string): string {
  return raw
    .replace(/[^\S\n]+/g, ' ')
    .split(/\n[ \n]*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join('\n'),
    )
    .filter((paragraph) => paragraph !== '')
    .join('\n\n')
    .normalize('NFC');
}

function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.lastIndexOf('\n\n', maxChars);
  return text.slice(0, cut > 0 ? cut : maxChars);
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}

export { readingLength };
