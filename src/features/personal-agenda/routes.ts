// The personal agenda of a published event: the sessions this browser starred (sent as ?s=… by the page's script,
// or kept on the server once an address is confirmed by e-mail link), the link request and confirmation, the stars
// API the page's script syncs with, and the private calendar feed of the starred sessions. A confirmed address's
// agenda also shows the sessions its registration booked.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { translate } from '../../i18n/index.ts';
import { AppError, NotFoundError, type FieldErrors } from '../../lib/errors.ts';
import { checkFormGuard, formStamp, keptFormStamp } from '../../lib/form-guard.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { RATE_LIMITS } from '../../plugins/rate-limit.ts';
import { normaliseEmail } from '../accounts/service.ts';
import { buildAgendaCalendar, calendarDisposition, ICAL_CONTENT_TYPE } from '../agenda/ical-feed.ts';
import { feedLink } from '../agenda/feed-links.ts';
import { arrangeAgenda } from '../agenda/public-agenda.ts';
import { pageZone } from '../agenda/public-zone.ts';
import { withQuery } from '../../lib/with-query.ts';
import { findPublishedAgenda } from '../agenda/publish.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedEventBySlug, findPublishedParent } from '../events/queries.ts';
import { bindingCookieOptions, MY_AGENDA_COOKIE, readBinding, signBinding } from './binding.ts';
import { findBookedSessionIds, findPersonalAgenda, findPersonalAgendaByFeedSecret, type PersonalAgendaRow } from './queries.ts';
import { changeStars, checkAgendaLink, confirmAgendaLink, requestAgendaLink } from './service.ts';
import { formatStarIds, MAX_STARS, parseStarIds } from './star-ids.ts';

const Lang = Type.Optional(Type.String({ maxLength: 40 }));
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 80 }) });
const TokenParams = Type.Object({ slug: Type.String({ maxLength: 80 }), token: Type.String({ maxLength: 200 }) });
const IdList = Type.Array(Type.String({ maxLength: 80 }), { maxItems: MAX_STARS });
const NOTICES = ['confirmed', 'registration'] as const;

const personalAgendaRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, config, mail }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const stamp = () => formStamp(config.SESSION_SECRET, clock.now());
  const pagePath = (slug: string) => `/events/${encodeURIComponent(slug)}/my-agenda`;

  /** The published event and its latest agenda (sessions empty before the first publication), or 404. */
  async function loadEvent(slug: string) {
    const event = await findPublishedEventBySlug(db, slug);
    if (!event) throw new NotFoundError('event');
    const version = await findPublishedAgenda(db, event.id);
    const sessions = version?.sessions ?? [];
    return { event, version, sessions, publishedIds: new Set(sessions.map((s) => s.id)) };
  }

  /** The personal agenda this browser confirmed for the event, if any. */
  async function boundAgenda(request: FastifyRequest, eventId: string): Promise<PersonalAgendaRow | undefined> {
    const id = readBinding(config.SESSION_SECRET, request.cookies[MY_AGENDA_COOKIE]);
    return id ? findPersonalAgenda(db, eventId, id) : undefined;
  }

  async function renderPage(request: FastifyRequest, reply: FastifyReply, slug: string, starIds: string[], extra: Record<string, unknown> = {}, status = 200) {
    const { event, sessions } = await loadEvent(slug);
    const [agenda, parent] = await Promise.all([boundAgenda(request, event.id), findPublishedParent(db, event)]);
    const booked = new Set(agenda ? await findBookedSessionIds(db, event.id, agenda.email) : []);
    const ids = agenda ? agenda.sessionIds : starIds;
    const starred = new Set(ids);
    const shownIds = sessions.filter((s) => starred.has(s.id)).map((s) => s.id);
    // In the zone the reader chose on the agenda (?tz, kept by its "My agenda" link), with the same zone control; the
    // form carries this browser's stars along when the agenda is not kept on the server.
    const query = request.query as { tz?: string; lang?: string } | undefined;
    const zone = pageZone(event.timezone, { tz: query?.tz, lang: query?.lang }, pagePath(event.slug), { s: agenda ? undefined : formatStarIds(shownIds) || undefined });
    const groups = arrangeAgenda(
      sessions.filter((s) => starred.has(s.id) || booked.has(s.id)),
      { view: 'day', query: '', zone: zone.zone, locale: request.locale },
    ).map((group) => ({
      ...group,
      // A booked session stays while the booking does: it is changed through the registration, not un-starred.
      sessions: group.sessions.map((s) => ({ ...s, booked: booked.has(s.id), unstarHref: `${pagePath(event.slug)}?s=${formatStarIds(shownIds.filter((id) => id !== s.id))}${zone.keep.replace('?', '&')}` })),
    }));
    const feedUrl = agenda ? `${config.BASE_URL}${pagePath(event.slug)}/${agenda.feedSecret}.ics?lang=${encodeURIComponent(request.locale)}` : undefined;
    return reply.render(
      'events/my-agenda',
      {
        event,
        parent,
        pageTitle: translate(request.locale, 'personalAgenda.title'),
        ...zone,
        groups,
        starIds: formatStarIds(shownIds),
        bound: agenda ? { email: agenda.email, feed: feedLink(feedUrl!) } : undefined,
        email: '',
        formStamp: stamp(),
        ...extra,
      },
      { status },
    );
  }

  app.get(
    '/events/:slug/my-agenda',
    { schema: { params: SlugParams, querystring: Type.Object({ lang: Lang, s: Type.Optional(Type.String({ maxLength: 40_000 })), tz: Type.Optional(Type.String()), notice: Type.Optional(Type.Union(NOTICES.map((n) => Type.Literal(n)))) }) } },
    async (request, reply) => {
      const { s, notice } = request.query;
      return renderPage(request, reply, request.params.slug, parseStarIds(s), { flash: notice ? `personalAgenda.notice.${notice}` : undefined });
    },
  );

  app.post(
    '/events/:slug/my-agenda/keep',
    { config: { rateLimit: RATE_LIMITS.linkRequest }, schema: { params: SlugParams, body: Type.Object({ email: FormText, s: Type.Optional(Type.String({ maxLength: 40_000 })) }, { additionalProperties: true }) } },
    async (request, reply) => {
      const { event, publishedIds } = await loadEvent(request.params.slug);
      const starIds = parseStarIds(request.body.s).filter((id) => publishedIds.has(id));
      const guard = checkFormGuard(config.SESSION_SECRET, request.body, clock.now(), config.FORM_MIN_SECONDS);
      const email = normaliseEmail(request.body.email);
      const again = (fields: FieldErrors) => renderPage(request, reply, event.slug, starIds, { email: request.body.email.slice(0, 254), formReply: true, formStamp: keptFormStamp(config.SESSION_SECRET, request.body, clock.now()), ...formErrorView(request.locale, fields) }, 422);
      if (guard === 'too-fast') return again({ '': { key: 'forms.tooFast' } });
      if (!email) return again({ email: { key: 'personalAgenda.errors.email' } });
      // A bot that filled the hidden field sees the usual answer; nothing is sent.
      if (guard === 'ok') await requestAgendaLink(db, clock, mail, { event, email, locale: request.locale, sessionIds: starIds });
      return reply.render('events/my-agenda-sent', { event, email });
    },
  );

  app.get('/events/:slug/my-agenda/confirm/:token', { schema: { params: TokenParams, querystring: Type.Object({ lang: Lang }) } }, async (request, reply) => {
    const { event } = await loadEvent(request.params.slug);
    const { email } = await checkAgendaLink(db, clock, event, request.params.token);
    // A link opened with ?lang (as mailed) keeps its language on the agenda it leads to.
    const lang = request.query.lang ? `?lang=${encodeURIComponent(request.locale)}` : '';
    return reply.render('events/my-agenda-confirm', { event, email, action: `${pagePath(event.slug)}/confirm/${request.params.token}${lang}` });
  });

  app.post('/events/:slug/my-agenda/confirm/:token', { config: { rateLimit: RATE_LIMITS.signIn }, schema: { params: TokenParams, querystring: Type.Object({ lang: Lang }) } }, async (request, reply) => {
    const { event, publishedIds } = await loadEvent(request.params.slug);
    const agenda = await confirmAgendaLink(db, clock, event, request.params.token, publishedIds);
    reply.setCookie(MY_AGENDA_COOKIE, signBinding(config.SESSION_SECRET, agenda.id), bindingCookieOptions(event.slug, config.BASE_URL));
    return reply.redirect(withQuery(pagePath(event.slug), { notice: 'confirmed', lang: request.query.lang ? request.locale : undefined }), 303);
  });

  /**
   * Where and with which token the agenda pages' script sends a confirmed browser's star changes (those pages are
   * shared, cached pages: they carry no one's token). 404 while this browser has no confirmed personal agenda.
   */
  app.get('/events/:slug/my-agenda/sync', { schema: { params: SlugParams } }, async (request, reply) => {
    // The event only: the agenda's version (its sessions) is read by the stars request this one leads to.
    const event = await findPublishedEventBySlug(db, request.params.slug);
    if (!event) throw new NotFoundError('event');
    const agenda = await boundAgenda(request, event.id);
    if (!agenda) throw new AppError(404, 'personalAgenda.errors.notConfirmed');
    return reply.header('cache-control', 'private, no-store').send({ url: `${pagePath(event.slug)}/stars`, csrf: reply.generateCsrf() });
  });

  /** The page's script: this browser's stars and un-stars since its last sync; answers the agenda's stars after them. */
  app.post(
    '/events/:slug/my-agenda/stars',
    { schema: { params: SlugParams, body: Type.Object({ add: IdList, remove: IdList }, { additionalProperties: false }) } },
    async (request, reply) => {
      const { event, publishedIds } = await loadEvent(request.params.slug);
      const agenda = await boundAgenda(request, event.id);
      if (!agenda) throw new AppError(404, 'personalAgenda.errors.notConfirmed');
      const saved = await changeStars(db, clock, agenda, request.body, publishedIds);
      // What the page shows: a star on a session dropped from the agenda since stays stored but is not listed.
      return reply.send({ sessionIds: saved.sessionIds.filter((id) => publishedIds.has(id)) });
    },
  );

  /** Un-starring without the script, on a confirmed personal agenda. */
  // (The form's address carries the page's zone and language, so the page comes back as the reader had it.)
  app.post(
    '/events/:slug/my-agenda/unstar',
    { schema: { params: SlugParams, querystring: Type.Object({ tz: Type.Optional(Type.String({ maxLength: 60 })), lang: Lang }), body: Type.Object({ sessionId: Type.String({ maxLength: 80 }) }) } },
    async (request, reply) => {
      const { event, publishedIds } = await loadEvent(request.params.slug);
      const agenda = await boundAgenda(request, event.id);
      if (!agenda) throw new AppError(404, 'personalAgenda.errors.notConfirmed');
      await changeStars(db, clock, agenda, { add: [], remove: [request.body.sessionId] }, publishedIds);
      const { keep } = pageZone(event.timezone, request.query, pagePath(event.slug));
      return reply.redirect(`${pagePath(event.slug)}${keep}`, 303);
    },
  );

  app.get(
    '/events/:slug/my-agenda/:secret.ics',
    { schema: { params: Type.Object({ slug: Type.String({ maxLength: 80 }), secret: Type.String({ maxLength: 80 }) }), querystring: Type.Object({ lang: Lang }) } },
    async (request, reply) => {
      const { event, version, sessions } = await loadEvent(request.params.slug);
      const agenda = await findPersonalAgendaByFeedSecret(db, event.id, request.params.secret);
      if (!agenda) throw new NotFoundError('personal agenda');
      const starred = new Set([...agenda.sessionIds, ...(await findBookedSessionIds(db, event.id, agenda.email))]);
      const locale = request.locale;
      const body = buildAgendaCalendar({
        event,
        sessions: sessions.filter((s) => starred.has(s.id)),
        stamp: version?.publishedAt ?? agenda.createdAt,
        locale,
        baseUrl: config.BASE_URL,
        name: translate(locale, 'calendarFeeds.personalName', { event: pickLocalized(event.title, locale)?.text ?? event.slug }),
      });
      return reply.type(ICAL_CONTENT_TYPE).header('cache-control', 'private, no-store').header('content-disposition', calendarDisposition([event.slug, 'my-agenda'])).send(body);
    },
  );
};

export default personalAgendaRoutes;
