// Handlebars pages: one Handlebars instance per app, partials from views/partials, helpers for text, time and language.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyView from '@fastify/view';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import Handlebars from 'handlebars';
import { isLocale, translate, DEFAULT_LOCALE, type Locale } from '../i18n/index.ts';
import { formatDate, formatDateRange, formatDateTime, formatTime, zoneName } from '../lib/datetime.ts';
import { pickLocalized, type LocalizedText } from '../lib/localized.ts';

export const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));

export interface RenderOptions {
  layout?: 'public' | 'admin';
  status?: number;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Context merged into every template by @fastify/view (language, direction, switch links …). */
    locals: Record<string, unknown>;
    /** Renders views/<page>.hbs inside a layout with the request's language context. */
    render(page: string, data?: Record<string, unknown>, options?: RenderOptions): Promise<FastifyReply>;
  }
}

type HelperOptions = Handlebars.HelperOptions;
const localeOf = (options: HelperOptions): Locale => {
  const locale = (options.data?.root as { locale?: unknown } | undefined)?.locale;
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
};
const asDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

function registerHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('t', (key: string, options: HelperOptions) => translate(localeOf(options), key, options.hash));
  hbs.registerHelper('dateTime', (instant: unknown, zone: string, options: HelperOptions) =>
    formatDateTime(asDate(instant), zone, localeOf(options)),
  );
  hbs.registerHelper('date', (instant: unknown, zone: string, options: HelperOptions) => formatDate(asDate(instant), zone, localeOf(options)));
  hbs.registerHelper('time', (instant: unknown, zone: string, options: HelperOptions) => formatTime(asDate(instant), zone, localeOf(options)));
  hbs.registerHelper('dateRange', (start: unknown, end: unknown, zone: string, options: HelperOptions) =>
    formatDateRange(asDate(start), asDate(end), zone, localeOf(options)),
  );
  hbs.registerHelper('zoneName', (instant: unknown, zone: string, options: HelperOptions) => zoneName(asDate(instant), zone, localeOf(options)));
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
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
}

function registerPartials(hbs: typeof Handlebars, dir: string, prefix = ''): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) registerPartials(hbs, full, `${prefix}${entry.name}/`);
    else if (entry.name.endsWith('.hbs')) hbs.registerPartial(`${prefix}${entry.name.slice(0, -4)}`, readFileSync(full, 'utf8'));
  }
}

async function viewPlugin(app: FastifyInstance): Promise<void> {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  registerPartials(hbs, path.join(VIEWS_DIR, 'partials'));
  await app.register(fastifyView, {
    engine: { handlebars: hbs },
    root: VIEWS_DIR,
    // Templates are compiled once per process; `npm run dev` restarts on change.
    production: true,
    viewExt: 'hbs',
  });
  app.decorateReply('render', async function render(page: string, data: Record<string, unknown> = {}, options: RenderOptions = {}) {
    const html = await this.viewAsync(page, data, { layout: `layouts/${options.layout ?? 'public'}` });
    if (options.status) this.status(options.status);
    return this.type('text/html; charset=utf-8').send(html);
  });
}

export default fp(viewPlugin, { name: 'view' });
