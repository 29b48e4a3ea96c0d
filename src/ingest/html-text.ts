// HTML from feeds made safe to keep (allow-list sanitiser) and made plain (text for search,
// classification and alerts), both in one streaming htmlparser2 pass.
import { decodeHTML, escapeText } from 'entities';
import { walkHtml } from './html-walker.js';

/** Decodes HTML character references (named, decimal, hex) once. */
export function decodeEntities(s: string): string {
  return s.includes('&') ? decodeHTML(s) : s;
}

// Only the whitespace that needs rewriting: runs of two or more, and single characters other
// than U+0020. Single spaces between words (most of what \s+ would match) are not touched, and
// the replacer runs a handful of times per body instead of once per word.
const SPACE_TO_FIX = /[ \t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]{2,}|[\t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;
const LINE_BREAK = /[\n\u2028\u2029]/;
const collapse = (run: string): string => (LINE_BREAK.test(run) ? '\n' : ' ');

/**
 * Collapses whitespace (a run holding a line break becomes one line break, any other run one
 * space), trims, and normalises to NFC. Written for speed: it runs on every entry body.
 */
export function tidyText(raw: string): string {
  return raw.replace(SPACE_TO_FIX, collapse).trim().normalize('NFC');
}

/**
 * Plain text of an HTML fragment: block tags become line breaks, script/style/comments are
 * dropped, entities are decoded once, whitespace is collapsed, and the result is NFC.
 */
export function htmlToText(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return tidyText(html);
  return tidyText(walkHtml(html, null, false).text);
}

/**
 * The sanitised HTML and the plain text of one fragment, in a single parse (what the feed
 * parser needs for every entry body).
 */
export function renderHtml(html: string, baseUrl: string | null): { html: string; text: string } {
  if (!html.includes('<') && !html.includes('&')) return { html: escapeText(html), text: tidyText(html) };
  const r = walkHtml(html, baseUrl, true);
  return { html: r.html, text: tidyText(r.text) };
}

/**
 * Sanitises an HTML fragment with an allow-list of tags and attributes: no script, style,
 * iframe, object or event handlers, no javascript: or data: URLs (except data:image in img src),
 * and relative href/src resolved against `baseUrl`. Text is re-escaped, so the result is safe to
 * embed.
 */
export function sanitiseHtml(html: string, baseUrl: string | null): string {
  if (!html.includes('<') && !html.includes('&')) return escapeText(html);
  return walkHtml(html, baseUrl, true).html;
}

