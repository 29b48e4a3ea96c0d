// How long a text reads, for telling a teaser from an article: Japanese, Chinese and Korean
// characters carry about a word each, so they count double.

/**
 * Length of a text for judging how much it says: CJK characters count double, since a Japanese or
 * Chinese sentence carries in about half the characters what an English one does.
 */
export function readingLength(text: string): number {
  let cjk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xac00 && c <= 0xd7af)) cjk++;
  }
  return text.length + cjk;
}
