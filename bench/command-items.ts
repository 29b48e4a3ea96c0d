// Analysed items for the command benchmark, a million of them in a minute: titles and 300–800
// characters of text drawn from a heavy-tailed vocabulary plus the topics' own words, grouped
// into stories of one to four reports that share two rare names, spread over a year. Item i
// depends only on the seed and i, so a search for a story's name finds that story's reports.
import { makeTitle } from './corpus-text.js';
import { createRandom, type Random } from './seeded-random.js';

export type CommandTopic = 'copyright-law' | 'hacktivism';

/** One item as the store holds it after polling and analysis. */
export interface CommandItem {
  index: number;
  /** Index of the story's first item (its id once stored, when ids start at 1 and follow the indexes). */
  storyIndex: number;
  title: string;
  text: string;
  language: 'en' | 'ja';
  topics: CommandTopic[];
  summary: string | null;
  /** Milliseconds since the epoch. */
  publishedAt: number;
}

/** Share of stories on a topic; the rest is general news that Herald stores but never alerts. */
export const ON_TOPIC_SHARE = 0.3;
/** Share of items in Japanese (they also go into the trigram index). */
export const JAPANESE_SHARE = 0.03;

const VOCABULARY = 30_000;
const SYLLABLES = ['ka', 'ren', 'mo', 'tal', 'vi', 'so', 'ber', 'lin', 'dra', 'po', 'nes', 'ti', 'gar', 'el', 'mun', 'sha', 'ro', 'cle', 'fen', 'ur', 'bal', 'qui', 'da', 'ston'] as const;
const FUNCTION_WORDS = ['the', 'a', 'of', 'to', 'in', 'and', 'on', 'for', 'with', 'said', 'was', 'is', 'by', 'at', 'from', 'that', 'it', 'as', 'has', 'will'] as const;
// News words every outlet uses, on a topic or not: searches for them match a large share of items.
const NEWS_WORDS = ['court', 'government', 'police', 'report', 'data', 'website', 'company', 'law', 'ruling', 'users', 'million', 'attack', 'statement', 'week'] as const;

const ON_TOPIC_LEADS: Record<CommandTopic, readonly string[]> = {
  'copyright-law': [
    'The court found that the site had induced copyright infringement on a massive scale and ordered ISPs to block its domains.',
    'Under the dynamic injunction, internet providers must also block mirror sites and proxies that appear after the ruling.',
    'The publishers are seeking statutory damages for each of the copyrighted works scanned and lent without authorisation.',
    'The Motion Picture Association said the anti-piracy coalition had taken down more than 300 piracy sites this year.',
    'The judge rejected the fair use defence, holding that training the model on pirated books was not transformative.',
    'A DMCA takedown notice was sent to the code-hosting platform, which removed the repository within hours.',
  ],
  hacktivism: [
    'The hacktivist group claimed responsibility for the DDoS attack that knocked several government websites offline.',
    'Hacktivists defaced the ministry’s homepage and leaked what they said were internal emails of the police department.',
    'The pro-Russian hacktivist collective NoName057(16) listed the targets of its latest DDoS campaign on Telegram.',
    'Anonymous-affiliated hackers published a 10 GB data leak and said the hack was a protest against the new surveillance law.',
  ],
};
const JA_SENTENCES = [
  '東京地裁は、海賊版サイトの運営者に対し著作権侵害による損害賠償を命じた。',
  'ハクティビスト集団がDDoS攻撃の犯行声明を出し、複数の政府サイトが一時閲覧できなくなった。',
  '気象庁によると、週末にかけて広い範囲で雨が降る見込みだ。',
  '同社は決算発表で、売上高が前年同期比で増加したと明らかにした。',
  '専門家は、物価の上昇が家計に与える影響を注視する必要があると指摘した。',
] as const;

/** A vocabulary word: syllables spelling `k` in base 24. */
export function vocabularyWord(k: number): string {
  let n = k;
  let out = '';
  do {
    out += SYLLABLES[n % SYLLABLES.length] ?? '';
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return out;
}

/** The two names every report of story `storyIndex` carries (and hardly any other item does). */
export function storyNames(storyIndex: number): [string, string] {
  // Past the vocabulary, so a name never collides with a common word.
  return [vocabularyWord(VOCABULARY + 2 * storyIndex), vocabularyWord(VOCABULARY + 2 * storyIndex + 1)];
}

export interface CommandItemSource {
  /** Item `index` of `total`; call with increasing indexes (stories are laid out as it goes). */
  item(index: number): CommandItem;
}

/**
 * Items for `total` indexes, published evenly over the `spanMs` before `end`. Sentences come from
 * a pool of 20,000 built once (generating every word of a million items would take minutes);
 * each item adds its story's names and its own draws, so no two texts are the same.
 */
export function createCommandItems(options: { seed: number; total: number; end: Date; spanMs: number }): CommandItemSource {
  const random = createRandom(options.seed);
  const pool = Array.from({ length: 20_000 }, () => sentence(random));
  const step = options.spanMs / options.total;
  const start = options.end.getTime() - options.spanMs;
  let story = { first: -1, size: 0, topics: [] as CommandTopic[], japanese: false };

  return {
    item(index) {
      if (index >= story.first + story.size) {
        const size = random.int(1, 4);
        const onTopic = random.chance(ON_TOPIC_SHARE);
        const roll = random.next();
        const topics: CommandTopic[] = !onTopic ? [] : roll < 0.6 ? ['copyright-law'] : roll < 0.95 ? ['hacktivism'] : ['copyright-law', 'hacktivism'];
        story = { first: index, size, topics, japanese: random.chance(JAPANESE_SHARE) };
      }
      const names = storyNames(story.first);
      const publishedAt = Math.round(start + index * step + random.int(0, 60_000));
      if (story.japanese) return japaneseItem(random, index, story.first, story.topics, names, publishedAt);
      const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
      const [first, second] = names;
      const title = story.topics.length > 0 && random.chance(0.6)
        ? `${capital(first)}: ${makeTitle(random, 'en')}`
        : `${capital(first)} ${zipfWord(random)} ${second} ${random.pick(NEWS_WORDS)} ${zipfWord(random)}`;
      const target = random.int(300, 800);
      const parts: string[] = [];
      let length = 0;
      for (const topic of story.topics) {
        const lead = random.pick(ON_TOPIC_LEADS[topic]);
        parts.push(lead);
        length += lead.length + 1;
      }
      parts.push(`${capital(second)} ${random.pick(FUNCTION_WORDS)} ${first} ${random.pick(NEWS_WORDS)}.`);
      while (length < target) {
        const next = random.pick(pool);
        parts.push(next);
        length += next.length + 1;
      }
      const text = parts.join(' ').slice(0, 800);
      return {
        index,
        storyIndex: story.first,
        title,
        text,
        language: 'en',
        topics: story.topics,
        summary: story.topics.length > 0 ? (parts[0] ?? null) : null,
        publishedAt,
      };
    },
  };
}

function japaneseItem(random: Random, index: number, storyIndex: number, topics: CommandTopic[], names: [string, string], publishedAt: number): CommandItem {
  const parts: string[] = [];
  for (let length = 0; length < random.int(150, 300); length += 40) parts.push(random.pick(JA_SENTENCES));
  return {
    index,
    storyIndex,
    title: `${names[0]}：${makeTitle(random, 'ja')}`,
    text: `${names[1]} ${parts.join('')}`,
    language: 'ja',
    topics,
    summary: topics.length > 0 ? (parts[0] ?? null) : null,
    publishedAt,
  };
}

/** A word drawn log-uniformly from the vocabulary: a few very common, a long tail of rare ones. */
function zipfWord(random: Random): string {
  return vocabularyWord(Math.floor(Math.exp(random.next() * Math.log(VOCABULARY))));
}

function sentence(random: Random): string {
  const words = Array.from({ length: random.int(8, 18) }, () => {
    const roll = random.next();
    return roll < 0.4 ? random.pick(FUNCTION_WORDS) : roll < 0.5 ? random.pick(NEWS_WORDS) : zipfWord(random);
  });
  const first = words[0] ?? 'the';
  return `${first.charAt(0).toUpperCase()}${first.slice(1)} ${words.slice(1).join(' ')}.`;
}
