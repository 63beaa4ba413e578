// The organiser's form for one session of the agenda: adding one (from the agenda, or from a free slot of the agenda
// builder, which it returns to), changing it, and deleting one that no publication and no booking knows.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DateTime } from 'luxon';
import type { Static } from 'typebox';
import { ASSIGNMENT_STATUSES, SESSION_PERSON_ROLES, SESSION_STATUSES, SESSION_TYPES } from '../../db/schema/index.ts';
import type { Locale } from '../../i18n/index.ts';
import { NotFoundError, type FieldErrors } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { isUuid } from '../../lib/ids.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { findRoomsOfEvent, findSessionOfEvent, findTracksOfEvent, type AgendaSessionRow } from './queries.ts';
import { findSpeakersOfEvent } from './speakers.ts';
import {
  createSession,
  deleteSession,
  findPeopleOfSession,
  INTERPRETATIONS,
  isDeletable,
  PEOPLE_SLOTS,
  SESSION_LANGUAGES,
  SESSION_TEXT_LIMITS,
  sessionToForm,
  updateSession,
  validateSessionForm,
  type SessionForm,
} from './sessions.ts';

const Text = FormText;
const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const EditQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })), back: Type.Optional(Type.String({ maxLength: 10 })) });
const NewQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 40 })),
  roomId: Type.Optional(Type.String({ maxLength: 100 })),
  startsAt: Type.Optional(Type.String({ maxLength: 40 })),
});
const WALL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const SessionParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), sessionId: Type.String({ maxLength: 100 }) });
const SessionBody = Type.Object({
  type: Text,
  titleEn: Text,
  titleZh: Text,
  abstractEn: Type.Optional(Text),
  abstractZh: Type.Optional(Text),
  roomId: Type.Optional(Text),
  trackId: Type.Optional(Text),
  startsAt: Text,
  endsAt: Text,
  language: Text,
  interpretation: Type.Optional(Text),
  capacity: Type.Optional(Text),
  status: Type.Optional(Text),
  /** 'grid' when the form was opened from the agenda builder, which the organiser returns to. */
  back: Type.Optional(Type.String({ maxLength: 10 })),
  // person1 … person8, role1 … role8 and answer1 … answer8: the people lines.
  ...Object.fromEntries(
    Array.from({ length: PEOPLE_SLOTS }, (_, i) => [
      [`person${i + 1}`, Type.Optional(Text)],
      [`role${i + 1}`, Type.Optional(Text)],
      [`answer${i + 1}`, Type.Optional(Text)],
    ]).flat(),
  ),
});

const sessionRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRow,
    form: SessionForm,
    options: { session?: AgendaSessionRow; fields?: FieldErrors; status?: number; fromGrid?: boolean },
  ) {
    const [rooms, tracks, speakerList] = await Promise.all([findRoomsOfEvent(db, event.id), findTracksOfEvent(db, event.id), findSpeakersOfEvent(db, event.id)]);
    const lines = Array.from({ length: PEOPLE_SLOTS }, (_, i) => {
      const line = form.people[i] ?? { speakerId: '', role: 'speaker', status: 'invited' };
      return {
        n: i + 1,
        error: options.fields?.[`person${i + 1}`] ? true : undefined,
        speakers: speakerList.map((s) => ({ id: s.id, name: s.name, selected: s.id === line.speakerId })),
        roles: SESSION_PERSON_ROLES.map((value) => ({ value, selected: value === (line.role || 'speaker') })),
        answers: ASSIGNMENT_STATUSES.map((value) => ({ value, selected: value === (line.status || 'invited') })),
        used: Boolean(line.speakerId) || Boolean(options.fields?.[`person${i + 1}`]),
      };
    });
    // The people on the session and two empty lines (at least three); the other empty lines wait behind "more".
    const shown = Math.min(PEOPLE_SLOTS, Math.max(3, lines.findLastIndex((l) => l.used) + 3));
    const peopleLines = lines.slice(0, shown);
    const morePeopleLines = lines.slice(shown);
    return reply.render(
      'admin/agenda/session-form',
      {
        event,
        form,
        editing: Boolean(options.session),
        // Offered only for a session no publication and no booking knows (the others are cancelled, not deleted).
        deletable: options.session ? await isDeletable(db, options.session) : false,
        sessionId: options.session?.id,
        fromGrid: options.fromGrid,
        // Cancelling from the agenda builder goes back to the form's day there (the day as typed, if it is one).
        gridDay: /^\d{4}-\d{2}-\d{2}/.exec(form.startsAt)?.[0],
        action: options.session ? `/admin/events/${event.id}/agenda/${options.session.id}` : `/admin/events/${event.id}/agenda`,
        types: SESSION_TYPES.map((value) => ({ value, selected: value === form.type })),
        rooms: rooms.map((r) => ({ ...r, selected: r.id === form.roomId })),
        tracks: tracks.map((t) => ({ ...t, selected: t.id === form.trackId })),
        spokenLanguages: SESSION_LANGUAGES.map((value) => ({ value, selected: value === form.language })),
        interpretations: INTERPRETATIONS.map((value) => ({ value, selected: value === form.interpretation })),
        peopleLines,
        morePeopleLines,
        statuses: SESSION_STATUSES.map((value) => ({ value, selected: value === (form.status || 'scheduled') })),
        hasSpeakers: speakerList.length > 0,
        limits: SESSION_TEXT_LIMITS,
        ...formErrorView(request.locale as Locale, options.fields ?? {}),
      },
      { layout: 'admin', ...(options.status ? { status: options.status } : {}) },
    );
  }

  /** The agenda builder's page of the day a session starts on, in the event's zone. */
  const gridDayHref = (event: EventRow, startsAt: Date) => `/admin/events/${event.id}/agenda/grid?day=${DateTime.fromJSDate(startsAt, { zone: event.timezone }).toISODate()}`;

  const emptyForm = (event: EventRow): SessionForm => {
    const day = DateTime.fromJSDate(event.startsAt, { zone: event.timezone }).toISODate();
    return { type: 'keynote', titleEn: '', titleZh: '', abstractEn: '', abstractZh: '', roomId: '', trackId: '', startsAt: `${day}T09:00`, endsAt: `${day}T09:30`, language: 'zh', interpretation: '', capacity: '', status: 'scheduled', people: [] };
  };
  /**
   * The grid's links open the form with a room and a start ("2026-03-28T10:15"), a wall time in the event's zone; the
   * end follows 30 minutes later in real time (01:45 → 03:15 the night Rome's clocks skip an hour).
   */
  const prefilledForm = (event: EventRow, form: SessionForm, query: Static<typeof NewQuery>): SessionForm => {
    const starts = query.startsAt && WALL_TIME.test(query.startsAt) ? DateTime.fromISO(query.startsAt, { zone: event.timezone }) : undefined;
    const valid = starts?.isValid ? starts : undefined;
    return {
      ...form,
      ...(query.roomId && isUuid(query.roomId) ? { roomId: query.roomId.toLowerCase() } : {}),
      ...(valid ? { startsAt: valid.toFormat("yyyy-MM-dd'T'HH:mm"), endsAt: valid.plus({ minutes: 30 }).toFormat("yyyy-MM-dd'T'HH:mm") } : {}),
    };
  };
  const formFromBody = (body: Static<typeof SessionBody>): SessionForm => {
    // The people lines make the body's type loose; every field is a string or absent.
    const fields = body as unknown as Record<string, string | undefined>;
    const field = (name: string) => fields[name] ?? '';
    return {
      type: field('type'),
      titleEn: field('titleEn'),
      titleZh: field('titleZh'),
      abstractEn: field('abstractEn'),
      abstractZh: field('abstractZh'),
      roomId: field('roomId'),
      trackId: field('trackId'),
      startsAt: field('startsAt'),
      endsAt: field('endsAt'),
      language: field('language'),
      interpretation: field('interpretation'),
      capacity: field('capacity'),
      status: field('status'),
      people: Array.from({ length: PEOPLE_SLOTS }, (_, i) => ({ speakerId: field(`person${i + 1}`), role: fields[`role${i + 1}`] ?? 'speaker', status: fields[`answer${i + 1}`] ?? 'invited' })),
    };
  };

  app.get('/admin/events/:eventId/agenda/new', { config: canEdit, schema: { params: EventParams, querystring: NewQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    // Opened from the agenda builder (it always passes a start): the new session's day of the grid comes next.
    return renderForm(request, reply, event, prefilledForm(event, emptyForm(event), request.query), { fromGrid: request.query.startsAt !== undefined });
  });

  app.post('/admin/events/:eventId/agenda', { config: canEdit, schema: { params: EventParams, body: SessionBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const form = formFromBody(request.body);
    const { values, errors } = await validateSessionForm(db, event, form);
    const fromGrid = request.body.back === 'grid';
    if (!values) return renderForm(request, reply, event, form, { fields: errors, status: 422, fromGrid });
    await createSession(db, auditActor(request), event.id, values);
    request.session.flash = 'agenda.created';
    return reply.redirect(fromGrid ? gridDayHref(event, values.startsAt) : `/admin/events/${event.id}/agenda`, 303);
  });

  async function sessionOrNotFound(event: EventRow, sessionId: string) {
    const session = isUuid(sessionId) ? await findSessionOfEvent(db, event.id, sessionId.toLowerCase()) : undefined;
    if (!session) throw new NotFoundError('session');
    return session;
  }

  app.get('/admin/events/:eventId/agenda/:sessionId/edit', { config: canEdit, schema: { params: SessionParams, querystring: EditQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const session = await sessionOrNotFound(event, request.params.sessionId);
    // Opened from the agenda builder (?back=grid): saving or cancelling goes back to the session's day there.
    return renderForm(request, reply, event, sessionToForm(session, event.timezone, await findPeopleOfSession(db, session.id)), { session, fromGrid: request.query.back === 'grid' });
  });

  // A session never published and never booked is deleted; any other is cancelled through the form (its status).
  app.post('/admin/events/:eventId/agenda/:sessionId/delete', { config: canEdit, schema: { params: SessionParams, body: Type.Object({ confirm: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true }) } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const session = await sessionOrNotFound(event, request.params.sessionId);
    const again = async (key: string) => renderForm(request, reply, event, sessionToForm(session, event.timezone, await findPeopleOfSession(db, session.id)), { session, fields: { confirmDelete: { key } }, status: 422 });
    if (request.body.confirm !== 'yes') return again('agenda.errors.confirmDelete');
    if (!(await deleteSession(db, auditActor(request), session))) return again('agenda.errors.notDeletable');
    request.session.flash = 'agenda.deleted';
    return reply.redirect(`/admin/events/${event.id}/agenda`, 303);
  });

  app.post('/admin/events/:eventId/agenda/:sessionId', { config: canEdit, schema: { params: SessionParams, body: SessionBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const session = await sessionOrNotFound(event, request.params.sessionId);
    const form = formFromBody(request.body);
    const { values, errors } = await validateSessionForm(db, event, form);
    const fromGrid = request.body.back === 'grid';
    if (!values) return renderForm(request, reply, event, form, { session, fields: errors, status: 422, fromGrid });
    const refused = await updateSession(db, clock, auditActor(request), session, values);
    if (refused) return renderForm(request, reply, event, form, { session, fields: refused, status: 422, fromGrid });
    request.session.flash = 'agenda.updated';
    return reply.redirect(fromGrid ? gridDayHref(event, values.startsAt) : `/admin/events/${event.id}/agenda`, 303);
  });
};

export default sessionRoutes;
