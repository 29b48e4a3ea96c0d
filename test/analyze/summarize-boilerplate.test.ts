// stripBoilerplate on the page furniture real feeds and pages carry, and on text it must leave alone.
import { describe, expect, it } from 'vitest';
import { stripBoilerplate, stripMarkup } from '../../src/analyze/boilerplate.js';

const story =
  'The Supreme Court ruled on Tuesday that internet providers must block the pirate site within 30 days.';
const more = 'The ruling follows a two-year campaign by rights holders, who said the site cost them millions.';

describe('stripBoilerplate', () => {
  it('drops share buttons, crumbs, cookie notices, copyright footers and dates', () => {
    const page = [
      'Home › News › Technology',
      'June 26, 2012',
      story,
      'Share | Tweet | Email',
      'We use cookies to improve your experience. By continuing to browse you accept our cookie policy.',
      more,
      '© 2012 Example Media Ltd. All rights reserved.',
    ].join('\n\n');
    expect(stripBoilerplate(page)).toBe(`${story}\n\n${more}`);
  });

  it('cuts a "Related stories" list and everything after it once the story has been told', () => {
    const page = [story, more, 'Related stories', 'Band wins award', 'Court fines site'].join('\n');
    expect(stripBoilerplate(page)).toBe(`${story}\n${more}`);
  });

  it('cuts "More on X:", "Read more" and Japanese 関連記事 lists', () => {
    expect(stripBoilerplate(`${story}\n${more}\nMore on TorrentWatch:\n• Tracker raided`)).toBe(`${story}\n${more}`);
    expect(stripBoilerplate(`${story}\n${more}\nRead more\nOther headline`)).toBe(`${story}\n${more}`);
    const ja = '文化庁は生成AIと著作権に関する指針を公表し、学習は原則として許諾不要とした。';
    expect(stripBoilerplate(`${ja}\n\n${ja}\n\n${ja}\n\n${ja}\n\n関連記事\n海賊版サイト運営者を逮捕`)).not.toContain('逮捕');
  });

  it('cuts author bios and comment forms', () => {
    const page = [story, more, 'About the author', 'Jane writes about gadgets.', 'Leave a Reply'].join('\n\n');
    expect(stripBoilerplate(page)).toBe(`${story}\n\n${more}`);
    const form = `${story}\n\n${more}\n\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *`;
    expect(stripBoilerplate(form)).toBe(`${story}\n\n${more}`);
  });

  it('drops a section label above the headline but not a short line inside the story', () => {
    expect(stripBoilerplate(`Industry News\n\n${story}\n\nView from Japan\n\n${more}`)).toBe(
      `${story}\n\nView from Japan\n\n${more}`,
    );
  });

  it('drops feed tails such as "Read more »", "[…]" and "The post … appeared first on …"', () => {
    expect(stripBoilerplate(`${story} Read more »`)).toBe(story);
    expect(stripBoilerplate(`${story} […]`)).toBe(story);
    expect(stripBoilerplate(`${story}\nThe post Court orders block appeared first on Example News.`)).toBe(story);
  });

  it('leaves story sentences that merely mention cookies, copyright or sharing', () => {
    const text =
      'The copyright office said sharing files remains illegal. Google will stop supporting third-party cookies next year.';
    expect(stripBoilerplate(text)).toBe(text);
  });
});

describe('stripMarkup', () => {
  it('removes tags, scripts and comments, decodes entities (twice-encoded too) and drops control bytes', () => {
    const html = '<p>Court&#8217;s &amp;amp; ISP&rsquo;s</p><script>x()</script><!-- ad -->\u0000<b>ruling</b>';
    expect(stripMarkup(html).replace(/\s+/g, ' ').trim()).toBe('Court’s & ISP’s ruling');
  });

  it('does not turn escaped markup back into tags', () => {
    expect(stripMarkup('a &lt;script&gt;alert(1)&lt;/script&gt; b').replace(/\s+/g, ' ')).toBe('a alert(1) b');
  });
});

