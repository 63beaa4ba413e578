// The door: a page for phones and tablets (/admin/events/:eventId/check-in) to pick a door and a mode, scan or
// search, and admit with one tap; and its JSON endpoints (lookup, check-in, undo, live counts) for the scanner
// script. Everything works as plain forms too: the search, the lookup by ticket code, admitting and undoing.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { translate } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { ConflictError, ValidationError, type FieldErrors } from '../../lib/errors.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { isUuid, uuidv7 } from '../../lib/ids.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { eventOfRequest } from '../events/service.ts';
import { ShownCard, ShownCounts, showCard, showCounts } from './present.ts';
import { countCheckIns, findCheckInSessions, SEARCH_LIMIT, findCheckInWithName, searchCandidates, type CheckInMode } from './queries.ts';
import { cardOf, checkIn, describePresented, undoCheckIn, type Presented } from './service.ts';
import { DOOR_MAX_LENGTH, parseClientId, parseDoor, parseTicketCode } from './ticket-code.ts';

const Params = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
/**
 * A card as the page's template shows it. Its form carries a scan id of its own, as the script's scans do: sent twice
 * (a double tap, a resend after Back) it admits once and shows the same admission, not a refusal. An earlier
 * check-in is the card's heading and its own when-and-where line, so it is left out of the other warnings.
 */
const forPage = (card: ShownCard | null) => (card ? { ...card, scanId: uuidv7(), otherWarnings: card.warnings.filter((w) => w.code !== 'already-checked-in') } : null);
const UndoParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), checkInId: Type.String({ maxLength: 100 }) });
const Short = Type.Optional(Type.String({ maxLength: 200 }));
/** Whatever a QR code holds (up to a few thousand characters): anything but a ticket gets the "unknown ticket" card. */
const Scanned = Type.Optional(Type.String({ maxLength: 4_300 }));
const PageQuery = Type.Object({ lang: Short, door: Short, session: Short, q: Short, ticket: Scanned, done: Short });
const ModeQuery = Type.Object({ lang: Short, session: Short, ticket: Scanned });
/** The lookup names the door asking, which decides whether the card offers Undo. */
const LookupQuery = Type.Object({ lang: Short, session: Short, ticket: Scanned, door: Short });
const CheckInBody = Type.Object({ _csrf: Short, ticket: Scanned, registrationId: Short, door: Type.String({ maxLength: 200 }), session: Short, clientId: Short, q: Short });
const ModeBody = Type.Object({ _csrf: Short, door: Short, session: Short });
const Admitted = Type.Object({
  checkIn: Type.Object({ id: Type.String(), registrationId: Type.String(), at: Type.String(), atText: Type.String(), door: Type.String(), undone: Type.Boolean() }),
  /** True when this scan (its clientId) had been recorded before: nothing new was written. */
  replay: Type.Boolean(),
});
/** A refusal, as problem details with the card that says why (absent on a conflict that is no person's, e.g. a reused scan id). */
const Refused = Type.Object({ type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String(), instance: Type.String(), requestId: Type.String(), card: Type.Optional(ShownCard) });
const Undone = Type.Object({ checkIn: Type.Object({ id: Type.String(), undoneAt: Type.String() }) });

const checkInPermission = { permission: 'checkin.scan' as const };
const isJson = (request: FastifyRequest) => (request.headers['content-type'] ?? '').startsWith('application/json');

/** The page's address with the door and mode kept, plus more parameters. */
function pageHref(eventId: string, door: string | null, sessionId: string | null, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...(door ? { door } : {}), ...(sessionId ? { session: sessionId } : {}), ...extra });
  const search = params.toString();
  return `/admin/events/${eventId}/check-in${search ? `?${search}` : ''}`;
}

const checkInRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** The mode named by a `session` value: a bookable session of the event, else the event's doors (or undefined when strict). */
  async function modeOf(event: Pick<EventRow, 'id'>, session: string | undefined, options: { list?: boolean } = {}) {
    // The scan's hot path names no session most of the time: then the list is not read at all.
    const sessions = session || options.list ? await findCheckInSessions(db, event.id) : [];
    const chosen = session ? sessions.find((s) => s.id === session.toLowerCase()) : undefined;
    return { sessions, mode: { eventId: event.id, sessionId: chosen?.id ?? null } satisfies CheckInMode, unknownSession: Boolean(session) && !chosen };
  }

  async function renderPage(request: FastifyRequest, reply: FastifyReply, event: EventRow, input: { door?: string | undefined; session?: string | undefined; q?: string | undefined; ticket?: string | undefined; done?: string | undefined }, extra: { status?: number; fields?: FieldErrors; refused?: ShownCard } = {}) {
    const locale = request.locale;
    const door = parseDoor(input.door ?? '');
    const { sessions, mode, unknownSession } = await modeOf(event, input.session, { list: true });
    // A session the address names that is not (or no longer) bookable: said, not quietly taken for the event's door.
    // A door the address names that is no door name (only spaces, over 60 characters): said at its field.
    const badDoor = input.door !== undefined && input.door !== '' && door === null;
    const fields: FieldErrors = { ...(unknownSession ? { session: { key: 'checkIn.errors.session' } } : {}), ...(badDoor ? { door: { key: 'checkIn.errors.door' } } : {}), ...(extra.fields ?? {}) };
    const q = (input.q ?? '').normalize('NFKC').trim();
    const viewer = { door, now: clock.now() };
    const ticket = input.ticket ? parseTicketCode(input.ticket) : null;
    const [results, card, counts, done] = await Promise.all([
      // A refused admission shows its card alone: the search that led to it would show the same person again.
      q && !extra.refused ? searchCandidates(db, mode, q, parseTicketCode(q)).then((rows) => rows.map((row) => showCard(cardOf(mode, row), locale, event.timezone, viewer))) : Promise.resolve(null),
      input.ticket ? (ticket ? describePresented(db, mode, { ticketCode: ticket }) : Promise.resolve(cardOf(mode, undefined))).then((c) => showCard(c, locale, event.timezone, viewer)) : Promise.resolve(null),
      countCheckIns(db, mode).then((c) => showCounts(c, locale)),
      isUuid(input.done) ? findCheckInWithName(db, event.id, input.done) : Promise.resolve(undefined),
    ]);
    // A ticket code typed into the search that finds nobody here (another event's ticket, a forged one): its card says
    // why, as the scanner's lookup does, rather than "0 people found".
    const typedTicket = q && !extra.refused && !card && results?.length === 0 ? parseTicketCode(q) : null;
    const ticketCard = typedTicket ? showCard(await describePresented(db, mode, { ticketCode: typedTicket }), locale, event.timezone, viewer) : null;
    const selected = sessions.find((s) => s.id === mode.sessionId);
    return reply.header('cache-control', 'private, no-store').render(
      'admin/check-in',
      {
        event,
        pageTitle: translate(locale, 'checkIn.title'),
        door: door ?? input.door ?? '',
        doorMax: DOOR_MAX_LENGTH,
        doorSet: door !== null,
        // Scanning waits for a door, and for a session the address names to be one staff can check people in to.
        ready: door !== null && !unknownSession,
        sessionId: mode.sessionId ?? '',
        sessionTitle: selected?.title ?? null,
        sessions: sessions.map((s) => ({ ...s, selected: s.id === mode.sessionId })),
        q,
        ticket: input.ticket ?? '',
        results: ticketCard ? null : (results?.slice(0, SEARCH_LIMIT).map(forPage) ?? null),
        moreThan: results && results.length > SEARCH_LIMIT ? SEARCH_LIMIT : undefined,
        card: forPage(extra.refused ?? card ?? ticketCard),
        refused: extra.refused !== undefined,
        done: done && { ...done, atText: formatDateTime(done.at, event.timezone, locale), undone: done.undoneAt !== null },
        counts,
        clearHref: pageHref(event.id, door, mode.sessionId),
        urls: {
          action: `/admin/events/${event.id}/check-in`,
          lookup: `/admin/events/${event.id}/check-in/lookup`,
          counts: `/admin/events/${event.id}/check-in/counts${mode.sessionId ? `?session=${mode.sessionId}` : ''}`,
          undo: `/admin/events/${event.id}/check-in/`,
          // The desk reprints a lost or misspelt badge from the person's card (check-in staff hold badge.print).
          badge: request.eventAccess?.permissions.has('badge.print') ? `/admin/events/${event.id}/registrations/` : '',
        },
        ...formErrorView(locale, fields),
      },
      { layout: 'admin', ...(extra.status ? { status: extra.status } : {}) },
    );
  }

  app.get('/admin/events/:eventId/check-in', { config: checkInPermission, schema: { params: Params, querystring: PageQuery } }, async (request, reply) => {
    const event = await eventOfRequest(db, request, request.params.eventId);
    // Shown once, on this event's page in the mode it was refused in; then forgotten (a reload shows the door again).
    const refusedScan = request.session.refusedScan;
    if (refusedScan) request.session.refusedScan = undefined;
    if (refusedScan && refusedScan.eventId === event.id) {
      const { mode } = await modeOf(event, request.query.session);
      if (mode.sessionId === refusedScan.sessionId) {
        const card = refusedScan.presented ? await describePresented(db, mode, refusedScan.presented) : cardOf(mode, undefined);
        const viewer = { door: parseDoor(request.query.door ?? ''), now: clock.now() };
        return renderPage(request, reply, event, request.query, { refused: showCard(card, request.locale, event.timezone, viewer) });
      }
    }
    return renderPage(request, reply, event, request.query);
  });

  app.get(
    '/admin/events/:eventId/check-in/lookup',
    { config: checkInPermission, schema: { params: Params, querystring: LookupQuery, response: { 200: ShownCard } } },
    async (request) => {
      const event = await eventOfRequest(db, request, request.params.eventId);
      const { mode } = await modeOf(event, request.query.session);
      const ticket = parseTicketCode(request.query.ticket ?? '');
      const card = ticket ? await describePresented(db, mode, { ticketCode: ticket }) : cardOf(mode, undefined);
      return showCard(card, request.locale, event.timezone, { door: parseDoor(request.query.door ?? ''), now: clock.now() });
    },
  );

  app.get(
    '/admin/events/:eventId/check-in/counts',
    { config: checkInPermission, schema: { params: Params, querystring: ModeQuery, response: { 200: ShownCounts } } },
    async (request, reply) => {
      const event = await eventOfRequest(db, request, request.params.eventId);
      const { mode } = await modeOf(event, request.query.session);
      reply.header('cache-control', 'private, no-store');
      return showCounts(await countCheckIns(db, mode), request.locale);
    },
  );

  app.post('/admin/events/:eventId/check-in', { config: checkInPermission, schema: { params: Params, body: CheckInBody, response: { 200: Admitted, 409: Refused } } }, async (request, reply) => {
    // The auth hook has read the event's row (for the zone of the answer) with the person's role.
    const eventRead = eventOfRequest(db, request, request.params.eventId);
    eventRead.catch(() => {});
    const body = request.body;
    const { mode, unknownSession } = await modeOf({ id: request.eventAccess!.eventId }, body.session);
    const door = parseDoor(body.door);
    const ticket = body.ticket !== undefined && body.ticket !== '' ? parseTicketCode(body.ticket) : undefined;
    const registrationId = isUuid(body.registrationId) ? body.registrationId.toLowerCase() : undefined;
    const fields: FieldErrors = {};
    if (!door) fields.door = { key: 'checkIn.errors.door' };
    if (unknownSession) fields.session = { key: 'checkIn.errors.session' };
    if (ticket === undefined && !registrationId) fields.ticket = { key: 'checkIn.errors.nothing' };
    if (Object.keys(fields).length > 0) {
      if (isJson(request)) throw new ValidationError(fields);
      return renderPage(request, reply, await eventRead, { ...body, ticket: undefined }, { status: 422, fields });
    }
    // A code that cannot be a ticket is as unknown as a made-up one: refused with the same warning.
    const presented: Presented | null = registrationId ? { registrationId } : ticket ? { ticketCode: ticket } : null;
    const result = presented ? await checkIn(db, clock, mode, { presented, door: door!, actor: auditActor(request), clientId: parseClientId(body.clientId) }) : { ok: false as const, card: cardOf(mode, undefined) };
    const event = await eventRead;
    if (result.ok) {
      if (!isJson(request)) return reply.redirect(pageHref(event.id, door, mode.sessionId, { done: result.checkIn.id }), 303);
      const { checkIn: c, replay } = result;
      return { checkIn: { id: c.id, registrationId: c.registrationId, at: c.at.toISOString(), atText: formatDateTime(c.at, event.timezone, request.locale), door: c.door, undone: c.undone }, replay };
    }
    if (!isJson(request)) {
      // Post/Redirect/Get: the door page that says "Not admitted" is a page of its own, which a reload only shows again.
      request.session.refusedScan = { eventId: event.id, sessionId: mode.sessionId, presented };
      return reply.redirect(pageHref(event.id, door, mode.sessionId, body.q ? { q: body.q } : {}), 303);
    }
    const card = showCard(result.card, request.locale, event.timezone, { door, now: clock.now() });
    const detail = card.warnings.map((w) => w.text).join(translate(request.locale, 'punct.sentence'));
    return reply
      .status(409)
      .type('application/problem+json; charset=utf-8')
      .send({ type: 'about:blank', title: translate(request.locale, 'checkIn.refused'), status: 409, detail, instance: request.url, requestId: request.id, card });
  });

  app.post(
    '/admin/events/:eventId/check-in/:checkInId/undo',
    { config: checkInPermission, schema: { params: UndoParams, body: ModeBody, response: { 200: Undone } } },
    async (request, reply) => {
      const event = await eventOfRequest(db, request, request.params.eventId);
      if (!isUuid(request.params.checkInId)) throw new ValidationError({ checkInId: { key: 'checkIn.errors.nothing' } });
      const { mode } = await modeOf(event, request.body.session);
      const back = (done?: string) => reply.redirect(pageHref(event.id, parseDoor(request.body.door ?? ''), mode.sessionId, done ? { done } : {}), 303);
      let undone;
      try {
        undone = await undoCheckIn(db, clock, auditActor(request), event.id, request.params.checkInId.toLowerCase());
      } catch (error) {
        // Undone meanwhile (another door, an older tab): the door page says so, and staff stay at their door.
        if (isJson(request) || !(error instanceof ConflictError) || error.messageKey !== 'checkIn.errors.alreadyUndone') throw error;
        request.session.flash = 'checkIn.errors.alreadyUndone';
        return back();
      }
      if (isJson(request)) return { checkIn: { id: undone.id, undoneAt: undone.undoneAt!.toISOString() } };
      // The door page's notice of this check-in, now undone: whose it was, when and where.
      return back(undone.id);
    },
  );

  // jsQR's browser build, straight from the installed package (read once), for browsers without BarcodeDetector.
  const jsQr = readFileSync(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), 'utf8');
  app.get('/static/vendor/jsqr.js', { schema: { querystring: Type.Object({}) } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').type('text/javascript; charset=utf-8').send(jsQr),
  );
};

export default checkInRoutes;
