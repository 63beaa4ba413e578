// The organiser's list of an event's speakers, with a form to add someone and one to change an entry.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { translate, type Locale } from '../../i18n/index.ts';
import { countryName } from '../../lib/countries.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { isUuid } from '../../lib/ids.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { loadEventCompleteness } from '../speaker-portal/completeness.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { createSpeaker, EMPTY_SPEAKER_FORM, findSpeakerOfEvent, findSpeakersOfEvent, SPEAKER_TEXT_MAX, speakerToForm, updateSpeaker, validateSpeakerForm, type SpeakerForm } from './speakers.ts';

const Text = FormText;
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const SpeakerParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), speakerId: Type.String({ maxLength: 100 }) });
const SpeakerBody = Type.Object({
  nameEn: Text,
  nameZh: Text,
  titleEn: Type.Optional(Text),
  titleZh: Type.Optional(Text),
  organisationEn: Type.Optional(Text),
  organisationZh: Type.Optional(Text),
  country: Type.Optional(Text),
  email: Type.Optional(Text),
});

const speakerRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };
  const toForm = (body: Record<string, string | undefined>): SpeakerForm => ({ ...EMPTY_SPEAKER_FORM, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) });


  async function listPage(request: FastifyRequest, reply: FastifyReply, event: EventRow, form: SpeakerForm, fields: FieldErrors = {}, status?: number) {
    const [list, completeness] = await Promise.all([findSpeakersOfEvent(db, event.id), loadEventCompleteness(db, event.id)]);
    // How far each person's portal profile is: organisers chase what is missing before print and publication.
    const locale = request.locale;
    const other: Locale = locale === 'en' ? 'zh-CN' : 'en';
    const rows = list.map((s) => ({
      ...s,
      completeness: completeness.get(s.id),
      // The name in the page's language, then in the other one when it differs; the role line and the country in words.
      otherName: s.name[locale] && s.name[other] && s.name[other] !== s.name[locale] ? s.name[other] : undefined,
      otherLang: other,
      affiliation: [pickLocalized(s.title, locale)?.text, pickLocalized(s.organisation, locale)?.text].filter(Boolean).join(translate(locale, 'punct.comma')),
      countryText: s.country ? countryName(s.country, locale) : '',
    }));
    return reply.render('admin/agenda/speakers', { event, speakers: rows, form, textMax: SPEAKER_TEXT_MAX, ...formErrorView(request.locale, fields) }, { layout: 'admin', ...(status ? { status } : {}) });
  }

  app.get('/admin/events/:eventId/speakers', { config: canEdit, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) => {
    return listPage(request, reply, await getEventById(db, request.params.eventId), EMPTY_SPEAKER_FORM);
  });

  app.post('/admin/events/:eventId/speakers', { config: canEdit, schema: { params: EventParams, body: SpeakerBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const form = toForm(request.body);
    const { values, errors } = await validateSpeakerForm(db, event.id, form);
    if (!values) return listPage(request, reply, event, form, errors, 422);
    await createSpeaker(db, auditActor(request), event.id, values);
    request.session.flash = 'speakers.added';
    return reply.redirect(`/admin/events/${event.id}/speakers`, 303);
  });

  async function speakerOrNotFound(event: EventRow, speakerId: string) {
    const speaker = isUuid(speakerId) ? await findSpeakerOfEvent(db, event.id, speakerId.toLowerCase()) : undefined;
    if (!speaker) throw new NotFoundError('speaker');
    return speaker;
  }

  app.get('/admin/events/:eventId/speakers/:speakerId/edit', { config: canEdit, schema: { params: SpeakerParams, querystring: LangQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const speaker = await speakerOrNotFound(event, request.params.speakerId);
    return reply.render('admin/agenda/speaker-form', { event, speaker, form: speakerToForm(speaker), textMax: SPEAKER_TEXT_MAX }, { layout: 'admin' });
  });

  app.post('/admin/events/:eventId/speakers/:speakerId', { config: canEdit, schema: { params: SpeakerParams, body: SpeakerBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const speaker = await speakerOrNotFound(event, request.params.speakerId);
    const form = toForm(request.body);
    const { values, errors } = await validateSpeakerForm(db, event.id, form, speaker.id);
    if (!values) return reply.render('admin/agenda/speaker-form', { event, speaker, form, textMax: SPEAKER_TEXT_MAX, ...formErrorView(request.locale, errors) }, { layout: 'admin', status: 422 });
    await updateSpeaker(db, clock, auditActor(request), speaker, values);
    request.session.flash = 'speakers.saved';
    return reply.redirect(`/admin/events/${event.id}/speakers`, 303);
  });
};

export default speakerRoutes;
