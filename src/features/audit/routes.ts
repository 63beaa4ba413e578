// The audit log page of one event: who changed what and when, filtered by action, person and dates. Read-only.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DateTime } from 'luxon';
import type { FeatureDeps } from '../deps.ts';
import { getEventById } from '../events/service.ts';
import { changeText } from './change-text.ts';
import { auditActionLabel, auditActorLabel, listAudit } from './service.ts';

const DAY = Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })]));

const auditRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/admin/events/:eventId/audit',
    {
      config: { permission: 'audit.view' },
      schema: {
        params: Type.Object({ eventId: Type.String({ maxLength: 100 }) }),
        querystring: Type.Object({
          lang: Type.Optional(Type.String({ maxLength: 40 })),
          action: Type.Optional(Type.String({ maxLength: 100 })),
          actor: Type.Optional(Type.String({ maxLength: 254 })),
          from: DAY,
          to: DAY,
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        }),
      },
    },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const { action = '', actor = '', from = '', to = '', page = 1 } = request.query;
      // Days are the event's days, in its zone.
      const day = (value: string) => (value ? DateTime.fromISO(value, { zone: event.timezone }) : undefined);
      const fromDay = day(from);
      const toDay = day(to);
      const result = await listAudit(
        db,
        event.id,
        {
          action: action || undefined,
          actor: actor.trim() || undefined,
          from: fromDay?.isValid ? fromDay.toJSDate() : undefined,
          to: toDay?.isValid ? toDay.plus({ days: 1 }).toJSDate() : undefined,
        },
        page,
      );
      const query = (p: number) => {
        const params = new URLSearchParams({ ...(action ? { action } : {}), ...(actor ? { actor } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), page: String(p) });
        return `/admin/events/${event.id}/audit?${params}`;
      };
      return reply.render(
        'admin/audit',
        {
          event,
          filter: { action, actor, from, to },
          filtered: Boolean(action || actor || from || to),
          actions: result.actions.map((a) => ({ value: a, label: auditActionLabel(request.locale, a), selected: a === action })),
          rows: result.rows.map((row) => ({
            ...row,
            actionLabel: auditActionLabel(request.locale, row.action, row.after),
            actor: auditActorLabel(request.locale, row),
            beforeText: changeText(row.before, event.timezone, request.locale),
            afterText: changeText(row.after, event.timezone, request.locale),
          })),
          prevHref: page > 1 ? query(page - 1) : undefined,
          nextHref: result.hasMore ? query(page + 1) : undefined,
        },
        { layout: 'admin' },
      );
    },
  );
};

export default auditRoutes;
