// The organiser's agenda of one event: sessions by day in the event's zone, its conflicts and published versions,
// publishing it, and accepting an overlap with a reason. The session form is session-routes.ts.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DateTime } from 'luxon';
import type { FieldErrors } from '../../lib/errors.ts';
import { FormText, textLength } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { outlastVersionLease } from '../../lib/page-cache.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { acknowledgeField, acknowledgeOverlap, loadConflictReport } from './conflict-report.ts';
import { loadChangelog } from './public-pages.ts';
import { findAgendaVersions, hasUnpublishedChanges, publishAgenda } from './publish.ts';
import { findRoomsOfEvent, findSessionsOfEvent, findTracksOfEvent } from './queries.ts';

/** Characters of the reason an organiser gives for accepting an overlap. */
const REASON_MAX = 500;
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });

const agendaRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, jobs }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };

  async function renderAgenda(request: FastifyRequest, reply: FastifyReply, event: EventRow, fields: FieldErrors = {}, status?: number, typed: Record<string, string> = {}) {
    const [sessions, rooms, tracks, conflicts, versions] = await Promise.all([
      findSessionsOfEvent(db, event.id),
      findRoomsOfEvent(db, event.id),
      findTracksOfEvent(db, event.id),
      loadConflictReport(db, event),
      findAgendaVersions(db, event.id),
    ]);
    // Compared with the last version from the rows just read: only the people and speakers are read for it.
    const unpublished = await hasUnpublishedChanges(db, event.id, versions[0], { sessions, rooms, tracks });
    // Each version's changes as the public changelog words them (when and where, what moved from where).
    const changelog = await loadChangelog(db, event, event.timezone, request.locale, '', versions);
    const roomById = new Map(rooms.map((r) => [r.id, r]));
    const trackById = new Map(tracks.map((t) => [t.id, t]));
    const days = new Map<string, { date: Date; sessions: unknown[] }>();
    for (const session of sessions) {
      const day = DateTime.fromJSDate(session.startsAt, { zone: event.timezone }).toISODate()!;
      if (!days.has(day)) days.set(day, { date: session.startsAt, sessions: [] });
      days.get(day)!.sessions.push({ ...session, room: session.roomId ? roomById.get(session.roomId) : undefined, track: session.trackId ? trackById.get(session.trackId) : undefined });
    }
    return reply.render(
      'admin/agenda/index',
      { event, days: [...days.values()], empty: sessions.length === 0, conflicts, versions: versions.map((v, i) => ({ ...v, changes: changelog[i]?.changes ?? [] })), unpublished, reasonMax: REASON_MAX, typed, ...formErrorView(request.locale, fields) },
      { layout: 'admin', ...(status ? { status } : {}) },
    );
  }

  app.get('/admin/events/:eventId/agenda', { config: canEdit, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) => {
    return renderAgenda(request, reply, await getEventById(db, request.params.eventId));
  });

  app.post('/admin/events/:eventId/agenda/publish', { config: canEdit, schema: { params: EventParams } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const published = await publishAgenda(db, clock, auditActor(request), event, { jobs });
    if (published.blockedBy !== undefined) return renderAgenda(request, reply, event, { '': { key: 'agenda.publish.blocked', vars: { count: published.blockedBy } } }, 409);
    if (published.unchanged) {
      request.session.flash = 'agenda.publish.unchanged';
      return reply.redirect(`/admin/events/${event.id}/agenda`, 303);
    }
    // Whoever sees "published" finds the new agenda on every process from then on.
    await outlastVersionLease(app.sharedPages);
    request.session.flash = published.version === 1 ? 'agenda.publish.first' : 'agenda.publish.done';
    return reply.redirect(`/admin/events/${event.id}/agenda`, 303);
  });

  app.post(
    '/admin/events/:eventId/agenda/acknowledgements',
    { config: canEdit, schema: { params: EventParams, body: Type.Object({ key: FormText, reason: FormText, times: Type.Optional(FormText) }) } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const reason = request.body.reason.trim();
      // Said at the reason's field of that overlap, its form open again with what was typed.
      const field = acknowledgeField(request.body.key);
      if (reason === '' || textLength(reason) > REASON_MAX) return renderAgenda(request, reply, event, { [field]: { key: 'agenda.conflicts.reasonNeeded', vars: { max: REASON_MAX } } }, 422, { [field]: request.body.reason });
      if (!(await acknowledgeOverlap(db, auditActor(request), event, request.body.key, reason, request.body.times ?? ''))) {
        return renderAgenda(request, reply, event, { '': { key: 'agenda.conflicts.gone' } }, 409);
      }
      request.session.flash = 'agenda.conflicts.acknowledged';
      return reply.redirect(`/admin/events/${event.id}/agenda`, 303);
    },
  );
};

export default agendaRoutes;
