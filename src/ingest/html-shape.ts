// Counts an HTML document's elements and nesting depth in one pass over the string, before anything
// builds a DOM: both DOM building (linkedom) and Readability cost far more than linear in depth.

/** Start tags seen and the deepest nesting reached (the scan stops once past either limit). */
export interface HtmlShape {
  elements: number;
  depth: number;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// End tags the HTML parser implies (a new <p> closes the last, and so on); not counted as
// nesting, since pages often leave them open.
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'rb', 'rt', 'rp', 'html', 'head', 'body']);
// Elements whose content is text, not markup: a "<div>" inside a script is not an element.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'template']);

/**
 * Measures `html` roughly as a browser would nest it: void and self-closed elements do not nest,
 * optional end tags are not counted, comments and raw-text elements are skipped. Unclosed elements
 * make the depth err on the high side, which only ever refuses a page, never lets one through.
 * Stops early once `limits` are passed, so a huge document costs no more than the limit.
 */
export function measureHtml(html: string, limits: HtmlShape = { elements: Infinity, depth: Infinity }): HtmlShape {
  let elements = 0;
  let depth = 0;
  let deepest = 0;
  for (let at = html.indexOf('<'); at !== -1 && elements <= limits.elements && deepest <= limits.depth; at = html.indexOf('<', at + 1)) {
    const next = html.charCodeAt(at + 1);
    if (next === 0x21 /* ! */) {
      const end = html.startsWith('<!--', at) ? html.indexOf('-->', at + 4) : html.indexOf('>', at);
      if (end === -1) break;
      at = end;
      continue;
    }
    const closing = next === 0x2f; /* / */
    const nameStart = closing ? at + 2 : at + 1;
    let nameEnd = nameStart;
    while (nameEnd < html.length && isNameChar(html.charCodeAt(nameEnd), nameEnd === nameStart)) nameEnd++;
    if (nameEnd === nameStart) continue; // "a < b" in text
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    const end = html.indexOf('>', nameEnd);
    if (end === -1) break;
    if (closing) {
      if (depth > 0 && !VOID.has(name) && !OPTIONAL_END.has(name)) depth--;
    } else {
      elements++;
      if (RAW_TEXT.has(name)) {
        const close = new RegExp(`</${name}`, 'ig');
        close.lastIndex = end;
        const found = close.exec(html);
        at = found ? found.index : html.length;
        continue;
      }
      if (!VOID.has(name) && !OPTIONAL_END.has(name) && html.charCodeAt(end - 1) !== 0x2f) {
        depth++;
        if (depth > deepest) deepest = depth;
      }
    }
    at = end;
  }
  return { elements, depth: deepest };
}

function isNameChar(c: number, first: boolean): boolean {
  const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return first ? letter : letter || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x3a;
}
