// URL handling for feed links: resolving relative references and reducing a link to the
// canonical form Herald uses to recognise the same article twice.

// Click-tracking parameters that never change which page a link shows.
const TRACKER_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'mc_cid', 'mc_eid', 'igshid', 'igsh', 'ref_src', 'ref_url', '_hsenc', '_hsmi', 'mkt_tok',
  'oly_anon_id', 'oly_enc_id', 'vero_id', 'vero_conv', 'rb_clickid', 's_cid', 'cmpid', 'ncid',
  'sr_share', 'spm', 'share', 'guccounter', 'guce_referrer', 'guce_referrer_sig', 'at_medium',
  'at_campaign', 'at_custom1', 'at_custom2', 'at_custom3', 'at_custom4', 'wt.mc_id', 'wt_mc_id',
]);

const TRACKER_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hsa_', 'itm_'];

/**
 * Resolves `href` against `base` (which may be null) and returns it only when the result is an
 * absolute http(s) URL; anything else (javascript:, mailto:, unresolvable relative) is null.
 *
 * @see https://url.spec.whatwg.org/#concept-url-parser
 */
export function resolveUrl(href: string, base: string | null): string | null {
  const h = href.trim();
  if (h === '') return base === null ? null : httpOnly(base);
  try {
    const u = base === null ? new URL(h) : new URL(h, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function httpOnly(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function isTracker(key: string): boolean {
  const k = key.toLowerCase();
  return TRACKER_PARAMS.has(k) || TRACKER_PREFIXES.some((p) => k.startsWith(p));
}

function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * The canonical form of a URL: fragment dropped, tracking parameters (utm_*, fbclid, gclid,
 * mc_cid, …) removed, scheme and host lower-cased, default port removed; the other query
 * parameters keep their order and spelling. A string that is not a URL comes back trimmed.
 */
export function canonicalUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return url.trim();
  }
  if (u.hash !== '') u.hash = '';
  if (u.search !== '') {
    const kept = u.search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== '' && !isTracker(decodeKey(pair.split('=')[0] ?? '')));
    u.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  }
  return u.href;
}

/** The URL with any user:password replaced by "***", for logs, messages and listings. */
export function redactCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '***';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}
