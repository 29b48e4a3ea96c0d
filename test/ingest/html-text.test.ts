// HTML to plain text and allow-list sanitising of entry bodies.
import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText, renderHtml, sanitiseHtml } from '../../src/ingest/html-text.js';

describe('htmlToText', () => {
  it('turns block tags into line breaks and drops inline tags', () => {
    expect(htmlToText('<h1>Ruling</h1><p>The <b>court</b> said<br>no.</p><ul><li>one</li><li>two</li></ul>')).toBe('Ruling\nThe court said\nno.\none\ntwo');
  });

  it('drops script, style and comments', () => {
    expect(htmlToText('a<script>var x = "<p>hidden</p>";</script>b<style>p{}</style>c<!-- note -->d')).toBe('abcd');
  });

  it('decodes entities exactly once', () => {
    expect(htmlToText('AT&amp;T &amp;amp; &lt;tag&gt; &eacute;&#233;&#xE9; &nbsp;x')).toBe('AT&T &amp; <tag> ééé x');
  });

  it('collapses whitespace and normalises to NFC', () => {
    expect(htmlToText('  e\u0301t\u00e9 \t\n\n   <p>  next   para </p>  ')).toBe('été\nnext para');
  });

  it('leaves plain text alone apart from whitespace', () => {
    expect(htmlToText('no markup here,\n  just   text')).toBe('no markup here,\njust text');
  });
});

describe('sanitiseHtml', () => {
  it('keeps allowed tags and drops scripts, iframes, objects and event handlers', () => {
    const html = '<p onclick="steal()" class="x">Hi <b>there</b></p><script>alert(1)</script><iframe src="https://evil"></iframe><object data="x"></object><img src="https://img.example/a.png" onerror="x()" alt="A">';
    expect(sanitiseHtml(html, null)).toBe('<p>Hi <b>there</b></p><img src="https://img.example/a.png" alt="A">');
  });

  it('drops javascript: and data: URLs but keeps data:image in img src', () => {
    const html = '<a href="javascript:alert(1)">a</a><a href=" JaVa&#x0A;script:alert(1)">b</a><a href="data:text/html,x">c</a><img src="data:image/png;base64,iVBOR">';
    expect(sanitiseHtml(html, null)).toBe('<a>a</a><a>b</a><a>c</a><img src="data:image/png;base64,iVBOR">');
  });

  it('resolves relative href and src against the base URL', () => {
    const html = '<a href="/cases/42?x=1&amp;y=2#top">case</a> <img src="img/a.png"> <a href="../up">up</a> <a href="//cdn.example/x">cdn</a>';
    expect(sanitiseHtml(html, 'https://news.example/2024/05/story.html')).toBe(
      '<a href="https://news.example/cases/42?x=1&amp;y=2#top">case</a> <img src="https://news.example/2024/05/img/a.png"> <a href="https://news.example/2024/up">up</a> <a href="https://cdn.example/x">cdn</a>',
    );
  });

  it('escapes text and closes what the fragment left open', () => {
    expect(sanitiseHtml('1 < 2 &amp; <b>bold <i>both', null)).toBe('1 &lt; 2 &amp; <b>bold <i>both</i></b>');
  });

  it('closes implied paragraphs and list items', () => {
    expect(sanitiseHtml('<p>one<p>two<ul><li>a<li>b</ul>', null)).toBe('<p>one</p><p>two</p><ul><li>a</li><li>b</li></ul>');
  });

  it('keeps the text of inline SVG and turns xlink:href into a link', () => {
    expect(sanitiseHtml('<svg><a xlink:href="http://example.com/"><circle r="5"/><title>dot</title></a></svg>', null)).toBe('<a href="http://example.com/">dot</a>');
  });
});

describe('renderHtml', () => {
  it('returns the sanitised HTML and the text of the same fragment', () => {
    expect(renderHtml('<p>See <a href="/x">this</a>.</p><script>x</script>', 'http://a.example/')).toEqual({
      html: '<p>See <a href="http://a.example/x">this</a>.</p>',
      text: 'See this.',
    });
  });
});

describe('decodeEntities', () => {
  it('decodes named, decimal and hex references once', () => {
    expect(decodeEntities('&amp;lt; &copy; &#169; &#xA9; &bogus;')).toBe('&lt; © © © &bogus;');
  });
});

describe('hostile markup', () => {
  it('drops thousands of unmatched close tags without losing the text around them', async () => {
    const { renderHtml } = await import('../../src/ingest/html-text.js');
    const n = 40_000;
    const { html, text } = renderHtml(`<p>before${'<b>'.repeat(n)}middle${'</i>'.repeat(n)}after</p>`, null);
    expect(text).toContain('before');
    expect(text).toContain('after');
    // Every <b> opened is closed again in the sanitised HTML.
    expect(html.split('<b>').length).toBe(html.split('</b>').length);
  });
});
