// Summaries of the real pages in ../shared/seeds: who did what, where and why, with no page chrome.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stripBoilerplate } from '../../src/analyze/boilerplate.js';
import { summarize } from '../../src/analyze/summarize.js';

// The seeds live beside the repository (/work/shared/seeds next to /work/main).
const seedsDir = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));
const haveSeeds = existsSync(seedsDir);
if (!haveSeeds) console.warn(`seed tests skipped: ${seedsDir} not found`);

function seed(name: string): string {
  return readFileSync(`${seedsDir}${name}`, 'utf8');
}

const seeds = {
  '000': { file: '000_f45ee79235e29593.txt', title: 'Operation Japan – Anonymous Protests Against Copyright Law' },
  '001': { file: '001_801962d8a71eb0d8.txt', title: "Anonymous linked to Japan's government websites attacks" },
  '004': { file: '004_924034c7ef798efb.txt', title: 'Japan to disconnect p2p users' },
} as const;

describe.skipIf(!haveSeeds)('summaries of the seed pages', () => {
  const summaries = Object.fromEntries(
    Object.entries(seeds).map(([id, s]) => [id, summarize({ title: s.title, text: seed(s.file), lang: 'en' })]),
  ) as Record<keyof typeof seeds, string>;

  it('seed 000 says Anonymous attacked Japan over its copyright law', () => {
    const s = summaries['000'];
    expect(s).toContain('Anonymous');
    expect(s).toMatch(/Japan/);
    expect(s).toMatch(/[Cc]opyright/);
    expect(s).toMatch(/attacks/);
  });

  it('seed 001 says Japanese government sites were attacked and Anonymous claimed it over an anti-piracy bill', () => {
    const s = summaries['001'];
    expect(s).toMatch(/Japan/);
    expect(s).toContain('Anonymous');
    expect(s).toMatch(/piracy|copyright/);
    // The photo caption above the story is not a sentence of it.
    expect(s).not.toContain('supporters at a protest in India');
  });

  it('seed 004 says Japanese ISPs will disconnect file-sharers', () => {
    const s = summaries['004'];
    expect(s).toMatch(/ISP/);
    expect(s).toMatch(/Japan/);
    expect(s).toMatch(/disconnect/);
    expect(s).toMatch(/file-sharers/);
    // The site tagline and the unrelated "More on CyberInsecure" list stay out.
    expect(s).not.toMatch(/Daily cyber threats|BitTorrent|Tsunami/);
  });

  it('every seed summary is 1-3 whole sentences within 320 characters and free of chrome', () => {
    for (const s of Object.values(summaries)) {
      expect(s.length).toBeGreaterThan(80);
      expect(s.length).toBeLessThanOrEqual(320);
      expect(s).toMatch(/[.!?…]["”’]?$/);
      expect(s).not.toMatch(/Related|Share|©|About the author|Leave a Reply/);
    }
  });
});

describe.skipIf(!haveSeeds)('stripBoilerplate on the seed pages', () => {
  it('seed 000 loses its section label and author bio but keeps the story', () => {
    const text = stripBoilerplate(seed(seeds['000'].file));
    expect(text).not.toMatch(/^Industry News/);
    expect(text).not.toMatch(/About the author|Liviu Arsene|fountain of never-ending energy/);
    expect(text).toContain('Anonymous launched a series of attacks against government institutions from Japan');
    expect(text).toContain('said Anonymous.');
  });

  it('seed 001 keeps the story after the stray "Related Stories" label and cuts the trailing lists', () => {
    const text = stripBoilerplate(seed(seeds['001'].file));
    expect(text).toContain('A series of cyber-attacks have led to a number of Japanese government websites');
    expect(text).toContain('In April, Anonymous also claimed responsibility for defacing almost 500 websites in China');
    expect(text).not.toMatch(/Related Stories|More on This Story|Features & Analysis|Hillary|BBC Future/);
  });

  it('seed 004 loses the date, share line, related list and comment form', () => {
    const text = stripBoilerplate(seed(seeds['004'].file));
    expect(text).toContain('Four major Japanese ISP organizations have agreed');
    expect(text).toContain('increased by a 180% in a single year.');
    expect(text).not.toMatch(
      /March 15th, 2008|Share this item|More on CyberInsecure|Norbits|Leave a Reply|security word|copy and paste/,
    );
  });
});
