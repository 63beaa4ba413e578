// Template helpers shared by pages and mails: translated text, zone-aware times, organiser text in the reader's language.
// Example: registerHelpers(Handlebars.create()); then {{t "home.title"}} or {{dateTime startsAt timezone}} in a template.
import type Handlebars from 'handlebars';
import { DEFAULT_LOCALE, isLocale, translate, type Locale } from '../i18n/index.ts';
import { formatDate, formatDateRange, formatDateTime, formatTime, zoneName } from './datetime.ts';
import { pickLocalized, type LocalizedText } from './localized.ts';
import { renderMarkdown } from './markdown.ts';
import { personName, personNames } from './person-name.ts';
import { pageHeading } from './page-heading.ts';
import { splitParagraphs } from './paragraphs.ts';
import { markdownToPlainText } from './plain-text.ts';
import { zoneOptionsByRegion } from './zone-options.ts';

type HelperOptions = Handlebars.HelperOptions;
const localeOf = (options: HelperOptions): Locale => {
  const locale = (options.data?.root as { locale?: unknown } | undefined)?.locale;
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
};
const baseUrlOf = (options: HelperOptions): string => String((options.data?.root as { baseUrl?: unknown } | undefined)?.baseUrl ?? '');
const asDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

export function registerHelpers(hbs: typeof Handlebars): void {
  // {{t "key" name=value}}, or {{t "key" vars}} with the vars in one object (a notice's, kept in the session).
  hbs.registerHelper('t', (key: string, ...rest: unknown[]) => {
    const options = rest.pop() as HelperOptions;
    const vars = rest[0];
    return translate(localeOf(options), key, vars && typeof vars === 'object' ? { ...vars, ...options.hash } : options.hash);
  });
  hbs.registerHelper('dateTime', (instant: unknown, zone: string, options: HelperOptions) =>
    formatDateTime(asDate(instant), zone, localeOf(options)),
  );
  hbs.registerHelper('date', (instant: unknown, zone: string, options: HelperOptions) => formatDate(asDate(instant), zone, localeOf(options)));
  hbs.registerHelper('time', (instant: unknown, zone: string, options: HelperOptions) => formatTime(asDate(instant), zone, localeOf(options)));
  hbs.registerHelper('dateRange', (start: unknown, end: unknown, zone: string, options: HelperOptions) =>
    formatDateRange(asDate(start), asDate(end), zone, localeOf(options)),
  );
  hbs.registerHelper('zoneName', (instant: unknown, zone: string, options: HelperOptions) => zoneName(asDate(instant), zone, localeOf(options)));
  // {{#each (zoneOptions regions)}}: a picker's zones by region, each { value, name } with its city in the reader's language.
  hbs.registerHelper('zoneOptions', (regions: { region: string; zones: string[] }[], options: HelperOptions) => zoneOptionsByRegion(regions, localeOf(options)));
  hbs.registerHelper('isoDate', (instant: unknown) => asDate(instant).toISOString());
  // Organiser text in the reader's language, or the other language marked "English only" / "仅中文".
  hbs.registerHelper('localized', (value: LocalizedText | undefined, options: HelperOptions) => {
    const locale = localeOf(options);
    const picked = pickLocalized(value, locale);
    if (!picked) return '';
    const text = hbs.escapeExpression(picked.text);
    if (!picked.fallback) return new hbs.SafeString(text);
    const marker = translate(locale, picked.lang === 'en' ? 'language.onlyEn' : 'language.onlyZh');
    return new hbs.SafeString(`<span lang="${picked.lang}">${text}</span> <span class="lang-marker">${hbs.escapeExpression(marker)}</span>`);
  });
  // Text typed by a person in either script (an organisation, a mail subject): on a page in another language, text in
  // Chinese characters is marked lang="zh-CN" so screen readers switch voice. {{ownText organisation}}
  hbs.registerHelper('ownText', (value: unknown, options: HelperOptions) => {
    const text = hbs.escapeExpression(String(value ?? ''));
    return new hbs.SafeString(localeOf(options) !== 'zh-CN' && /\p{Script=Han}/u.test(text) ? `<span lang="zh-CN">${text}</span>` : text);
  });
  // Organiser Markdown in the reader's language, rendered safely (raw HTML shown as text), in a lang-marked block when
  // it falls back to the other language.
  hbs.registerHelper('markdown', (value: LocalizedText | undefined, options: HelperOptions) => {
    const locale = localeOf(options);
    const picked = pickLocalized(value, locale);
    if (!picked) return '';
    const html = renderMarkdown(picked.text);
    if (!picked.fallback) return new hbs.SafeString(`<div class="prose">${html}</div>`);
    const marker = translate(locale, picked.lang === 'en' ? 'language.onlyEn' : 'language.onlyZh');
    return new hbs.SafeString(`<p class="lang-marker">${hbs.escapeExpression(marker)}</p><div class="prose" lang="${picked.lang}">${html}</div>`);
  });
  // An organiser's Markdown message in a mail (a string, not per language): {{mailMarkdown body}} renders it safely with
  // this site's relative links made absolute; {{mailMarkdownText body}} is the same for the plain-text part.
  hbs.registerHelper('mailMarkdown', (value: unknown, options: HelperOptions) => new hbs.SafeString(renderMarkdown(String(value ?? ''), { linkBase: baseUrlOf(options) })));
  hbs.registerHelper('mailMarkdownText', (value: unknown, options: HelperOptions) => markdownToPlainText(String(value ?? ''), { addresses: { base: baseUrlOf(options) } }));
  // The same text without markup, for plain-text mails.
  hbs.registerHelper('localizedText', (value: LocalizedText | undefined, options: HelperOptions) => pickLocalized(value, localeOf(options))?.text ?? '');
  // Punctuation between localized pieces, as each language writes it: {{punct "colon"}} is ": " in English and "："
  // in Chinese; also comma, dateTime (between a date and a time), open and close (a parenthesis after a word: " ("
  // in English), lparen and rparen (the parenthesis alone), colonEnd, and wordSpace (a space in English, nothing
  // between Chinese characters).
  hbs.registerHelper('punct', (name: string, options: HelperOptions) => translate(localeOf(options), `punct.${name}`));
  // A person's name from the form's two parts (lib/person-name.ts): {{personName givenName familyName}} is "Fang Wang",
  // or "王伟" for a name typed in Chinese characters; {{otherNameZh givenName familyName nameZh}} is the name in Chinese
  // characters when it is not that same name again ('' otherwise).
  hbs.registerHelper('personName', (given: unknown, family: unknown) => personName(String(given ?? ''), String(family ?? '')));
  hbs.registerHelper('otherNameZh', (given: unknown, family: unknown, nameZh: unknown) => personNames(String(given ?? ''), String(family ?? ''), typeof nameZh === 'string' ? nameZh : null).nameZh ?? '');
  hbs.registerHelper('pageHeading', (given: unknown, body: unknown) => pageHeading(given, body));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('urlEncode', (value: unknown) => encodeURIComponent(String(value ?? '')));
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  // Typed text split into paragraphs at its blank lines, for {{#each (paragraphs message)}}<p>{{lines this}}</p>{{/each}}.
  hbs.registerHelper('paragraphs', (value: unknown) => splitParagraphs(String(value ?? '')));
  // Typed text quoted for a plain-text mail, every line behind "> " (">" alone on a blank one), as mail clients quote.
  hbs.registerHelper('quoted', (value: unknown) =>
    String(value ?? '')
      .trim()
      .split(/\r?\n/)
      .map((line) => (line.trim() === '' ? '>' : `> ${line.trimEnd()}`))
      .join('\n'),
  );
  // A paragraph of typed text with its line breaks kept, escaped: {{lines paragraph}} → 'Line 1<br>Line 2'.
  hbs.registerHelper('lines', (value: unknown) =>
    new hbs.SafeString(
      String(value ?? '')
        .split(/\r?\n/)
        .map((line) => hbs.escapeExpression(line))
        .join('<br>'),
    ),
  );
}
