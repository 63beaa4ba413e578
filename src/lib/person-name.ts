// A person's name as the app prints it from the form's family and given names: given name first for names in Latin
// letters ("Fang Wang"); family name first and no space for a name typed in Chinese, Japanese or Korean characters
// ("王伟", as a Chinese guest list or an imported spreadsheet has it), which reads back to front the other way.
// Example: personNames('伟', '王', '王伟') → { name: '王伟', nameZh: null }; personNames('Fang', 'Wang', '王芳') → { name: 'Fang Wang', nameZh: '王芳' }

const EAST_ASIAN = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}·・ー\s]+$/u;

/** The printed name. Example: personName('Min', 'Zhou') === 'Min Zhou'; personName('敏', '周') === '周敏' */
export function personName(given: string, family: string): string {
  const g = given.trim();
  const f = family.trim();
  if (g !== '' && f !== '' && EAST_ASIAN.test(g) && EAST_ASIAN.test(f)) return `${f}${g}`;
  return `${g} ${f}`.trim();
}

/** The printed name, and the name in Chinese characters when it says something more (not the same name again). */
export function personNames(given: string, family: string, nameZh: string | null): { name: string; nameZh: string | null } {
  const name = personName(given, family);
  const zh = nameZh?.trim() || null;
  return { name, nameZh: zh !== null && zh.replace(/\s/g, '') !== name.replace(/\s/g, '') ? zh : null };
}
