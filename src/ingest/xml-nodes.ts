// Reading and re-serialising the element tree built by xml-tree.ts: text content, inline markup
// and child lookups by namespace and local name.
import { escapeAttribute, escapeText } from 'entities';
import type { XmlElement } from './xml-tree.js';

/** Concatenated text of an element and its descendants. */
export function textOf(el: XmlElement): string {
  if (el.children.length === 1 && typeof el.children[0] === 'string') return el.children[0];
  let out = '';
  for (const c of el.children) out += typeof c === 'string' ? c : textOf(c);
  return out;
}

/** True when the element has element children (markup written inline, not escaped). */
export function hasElementChildren(el: XmlElement): boolean {
  return el.children.some((c) => typeof c !== 'string');
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'cite']);
const VOID_HTML = new Set(['br', 'hr', 'img', 'wbr', 'area', 'base', 'col', 'embed', 'input', 'link', 'meta', 'source', 'track']);

function resolveAgainst(value: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(value.trim())) return value;
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return value;
  }
}

/** Re-serialises an element's content as markup, dropping namespace prefixes (xhtml:p → p). */
export function innerXml(el: XmlElement): string {
  let out = '';
  for (const c of el.children) out += typeof c === 'string' ? escapeText(c) : outerXml(c);
  return out;
}

function outerXml(el: XmlElement): string {
  const colon = el.name.indexOf(':');
  const tag = colon < 0 ? el.name : el.name.slice(colon + 1);
  let attrs = '';
  for (const [k, v] of Object.entries(el.attrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:') || k.startsWith('xml:')) continue;
    // Inline markup can carry its own xml:base; resolve here, where that scope is known.
    const value = URL_ATTRIBUTES.has(k) && el.base !== null ? resolveAgainst(v, el.base) : v;
    attrs += ` ${k}="${escapeAttribute(value)}"`;
  }
  if (el.children.length > 0) return `<${tag}${attrs}>${innerXml(el)}</${tag}>`;
  return VOID_HTML.has(tag.toLowerCase()) ? `<${tag}${attrs}/>` : `<${tag}${attrs}></${tag}>`;
}

/** Direct children with the given local name in one of the given namespaces. */
export function childrenOf(el: XmlElement, namespaces: readonly string[], local: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== 'string' && c.local === local && namespaces.includes(c.ns)) out.push(c);
  return out;
}

/** The first direct child with the given local name in one of the given namespaces. */
export function childOf(el: XmlElement, namespaces: readonly string[], local: string): XmlElement | undefined {
  for (const c of el.children) if (typeof c !== 'string' && c.local === local && namespaces.includes(c.ns)) return c;
  return undefined;
}
