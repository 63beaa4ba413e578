// Whether text holds Chinese, Japanese or Korean writing: the form's Latin-letter name fields refuse it, because the
// name in Chinese characters has a field of its own and badges, exports and mails expect the passport's Latin name.
// Accented Latin, Cyrillic, Greek, Arabic and the other scripts of a passport's printed name are not CJK.
// Example: hasCjk('王') === true; hasCjk('Ｗａｎｇ') === true; hasCjk('Nguyễn') === false; hasCjk('O’Brien') === false

/**
 * Han, kana, hangul and bopomofo by script, and by block everything from the CJK radicals to the unified ideographs
 * (so also the CJK punctuation 、。「」, the ideographic space, the prolonged sound mark ー and the enclosed and
 * compatibility forms), the compatibility ideographs, the vertical and small forms, the half-width and full-width forms
 * (Ｗａｎｇ, ，) and the enclosed ideographic supplement. U+00B7, the middle dot of Catalan names (Gal·la), is none of them.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u2e80-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe6f\uff00-\uffef\u{1f200}-\u{1f2ff}]/u;

export const hasCjk = (text: string): boolean => CJK.test(text);
