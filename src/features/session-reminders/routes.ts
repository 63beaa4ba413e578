// The organiser's page of speakers' reminders: the jobs the published agenda has queued (and which went out), and the
// event's own "what to bring" list that the reminders carry.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FieldErrors } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { findReminderOverview } from './queries.ts';
import { findReminderSettings, MAX_BRING_ITEM_LENGTH, MAX_BRING_ITEMS, MAX_BRING_TEXT_LENGTH, saveReminderSettings, settingsToForm, validateReminderSettingsForm, type ReminderSettingsForm } from './settings.ts';

const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
// More than any list takes; the service gives the precise message.
const SettingsBody = Type.Object({ bringEn: FormText, bringZh: FormText });

const sessionReminderRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };

  async function page(request: FastifyRequest, reply: FastifyReply, event: EventRow, form: ReminderSettingsForm, fields: FieldErrors = {}, status?: number) {
    const reminders = await findReminderOverview(db, event.id);
    return reply.render(
      'admin/agenda/reminders',
      { event, reminders, form, maxItems: MAX_BRING_ITEMS, maxLength: MAX_BRING_ITEM_LENGTH, textMax: MAX_BRING_TEXT_LENGTH, ...formErrorView(request.locale, fields) },
      { layout: 'admin', ...(status ? { status } : {}) },
    );
  }

  app.get('/admin/events/:eventId/agenda/reminders', { config: canEdit, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    return page(request, reply, event, settingsToForm(await findReminderSettings(db, event.id)));
  });

  app.post('/admin/events/:eventId/agenda/reminders', { config: canEdit, schema: { params: EventParams, body: SettingsBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const { values, errors } = validateReminderSettingsForm(request.body);
    if (!values) return page(request, reply, event, request.body, errors, 422);
    await saveReminderSettings(db, auditActor(request), event.id, values);
    request.session.flash = 'sessionReminders.saved';
    return reply.redirect(`/admin/events/${event.id}/agenda/reminders`, 303);
  });
};

export default sessionReminderRoutes;
