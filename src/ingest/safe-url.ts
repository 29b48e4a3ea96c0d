// Checks and resolves URLs found in feed HTML: only safe schemes survive, relative ones are made
// absolute against the entry's base.
import { resolveUrl } from './canonical-url.js';

const NON_ASCII = /[\u0080-\uffff]/;

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** The scheme of a URL, lower-cased, or undefined for a relative reference. */
function schemeOf(v: string): string | undefined {
  const m = SCHEME.exec(v);
  if (m) return m[1]?.toLowerCase();
  // Browsers ignore tabs, newlines and other C0 controls inside a scheme ("java\nscript:").
  const head = v.slice(0, 64);
  let stripped = '';
  let hadControl = false;
  for (let i = 0; i < head.length; i++) {
    if (head.charCodeAt(i) > 0x20) stripped += head[i];
    else hadControl = true;
  }
  return hadControl ? SCHEME.exec(stripped)?.[1]?.toLowerCase() : undefined;
}

const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto', 'ftp', 'tel', 'news', 'magnet']);

/**
 * The value to keep for a URL attribute, or null to drop it: javascript:, vbscript: and data:
 * (except data:image in img src) are dropped; relative URLs are resolved against `baseUrl`.
 */
export function safeUrl(value: string, attribute: string, tag: string, baseUrl: string | null): string | null {
  const v = value.trim();
  const scheme = schemeOf(v);
  if (scheme === 'data') return tag === 'img' && attribute === 'src' && /^data:image\/(png|gif|jpe?g|webp|avif|bmp)[;,]/i.test(v) ? v : null;
  if (scheme !== undefined && !ALLOWED_SCHEMES.has(scheme)) return null;
  // Absolute links are kept as written (the browser parses them anyway); only relative ones
  // need the base, and the URL parser.
  if (scheme !== undefined) return v;
  if (baseUrl === null) return scheme === undefined && /^\/\//.test(v) ? `https:${v}` : v;
  const origin = ROOT_RELATIVE.test(v) && !DOT_SEGMENT.test(v) ? originOf(baseUrl) : '';
  const resolved = origin !== '' ? origin + v : resolveUrl(v, baseUrl);
  // Keep IRIs readable: undo the percent-encoding of non-ASCII characters the URL parser added.
  return resolved !== null && NON_ASCII.test(v) ? decodeNonAscii(resolved) : resolved;
}

// Root-relative links made only of characters the URL parser leaves alone resolve to the base's
// origin plus the link; skipping the parser for them matters, as bodies hold hundreds of links.
const ROOT_RELATIVE = /^\/(?![/\\])[\w\-.~!$&()*+,;=:@%/]*(?:\?[\w\-.~!$&()*+,;=:@%/?]*)?(?:#[\w\-.~!$&()*+,;=:@%/?#]*)?$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)/;
let lastBase = '';
let lastOrigin = '';

function originOf(baseUrl: string): string {
  if (baseUrl !== lastBase) {
    lastBase = baseUrl;
    try {
      const u = new URL(baseUrl);
      // Credentials are part of a resolved URL but not of the origin: leave those to the parser.
      lastOrigin = (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '' ? u.origin : '';
    } catch {
      lastOrigin = '';
    }
  }
  return lastOrigin;
}

function decodeNonAscii(url: string): string {
  return url.replace(/%[C-F][0-9A-F](?:%[89AB][0-9A-F])+/gi, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      return m;
    }
  });
}
