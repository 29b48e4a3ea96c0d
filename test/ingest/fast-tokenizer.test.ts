// The indexOf-skipping tokenizer must emit exactly the events htmlparser2's own Tokenizer emits:
// it replaces a private method, so this is what catches a changed htmlparser2.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { createTokenizer } from '../../src/ingest/fast-tokenizer.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));

type Options = { xmlMode: boolean; decodeEntities: boolean };

function events(make: (options: Options, callbacks: TokenizerCallbacks) => Tokenizer, source: string, options: Options): string[] {
  const seen: string[] = [];
  const record = (name: string) => (...args: number[]) => void seen.push(`${name}(${args.join(',')})`);
  const callbacks: TokenizerCallbacks = {
    onattribdata: record('attribdata'), onattribentity: record('attribentity'), onattribend: record('attribend'),
    onattribname: record('attribname'), oncdata: record('cdata'), onclosetag: record('closetag'), oncomment: record('comment'),
    ondeclaration: record('declaration'), onend: record('end'), onopentagend: record('opentagend'),
    onopentagname: record('opentagname'), onprocessinginstruction: record('processinginstruction'),
    onselfclosingtag: record('selfclosingtag'), ontext: record('text'), ontextentity: record('textentity'),
  };
  const tokenizer = make(options, callbacks);
  tokenizer.write(source);
  tokenizer.end();
  return seen;
}

const SNIPPETS = [
  '<p class="a" title=\'b\' data-x=y>Text &amp; more &copy; <b>bold</b></p>',
  '<!-- a comment with <tags> --><![CDATA[ raw <b> ]]> tail',
  '<script>if (a < b) { x = "</p>"; }</script><style>p > a {}</style><title>A &amp; B</title>',
  '<a href="https://x.example/?a=1&b=2">link</a',
  'no tags at all, just text',
  'ends inside <a href="unterminated',
  'ends inside a comment <!-- never closed',
  '<?xml version="1.0"?><!DOCTYPE rss><rss><channel><title>T</title></channel></rss>',
  '<br/><img src=x.png alt="a > b"/><p>x</p ><textarea>a &lt; b</textarea>',
  '',
];

describe('createTokenizer', () => {
  const modes: Options[] = [
    { xmlMode: true, decodeEntities: false },
    { xmlMode: false, decodeEntities: false },
    { xmlMode: false, decodeEntities: true },
  ];

  it.each(modes)('emits the same events as htmlparser2 on tricky markup (%o)', (options) => {
    for (const source of SNIPPETS) {
      const expected = events((o, c) => new Tokenizer(o, c), source, options);
      expect(events(createTokenizer, source, options), source).toEqual(expected);
    }
  });

  it.each(modes)('emits the same events as htmlparser2 on every feed fixture (%o)', (options) => {
    for (const name of readdirSync(FIXTURES)) {
      const source = readFileSync(`${FIXTURES}${name}`, 'latin1');
      const expected = events((o, c) => new Tokenizer(o, c), source, options);
      expect(expected.length).toBeGreaterThan(0);
      expect(events(createTokenizer, source, options), name).toEqual(expected);
    }
  });
});
