// The organiser's agenda builder: one day as a grid of rooms × times with conflicts marked, and the Move and
// Duplicate forms each session offers (drag and drop, where the script runs, only fills in and sends the Move form).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FieldErrors } from '../../lib/errors.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { isUuid } from '../../lib/ids.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { loadConflictReport } from './conflict-report.ts';
import { layOutDay, listGridDays, noonOfDay } from './grid.ts';
import { dayOf, duplicateSession, moveSession, placementFormOf, validatePlacementForm, type PlacementForm } from './move.ts';
import { findRoomsOfEvent, findSessionOfEvent, findSessionsOfEvent, findTracksOfEvent, type AgendaSessionRow } from './queries.ts';

const Text = FormText;
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
const GridQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })), day: Type.Optional(Type.String({ maxLength: 40 })) });
const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const SessionParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), sessionId: Type.String({ maxLength: 100 }) });
const PlacementBody = Type.Object({ day: Text, start: Text, roomId: Type.Optional(Text) });

type Mode = 'move' | 'duplicate';

const gridRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };

  app.get('/admin/events/:eventId/agenda/grid', { config: canEdit, schema: { params: EventParams, querystring: GridQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const [sessions, rooms, tracks, conflicts] = await Promise.all([findSessionsOfEvent(db, event.id), findRoomsOfEvent(db, event.id), findTracksOfEvent(db, event.id), loadConflictReport(db, event)]);
    const days = listGridDays(event, sessions);
    const day = request.query.day ?? days[0]!;
    if (!days.includes(day)) throw new NotFoundError('day');
    const hard = new Set(conflicts.hard.flatMap((c) => c.conflict.sessionIds));
    const warned = new Set(conflicts.warnings.flatMap((c) => c.conflict.sessionIds));
    const trackById = new Map(tracks.map((t) => [t.id, t]));
    const shown = sessions.map((s) => ({
      ...s,
      track: s.trackId ? trackById.get(s.trackId) : undefined,
      conflict: hard.has(s.id) ? 'hard' : warned.has(s.id) ? 'warning' : undefined,
      cancelled: s.status === 'cancelled',
    }));
    // The event's own rooms, and of its forum's only those its sessions are in: a sub-forum's grid is not the forum's.
    const used = new Set(sessions.map((s) => s.roomId));
    const layout = layOutDay({ day, zone: event.timezone, sessions: shown, rooms: rooms.filter((r) => !r.ofForum || used.has(r.id)) });
    const base = `/admin/events/${event.id}/agenda`;
    return reply.render(
      'admin/agenda/grid',
      {
        event,
        day,
        dayDate: noonOfDay(day, event.timezone),
        days: days.map((d) => ({ value: d, date: noonOfDay(d, event.timezone), current: d === day, href: `${base}/grid?day=${d}` })),
        columns: layout.columns.map((c) => ({ ...c, newHref: `${base}/new?${new URLSearchParams({ ...(c.room ? { roomId: c.room.id } : {}), startsAt: layout.rows[0]!.startsAt })}` })),
        rows: layout.rows.map((row) => ({
          ...row,
          cells: row.cells.flatMap((lanes, column) =>
            lanes.flatMap((cell): object[] => {
              if (!cell) return [];
              if (cell.kind === 'session') return [cell];
              const room = layout.columns[column]!.room;
              return [{ ...cell, roomId: room?.id ?? '', href: `${base}/new?${new URLSearchParams({ ...(room ? { roomId: room.id } : {}), startsAt: cell.startsAt })}` }];
            }),
          ),
        })),
        fine: layout.step < 15,
        hardCount: conflicts.hard.length,
        warningCount: conflicts.warnings.length,
        dayHasSessions: layout.rows.some((r) => r.cells.some((lanes) => lanes.some((c) => c?.kind === 'session'))),
      },
      { layout: 'admin' },
    );
  });

  async function sessionOrNotFound(event: EventRow, sessionId: string) {
    const session = isUuid(sessionId) ? await findSessionOfEvent(db, event.id, sessionId.toLowerCase()) : undefined;
    if (!session) throw new NotFoundError('session');
    return session;
  }

  async function renderPlacement(request: FastifyRequest, reply: FastifyReply, mode: Mode, event: EventRow, session: AgendaSessionRow, form: PlacementForm, fields: FieldErrors = {}, status?: number) {
    const rooms = await findRoomsOfEvent(db, event.id);
    return reply.render(
      'admin/agenda/placement-form',
      {
        event,
        session,
        mode,
        form,
        duplicating: mode === 'duplicate',
        minutes: Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000),
        action: `/admin/events/${event.id}/agenda/${session.id}/${mode}`,
        back: `/admin/events/${event.id}/agenda/grid?day=${dayOf(session.startsAt, event.timezone)}`,
        rooms: rooms.map((r) => ({ ...r, selected: r.id === form.roomId })),
        ...formErrorView(request.locale, fields),
      },
      { layout: 'admin', ...(status ? { status } : {}) },
    );
  }

  for (const mode of ['move', 'duplicate'] as const) {
    app.get(`/admin/events/:eventId/agenda/:sessionId/${mode}`, { config: canEdit, schema: { params: SessionParams, querystring: LangQuery } }, async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const session = await sessionOrNotFound(event, request.params.sessionId);
      const others = mode === 'duplicate' ? await findSessionsOfEvent(db, event.id) : [];
      return renderPlacement(request, reply, mode, event, session, placementFormOf(session, event.timezone, mode === 'move' ? 'here' : 'after', others, event.endsAt));
    });

    app.post(`/admin/events/:eventId/agenda/:sessionId/${mode}`, { config: canEdit, schema: { params: SessionParams, body: PlacementBody } }, async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const session = await sessionOrNotFound(event, request.params.sessionId);
      const form: PlacementForm = { day: request.body.day, start: request.body.start, roomId: request.body.roomId ?? '' };
      const { values, errors } = await validatePlacementForm(db, event, form, session.endsAt.getTime() - session.startsAt.getTime(), request.locale);
      if (!values) return renderPlacement(request, reply, mode, event, session, form, errors, 422);
      if (mode === 'move') await moveSession(db, clock, auditActor(request), session, values);
      else await duplicateSession(db, auditActor(request), session, values);
      request.session.flash = mode === 'move' ? 'agendaGrid.moved' : 'agendaGrid.duplicated';
      return reply.redirect(`/admin/events/${event.id}/agenda/grid?day=${dayOf(values.startsAt, event.timezone)}`, 303);
    });
  }
};

export default gridRoutes;
