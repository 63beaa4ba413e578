// Organiser-translated text stored per language, and the choice of which language to show.
// Example: pickLocalized(event.title, 'zh-CN') → { text: '中关村论坛', lang: 'zh-CN', fallback: false }
export const CONTENT_LANGUAGES = ['en', 'zh-CN'] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];
export type LocalizedText = Partial<Record<ContentLanguage, string>>;

export interface PickedText {
  text: string;
  lang: ContentLanguage;
  /** True when the reader's language was missing and another one is shown. */
  fallback: boolean;
}

export function pickLocalized(value: LocalizedText | null | undefined, wanted: string): PickedText | undefined {
  if (!value) return undefined;
  const order = [wanted, ...CONTENT_LANGUAGES.filter((l) => l !== wanted)] as ContentLanguage[];
  for (const lang of order) {
    const text = value[lang]?.trim();
    if (text) return { text, lang, fallback: lang !== wanted };
  }
  return undefined;
}

/**
 * The stored form of a text typed into an English and a Chinese field: trimmed, empty languages left out.
 * Example: localizedFromFields(' Opening ', '') → { en: 'Opening' }
 */
export function localizedFromFields(en: string, zh: string): LocalizedText {
  const enText = en.trim();
  const zhText = zh.trim();
  return { ...(enText ? { en: enText } : {}), ...(zhText ? { 'zh-CN': zhText } : {}) };
}
