// Language detection from script and common words.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/analyze/detect-language.js';
import { parseLabeled } from '../../src/analyze/evaluate.js';
import { REPO_ROOT } from './classify-helpers.js';

describe('detectLanguage', () => {
  it.each([
    ['ja', 'アノニマス、著作権法改正に抗議し財務省サイトを攻撃'],
    ['zh', '黑客组织对政府网站发动攻击，抗议新的版权法'],
    ['ko', '해커 집단이 정부 웹사이트를 공격했다'],
    ['ru', 'Хакеры атаковали сайты министерства в знак протеста'],
    ['en', 'The court said that the site was liable for the copies made by its users.'],
    ['de', 'Das Gericht hat entschieden, dass die Sperre nicht mit dem Recht vereinbar ist.'],
    ['fr', 'Le tribunal a jugé que le site était responsable des copies de ses utilisateurs.'],
    ['es', 'El tribunal confirmó el cierre de la web por ofrecer enlaces a las series.'],
    ['it', 'Il tribunale ha ordinato la chiusura del canale che condivideva i giornali.'],
    ['pt', 'O tribunal determinou que a plataforma retire os vídeos com jogos transmitidos sem autorização.'],
    ['nl', 'De rechter heeft bepaald dat het niet is toegestaan om de site te blokkeren.'],
  ])('%s', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('returns null for empty text, digits and punctuation', () => {
    expect(detectLanguage('')).toBeNull();
    expect(detectLanguage('12345 !!! ---')).toBeNull();
  });

  it('counts code points the way Unicode classes them: symbol kana are no letters, astral Han is Chinese', () => {
    // Circled katakana are Katakana script but symbols, not letters: alone they say nothing…
    expect(detectLanguage('㋐㋑')).toBeNull();
    // …but two of them beside any letter still make the text Japanese.
    expect(detectLanguage('㋐㋑ court')).toBe('ja');
    // Characters outside the BMP (surrogate pairs) count once each.
    expect(detectLanguage('𠀋𠀋𠀋 ok')).toBe('zh');
  });

  it('breaks ties between close languages on their own letters and endings', () => {
    expect(detectLanguage('a informação e a canção')).toBe('pt');
    expect(detectLanguage('la nazione e la stazione')).toBe('it');
    expect(detectLanguage('la canción y la sección')).toBe('es');
  });

  it('a Japanese text with English terms (DMCA, Cloudflare) is still Japanese', () => {
    expect(detectLanguage('DMCA通知で日本の同人ゲームがGitHubから削除、Cloudflareも対応')).toBe('ja');
  });

  it('agrees with the labels of at least 95% of the eval set (title + lead)', () => {
    const parsed = parseLabeled(readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'eval', 'topics.jsonl'), 'utf8'));
    if (!parsed.ok) return expect.fail(parsed.problems.join('\n'));
    const right = parsed.items.filter((i) => detectLanguage(`${i.title}. ${i.text}`) === i.lang).length;
    expect(right / parsed.items.length).toBeGreaterThanOrEqual(0.95);
  });
});
