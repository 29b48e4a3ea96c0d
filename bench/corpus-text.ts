// Word lists and builders for realistic news text: titles and 1–4 KB HTML article bodies with
// links, entities and some non-ASCII, in English or (for a few feeds) Japanese.
import type { Random } from './seeded-random.js';

export type CorpusLanguage = 'en' | 'ja';

const SUBJECTS = [
  'EU Court of Justice', 'US Copyright Office', 'Ninth Circuit', 'Anonymous', 'LockBit affiliates',
  'The Internet Archive', 'Publishers’ association', 'Sci-Hub', 'A Dutch court', 'GEMA', 'OpenAI',
  'Hacktivist group “SiegedSec”', 'The Pirate Bay', 'Stability AI', 'Getty Images', 'Cloudflare',
  'The Authors Guild', 'Japan’s Agency for Cultural Affairs', 'Société des auteurs (SACEM)', 'Z-Library',
  'Ukrainian IT Army', 'NoName057(16)', 'DMCA agent', 'Brazil’s ANPD', 'Die Verwertungsgesellschaft',
] as const;
const VERBS = [
  'rules on', 'sues over', 'claims responsibility for', 'settles', 'appeals', 'leaks', 'takes down',
  'blocks', 'defends', 'challenges', 'publishes guidance on', 'targets', 'wins dismissal of', 'loses bid over',
] as const;
const OBJECTS = [
  'AI training-data fair use', 'DDoS attack on government portals', 'upload filters under Article 17',
  'site-blocking injunction', 'leaked police database', 'shadow-library mirror', 'text-and-data-mining opt-out',
  'takedown notices for 40,000 URLs', 'defacement of ministry websites', 'model weights trained on books',
  'ransomware leak site', 'statutory damages of $150,000 per work', 'Urheberrechts-Novelle', 'droit d’auteur reform',
  'anti-circumvention exemption for researchers', 'ISP liability for repeat infringers',
] as const;
const TAIL_WORDS = [
  'court', 'ruling', 'judge', 'plaintiffs', 'defendants', 'copyright', 'licence', 'infringement', 'damages',
  'injunction', 'appeal', 'hacktivists', 'leak', 'data', 'servers', 'botnet', 'attack', 'outage', 'publishers',
  'authors', 'musicians', 'platforms', 'users', 'researchers', 'regulators', 'lawmakers', 'statute', 'exemption',
  'precedent', 'settlement', 'filing', 'docket', 'evidence', 'claims', 'motion', 'hearing', 'policy', 'draft',
  'directive', 'commission', 'parliament', 'spokesperson', 'statement', 'analysis', 'week', 'months', 'sources',
  'documents', 'archive', 'mirror', 'domain', 'registrar', 'host', 'notice', 'counter-notice', 'fair', 'use',
  'training', 'model', 'dataset', 'scraping', 'opt-out', 'royalties', 'collecting', 'society', 'tariff',
] as const;
const CONNECTIVES = ['and', 'but', 'while', 'after', 'because', 'although', 'as', 'since', 'so', 'whereas'] as const;
const ACCENTED = ['café', 'naïve', 'Zürich', 'São Paulo', 'Kraków', 'Ærø', 'Łódź', 'façade', 'Müller', 'señora', '€2.5 million', '“fair use”'] as const;
const AUTHORS = ['Jane Doe', 'Ernesto Van der Sar', 'Mélanie Dubois', 'Kenji Sato', 'Ana López', 'Jürgen Schmidt', 'Priya Natarajan'] as const;
const CATEGORIES = ['Copyright', 'Hacktivism', 'AI', 'Piracy', 'Courts', 'Security', 'Policy', 'DMCA', 'Leaks', 'EU'] as const;

const JA_SUBJECTS = ['文化庁', '知財高裁', '著作権者団体', 'ハクティビスト集団', '出版社', '東京地裁', '総務省'] as const;
const JA_OBJECTS = ['生成AIと著作権法第30条の4', '海賊版サイトの遮断', '政府サイトへのDDoS攻撃', '漫画の無断転載', '個人情報の流出', '違法ダウンロードの罰則'] as const;
const JA_VERBS = ['について判断', 'を提訴', 'の犯行声明', 'に関する指針を公表', 'で和解'] as const;
const JA_SENTENCES = [
  '裁判所は、学習目的での複製が権利者の利益を不当に害するかどうかを検討した。',
  '関係者によると、攻撃は数時間にわたり続き、複数の省庁のサイトが閲覧できなくなった。',
  '出版社側は、損害額が数億円に上ると主張している。',
  '専門家は「今回の判断は今後の実務に大きな影響を与える」と述べた。',
  '文化庁は意見募集の結果を踏まえ、考え方を改訂する方針だ。',
  'グループはSNS上で声明を出し、政府の方針に抗議する目的だったと説明した。',
] as const;

/** A headline, e.g. "Ninth Circuit rules on AI training-data fair use". */
export function makeTitle(random: Random, language: CorpusLanguage): string {
  if (language === 'ja') return `${random.pick(JA_SUBJECTS)}、${random.pick(JA_OBJECTS)}${random.pick(JA_VERBS)}`;
  const title = `${random.pick(SUBJECTS)} ${random.pick(VERBS)} ${random.pick(OBJECTS)}`;
  return random.chance(0.2) ? `${title} — ${random.pick(['report', 'update', 'analysis', 'explainer'])}` : title;
}

export function makeAuthor(random: Random): string {
  return random.pick(AUTHORS);
}

/** One to three distinct categories. */
export function makeCategories(random: Random): string[] {
  const count = random.int(1, 3);
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(random.pick(CATEGORIES));
  return [...chosen];
}

function sentence(random: Random, language: CorpusLanguage): string {
  if (language === 'ja') return random.pick(JA_SENTENCES);
  const words: string[] = [random.pick(SUBJECTS)];
  const length = random.int(10, 24);
  for (let i = 0; i < length; i += 1) {
    if (i > 0 && i % 7 === 0) words.push(random.pick(CONNECTIVES));
    words.push(random.chance(0.04) ? random.pick(ACCENTED) : random.pick(TAIL_WORDS));
  }
  return `${words.join(' ')}.`;
}

/** Inline markup the way CMS bodies have it: links (absolute and relative), emphasis, entities. */
function inline(random: Random, text: string, siteUrl: string): string {
  const roll = random.next();
  if (roll < 0.15) return `${text} See <a href="${siteUrl}/${random.int(2019, 2026)}/${random.int(1, 12)}/related-${random.int(1, 9999)}/">our earlier coverage</a>.`;
  if (roll < 0.25) return `${text} <a href="/tag/${random.pick(CATEGORIES).toLowerCase()}">More&nbsp;on this</a> &mdash; <em>updated</em>.`;
  if (roll < 0.33) return `<strong>Update:</strong> ${text} (&ldquo;court filing&rdquo;, p.&#160;${random.int(2, 90)})`;
  if (roll < 0.4) return `${text} Legal fees &amp; costs: &euro;${random.int(10, 900)},000 &copy; &#8220;the publishers&#8221;.`;
  return text;
}

/**
 * An article body of about `targetBytes` (UTF-8) of HTML: paragraphs, sometimes a heading,
 * a quote, a list or an image.
 */
export function makeHtmlBody(random: Random, language: CorpusLanguage, siteUrl: string, targetBytes: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < targetBytes) {
    let block: string;
    const roll = random.next();
    if (roll < 0.08) block = `<h2>${language === 'ja' ? '背景' : random.pick(['Background', 'What happens next', 'The ruling', 'Reactions'])}</h2>`;
    else if (roll < 0.14) block = `<blockquote><p>${sentence(random, language)}</p></blockquote>`;
    else if (roll < 0.19) block = `<ul><li>${sentence(random, language)}</li><li>${sentence(random, language)}</li></ul>`;
    else if (roll < 0.23) block = `<p><img src="${siteUrl}/wp-content/uploads/${random.int(1000, 9999)}.jpg" alt="Illustration" width="800" height="450"></p>`;
    else {
      const count = random.int(2, 4);
      const sentences = Array.from({ length: count }, () => inline(random, sentence(random, language), siteUrl));
      block = `<p>${sentences.join(' ')}</p>`;
    }
    parts.push(block);
    size += Buffer.byteLength(block) + 1;
  }
  return parts.join('\n');
}

/** A plain-text teaser of the body, as feeds put in <description>/<summary>. */
export function makeSummary(random: Random, language: CorpusLanguage): string {
  return Array.from({ length: random.int(1, 2) }, () => sentence(random, language)).join(' ');
}
