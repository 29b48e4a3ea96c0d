// The words that identify an event in a news item: title and lead, normalised so that reports
// from different outlets (and, for well-known names, languages) share them.

const STOPWORDS = new Set(
  (
    'the a an and or of to in on for with by from at as is are was were be been has have had it its this that these those ' +
    'after over into about against new says said will would could may can not but than more most also amid what who why how ' +
    'der die das und ein eine mit von für auf den dem des ist sind wird nach über gegen bei ' +
    'les des une pour sur dans avec par est sont qui que aux ' +
    'los las una por para con del que son sobre como ' +
    'gli della delle dei per con che sono sul nel ' +
    'dos das uma para com por que são sobre'
  ).split(' '),
);

// Names that Japanese reports write differently from English ones; mapped to one token so a
// Japanese and an English report of the same event can meet. Extend as sources demand.
const CROSS_LANGUAGE: ReadonlyArray<[RegExp, string]> = [
  [/アノニマス/g, ' anonymous '],
  [/財務省/g, ' finance ministry '],
  [/最高裁(判所)?/g, ' supreme court '],
  [/自民党|自由民主党/g, ' ldp '],
  [/民主党/g, ' dpj '],
  [/著作権/g, ' copyright '],
  [/違法ダウンロード/g, ' illegal download '],
  [/海賊版/g, ' piracy '],
  [/プロバイダー?|接続事業者/g, ' isp '],
  [/ファイル共有/g, ' file sharing '],
  [/日本/g, ' japan '],
  [/政府/g, ' government '],
  [/ハッカー集団/g, ' hacker group '],
];

const LEAD_CHARS = 600;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+/gu;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/** Token → weight for one item: title words count twice, lead words once. */
export function storyFeatures(title: string, text: string): Map<string, number> {
  const features = new Map<string, number>();
  add(features, tokens(title), 2);
  add(features, tokens(text.slice(0, LEAD_CHARS)), 1);
  return features;
}

function add(features: Map<string, number>, list: readonly string[], weight: number): void {
  for (const token of list) features.set(token, (features.get(token) ?? 0) + weight);
}

// Names, acronyms and figures identify an event better than common words do.
const NAME = /\b(?:[A-Z][\p{L}’'-]+|[A-Z]{2,}|\d[\d.,]*)\b/gu;

function tokens(raw: string): string[] {
  let text = raw.normalize('NFKC');
  const names = (text.match(NAME) ?? []).map((name) => `=${stem(name.toLowerCase())}`);
  for (const [pattern, replacement] of CROSS_LANGUAGE) text = text.replace(pattern, replacement);
  const out: string[] = [];
  // Japanese and Chinese have no spaces: character bigrams stand in for words.
  for (const run of text.match(CJK_RUN) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  for (const match of text.replace(CJK_RUN, ' ').toLowerCase().match(WORD) ?? []) {
    const word = match.replace(/['’-]+$/, '');
    if (word.length < 3 && !/^\d+$/.test(word)) continue;
    if (STOPWORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out.concat(names.filter((name) => !STOPWORDS.has(name.slice(1))));
}

/** A light suffix strip so "attacks"/"attacked"/"attack" meet; names are too short to suffer. */
function stem(word: string): string {
  if (word.length <= 4) return word;
  return word.replace(/(ing|ed|es|s)$/, '');
}
