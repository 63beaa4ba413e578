// The one error handler and the one not-found handler: typed errors become pages, or problem details under /api.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { translate, type Locale } from '../i18n/index.ts';
import { AppError, ValidationError, type NextStep } from '../lib/errors.ts';
import { pageContext, safeLocale } from './i18n.ts';
import { viewerContext } from './view.ts';

const KNOWN_STATUSES = new Set([400, 403, 404, 409, 410, 413, 415, 422, 429, 500, 503]);

interface Problem {
  status: number;
  /** Locale key of the detail, and its variables. */
  detailKey: string;
  vars: Record<string, unknown>;
  fields?: Record<string, string>;
  /** The page's main button instead of the way home (which stays as a link). */
  nextStep?: NextStep;
}

function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** The PostgreSQL error code of a failed query, whichever driver raised it (drizzle wraps it as the cause). */
function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

function humanSize(bytes: number): string {
  return bytes >= 1_048_576 ? `${Math.round(bytes / 1_048_576)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * What a schema's refusal says. API clients get the validator's own words; a page says it in the reader's language
 * (form fields take text up to a generous bound, so this is rare there: the forms' own checks answer first).
 */
function schemaProblem(first: FastifySchemaValidationError | undefined, field: string, json: boolean, all: FastifySchemaValidationError[] = []): Pick<Problem, 'detailKey' | 'vars'> {
  if (json) return { detailKey: 'errors.invalidField', vars: { field, message: schemaMessage(first, all) } };
  if (first?.keyword === 'maxLength') return { detailKey: 'errors.valueTooLong', vars: { field, limit: (first.params as { limit?: number }).limit } };
  return { detailKey: 'errors.invalidValue', vars: { field } };
}

/**
 * What an API client should send instead, in the reader's language (the validator's own words are English and name
 * no allowed value): "use one of en, zh-CN", "use an id such as …", "use at most 80 characters".
 */
function schemaMessage(first: FastifySchemaValidationError | undefined, all: FastifySchemaValidationError[]): { key: string; vars: Record<string, unknown> } {
  const params = (first?.params ?? {}) as Record<string, unknown>;
  // A choice of constants (a union of literals) fails one `const` per choice on the same value: list them all.
  const allowed = all.filter((e) => e.instancePath === first?.instancePath && e.keyword === 'const').map((e) => String((e.params as { allowedValue?: unknown }).allowedValue));
  const listed = (values: unknown[]) => values.map(String).join(', ');
  switch (first?.keyword) {
    case 'format':
      return params.format === 'uuid' ? { key: 'errors.schema.uuid', vars: {} } : { key: 'errors.schema.other', vars: {} };
    case 'const':
    case 'anyOf':
      return allowed.length > 0 ? { key: 'errors.schema.oneOf', vars: { values: listed(allowed) } } : { key: 'errors.schema.other', vars: {} };
    case 'enum':
      return { key: 'errors.schema.oneOf', vars: { values: listed((params.allowedValues as unknown[]) ?? []) } };
    case 'maxLength':
    case 'minLength':
      return { key: `errors.schema.${first.keyword}`, vars: { count: params.limit } };
    case 'minimum':
    case 'maximum':
      return { key: `errors.schema.${first.keyword}`, vars: { limit: params.limit } };
    case 'type':
      return params.type === 'integer' ? { key: 'errors.schema.integer', vars: {} } : { key: 'errors.schema.other', vars: {} };
    case 'pattern':
    case 'required':
      return { key: `errors.schema.${first.keyword}`, vars: {} };
    default:
      return { key: 'errors.schema.other', vars: {} };
  }
}

function toProblem(error: FastifyError | Error, bodyLimit: number, request: FastifyRequest): Problem {
  if (error instanceof ValidationError) {
    return { status: 422, detailKey: 'errors.detail.422', vars: {}, fields: Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, v.key])) };
  }
  if (error instanceof AppError) {
    return { status: error.status, detailKey: error.messageKey ?? `errors.detail.${error.status}`, vars: error.vars, ...(error.nextStep ? { nextStep: error.nextStep } : {}) };
  }
  if (isDatabaseUnavailable(error)) return { status: 503, detailKey: 'errors.detail.503', vars: {} };
  // unique_violation: someone else took the same address or slug a moment earlier.
  if (sqlState(error) === '23505') return { status: 409, detailKey: 'errors.detail.409', vars: {} };
  const fe = error as FastifyError;
  if (fe.validation) {
    const first = fe.validation[0];
    const field = first?.instancePath?.replace(/^\//, '') || (first?.params as { missingProperty?: string } | undefined)?.missingProperty || fe.validationContext || '';
    // A form or JSON body that parsed but breaks the route's schema is unprocessable content; a bad address is a bad request.
    return { status: fe.validationContext === 'body' ? 422 : 400, ...schemaProblem(first, field, wantsJson(request), fe.validation) };
  }
  if (fe.code?.startsWith('FST_CSRF_')) return { status: 403, detailKey: 'errors.csrf', vars: {} };
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, detailKey: 'errors.detail.413', vars: { limit: humanSize(bodyLimit) } };
  if (fe.code === 'FST_ERR_BAD_URL' || error instanceof URIError) {
    // A part of the address longer than any id or token (the router's limit) names nothing here: not found. Only an
    // address that does not decode is a bad request.
    return decodes(request.url) ? { status: 404, detailKey: 'errors.detail.404', vars: {} } : { status: 400, detailKey: 'errors.badEncoding', vars: {} };
  }
  const status = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
  const shown = KNOWN_STATUSES.has(status) ? status : 400;
  return { status, detailKey: `errors.detail.${status === 500 ? 500 : shown}`, vars: { requestId: request.id } };
}

/** Renders a template with a layout outside any route (the instance's `view`), for errors raised before routing. */
type BareRender = (page: string, data: Record<string, unknown>, options: { layout: string }) => Promise<string>;

export async function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem, renderBare?: BareRender): Promise<FastifyReply> {
  const locale: Locale = safeLocale(request);
  const titleStatus = KNOWN_STATUSES.has(problem.status) ? problem.status : 400;
  const title = translate(locale, `errors.title.${titleStatus}`);
  // A message inside the detail ("use one of en, zh-CN") is put in words in the same language.
  const message = problem.vars.message as { key: string; vars: Record<string, unknown> } | undefined;
  const vars = message ? { ...problem.vars, message: translate(locale, message.key, message.vars) } : problem.vars;
  // The API's "not found" speaks of its addresses, not of pages and the list of events.
  const detailKey = problem.status === 404 && problem.detailKey === 'errors.detail.404' && request.url.startsWith('/api/') ? 'errors.apiNotFound' : problem.detailKey;
  // In the organiser area, the way on is the staff's own events, and a missing permission is their role's.
  const staffPage = errorLayout(request) === 'layouts/admin';
  // "Your role on this event" only where there is an event (not on an administrator's page such as /admin/mail).
  const onEvent = typeof (request.params as { eventId?: unknown } | undefined)?.eventId === 'string';
  const staffKey = staffPage && ((detailKey === 'errors.detail.403' && onEvent) || detailKey === 'errors.detail.404') ? `${detailKey}Staff` : detailKey;
  const detail = translate(locale, staffKey, { requestId: request.id, ...vars });
  reply.status(problem.status);
  if (problem.status === 503) reply.header('retry-after', '30');
  if (wantsJson(request)) {
    const fields = problem.fields && Object.fromEntries(Object.entries(problem.fields).map(([k, key]) => [k, translate(locale, key)]));
    return reply.type('application/problem+json; charset=utf-8').send({
      type: 'about:blank',
      title,
      status: problem.status,
      detail,
      instance: request.url,
      requestId: request.id,
      ...(fields ? { errors: fields } : {}),
    });
  }
  try {
    reply.locals = { ...reply.locals, ...pageContext(request, locale) };
    const personal = signedInContext(request, reply);
    // A page with someone's menu and form token is theirs alone (the auth hook says so for staff, not for speakers).
    if (Object.keys(personal).length > 0) reply.header('cache-control', 'private, no-store');
    const home = staffPage ? { href: '/admin', text: translate(locale, 'errors.goAdmin') } : { href: '/', text: translate(locale, 'errors.goHome') };
    const next = problem.nextStep ? { href: problem.nextStep.href, text: translate(locale, problem.nextStep.key) } : undefined;
    const data = { title, detail, status: problem.status, requestId: request.id, home, next, ...personal };
    // Before routing, the reply is Fastify's bare one, without the view's decorations: the instance renders instead.
    const html = typeof reply.viewAsync === 'function' ? await reply.viewAsync('errors/error', data, { layout: errorLayout(request) }) : await renderBare?.('errors/error', { ...reply.locals, ...data }, { layout: errorLayout(request) });
    if (html === undefined) throw new Error('no view to render the error page with');
    return reply.type('text/html; charset=utf-8').send(html);
  } catch (renderError) {
    request.log.error({ err: renderError }, 'error page failed to render');
    return reply.type('text/plain; charset=utf-8').send(`${title}\n\n${detail}\n`);
  }
}

/**
 * Someone signed in keeps their menu (my events, account, sign out) on an error page, and an organiser stays in the
 * organiser area's frame under /admin. Errors raised before the session was read (a malformed request) have neither.
 */
function signedInContext(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  return request.user || request.session?.speakerEmail ? viewerContext(reply) : {};
}

function errorLayout(request: FastifyRequest): string {
  return request.user && /^\/admin(\/|\?|$)/.test(request.url) ? 'layouts/admin' : 'layouts/public';
}

/** For Fastify's `frameworkErrors`: the same answer as the error handler, for errors raised before routing. */
export function frameworkErrorHandler(bodyLimit: number, instance: () => FastifyInstance | undefined) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const app = instance();
    const renderBare: BareRender | undefined = app && typeof app.view === 'function' ? (page, data, options) => app.view(page, data, options) as Promise<string> : undefined;
    void sendProblem(request, reply, toProblem(error, bodyLimit, request), renderBare);
  };
}

async function errorsPlugin(app: FastifyInstance, opts: { bodyLimit: number }): Promise<void> {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const problem = toProblem(error, opts.bodyLimit, request);
    if (problem.status >= 500) request.log.error({ err: error }, problem.status === 503 ? 'database unavailable' : 'unhandled error');
    else request.log.info({ err: { message: error.message, code: error.code } }, 'request rejected');
    return sendProblem(request, reply, problem);
  });
  app.setNotFoundHandler(async (request, reply) => sendProblem(request, reply, { status: 404, detailKey: 'errors.detail.404', vars: {} }));
}

export default fp(errorsPlugin, { name: 'errors', dependencies: ['view'] });

function decodes(url: string): boolean {
  try {
    decodeURIComponent(url);
    return true;
  } catch {
    return false;
  }
}
