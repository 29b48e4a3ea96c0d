// A tolerant XML reader for feeds: builds a small element tree with namespaces, xml:base and
// xml:lang resolved, on htmlparser2's xmlMode tokenizer, which never throws on broken input.
import { decodeHTMLAttribute, decodeHTMLStrict } from 'entities';
import { createTokenizer } from './fast-tokenizer.js';

/** Namespaces feeds use, by a short key; elements in other namespaces keep their URI. */
const NAMESPACES: Readonly<Record<string, string>> = {
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/atom/ns#draft-ietf-atompub-format-08': 'atom',
  'http://my.netscape.com/rdf/simple/0.9/': 'rss',
  'http://channel.netscape.com/rdf/simple/0.9/': 'rss',
  'http://purl.org/rss/1.0/': 'rss',
  'http://purl.org/net/rss1.1#': 'rss',
  'http://backend.userland.com/rss2': 'rss',
  'http://blogs.law.harvard.edu/tech/rss': 'rss',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/xml/1998/namespace': 'xml',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
};

// Prefixes feeds often use without declaring them.
const DEFAULT_PREFIXES: Readonly<Record<string, string>> = {
  xml: 'xml', atom: 'atom', dc: 'dc', dcterms: 'dcterms', content: 'content', rdf: 'rdf',
  xhtml: 'xhtml', itunes: 'itunes', media: 'media',
};

// Deeper elements are dropped (their text still counts): no feed nests this deep, and the
// recursive readers of the tree must not run out of stack on a hostile document.
const MAX_DEPTH = 256;

// XML 1.0 forbids C0 controls other than tab, LF and CR (raw or as references); feeds that send
// them anyway must not pass them on to chat messages.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const MAX_ENTITY_EXPANSION = 1_000_000;

export interface XmlElement {
  /** Qualified name as written, for re-serialising markup. */
  name: string;
  /** Namespace key ('atom', 'rss', 'dc', …), the raw URI for others, '' for none. */
  ns: string;
  /** Local name, lower-cased: feeds in the wild do not agree on case. */
  local: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Effective xml:base (absolute when it could be resolved), or the document URL, or null. */
  base: string | null;
  /** Effective xml:lang, or null. */
  lang: string | null;
}

export type XmlNode = XmlElement | string;

export interface XmlTree {
  root: XmlElement | null;
  /** Signs the document is not well-formed (mismatched or unclosed tags, text outside the root). */
  errors: number;
}

function namespaceKey(uri: string): string {
  return NAMESPACES[uri.trim().toLowerCase()] ?? uri;
}

function resolveBase(value: string, parent: string | null): string | null {
  try {
    return parent === null ? new URL(value).href : new URL(value, parent).href;
  } catch {
    return parent;
  }
}

/** Parses XML text into a tree; never throws. `documentUrl` is the outermost base URI. */
export function parseXmlTree(source: string, documentUrl: string | null): XmlTree {
  const { text, sections } = liftCdata(source);
  const builder = new TreeBuilder(text, sections, documentUrl);
  const tokenizer = createTokenizer({ xmlMode: true, decodeEntities: false }, builder);
  tokenizer.write(text);
  tokenizer.end();
  if (builder.stack.length > 0) builder.errors++;
  return { root: builder.root, errors: builder.errors };
}

// Tokenizer callbacks building the tree. It sits below htmlparser2's Parser, whose element stack
// costs O(depth) per tag (quadratic on hostile nesting); this one is a plain array.
class TreeBuilder {
  readonly stack: XmlElement[] = [];
  private readonly scopes: Array<Record<string, string>> = [DEFAULT_PREFIXES];
  root: XmlElement | null = null;
  errors = 0;
  private skippedDepth = 0;
  private readonly entities: Map<string, string> | null;
  private readonly budget = { chars: MAX_ENTITY_EXPANSION };
  private tagName = '';
  private attrs: Record<string, string> = {};
  private attrName = '';
  private attrValue = '';

  constructor(
    private readonly src: string,
    private readonly sections: readonly string[],
    private readonly documentUrl: string | null,
  ) {
    this.entities = declaredEntities(src);
  }

  private decodeText(s: string): string {
    return s.includes('&') ? decodeHTMLStrict(expandDeclared(s, this.entities, this.budget)) : s;
  }

  private lookup(prefix: string): string | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i]?.[prefix];
      if (v !== undefined) return v;
    }
    return undefined;
  }

  onopentagname(start: number, end: number): void {
    this.tagName = this.src.slice(start, end);
    this.attrs = {};
  }

  onattribname(start: number, end: number): void {
    this.attrName = this.src.slice(start, end);
    this.attrValue = '';
  }

  onattribdata(start: number, end: number): void {
    this.attrValue += this.src.slice(start, end);
  }

  onattribentity(): void {}

  onattribend(): void {
    if (Object.prototype.hasOwnProperty.call(this.attrs, this.attrName)) return;
    this.attrs[this.attrName] = this.attrValue.includes('&') ? decodeHTMLAttribute(this.attrValue) : this.attrValue;
  }

  onopentagend(): void {
    this.open(this.tagName, this.attrs);
  }

  onselfclosingtag(): void {
    this.open(this.tagName, this.attrs);
    this.close(this.tagName);
  }

  onclosetag(start: number, end: number): void {
    this.close(this.src.slice(start, end));
  }

  ontext(start: number, end: number): void {
    this.addText(this.decodeText(this.src.slice(start, end)), start, end);
  }

  ontextentity(): void {}

  oncdata(start: number, end: number, offset: number): void {
    const data = this.src.slice(start, end - offset);
    this.addText(data.charCodeAt(0) === 0 ? (this.sections[Number(data.slice(1))] ?? '') : data, start, end);
  }

  oncomment(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}
  onend(): void {}

  private addText(raw: string, start: number, end: number): void {
    const value = CONTROL_CHAR.test(raw) ? raw.replace(CONTROL_CHARS, '') : raw;
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      if (this.src.slice(start, end).trim() !== '') this.errors++;
      return;
    }
    const children = parent.children;
    const last = children[children.length - 1];
    if (typeof last === 'string') children[children.length - 1] = last + value;
    else children.push(value);
  }

  private open(name: string, attrs: Record<string, string>): void {
    if (this.stack.length >= MAX_DEPTH) {
      this.skippedDepth++;
      return;
    }
    let scope: Record<string, string> | null = null;
    for (const k in attrs) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) (scope ??= {})[k === 'xmlns' ? '' : k.slice(6)] = namespaceKey(attrs[k] as string);
    }
    this.scopes.push(scope ?? {});
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const parent = this.stack[this.stack.length - 1];
    const el: XmlElement = {
      name,
      ns: this.lookup(prefix) ?? prefix,
      local: (colon < 0 ? name : name.slice(colon + 1)).toLowerCase(),
      attrs,
      children: [],
      base: parent ? parent.base : this.documentUrl,
      lang: parent ? parent.lang : null,
    };
    const xmlBase = attrs['xml:base'];
    if (xmlBase !== undefined) el.base = resolveBase(xmlBase, el.base);
    const xmlLang = attrs['xml:lang'];
    if (xmlLang !== undefined) el.lang = xmlLang.trim() === '' ? null : xmlLang.trim();
    if (parent) parent.children.push(el);
    else if (this.root === null) this.root = el;
    else this.errors++;
    this.stack.push(el);
  }

  // A close tag closes the nearest open element of that name and everything inside it (as
  // htmlparser2's Parser does); a close tag matching nothing is ignored.
  private close(name: string): void {
    if (this.skippedDepth > 0) {
      this.skippedDepth--;
      return;
    }
    const stack = this.stack;
    let at = stack.length - 1;
    while (at >= 0 && (stack[at] as XmlElement).name !== name) at--;
    if (at < 0) {
      this.errors++;
      return;
    }
    if (at < stack.length - 1) this.errors++;
    while (stack.length > at) {
      stack.pop();
      this.scopes.pop();
    }
  }
}

/**
 * Moves CDATA section contents out of the text before tokenising, leaving `<![CDATA[\0N]]>`
 * placeholders: htmlparser2 scans CDATA one character at a time, and entry bodies are mostly
 * CDATA. Native indexOf finds the sections far faster. Comments are skipped so that a CDATA
 * opener inside a comment stays a comment.
 */
function liftCdata(source: string): { text: string; sections: string[] } {
  const sections: string[] = [];
  if (!source.includes('<![CDATA[')) return { text: source, sections };
  // Parts joined once: a string built with += is a rope, and the tokenizer reads it slowly.
  const parts: string[] = [];
  let last = 0;
  let from = 0;
  let comment = -2; // next '<!--' at or after `from`; found once per comment, not once per section
  for (;;) {
    const open = source.indexOf('<![CDATA[', from);
    if (open < 0) break;
    if (comment !== -1 && comment < from) comment = source.indexOf('<!--', from);
    if (comment >= 0 && comment < open) {
      const endComment = source.indexOf('-->', comment + 4);
      if (endComment < 0) break;
      from = endComment + 3;
      continue;
    }
    const close = source.indexOf(']]>', open + 9);
    if (close < 0) break;
    sections.push(source.slice(open + 9, close));
    parts.push(source.slice(last, open), `<![CDATA[\u0000${sections.length - 1}]]>`);
    last = close + 3;
    from = last;
  }
  parts.push(source.slice(last));
  return { text: parts.join(''), sections };
}

// Entities declared in an internal DTD subset (<!ENTITY name "value">), which some feeds use.
function declaredEntities(text: string): Map<string, string> | null {
  const head = text.slice(0, 4096);
  if (!head.includes('<!ENTITY')) return null;
  const map = new Map<string, string>();
  for (const m of head.matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g)) {
    if (m[1] !== undefined) map.set(m[1], m[2] ?? m[3] ?? '');
  }
  return map.size > 0 ? map : null;
}

// Expansion is one level deep and budgeted per document, so a small document cannot expand
// into gigabytes ("billion laughs").
function expandDeclared(s: string, entities: Map<string, string> | null, budget: { chars: number }): string {
  if (entities === null) return s;
  return s.replace(/&([A-Za-z_][\w.-]*);/g, (m, name: string) => {
    const value = entities.get(name);
    if (value === undefined || value.length > budget.chars) return m;
    budget.chars -= value.length;
    return value;
  });
}
