// Reads RSS 0.9x/1.0 (RDF)/1.1/2.0, Atom 0.3/1.0 and CDF documents from the tolerant XML tree
// into Herald's ParsedFeed, one entry at a time so that a broken entry cannot lose the feed.
import type { FeedFormat, ParsedEntry, ParsedFeed } from '../domain/index.js';
import {
  absoluteLink, alternateLink, firstDate, firstText, personName, plainLine, readConstruct, renderBody,
} from './feed-fields.js';
import { resolveUrl } from './canonical-url.js';
import { parseDate } from './parse-date.js';
import { childOf, childrenOf, textOf } from './xml-nodes.js';
import type { XmlElement } from './xml-tree.js';

/** Feeds with more entries keep the first ones: no real feed needs more, and memory is finite. */
export const MAX_ENTRIES = 5000;

type Family = 'rss' | 'atom';

interface Shape {
  format: FeedFormat;
  family: Family;
  /** Element holding feed-level metadata. */
  channel: XmlElement;
  /** Namespaces of the core vocabulary in this document. */
  core: readonly string[];
  entries: XmlElement[];
}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/** Works out which kind of feed a root element is, or null when it is not one. */
export function feedShape(root: XmlElement): Shape | null {
  const local = root.local;
  if (local === 'feed' || (local === 'entry' && ['atom', ''].includes(root.ns))) {
    const core = unique([root.ns, 'atom', '']);
    const entries = local === 'entry' ? [root] : childrenOf(root, core, 'entry');
    return { format: 'atom', family: 'atom', channel: root, core, entries };
  }
  if (local === 'rss' || (local === 'rdf' && (root.ns === 'rdf' || root.name.includes(':'))) || local === 'channel') {
    const format: FeedFormat = local === 'rdf' ? 'rdf' : 'rss';
    const channel = local === 'channel' ? root : (childOf(root, ['', 'rss', root.ns], 'channel') ?? firstChildNamed(root, 'channel') ?? root);
    const core = unique([channel.ns, '', 'rss']);
    const entries = [...childrenOf(channel, core, 'item')];
    if (channel !== root) entries.push(...childrenOf(root, core, 'item'));
    const itemsList = childOf(channel, core, 'items');
    if (itemsList) entries.push(...childrenOf(itemsList, core, 'item'));
    return { format, family: 'rss', channel, core, entries };
  }
  return null;
}

function firstChildNamed(el: XmlElement, local: string): XmlElement | undefined {
  for (const c of el.children) if (typeof c !== 'string' && c.local === local) return c;
  return undefined;
}

/** Builds the ParsedFeed for a recognised shape. */
export function readXmlFeed(shape: Shape): ParsedFeed {
  const { channel, core, family } = shape;
  const titleEl = childOf(channel, core, 'title') ?? childOf(channel, ['dc'], 'title');
  const language = firstText([childOf(channel, core, 'language'), childOf(channel, ['dc'], 'language')]) ?? channel.lang;
  const entries: ParsedEntry[] = [];
  for (const el of shape.entries.slice(0, MAX_ENTRIES)) {
    try {
      entries.push(detachEntry(family === 'atom' ? readAtomEntry(el, core, language) : readRssItem(el, core, language)));
    } catch {
      // One entry we cannot read is skipped; the rest of the feed still counts.
    }
  }
  return {
    format: shape.format,
    title: titleEl ? plainLine(readConstruct(titleEl, family === 'atom' ? 'text' : 'guess')) : null,
    link: family === 'atom' ? alternateLink(channel, core) : rssLink(channel, core),
    language,
    ttlMinutes: family === 'rss' ? ttlOf(channel, core) : null,
    skipHours: family === 'rss' ? skipHoursOf(channel, core) : [],
    skipDays: family === 'rss' ? skipDaysOf(channel, core) : [],
    entries,
  };
}

// Substrings of the document text are V8 "sliced strings" that keep the whole document (often
// hundreds of KB) alive; stored items travel up the pipeline for a whole poll cycle, so an entry's
// short fields are copied out. Concatenate-then-slice forces a fresh flat string.
function detach(s: string): string {
  return ` ${s}`.slice(1);
}

function detachEntry(entry: ParsedEntry): ParsedEntry {
  const copy = (s: string | null): string | null => (s === null ? null : detach(s));
  return {
    ...entry,
    guid: copy(entry.guid),
    title: copy(entry.title),
    link: copy(entry.link),
    author: copy(entry.author),
    categories: entry.categories.map(detach),
    language: copy(entry.language),
  };
}

function rssLink(el: XmlElement, core: readonly string[]): string | null {
  // Several <link>s: the last usable one wins, as in gofeed (feedparser has no opinion).
  const links = childrenOf(el, core, 'link');
  for (let i = links.length - 1; i >= 0; i--) {
    const link = links[i] as XmlElement;
    const abs = absoluteLink(link.attrs['href'] ?? textOf(link), link);
    if (abs !== null) return abs;
  }
  const cdf = el.attrs['href'] ?? el.attrs['HREF'];
  if (cdf !== undefined) {
    const abs = absoluteLink(cdf, el);
    if (abs !== null) return abs;
  }
  return alternateLink(el, ['atom']);
}

function bodyOf(candidates: readonly (XmlElement | undefined)[], fallback: 'text' | 'html'): { html: string; text: string } | null {
  for (const el of candidates) {
    if (!el) continue;
    const body = renderBody(readConstruct(el, fallback), el.base);
    if (body) return body;
  }
  return null;
}

// A hostile feed can carry hundreds of thousands of categories; no real item needs more.
const MAX_CATEGORIES = 100;

function categoriesOf(el: XmlElement, core: readonly string[]): string[] {
  const out = new Set<string>();
  const add = (value: string): void => {
    const v = value.trim();
    if (v !== '' && out.size < MAX_CATEGORIES) out.add(v);
  };
  for (const c of [...childrenOf(el, core, 'category'), ...childrenOf(el, ['atom'], 'category')]) add(c.attrs['term'] ?? c.attrs['label'] ?? textOf(c));
  for (const c of childrenOf(el, ['dc'], 'subject')) add(textOf(c));
  return [...out];
}

function readRssItem(el: XmlElement, core: readonly string[], feedLanguage: string | null): ParsedEntry {
  const titleEl = childOf(el, core, 'title') ?? childOf(el, ['dc'], 'title') ?? childOf(el, ['atom'], 'title') ?? mediaTitle(el);
  const guidEl = childOf(el, core, 'guid');
  const guid = firstText([guidEl]) ?? firstText([childOf(el, ['atom'], 'id')]) ?? (el.attrs['rdf:about']?.trim() || null);
  let link = rssLink(el, core);
  if (link === null && guidEl && guid !== null && (guidEl.attrs['isPermaLink'] ?? 'true').trim().toLowerCase() !== 'false') {
    link = /^https?:\/\//i.test(guid) ? absoluteLink(guid, guidEl) : null;
  }
  const body = bodyOf(
    [
      childOf(el, ['content'], 'encoded'), childOf(el, ['xhtml'], 'body'), childOf(el, core, 'body'),
      childOf(el, core, 'fullitem'), childOf(el, ['atom'], 'content'), childOf(el, core, 'description'),
      childOf(el, ['dc'], 'description'), childOf(el, ['atom'], 'summary'), childOf(el, core, 'summary'),
      childOf(el, ['itunes'], 'summary'), childOf(el, core, 'abstract'), ...mediaDescriptions(el),
    ],
    'html',
  );
  const lastmod = el.attrs['LASTMOD'] ?? el.attrs['lastmod'];
  return {
    guid,
    title: titleEl ? plainLine(readConstruct(titleEl, titleEl.ns === 'atom' ? 'text' : 'guess')) : null,
    link,
    published:
      firstDate([
        ...childrenOf(el, core, 'pubdate'), ...childrenOf(el, ['dc'], 'date'), ...childrenOf(el, ['dcterms'], 'issued'),
        ...childrenOf(el, ['atom'], 'published'), ...childrenOf(el, ['dcterms'], 'created'),
      ]) ?? (lastmod === undefined ? null : parseDate(lastmod)),
    // dc:date is a modification date to feedparser; it stands in for one when nothing better is given.
    updated:
      firstDate([
        ...childrenOf(el, ['atom'], 'updated'), ...childrenOf(el, ['dcterms'], 'modified'), ...childrenOf(el, core, 'lastbuilddate'),
        ...childrenOf(el, ['dc'], 'date'),
      ]) ?? (lastmod === undefined ? null : parseDate(lastmod)),
    text: body?.text ?? null,
    html: body?.html ?? null,
    author: personName(childOf(el, core, 'author') ?? childOf(el, ['dc'], 'creator') ?? childOf(el, ['itunes'], 'author'), core),
    categories: categoriesOf(el, core),
    language: el.lang ?? feedLanguage,
  };
}

function readAtomEntry(el: XmlElement, core: readonly string[], feedLanguage: string | null): ParsedEntry {
  const titleEl = childOf(el, core, 'title') ?? mediaTitle(el);
  const body = bodyOf([childOf(el, core, 'content'), childOf(el, core, 'summary'), ...mediaDescriptions(el)], 'text');
  const author = childOf(el, core, 'author') ?? childOf(el, ['dc'], 'creator');
  return {
    guid: atomId(childOf(el, core, 'id')),
    title: titleEl ? plainLine(readConstruct(titleEl, 'text')) : null,
    link: alternateLink(el, core),
    published: firstDate([
      ...childrenOf(el, core, 'published'), ...childrenOf(el, core, 'issued'), ...childrenOf(el, ['dcterms'], 'issued'),
      ...childrenOf(el, core, 'created'), ...childrenOf(el, ['dc'], 'date'),
    ]),
    // A repeated <updated> overrides the earlier one, as in feedparser.
    updated: firstDate([...childrenOf(el, core, 'updated').reverse(), ...childrenOf(el, core, 'modified'), ...childrenOf(el, ['dcterms'], 'modified')]),
    text: body?.text ?? null,
    html: body?.html ?? null,
    author: personName(author, core),
    categories: categoriesOf(el, core),
    language: el.lang ?? feedLanguage,
  };
}

// feedparser and gofeed both resolve a relative Atom id against xml:base; an id with a scheme
// (tag:, urn:, http:) is kept exactly as written.
function atomId(el: XmlElement | undefined): string | null {
  const id = firstText([el]);
  if (id === null || el === undefined || el.base === null || /^[a-z][a-z0-9+.-]*:/i.test(id)) return id;
  return resolveUrl(id, el.base) ?? id;
}

function mediaTitle(el: XmlElement): XmlElement | undefined {
  return childOf(el, ['media'], 'title') ?? childOf(childOf(el, ['media'], 'group') ?? el, ['media'], 'title');
}

function mediaDescriptions(el: XmlElement): XmlElement[] {
  const group = childOf(el, ['media'], 'group');
  return [...childrenOf(el, ['media'], 'description'), ...(group ? childrenOf(group, ['media'], 'description') : [])];
}

function ttlOf(channel: XmlElement, core: readonly string[]): number | null {
  const t = firstText([childOf(channel, core, 'ttl')]);
  if (t === null || !/^\d{1,7}$/.test(t)) return null;
  return Number(t);
}

function skipHoursOf(channel: XmlElement, core: readonly string[]): number[] {
  const hours = new Set<number>();
  const skip = childOf(channel, core, 'skiphours');
  for (const h of skip ? childrenOf(skip, core, 'hour') : []) {
    const t = textOf(h).trim();
    if (/^\d{1,2}$/.test(t) && Number(t) <= 24) hours.add(Number(t) % 24);
  }
  return [...hours].sort((a, b) => a - b);
}

function skipDaysOf(channel: XmlElement, core: readonly string[]): number[] {
  const days = new Set<number>();
  const skip = childOf(channel, core, 'skipdays');
  for (const d of skip ? childrenOf(skip, core, 'day') : []) {
    const i = DAYS.indexOf(textOf(d).trim().toLowerCase());
    if (i >= 0) days.add(i);
  }
  return [...days].sort((a, b) => a - b);
}
