// Turns a fetched body's bytes into text, finding the charset the way browsers and XML parsers do.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** The decoded text (BOM stripped) and the charset it was decoded with. */
export interface DecodedBody {
  text: string;
  charset: string;
}

// Browsers decode these labels as windows-1252 (WHATWG Encoding Standard), and feeds that
// declare them very often contain windows-1252 smart quotes.
const WINDOWS_1252_ALIASES = new Set([
  'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii',
  'ansi_x3.4-1968', 'cp1252', 'cp819', 'ibm819', 'iso-ir-100', 'csisolatin1', 'x-cp1252',
  'windows-1252', 'iso_8859-1:1987',
]);

const UTF8_ALIASES = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'x-unicode20utf8']);

/**
 * Decodes a feed body. The charset comes from, in order: a byte-order mark, the HTTP
 * Content-Type charset, the XML declaration's `encoding=` (or an HTML `<meta charset>`), and
 * finally UTF-8. Unknown labels fall back to UTF-8; undeclared bytes that are not valid UTF-8
 * are read as windows-1252, as browsers do.
 *
 * @see https://www.w3.org/TR/xml/#sec-guessing
 * @see https://encoding.spec.whatwg.org/#names-and-labels
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): DecodedBody {
  const decoded = decodeRaw(bytes, contentType);
  // In UTF-8, C1 characters are the bytes C2 80..C2 9F: without a C2 byte there is nothing to fix.
  const mayHaveC1 = decoded.charset !== 'utf-8' || bytes.indexOf(0xc2) >= 0;
  return mayHaveC1 && /[\u0080-\u009f]/.test(decoded.text) ? { ...decoded, text: demoronise(decoded.text) } : decoded;
}

// C1 control characters never belong in feed text; when they appear, the publisher meant the
// windows-1252 characters at those code points (smart quotes, dashes, the euro sign).
const C1_AS_1252 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function demoronise(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => C1_AS_1252[c.charCodeAt(0) - 0x80] ?? c);
}

function decodeRaw(bytes: Uint8Array, contentType: string | null): DecodedBody {
  const bom = sniffBom(bytes);
  if (bom) return { text: decodeWith(bom.charset, bytes.subarray(bom.length)), charset: bom.charset };

  // XML 1.0 appendix F: a BOM-less '<?' in UTF-16/32 still shows which family the bytes are in.
  const family = sniffWideFamily(bytes);
  if (family) return { text: stripBom(decodeWith(family, bytes)), charset: family };

  const declared = charsetFromContentType(contentType) ?? charsetFromDocument(bytes);
  if (declared !== null) {
    const charset = resolveLabel(declared);
    if (charset === 'utf-8') return decodeUtf8Leniently(bytes, true);
    // A UTF-16/32 label on ASCII-compatible bytes is a lie (we saw no wide '<' above).
    if (charset !== null && !/^utf-(16|32)/.test(charset)) {
      return { text: stripBom(decodeWith(charset, bytes)), charset };
    }
  }
  return decodeUtf8Leniently(bytes, declared !== null && resolveLabel(declared) === 'utf-8');
}

/** Maps a charset label to the name this module decodes with, or null when nothing knows it. */
export function resolveLabel(label: string): string | null {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (l === '') return null;
  if (UTF8_ALIASES.has(l)) return 'utf-8';
  if (WINDOWS_1252_ALIASES.has(l)) return 'windows-1252';
  if (l === 'utf-16' || l === 'utf16' || l === 'unicode' || l === 'ucs-2' || l === 'iso-10646-ucs-2') return 'utf-16le';
  if (l === 'utf-32' || l === 'utf32' || l === 'ucs-4' || l === 'iso-10646-ucs-4') return 'utf-32le';
  if (l === 'gb2312' || l === 'gbk' || l === 'x-gbk' || l === 'euc-cn') return 'gb18030';
  if (iconv.encodingExists(l)) return l;
  if (textDecoderKnows(l)) return l;
  return null;
}

function sniffBom(b: Uint8Array): { charset: string; length: number } | null {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { charset: 'utf-8', length: 3 };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return { charset: 'utf-32be', length: 4 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return { charset: 'utf-32le', length: 4 };
  if (b0 === 0xfe && b1 === 0xff) return { charset: 'utf-16be', length: 2 };
  if (b0 === 0xff && b1 === 0xfe) return { charset: 'utf-16le', length: 2 };
  return null;
}

function sniffWideFamily(b: Uint8Array): string | null {
  if (b.length < 4) return null;
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0x00 && b3 === 0x3c) return 'utf-32be';
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x00 && b3 === 0x00) return 'utf-32le';
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 !== 0x00) return 'utf-16be';
  if (b0 === 0x3c && b1 === 0x00 && b2 !== 0x00 && b3 === 0x00) return 'utf-16le';
  return null;
}

/** The `charset` parameter of a Content-Type header, unquoted, or null. */
export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("[^"]*"|'[^']*'|[^;\s]*)/i.exec(contentType);
  if (!m?.[1]) return null;
  const value = m[1].replace(/^["']|["']$/g, '').trim();
  return value === '' ? null : value;
}

function charsetFromDocument(bytes: Uint8Array): string | null {
  // Declarations are ASCII; latin1 keeps byte offsets and never fails.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  const xml = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']?([A-Za-z0-9._:-]+)/.exec(head);
  if (xml?.[1]) return xml[1];
  if (/^\s*<\?xml\b/.test(head)) return null;
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head);
  return meta?.[1] ?? null;
}

function decodeUtf8Leniently(bytes: Uint8Array, declaredUtf8: boolean): DecodedBody {
  // isUtf8 is a SIMD check and Buffer's decoder the fastest; together they beat a fatal TextDecoder.
  if (isUtf8(bytes)) return { text: stripBom(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')), charset: 'utf-8' };
  // Not UTF-8. Undeclared (or declared but without a single valid multi-byte sequence): the
  // bytes are almost always windows-1252 from a CMS that never set a charset.
  if (!declaredUtf8 || !hasUtf8MultiByte(bytes)) {
    return { text: stripBom(decodeWith('windows-1252', bytes)), charset: 'windows-1252' };
  }
  return { text: stripBom(new TextDecoder('utf-8').decode(bytes)), charset: 'utf-8' };
}

function hasUtf8MultiByte(b: Uint8Array): boolean {
  for (let i = 0; i < b.length - 1; i++) {
    const c = b[i] as number;
    if (c >= 0xc2 && c <= 0xf4) {
      const n = b[i + 1] as number;
      if (n >= 0x80 && n <= 0xbf) return true;
    }
  }
  return false;
}

function decodeWith(charset: string, bytes: Uint8Array): string {
  if (charset === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  if (iconv.encodingExists(charset)) return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), charset);
  if (textDecoderKnows(charset)) return new TextDecoder(charset).decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

function textDecoderKnows(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
