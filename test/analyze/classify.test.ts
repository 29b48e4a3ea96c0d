// The shipped topic rules on the seeds and on each hard case the analysis issue names.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, leadOf } from '../../src/analyze/classify.js';
import { REPO_ROOT, shippedTopics } from './classify-helpers.js';

const topics = shippedTopics();
const run = (title: string, text = ''): string[] => classify({ title, text }, topics).topics;

const SEEDS = path.resolve(REPO_ROOT, '..', 'shared', 'seeds');
const seedFiles = existsSync(SEEDS) ? readdirSync(SEEDS) : [];
const seed = (prefix: string): string | undefined => {
  const name = seedFiles.find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  return name ? readFileSync(path.join(SEEDS, name), 'utf8') : undefined;
};

describe.skipIf(seedFiles.length === 0)(seedFiles.length === 0 ? `seeds: skipped, ${SEEDS} is absent` : `seeds in ${SEEDS}`, () => {
  it.each(['000', '001'])('seed %s (Anonymous OpJapan over the download law) is hacktivism and copyright-law', (prefix) => {
    const text = seed(prefix);
    if (text === undefined) return expect.fail(`seed ${prefix}*.txt missing from ${SEEDS}`);
    expect(classify({ title: '', text }, topics).topics.sort()).toEqual(['copyright-law', 'hacktivism']);
  });

  it('seed 004 (ISPs to disconnect file-sharers) is copyright-law only; its related-links DDoS does not count', () => {
    const text = seed('004');
    if (text === undefined) return expect.fail(`seed 004*.txt missing from ${SEEDS}`);
    const result = classify({ title: '', text }, topics);
    expect(result.topics).toEqual(['copyright-law']);
    expect(result.evidence['hacktivism']?.map((e) => e.term).join(' ')).not.toMatch(/ddos/i);
    expect(leadOf(text)).not.toContain('Norbits');
  });
});

describe('hard negatives named in the issue', () => {
  it.each([
    ['ransomware', 'Ransomware gang cripples hospital network', 'The criminals encrypted patient records and demanded a ransom in bitcoin; the group said it was "not hacktivists".'],
    ['extortion DDoS', 'Banks hit by DDoS extortion campaign', 'Attackers threatened a larger attack unless each bank paid 20 bitcoin, posing as a state hacking group.'],
    ['anonymous sources', 'Minister to resign, anonymous sources say', 'Two officials speaking on condition of anonymity said the announcement would come on Friday.'],
    ['anonymous donor', 'Anonymous donor gives $5m to children\'s hospital', 'The gift, from a donor who asked not to be named, will fund a new ward.'],
    ['Pittsburgh Pirates', 'Pittsburgh Pirates rally to beat Cubs in ninth', 'A two-run double sealed a 5-4 win at PNC Park.'],
    ['Somali pirates', 'Somali pirates seize bulk carrier off Horn of Africa', 'Navies in the area said the crew were safe.'],
    ['Pirate Party', 'Pirate Party wins two seats in regional election', 'The party campaigned on transparency and digital democracy.'],
    ['pirate radio', 'Regulator shuts pirate radio station interfering with air traffic', 'The unlicensed broadcaster was operating from a tower block.'],
    ['trademark', 'Court refuses trademark for sportswear slogan', 'Judges said the phrase lacked distinctive character.'],
    ['patent', 'Jury awards $300m in smartphone patent dispute', 'The verdict concerns wireless charging technology.'],
    ['music business', 'Record label profits rise on streaming subscriptions', 'Revenue from paid streaming grew 12% and the company raised prices.'],
    ['privacy law', 'Parliament passes data protection reform', 'The GDPR changes simplify consent banners for small businesses.'],
    ['breach report', 'Retailer says hackers stole customer data', 'About 2 million card numbers were exposed; the cause is still being investigated.'],
    ['related stories', 'Bakery chain opens 50 new shops', 'The chain plans to hire 800 staff. Related stories: Anonymous DDoS hits ministry over piracy law; Hacktivists deface city portal.'],
  ])('%s → no topic', (_name, title, text) => {
    expect(run(title, text)).toEqual([]);
  });
});

describe('tricky positives', () => {
  it.each([
    ['fair use', 'Appeals court finds search engine thumbnails are fair use', 'The ruling rejects the photographer\'s claim.'],
    ['AI training', 'Authors sue AI company for training models on their novels', 'The lawsuit says the works were copied without a licence.'],
    ['sampling', 'Top court rules two-second sample needs no licence as pastiche', 'The judges weighed artistic freedom against the rights of the producers.'],
  ])('%s ruling without "piracy" → copyright-law', (_name, title, text) => {
    expect(run(title, text)).toEqual(['copyright-law']);
  });

  it('Anonymous DDoSing a ministry over a download law is both topics', () => {
    expect(run('Anonymous DDoS takes down ministry site in protest at download law', 'The group said criminalising illegal downloads of copyrighted music was unjust.').sort()).toEqual([
      'copyright-law',
      'hacktivism',
    ]);
  });

  it('Japanese: アノニマス attacking over 違法ダウンロード is both topics', () => {
    expect(run('アノニマス、著作権法改正に抗議し財務省サイトを攻撃', '違法ダウンロードに刑事罰を導入する改正に抗議するとして、ハッカー集団が攻撃した。').sort()).toEqual(['copyright-law', 'hacktivism']);
  });
});

describe('explanations', () => {
  it('reports each matched term with where it matched and its weight; the title weighs more', () => {
    const result = classify({ title: 'Court rules on copyright', text: 'A copyright case about DMCA notices.' }, topics);
    const evidence = result.evidence['copyright-law'] ?? [];
    expect(evidence).toContainEqual({ term: 'copyright', where: 'title', weight: 3 });
    expect(evidence).toContainEqual({ term: 'dmca', where: 'text', weight: 2.5 });
    expect(result.scores['copyright-law']).toBe(5.5);
  });

  it('names the co-occurrence rule and the two phrases that fired it', () => {
    const result = classify({ title: 'Activists DDoS ministry site in protest over mine', text: '' }, topics);
    expect(result.topics).toEqual(['hacktivism']);
    expect(result.evidence['hacktivism']?.map((e) => e.term)).toContainEqual(expect.stringMatching(/^attack for a cause \(ddos \+ /));
  });

  it('a negative subtracts and shows as evidence', () => {
    const result = classify({ title: 'Ransomware gang claims DDoS in protest', text: '' }, topics);
    expect(result.evidence['hacktivism']).toContainEqual({ term: 'ransomware', where: 'title', weight: -3 });
  });

  it('only the lead counts: a topic word after 1,500 characters is ignored', () => {
    const filler = 'The weather was mild and the market was busy. '.repeat(40);
    expect(run('Town fair', `${filler} Copyright and DMCA.`)).toEqual([]);
    expect(run('Town fair', `Copyright and DMCA. ${filler}`)).toEqual(['copyright-law']);
  });
});
