// htmlparser2's Tokenizer, skipping ahead with String#indexOf: the XML reader and the HTML walker
// both run on it, and most of a feed is text the tokenizer only has to skip over.
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** The Tokenizer fields fastForwardTo works on (private in htmlparser2's typings). */
interface TokenizerCursor {
  buffer: string;
  index: number;
  offset: number;
}

// Tokenizer.fastForwardTo(c) moves `index` to the next occurrence of the character c (text up to
// '<', attribute values up to their quote, comments and CDATA up to their end) one charCodeAt at
// a time; indexOf does the same search natively, which made whole-feed parsing ~15 % faster.
// This replaces a private method of the exact htmlparser2 version package.json pins, with the
// same contract: true with `index` on the character, or false with `index` on the last character
// of the buffer. test/ingest/fast-tokenizer.test.ts checks both tokenizers emit the same events.
function fastForwardTo(this: TokenizerCursor, c: number): boolean {
  const found = this.buffer.indexOf(String.fromCharCode(c), this.index + 1 - this.offset);
  if (found >= 0) {
    this.index = found + this.offset;
    return true;
  }
  this.index = this.buffer.length + this.offset - 1;
  return false;
}

class FastTokenizer extends Tokenizer {}
Object.defineProperty(FastTokenizer.prototype, 'fastForwardTo', { value: fastForwardTo, writable: true, configurable: true });

/** A Tokenizer that behaves exactly like htmlparser2's, only faster through long text. */
export function createTokenizer(options: { xmlMode: boolean; decodeEntities: boolean }, callbacks: TokenizerCallbacks): Tokenizer {
  return new FastTokenizer(options, callbacks);
}
