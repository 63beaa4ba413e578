// Handlebars pages: one Handlebars instance per app, partials from views/partials, helpers for text, time and language.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyView from '@fastify/view';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import Handlebars from 'handlebars';
import { translateVars } from '../i18n/index.ts';
import { registerHelpers } from '../lib/handlebars-helpers.ts';

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
    /** The HTML `render` would send, without sending it, for page caches (src/lib/page-cache.ts). */
    renderPage(page: string, data?: Record<string, unknown>, options?: RenderOptions): Promise<RenderedPage>;
  }
}

export interface RenderedPage {
  html: string;
  /** The HTML holds something of this visitor's (signed-in menu, a notice, a CSRF token): never share it. */
  personal: boolean;
}

function registerPartials(hbs: typeof Handlebars, dir: string, prefix = ''): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) registerPartials(hbs, full, `${prefix}${entry.name}/`);
    else if (entry.name.endsWith('.hbs')) hbs.registerPartial(`${prefix}${entry.name.slice(0, -4)}`, readFileSync(full, 'utf8'));
  }
}

/**
 * What the header of every page needs about who asks: the signed-in user, whether the speaker portal is signed in
 * (by a mailed link), and a CSRF token for the sign-out form, made only when a template asks for one (so pages
 * without forms start no session; `onToken` hears when it does). Example: reply.viewAsync(page, { ...viewerContext(reply) })
 */
export function viewerContext(reply: FastifyReply, onToken: () => void = () => {}) {
  return {
    currentUser: reply.request.user,
    speakerSignedIn: Boolean(reply.request.session?.speakerEmail),
    csrfToken: () => {
      onToken();
      return reply.generateCsrf();
    },
  };
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
  app.decorateReply('renderPage', async function renderPage(page: string, data: Record<string, unknown> = {}, options: RenderOptions = {}) {
    const session = this.request.session;
    // A notice left by the previous request (e.g. "password changed"), shown once.
    const flash = session?.flash;
    const flashVars = session?.flashVars;
    if (flash) session.flash = undefined;
    if (flashVars) session.flashVars = undefined;
    let csrfUsed = false;
    const context = {
      ...viewerContext(this, () => {
        csrfUsed = true;
      }),
      flash,
      flashVars: flashVars ? translateVars(this.request.locale, flashVars) : undefined,
      ...data,
    };
    const html = await this.viewAsync(page, context, { layout: `layouts/${options.layout ?? 'public'}` });
    return { html, personal: Boolean(this.request.user) || Boolean(session?.speakerEmail) || Boolean(flash) || csrfUsed };
  });
  app.decorateReply('render', async function render(page: string, data: Record<string, unknown> = {}, options: RenderOptions = {}) {
    const { html } = await this.renderPage(page, data, options);
    if (options.status) this.status(options.status);
    return this.type('text/html; charset=utf-8').send(html);
  });
}

export default fp(viewPlugin, { name: 'view' });
