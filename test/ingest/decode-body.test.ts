// Charset detection and decoding of feed bodies: BOMs, HTTP charset, XML declarations, legacy
// Japanese encodings and windows-1252 smart quotes, with bytes built by iconv-lite.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/ingest/decode-body.js';

const enc = (text: string, charset: string): Uint8Array => new Uint8Array(iconv.encode(text, charset));
const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const xml = (encoding: string, body: string): string => `<?xml version="1.0" encoding="${encoding}"?><rss><channel><title>${body}</title></channel></rss>`;

describe('decodeBody', () => {
  it('decodes Shift_JIS named in the XML declaration', () => {
    const { text, charset } = decodeBody(enc(xml('Shift_JIS', '著作権法のニュース'), 'shift_jis'), null);
    expect(charset).toBe('shift_jis');
    expect(text).toContain('<title>著作権法のニュース</title>');
  });

  it('decodes EUC-JP named in the HTTP Content-Type', () => {
    const { text } = decodeBody(enc(xml('EUC-JP', 'ハクティビズム'), 'euc-jp'), 'application/rss+xml; charset="EUC-JP"');
    expect(text).toContain('ハクティビズム');
  });

  it('decodes ISO-2022-JP', () => {
    const bytes = new Uint8Array(Buffer.from('\x1b$B$3$s$K$A$O\x1b(B', 'latin1')); // こんにちは
    const { text } = decodeBody(concat(new TextEncoder().encode('<?xml version="1.0" encoding="ISO-2022-JP"?><t>'), bytes, new TextEncoder().encode('</t>')), null);
    expect(text).toBe('<?xml version="1.0" encoding="ISO-2022-JP"?><t>こんにちは</t>');
  });

  it('reads iso-8859-1 and us-ascii labels as windows-1252, so smart quotes survive', () => {
    const bytes = enc(xml('iso-8859-1', '\u201cdon\u2019t\u201d \u2013 caf\u00e9 \u20ac5'), 'windows-1252');
    expect(decodeBody(bytes, null).text).toContain('\u201cdon\u2019t\u201d \u2013 caf\u00e9 \u20ac5');
    expect(decodeBody(bytes, 'text/xml; charset=us-ascii').charset).toBe('windows-1252');
  });

  it('lets the HTTP charset win over the XML declaration', () => {
    const bytes = enc(xml('utf-8', 'caf\u00e9'), 'windows-1252');
    expect(decodeBody(bytes, 'text/xml; charset=windows-1252').text).toContain('café');
  });

  it('decodes UTF-16LE and UTF-16BE with a BOM and strips the BOM', () => {
    const body = xml('UTF-16', 'Überwachung');
    const le = concat(new Uint8Array([0xff, 0xfe]), enc(body, 'utf-16le'));
    const be = concat(new Uint8Array([0xfe, 0xff]), enc(body, 'utf-16be'));
    expect(decodeBody(le, null)).toEqual({ text: body, charset: 'utf-16le' });
    expect(decodeBody(be, null)).toEqual({ text: body, charset: 'utf-16be' });
  });

  it('lets the BOM win over a contradicting header', () => {
    const bytes = concat(new Uint8Array([0xef, 0xbb, 0xbf]), new TextEncoder().encode(xml('iso-8859-1', 'naïve')));
    expect(decodeBody(bytes, 'text/xml; charset=iso-8859-1')).toEqual({ text: xml('iso-8859-1', 'naïve'), charset: 'utf-8' });
  });

  it('detects BOM-less UTF-16 and UTF-32 from the first "<"', () => {
    const body = xml('utf-16', 'x');
    expect(decodeBody(enc(body, 'utf-16be'), null).text).toBe(body);
    expect(decodeBody(enc(body, 'utf32le'), null).text).toBe(body);
  });

  it('ignores a UTF-16 declaration on ASCII-compatible bytes', () => {
    const body = xml('UTF-16', 'Grüße');
    expect(decodeBody(new TextEncoder().encode(body), null)).toEqual({ text: body, charset: 'utf-8' });
  });

  it('falls back to UTF-8 for an unknown charset label', () => {
    const body = xml('x-no-such-charset', 'Grüße');
    expect(decodeBody(new TextEncoder().encode(body), 'text/xml; charset=bogus').text).toBe(body);
  });

  it('reads undeclared non-UTF-8 bytes as windows-1252', () => {
    const bytes = enc('<rss><title>It\u2019s \u201cquoted\u201d</title></rss>', 'windows-1252');
    expect(decodeBody(bytes, null)).toEqual({ text: '<rss><title>It\u2019s \u201cquoted\u201d</title></rss>', charset: 'windows-1252' });
  });

  it('turns C1 control characters into the windows-1252 characters they were meant to be', () => {
    expect(decodeBody(new TextEncoder().encode('<t>don\u0092t</t>'), null).text).toBe('<t>don\u2019t</t>');
  });

  it('uses <meta charset> for HTML pages', () => {
    const page = '<!DOCTYPE html><html><head><meta charset="windows-1251"><title>Привет</title></head></html>';
    expect(decodeBody(enc(page, 'windows-1251'), null).text).toContain('<title>Привет</title>');
  });
});
