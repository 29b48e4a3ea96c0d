// `herald inspect`: the JSON Lines contract the conformance scorer reads, the moderator's table,
// ordering under concurrent reads, and inputs that cannot be read or fetched.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerInspect, type InspectDeps } from '../../src/commands/inspect.js';
import { inspectDocument } from '../../src/ingest/inspect-document.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/feeds/${name}`, import.meta.url));

async function runInspect(args: string[], deps: Omit<InspectDeps, 'stdout'> = {}): Promise<string[]> {
  const lines: string[] = [];
  const program = new Command('herald').exitOverride();
  registerInspect(program, { ...deps, stdout: (line) => lines.push(line), stderr: () => {} });
  await program.parseAsync(['inspect', ...args], { from: 'user' });
  return lines;
}

describe('herald inspect --json', () => {
  it('prints one contract line per input, in order, including unreadable files', async () => {
    const inputs = [fixture('rss20.xml'), fixture('does-not-exist.xml'), fixture('html-page.html'), fixture('jsonfeed-11.json')];
    const lines = (await runInspect(['--json', ...inputs])).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l['input'], l['ok']])).toEqual([[inputs[0], true], [inputs[1], false], [inputs[2], false], [inputs[3], true]]);
    expect(lines[1]?.['error']).toMatchObject({ code: 'unreadable' });
    expect(lines[2]?.['error']).toMatchObject({ code: 'not_a_feed' });
    expect(lines[0]).toMatchObject({
      feed: { title: 'Copyright Watch & Friends', link: 'https://news.example/', format: 'rss' },
      items: [
        { guid: 'fw-1001', title: 'Court backs fair use in sampling case', published: '2024-05-14T07:30:00.000Z', updated: null },
        { guid: 'https://news.example/2024/05/takedowns', published: '2024-05-13T18:00:00.000Z' },
      ],
    });
  });

  it('resolves relative links against --base-url, and per file with --base-url-map', async () => {
    const rss = fixture('rss20.xml');
    const [single] = await runInspect(['--json', '--base-url', 'http://base.example/feeds/x.xml', rss]);
    expect(JSON.parse(single as string).items[0].link).toBe('http://base.example/2024/05/fair-use?utm_source=rss&id=7');

    const map = { [rss]: 'http://mapped.example/feed' };
    const lines = await runInspect(['--json', '--base-url-map', 'map.json', rss, fixture('rdf.xml')], {
      readFile: async (path) => (path === 'map.json' ? new TextEncoder().encode(JSON.stringify(map)) : readFile(path)),
    });
    expect(JSON.parse(lines[0] as string).items[0].link).toBe('http://mapped.example/2024/05/fair-use?utm_source=rss&id=7');
    expect(JSON.parse(lines[1] as string).feed.format).toBe('rdf');
  });

  it('answers URLs with "unsupported" without a loader, and parses what the loader returns', async () => {
    const url = 'https://feeds.example/rss';
    const [without] = await runInspect(['--json', url]);
    expect(JSON.parse(without as string)).toMatchObject({ input: url, ok: false, error: { code: 'unsupported' } });

    const bytes = await readFile(fixture('rss20.xml'));
    const [loaded] = await runInspect(['--json', url], {
      loadUrl: async (u) => ({ bytes, contentType: 'application/rss+xml', url: `${u}/final` }),
    });
    expect(JSON.parse(loaded as string).items[0].link).toBe('https://feeds.example/2024/05/fair-use?utm_source=rss&id=7');

    const [failed] = await runInspect(['--json', url], { loadUrl: async () => { throw new Error('connection refused'); } });
    expect(JSON.parse(failed as string)).toMatchObject({ ok: false, error: { code: 'fetch_failed', message: 'connection refused' } });
  });

  it('keeps input order while reading at most 16 files at once', async () => {
    const bytes = await readFile(fixture('rss-no-version.xml'));
    let inFlight = 0;
    let peak = 0;
    const inputs = Array.from({ length: 40 }, (_, i) => `feed-${i}.xml`);
    const lines = await runInspect(['--json', ...inputs], {
      readFile: async (path) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        // Later files finish first, so order must come from the command, not from the reads.
        await new Promise((resolve) => setTimeout(resolve, 40 - Number(/\d+/.exec(path)?.[0])));
        inFlight--;
        return bytes;
      },
    });
    expect(lines.map((l) => JSON.parse(l).input)).toEqual(inputs);
    expect(peak).toBeLessThanOrEqual(16);
    expect(peak).toBeGreaterThan(1);
  });
});

describe('herald inspect (table)', () => {
  it('shows feed title, format, link, item count and one line per item', async () => {
    const lines = await runInspect([fixture('atom-xml-base.xml'), fixture('empty.xml')]);
    expect(lines).toContain('   title:  The Atom Blog');
    expect(lines).toContain('   format: atom    link: http://atom.example/blog/    items: 2');
    expect(lines).toContain('   2024-05-14 07:00  Breach & leak');
    expect(lines).toContain('                     http://atom.example/blog/posts/1.html');
    expect(lines.some((l) => l.startsWith('   not a usable feed (empty)'))).toBe(true);
  });

  it('truncates long titles with an ellipsis', async () => {
    const title = 'A very long headline about a copyright ruling that goes on and on well past the width of a terminal';
    const rss = `<rss version="2.0"><channel><title>T</title><item><title>${title}</title></item></channel></rss>`;
    const lines = await runInspect(['feed.xml'], { readFile: async () => new TextEncoder().encode(rss) });
    const row = lines.find((l) => l.includes('A very long headline')) as string;
    expect(row.endsWith('…')).toBe(true);
    expect(row).toContain('(no date)');
    expect([...row.trim()].length).toBeLessThan(title.length + 20);
  });
});

describe('inspectDocument', () => {
  it('maps rejections to the contract codes', () => {
    const answer = (text: string) => inspectDocument('x', new TextEncoder().encode(text));
    expect(answer('   ')).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(answer('{"broken": ')).toMatchObject({ ok: false, error: { code: 'json_syntax' } });
    expect(answer('<?xml version="1.0"?>')).toMatchObject({ ok: false, error: { code: 'xml_syntax' } });
    expect(answer('<html><head><link rel="alternate" type="application/atom+xml" href="/a"></head></html>')).toMatchObject({ ok: false, error: { code: 'not_a_feed' } });
  });
});

describe('herald inspect (table) with hostile text', () => {
  it('keeps terminal escape sequences out of the table', async () => {
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Evil\u001b[2J\u001b[31mFeed', items: [{ id: '1', title: 'Red\u001b]0;pwned\u0007 alert\u202e' }] });
    const lines = await runInspect(['feed.json'], { readFile: async () => new TextEncoder().encode(json) });
    const output = lines.join('\n');
    for (const control of ['\u001b', '\u0007', '\u202e']) expect(output).not.toContain(control);
    expect(lines).toContain('   title:  EvilFeed');
  });
});
