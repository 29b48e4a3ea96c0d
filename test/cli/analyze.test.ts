// `herald analyze` as a moderator uses it: JSON Lines in, one answer per line, seeds as the issue states.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const SEEDS = '../shared/seeds';

interface Answer {
  id?: string;
  line?: number;
  topics?: string[];
  scores?: Record<string, number>;
  evidence?: Record<string, unknown[]>;
  summary?: string | null;
  lang?: string | null;
  story?: string;
  error?: { code: string; message: string };
}

const parse = (stdout: string): Answer[] => stdout.trim().split('\n').map((line) => JSON.parse(line) as Answer);

describe('herald analyze', () => {
  it.skipIf(!existsSync(SEEDS))('reads the seed articles as the issue states: 000+001 one story on both topics, 004 copyright-law only', async () => {
    const lines = readdirSync(SEEDS)
      .sort()
      .map((file) => {
        const text = readFileSync(`${SEEDS}/${file}`, 'utf8');
        return JSON.stringify({ id: file.slice(0, 3), title: '', text, published: '2012-06-27T00:00:00Z' });
      });
    const result = await runCli(['analyze'], {}, `${lines.join('\n')}\n`);
    expect(result.code, result.stderr).toBe(0);
    const [a, b, c] = parse(result.stdout);
    expect(a?.topics?.sort()).toEqual(['copyright-law', 'hacktivism']);
    expect(b?.topics?.sort()).toEqual(['copyright-law', 'hacktivism']);
    expect(b?.story).toBe(a?.story);
    expect(c?.topics).toEqual(['copyright-law']);
    expect(c?.story).not.toBe(a?.story);
    for (const answer of [a, b, c]) {
      expect(answer?.lang).toBe('en');
      expect(answer?.summary?.length).toBeLessThanOrEqual(320);
      expect(answer?.summary).not.toMatch(/Related|Share|©|<|&amp;/);
    }
    expect(c?.summary).toMatch(/disconnect/);
  });

  it('answers every line in order, errors included, and never summarises what matches no topic', async () => {
    const input = [
      JSON.stringify({ id: 1, title: 'Pirates beat Cubs in 11 innings', text: 'Pittsburgh rallied late.' }),
      '{not json',
      JSON.stringify({ title: 'no id' }),
      JSON.stringify({ id: 'ja1', title: '違法ダウンロードに刑事罰 改正著作権法が成立', text: '改正著作権法が参院本会議で可決、成立した。' }),
      '',
      JSON.stringify({ id: 'x', title: '', text: '\u0000\u0001<<<>>>' }),
    ].join('\n');
    const result = await runCli(['analyze'], {}, `${input}\n`);
    expect(result.code, result.stderr).toBe(0);
    const answers = parse(result.stdout);
    expect(answers).toHaveLength(5);
    expect(answers[0]).toMatchObject({ id: '1', topics: [], summary: null });
    expect(answers[1]).toMatchObject({ line: 2, error: { code: 'invalid_json' } });
    expect(answers[2]).toMatchObject({ line: 3, error: { code: 'invalid_item' } });
    expect(answers[3]).toMatchObject({ id: 'ja1', topics: ['copyright-law'], lang: 'ja' });
    expect(answers[3]?.summary).toContain('著作権');
    expect(answers[4]).toMatchObject({ id: 'x', topics: [] });
  });
});

describe('herald explain and reanalyze', () => {
  it('explain shows the score, threshold and evidence per topic; reanalyze re-runs every item', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'herald-explain-')), 'demo.db');
    const demo = await runCli(['demo', '--db', db]);
    expect(demo.code, demo.stderr).toBe(0);
    const id = /■ Anonymous claims attacks on Japanese ministry[^\n]*\n(?: {2}[^\n]*\n)*? {2}Published: [^\n]* · story #(\d+)/.exec(demo.stdout)?.[1];
    expect(id).toBeDefined();

    const explained = await runCli(['explain', id ?? '', '--db', db]);
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toMatch(/✓ hacktivism: score \d+\.\d\d ≥ threshold/);
    expect(explained.stdout).toMatch(/✓ copyright-law: score/);
    expect(explained.stdout).toMatch(/\+\d\.\d\d {2}anonymous/i);

    const sports = /#(\d+) Pirates walk off Cubs/.exec(demo.stdout)?.[1];
    const notMatched = await runCli(['explain', sports ?? '', '--db', db]);
    expect(notMatched.stdout).toMatch(/✗ copyright-law: score .* < threshold/);

    const again = await runCli(['reanalyze', '--db', db]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Reanalysed 38 items\./);
    expect((await runCli(['explain', '999999', '--db', db])).stderr).toMatch(/There is no item #999999/);
  });
});
