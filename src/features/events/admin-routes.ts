// The organiser's form for an event's own details (titles, texts, zone, dates, status, contact address).
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EVENT_STATUSES } from '../../db/schema/index.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { outlastVersionLease } from '../../lib/page-cache.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { EVENT_TEXT_LIMITS, eventToForm, updateEvent, validateEventForm, type EventForm } from './edit-event.ts';
import type { EventRow } from './queries.ts';
import { getEventById } from './service.ts';

const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const EventBody = Type.Object({
  titleEn: FormText,
  titleZh: FormText,
  summaryEn: Type.Optional(FormText),
  summaryZh: Type.Optional(FormText),
  descriptionEn: Type.Optional(FormText),
  descriptionZh: Type.Optional(FormText),
  timezone: FormText,
  startsAt: FormText,
  endsAt: FormText,
  status: FormText,
  contactEmail: Type.Optional(FormText),
});

const eventAdminRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };

  const page = (event: EventRow, form: EventForm, fields: FieldErrors, locale: Parameters<typeof formErrorView>[0]) => ({
    event,
    form,
    statuses: EVENT_STATUSES.map((value) => ({ value, selected: value === form.status })),
    limits: EVENT_TEXT_LIMITS,
    ...formErrorView(locale, fields),
  });

  app.get('/admin/events/:eventId/edit', { config: canEdit, schema: { params: EventParams, querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    return reply.render('admin/event-edit', page(event, eventToForm(event), {}, request.locale), { layout: 'admin' });
  });

  app.post('/admin/events/:eventId', { config: canEdit, schema: { params: EventParams, body: EventBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const b = request.body;
    const form: EventForm = { ...b, summaryEn: b.summaryEn ?? '', summaryZh: b.summaryZh ?? '', descriptionEn: b.descriptionEn ?? '', descriptionZh: b.descriptionZh ?? '', contactEmail: b.contactEmail ?? '' };
    const { values, errors } = validateEventForm(form, event.timezone);
    if (!values) return reply.render('admin/event-edit', page(event, form, errors, request.locale), { layout: 'admin', status: 422 });
    const saved = await updateEvent(db, clock, auditActor(request), event.id, values, request.locale);
    if (saved.errors) return reply.render('admin/event-edit', page(event, form, saved.errors, request.locale), { layout: 'admin', status: 422 });
    // Publishing or withdrawing the event (or renaming it) shows on every process's shared pages from then on.
    await outlastVersionLease(app.sharedPages);
    request.session.flash = saved.notice.key;
    request.session.flashVars = saved.notice.vars;
    return reply.redirect(`/admin/events/${event.id}`, 303);
  });
};

export default eventAdminRoutes;
