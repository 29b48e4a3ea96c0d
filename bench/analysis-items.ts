// Feed-sized items for the analysis benchmark: a title and 1–4 KB of plain text, the way Herald
// holds an item after normalising it. Mostly general news (the corpus word lists in
// bench/corpus-text.ts are all on-topic), with a share of Japanese items and a share carrying
// real copyright-law / hacktivism sentences and headlines, so the classifier has matches to find. Deterministic: item i depends only on the seed and i.
import { htmlToText } from '../src/ingest/html-text.js';
import { makeHtmlBody, makeTitle, type CorpusLanguage } from './corpus-text.js';
import { createRandom, type Random } from './seeded-random.js';

export interface AnalysisItem {
  id: string;
  title: string;
  text: string;
}

/** One item in ten is Japanese. */
export const JAPANESE_SHARE = 0.1;
/** About a third of items carry on-topic sentences in their lead. */
export const ON_TOPIC_SHARE = 0.35;

const EN_ON_TOPIC = [
  'The court found that the site had induced copyright infringement on a massive scale and ordered ISPs to block its domains.',
  'Under the dynamic injunction, internet providers must also block mirror sites and proxies that appear after the ruling.',
  'The publishers are seeking statutory damages for each of the copyrighted works scanned and lent without authorisation.',
  'The Motion Picture Association said the anti-piracy coalition had taken down more than 300 piracy sites this year.',
  'The judge rejected the fair use defence, holding that training the model on pirated books was not transformative.',
  'A DMCA takedown notice was sent to the code-hosting platform, which removed the repository within hours.',
  'The hacktivist group claimed responsibility for the DDoS attack that knocked several government websites offline.',
  'Hacktivists defaced the ministry’s homepage and leaked what they said were internal emails of the police department.',
  'The pro-Russian hacktivist collective NoName057(16) listed the targets of its latest DDoS campaign on Telegram.',
  'Anonymous-affiliated hackers published a 10 GB data leak and said the hack was a protest against the new surveillance law.',
] as const;

const JA_ON_TOPIC = [
  '東京地裁は、海賊版サイトの運営者に対し著作権侵害による損害賠償を命じた。',
  '文化庁は、生成AIの学習と著作権法第30条の4の関係について考え方を公表した。',
  'ハクティビスト集団がDDoS攻撃の犯行声明を出し、複数の政府サイトが一時閲覧できなくなった。',
  '出版社4社は、漫画の違法アップロードをめぐり、海外のサイト運営者を提訴した。',
] as const;

// General news, the bulk of what a feed brings: English prose over a large, heavy-tailed vocabulary
// (syllable-built words), so items differ the way real ones do, and each item reports one of many
// events (its rare names recur in the three or four reports of that event, close in time).
const FUNCTION_WORDS = ['the', 'a', 'of', 'to', 'in', 'and', 'on', 'for', 'with', 'said', 'was', 'is', 'by', 'at', 'from', 'that', 'it', 'as', 'has', 'will'] as const;
const SYLLABLES = ['ka', 'ren', 'mo', 'tal', 'vi', 'so', 'ber', 'lin', 'dra', 'po', 'nes', 'ti', 'gar', 'el', 'mun', 'sha', 'ro', 'cle', 'fen', 'ur', 'bal', 'qui', 'da', 'ston'] as const;
const VOCABULARY = 30_000;
const JA_GENERAL = [
  '気象庁によると、週末にかけて広い範囲で雨が降る見込みだ。',
  '市は新しい図書館の建設計画について住民説明会を開いた。',
  '同社は決算発表で、売上高が前年同期比で増加したと明らかにした。',
  '大会は三日間の日程で行われ、多くの観客が会場を訪れた。',
  '専門家は、物価の上昇が家計に与える影響を注視する必要があると指摘した。',
  '新しい路線の開業により、通勤時間が短縮されると期待されている。',
] as const;

function word(k: number): string {
  let n = k;
  let out = '';
  do {
    out += SYLLABLES[n % SYLLABLES.length] ?? '';
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return out;
}

/** A word drawn log-uniformly from the vocabulary: a few very common, a long tail of rare ones. */
function zipfWord(random: Random): string {
  return word(Math.floor(Math.exp(random.next() * Math.log(VOCABULARY))));
}

function eventWords(event: number): string[] {
  const random = createRandom(Math.imul(event + 7, 0x27d4eb2f) >>> 0);
  return Array.from({ length: 4 }, () => word(random.int(VOCABULARY / 3, VOCABULARY)));
}

function generalText(random: Random, names: readonly string[], targetBytes: number): string {
  const sentences: string[] = [];
  let size = 0;
  while (size < targetBytes) {
    const words = Array.from({ length: random.int(10, 24) }, () => (random.chance(0.4) ? random.pick(FUNCTION_WORDS) : random.chance(0.1) ? random.pick(names) : zipfWord(random)));
    const first = words[0] ?? 'the';
    const text = `${first.charAt(0).toUpperCase()}${first.slice(1)} ${words.slice(1).join(' ')}.`;
    sentences.push(text);
    size += text.length + 1;
    if (random.chance(0.2)) sentences.push('\n\n');
  }
  return sentences.join(' ').replace(/ ?\n\n ?/g, '\n\n');
}

/** The item with index `index` for `seed`; the same arguments always give the same item. */
export function makeAnalysisItem(seed: number, index: number): AnalysisItem {
  // Item-wise streams (not one stream for the run) so any slice of items can be made on demand.
  const random = createRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const language: CorpusLanguage = random.chance(JAPANESE_SHARE) ? 'ja' : 'en';
  const onTopic = random.chance(ON_TOPIC_SHARE);
  // About four reports per event, published close together.
  const names = eventWords(Math.max(0, Math.floor(index / 4) - random.int(0, 2)) + seed * 1_000_003);
  const targetBytes = random.int(1_024, 4_096);
  let title: string;
  let text: string;
  if (language === 'ja') {
    // Japanese corpus text is about copyright and attacks; general-news items get general sentences.
    const name = names.slice(0, 2).map((n) => n.charAt(0).toUpperCase() + n.slice(1)).join('・');
    if (onTopic) {
      title = `${name}：${makeTitle(random, 'ja')}`;
      text = `${random.pick(JA_ON_TOPIC)}\n\n${htmlToText(makeHtmlBody(random, 'ja', 'https://news.example.jp', targetBytes))}`;
    } else {
      title = `${name}、${random.pick(JA_GENERAL).slice(0, 20)}`;
      const parts: string[] = [];
      for (let size = 0; size < targetBytes; size += 90) parts.push(random.pick(JA_GENERAL));
      text = parts.join('');
    }
  } else {
    const capital = (n: string): string => n.charAt(0).toUpperCase() + n.slice(1);
    title = `${capital(names[0] ?? 'news')} ${zipfWord(random)} ${names[1] ?? ''} ${zipfWord(random)} ${zipfWord(random)}`.replace(/\s+/g, ' ').trim();
    if (onTopic) title = random.chance(0.5) ? makeTitle(random, 'en') : `${title}: ${random.pick(['copyright ruling', 'DDoS attack', 'piracy case', 'data leak'])}`;
    text = generalText(random, names, targetBytes);
    if (onTopic) {
      // Into the lead, where Herald's classifier looks (it reads the first 1,500 characters).
      const sentences = Array.from({ length: random.int(1, 2) }, () => random.pick(EN_ON_TOPIC));
      text = `${sentences.join(' ')}\n\n${text}`;
    }
  }
  return { id: `item-${index}`, title, text };
}
