// Reading individual feed fields from XML elements: text constructs (text, escaped HTML,
// inline XHTML, base64), links, dates and people, shared by the RSS, RDF and Atom readers.
import { escapeText } from 'entities';
import { resolveUrl } from './canonical-url.js';
import { htmlToText, renderHtml } from './html-text.js';
import { parseDate } from './parse-date.js';
import { childrenOf, hasElementChildren, innerXml, textOf } from './xml-nodes.js';
import type { XmlElement } from './xml-tree.js';

/** What a text construct holds once its type and mode are applied. */
export interface Construct {
  kind: 'text' | 'html';
  value: string;
}

const HTML_LIKE = /<\/?[a-z][a-z0-9]*[\s/>]|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/**
 * Reads an element as a text construct (RFC 4287 §3.1 and Atom 0.3 `mode`). `fallback` is the
 * kind an element without a type means: 'text' for Atom, 'html' for RSS bodies, 'guess' for RSS
 * titles, which are plain or HTML depending on the publisher.
 *
 * @see https://www.rfc-editor.org/rfc/rfc4287#section-3.1
 */
export function readConstruct(el: XmlElement, fallback: 'text' | 'html' | 'guess'): Construct {
  const type = (el.attrs['type'] ?? '').trim().toLowerCase();
  const mode = (el.attrs['mode'] ?? '').trim().toLowerCase();
  const isXhtml = type === 'xhtml' || type === 'application/xhtml+xml';
  if (mode === 'base64') {
    const decoded = decodeBase64Text(textOf(el)) ?? '';
    return { kind: type === 'text/plain' || type === 'text' ? 'text' : 'html', value: decoded };
  }
  if (isXhtml || (mode === 'xml' && hasElementChildren(el))) {
    const elements = el.children.filter((c): c is XmlElement => typeof c !== 'string');
    const onlyDiv = elements.length === 1 && elements[0]?.local === 'div' && el.children.every((c) => typeof c !== 'string' || c.trim() === '');
    return { kind: 'html', value: onlyDiv && elements[0] ? innerXml(elements[0]) : innerXml(el) };
  }
  if (hasElementChildren(el)) return { kind: 'html', value: innerXml(el) };
  const value = textOf(el);
  if (type === 'html' || type === 'text/html' || mode === 'escaped') return { kind: 'html', value };
  if (type === 'text' || type === 'text/plain') return { kind: 'text', value };
  if (type.includes('/') && !type.startsWith('text/') && !type.endsWith('xml') && /^[A-Za-z0-9+/=\s]+$/.test(value)) {
    // Atom 1.0: other media types are base64 (§4.1.3.3); show them only if they decode to text.
    const decoded = decodeBase64Text(value);
    if (decoded !== null) return { kind: 'text', value: decoded };
  }
  if (fallback === 'guess') return { kind: HTML_LIKE.test(value) ? 'html' : 'text', value };
  return { kind: fallback, value };
}

function decodeBase64Text(value: string): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value.replace(/\s+/g, ''), 'base64'));
    return /^[\P{Cc}\t\n\r]*$/u.test(text) ? text : null;
  } catch {
    return null;
  }
}

/** A construct as one line of plain text (titles), or null when blank. */
export function plainLine(c: Construct): string | null {
  const text = c.kind === 'html' ? htmlToText(c.value) : c.value;
  const line = text.replace(/\s+/g, ' ').trim().normalize('NFC');
  return line === '' ? null : line;
}

/** A construct as sanitised HTML plus plain text (bodies), or null when blank. */
export function renderBody(c: Construct, base: string | null): { html: string; text: string } | null {
  if (c.value.trim() === '') return null;
  if (c.kind === 'text') {
    const text = c.value.replace(/[ \t\f\r]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim().normalize('NFC');
    return { html: escapeText(c.value.trim()), text };
  }
  return renderHtml(c.value, base);
}

/** Trimmed text of the first element with non-blank text, or null. */
export function firstText(elements: readonly (XmlElement | undefined)[]): string | null {
  for (const el of elements) {
    if (!el) continue;
    const t = textOf(el).trim();
    if (t !== '') return t;
  }
  return null;
}

/** The first date among the elements that parses, or null. */
export function firstDate(elements: readonly XmlElement[]): Date | null {
  for (const el of elements) {
    const d = parseDate(textOf(el));
    if (d) return d;
  }
  return null;
}

/** Resolves a link against the element's xml:base scope; null when it is not http(s). */
export function absoluteLink(href: string, el: XmlElement): string | null {
  const h = href.trim();
  if (h === '') return null;
  const resolved = resolveUrl(h, el.base);
  // An absolute link is kept as the publisher wrote it; canonicalUrl normalises it for identity.
  return resolved !== null && /^https?:\/\/[^\s]+$/i.test(h) ? h : resolved;
}

/**
 * The first Atom-style `<link href>` whose rel is absent or "alternate", resolved; links without
 * a usable href are skipped, so an attribute-less `<link/>` cannot break a feed.
 */
export function alternateLink(parent: XmlElement, namespaces: readonly string[]): string | null {
  for (const link of childrenOf(parent, namespaces, 'link')) {
    const rel = (link.attrs['rel'] ?? 'alternate').trim().toLowerCase();
    // Atom 0.3 drafts and some generators put the URL in the element's text.
    const href = link.attrs['href'] ?? textOf(link);
    if (rel !== 'alternate' && rel !== '') continue;
    const abs = absoluteLink(href, link);
    if (abs !== null) return abs;
  }
  return null;
}

/** A person element's name (Atom `<author><name>`), or its text (RSS author, dc:creator). */
export function personName(el: XmlElement | undefined, namespaces: readonly string[]): string | null {
  if (!el) return null;
  const name = firstText(childrenOf(el, namespaces, 'name'));
  if (name !== null) return name;
  if (hasElementChildren(el)) return firstText(childrenOf(el, namespaces, 'email'));
  const t = textOf(el).replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}
