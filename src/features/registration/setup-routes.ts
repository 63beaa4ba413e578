// The organiser's registration set-up page of one event and its settings form (window, seats, waiting list, privacy).
// The categories and questions listed on the page have their own plugins: setup-category-routes.ts and
// setup-question-routes.ts, registered beside this one in app.ts; what they share is in setup-page.ts.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FormText } from '../../lib/form-text.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { getEventById } from '../events/service.ts';
import { canEdit, EventParams, Flag, flashSaved, LangQuery, setupOverview, setupPath as base } from './setup-page.ts';
import { findSettings, saveSettings, settingsToForm, validateSettingsForm, type SettingsForm } from './setup-settings.ts';

const Text = FormText;
const SettingsBody = Type.Object({
  opensAt: Text,
  closesAt: Text,
  capacity: Text,
  waitlist: Flag,
  // Optional: a text field left out keeps what is stored (a tab opened before the privacy fields were on the form).
  controllerName: Type.Optional(Text),
  retentionMonths: Type.Optional(Text),
  sharesAbroad: Flag,
  privacyFields: Flag,
  abroadRecipient: Type.Optional(Text),
  abroadContact: Type.Optional(Text),
});

const registrationSetupRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const overview = setupOverview({ db, clock, config });

  app.get('/admin/events/:eventId/registration', { config: canEdit, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) =>
    overview(request, reply, await getEventById(db, request.params.eventId)),
  );

  app.post('/admin/events/:eventId/registration', { config: canEdit, schema: { params: EventParams, body: SettingsBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const stored = settingsToForm(await findSettings(db, event.id), event.timezone);
    const given = Object.fromEntries(Object.entries(request.body).filter(([, value]) => value !== undefined));
    // An unticked box sends nothing: only a form that has the privacy fields (its hidden marker) can untick sharing.
    const sharesAbroad = request.body.privacyFields === undefined ? stored.sharesAbroad : (request.body.sharesAbroad ?? '');
    const form: SettingsForm = { ...stored, ...given, waitlist: request.body.waitlist ?? '', sharesAbroad };
    const { values, errors } = validateSettingsForm(form, event, request.locale);
    const saved = values ? await saveSettings(db, auditActor(request), event.id, values, { clock, mail }) : { errors };
    if (saved.errors) return overview(request, reply, event, { form, fields: saved.errors, status: 422 });
    flashSaved(request, 'registrationSetup.saved', 'registrationSetup.savedPromoted', saved.promoted);
    return reply.redirect(base(event), 303);
  });
};

export default registrationSetupRoutes;
