// What counts as Chinese, Japanese or Korean writing for the Latin-letter name fields: every CJK script and the CJK
// punctuation and full-width forms, but none of the letters and marks of the other scripts passports print.
import { describe, expect, it } from 'vitest';
import { hasCjk } from '../../src/lib/cjk-script.ts';

describe('hasCjk', () => {
  it.each([
    ['王', 'a Han character'],
    ['Wang 芳', 'Han among Latin letters'],
    ['𠀀', 'Han of extension B, beyond the basic plane'],
    ['ワタナベ', 'katakana'],
    ['わたなべ', 'hiragana'],
    ['ｶﾀｶﾅ', 'half-width katakana'],
    ['김지민', 'hangul'],
    ['ㄅㄆ', 'bopomofo'],
    ['Wang。', 'an ideographic full stop'],
    ['Wang、Li', 'an ideographic comma'],
    ['Wang・Li', 'the katakana middle dot'],
    ['Wang\u3000Li', 'the ideographic space'],
    ['Ｗａｎｇ', 'full-width Latin letters'],
    ['Wang，Li', 'a full-width comma'],
  ])('finds %s (%s)', (text) => {
    expect(hasCjk(text)).toBe(true);
  });

  it.each([
    'Nguyễn', 'O’Brien', "O'Brien", 'Müller', 'García', 'Jean-Luc', 'van der Berg', 'Gal·la', 'Øvergård',
    'Иванов', 'Παπαδόπουλος', 'الهاشمي', 'כהן', 'Ṭhākur', 'ŁUKASZ', '', 'Wang Fang',
  ])('finds none in %j', (text) => {
    expect(hasCjk(text)).toBe(false);
  });
});
