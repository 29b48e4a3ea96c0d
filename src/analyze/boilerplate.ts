// Removes the page furniture that scraped article text carries (share buttons, related-story lists,
// author bios, cookie and comment boxes, crumbs, footers) and leftover markup, so summaries quote
// only the story.

import { decodeHTML } from 'entities';

// Lines that start a trailing block of links or chrome: the line and everything after it go.
const TAIL_MARKERS: RegExp[] = [
  /^(related|similar) (stories|articles|posts|links|content|coverage|news|reading)\b/i,
  /^more (on|from|in|about) \S/i,
  /^more \S+ (stories|news|articles)\b/i,
  /^(read|see) (more|also)\b/i,
  /^(you|we think you) (may|might) (also )?(like|enjoy|be interested)/i,
  /^(recommended|most (read|popular|viewed)|trending|top stories|features (&|and) analysis)\b/i,
  /^about the (author|writer)\b/i,
  /^(leave|post|add|write) a (reply|comment|response)\b/i,
  /^\d*\s*(comments?|responses?|replies)\s*(\(\d+\))?:?$/i,
  /^(関連記事|関連ニュース|関連リンク|こちらもおすすめ|あわせて読みたい|この記事を読んだ人)/,
];

// Single lines of chrome, dropped wherever they appear.
const DROP_LINES: RegExp[] = [
  // Share buttons: "Share", "Share this item with others:", "Tweet | Email | Print".
  /^(share|tweet|e-?mail|print|pin( it)?|facebook|twitter|x|linkedin|whatsapp|reddit|save|copy link|like|follow us)( (this|on|via|with|article|story|item|post|page|others|us|link))*\s*[:|·•/]?(\s*(share|tweet|e-?mail|print|facebook|twitter|linkedin|whatsapp|reddit|pinterest)\s*[|·•/]?)*$/i,
  /^share (this|the) (item|article|story|post|page)\b/i,
  /(この記事を|記事を)?(シェア|ツイート|ブックマーク)(する)?$/,
  // Cookie and consent notices.
  /\b(we|this (web)?site|our (web)?site) uses? cookies\b/i,
  /\bcookies?\b.*\b(accept|consent|continu(e|ing) (to use|browsing)|cookie (policy|settings))\b/i,
  // Comment forms.
  /\b(your e-?mail (address )?will not be published|required fields are marked|security word|anti-spam|not a spam script|unsolicited links|leave your real e-?mail|audio file of the)/i,
  /^(name|email|website|comment)\s*\*?:?$/i,
  // "Link to this page" widgets.
  /\b(consider linking to it|copy and paste the code below|it will look like this)\b/i,
  // Copyright footers.
  /^(©|\(c\)|copyright\b)/i,
  /\ball rights reserved\b/i,
  /無断(転載|複製)/,
  // Newsletter and subscription nags.
  /^(sign up|subscribe)\b.*\b(newsletter|updates|inbox|free)\b/i,
  /^(advertisement|advert|sponsored( content)?|広告)$/i,
  /^the post .+ appeared first on .+$/i,
  /^(continue reading|read the full (story|article)|click here)\b.{0,80}$/i,
];

// The chrome that comes as whole sentences, checked even on long lines that read as prose.
const LONG_CHROME =
  /\b(we|this (web)?site|our (web)?site) uses? cookies\b|\bcookies?\b.*\b(accept|consent|continu(e|ing) (to use|browsing))\b|\b(your e-?mail (address )?will not be published|not a spam script|unsolicited links|consider linking to it|copy and paste the code below)\b|\ball rights reserved\b/i;

const MESSY_SPACE = /[\t\n\v\f\u00a0\u3000]| {2}/;
// The same characters for a native search per character, far cheaper than the expression over a whole text.
const MESSY_CHARS = ['  ', '\t', '\v', '\f', '\u00a0', '\u3000'];

// "Home › News › Tech", "Home / World / Asia".
const CRUMBS = /^[^.!?。]{1,40}(\s*[›»>|/]\s*[^.!?。›»>|/]{1,40}){2,}$/;
// "March 15th, 2008", "2012-06-26", "Posted on June 26, 2012 by …".
const DATE_LINE = /^((posted|published|updated)( on)?\s+)?(\p{L}+\.? \d{1,2}(st|nd|rd|th)?,? \d{4}|\d{1,2} \p{L}+\.? \d{4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(\s+(by|at)\b.*)?$/iu;
const BULLET = /^[•·▪►▶●○◦*–-]\s+/;
// Inline tails of one-paragraph feed bodies: "… Read more »", "[…]", "Continue reading →".
const INLINE_TAIL = /\s*(\[(…|\.\.\.)\]|(read more|continue reading|read the full (story|article))\s*(»|→|\.\.\.|…)?|続きを読む)\s*$/i;

/**
 * Removes boilerplate from extracted page or feed text and returns what is left, paragraphs kept
 * on their own lines.
 *
 * A list heading ("Related stories", "More on X", "関連記事", "About the author", "Leave a Reply")
 * cuts the rest of the page once some story text has been kept; before that, a heading that is
 * followed by prose is only a stray label (pages put "Related Stories" next to the lead too).
 */
export function stripBoilerplate(text: string): string {
  const normalised = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  // Lines hold no \n; without any of the other characters MESSY_SPACE looks for, no line has messy spacing.
  const messy = MESSY_CHARS.some((ch) => normalised.includes(ch));
  const lines = normalised.split('\n');
  const kept: string[] = [];
  let proseChars = 0;
  let seenProse = false;
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] as string).trim();
    if (messy && MESSY_SPACE.test(line)) line = line.replace(/[\s\u3000]+/g, ' ');
    if (line === '') {
      if (kept.length > 0 && kept.at(-1) !== '') kept.push('');
      continue;
    }
    if (isListHeading(line) && TAIL_MARKERS.some((re) => re.test(line))) {
      if (proseChars >= 200 || !followedByProse(lines, i + 1)) break;
      continue;
    }
    // Chrome is short; a long paragraph is story text and skips the pattern checks.
    if (line.length < 400 && (line.length < 120 || !isProse(line) ? isChrome(line, seenProse) : isLongChrome(line))) {
      continue;
    }
    const cleaned = INLINE_TAIL.test(line.slice(-60)) ? line.replace(INLINE_TAIL, '').trim() : line;
    if (cleaned === '') continue;
    kept.push(cleaned);
    if (isProse(cleaned)) {
      proseChars += cleaned.length;
      seenProse = true;
    }
  }
  while (kept.at(-1) === '') kept.pop();
  return kept.join('\n');
}

// Cheap substring checks first: one regular expression over every paragraph was a tenth of the cost.
const LONG_CHROME_HINTS = ['cookie', 'reserved', 'mail', 'spam', 'linking', 'paste'];

function isLongChrome(line: string): boolean {
  const lower = line.toLowerCase();
  return LONG_CHROME_HINTS.some((hint) => lower.includes(hint)) && LONG_CHROME.test(line);
}

function isChrome(line: string, seenProse: boolean): boolean {
  if (DROP_LINES.some((re) => re.test(line))) return true;
  if (CRUMBS.test(line)) return true;
  if (DATE_LINE.test(line)) return true;
  // Bulleted link lists ("• Norwegian BitTorrent Tracker Under DDoS Attack") are headlines of other
  // stories; a bullet that is a real sentence stays.
  if (BULLET.test(line) && !isProse(line)) return true;
  // Section labels above the headline ("Industry News"): short, no sentence punctuation.
  if (!seenProse && isLabel(line)) return true;
  return false;
}

/** A heading line: short and without sentence punctuation, so "Read more about it." stays. */
function isListHeading(line: string): boolean {
  return line.length <= 60 && !/[.!?。！？]["'”’」]?$/.test(line.replace(/:$/, ''));
}

function isLabel(line: string): boolean {
  const words = line.split(' ').length;
  return words <= 3 && line.length <= 30 && !/[.!?。！？]$/.test(line);
}

/** Whether a line reads as story text rather than a heading or link. */
function isProse(line: string): boolean {
  if (/[。！？]/.test(line)) return line.length >= 15;
  return line.length >= 60 && /[.!?]["'”’)]?$/.test(line);
}

function followedByProse(lines: string[], from: number): boolean {
  let prose = 0;
  let seen = 0;
  for (let k = from; k < lines.length && seen < 4; k++) {
    const line = (lines[k] as string).trim();
    if (line === '') continue;
    seen++;
    if (isProse(line)) prose++;
  }
  return seen > 0 && prose * 2 > seen;
}

const TAG = /<[/!?a-zA-Z][^<>]*(>|$)/g;
const ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi;
const ENTITY_TEST = /&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd\ufeff\u200b]/;

/** Plain text from text that may still hold tags, entities (even double-encoded) or control bytes. */
export function stripMarkup(text: string): string {
  let s = text;
  // Most feed text is already plain; the markup passes only run when there is markup.
  if (s.includes('<')) {
    s = s
      .replace(/<(script|style|noscript|template)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
      .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
      .replace(/<\/?(p|div|br|li|ul|ol|h[1-6]|blockquote|section|article|header|footer|tr|table)\b[^>]*>/gi, '\n\n')
      .replace(TAG, ' ');
  }
  if (s.includes('&')) {
    // Feeds double-encode ("&amp;amp;"); decoding until stable ends that, within a few rounds.
    for (let round = 0; round < 3 && ENTITY_TEST.test(s); round++) s = decodeHTML(s);
    s = s.replace(TAG, ' ').replace(ENTITY, ' ');
  }
  // Control bytes are exactly what binary garbage and broken encodings leave behind. Looking for
  // each thing the replacement would touch is cheaper than its scan, and most texts have none.
  if (!s.includes('  ') && !s.includes('\t') && !s.includes('\u00a0') && !CONTROL.test(s)) return s;
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd\ufeff\u200b]|[ \t\u00a0]{2,}|[\t\u00a0]/g, ' ');
}
