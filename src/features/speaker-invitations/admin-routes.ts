// The organiser's side of speaker invitations: the status of every session's people, the invite form, and the
// reminder of a pending invitation. All under event.edit, every change audited by the service.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { INVITATION_LOCALES, INVITATION_MESSAGE_MAX, SESSION_PERSON_ROLES } from '../../db/schema/index.ts';
import { translate } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { NotFoundError, type FieldErrors } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { isUuid } from '../../lib/ids.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import type { EventRow } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { EMPTY_INVITE_FORM, INVITEE_NAME_MAX, inviteFormFromBody, validateInviteForm, type InviteForm } from './invite-form.ts';
import { findSpeakersOfEvent } from '../agenda/speakers.ts';
import { findSessionsWithRooms } from './queries.ts';
import { remindInvitation, sendInvitation } from './service.ts';
import { loadInvitationStatus } from './status.ts';

const Id = Type.String({ maxLength: 100 });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
const EventParams = Type.Object({ eventId: Id });
const InvitationParams = Type.Object({ eventId: Id, invitationId: Id });
const Text = FormText;
// `session` repeats (one checkbox per session); `role-<sessionId>` per session, hence the open object.
const InviteBody = Type.Object(
  {
    speakerId: Type.Optional(Text),
    nameEn: Type.Optional(Text),
    nameZh: Type.Optional(Text),
    email: Type.Optional(Text),
    session: Type.Optional(Type.Union([Id, Type.Array(Id, { maxItems: 500 })])),
    message: Type.Optional(Text),
    locale: Type.Optional(Text),
  },
  { additionalProperties: Text, maxProperties: 600 },
);

const invitationAdminRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail, jobs }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };
  const base = (event: EventRow) => `/admin/events/${event.id}/speakers/invitations`;

  async function statusPage(request: FastifyRequest, reply: FastifyReply, event: EventRow, problem?: string, status?: number) {
    const { sessions, counts } = await loadInvitationStatus(db, clock, event.id);
    return reply.render(
      'admin/speaker-invitations/status',
      { event, sessions, counts, problem, hasSessions: sessions.length > 0 },
      { layout: 'admin', ...(status ? { status } : {}) },
    );
  }

  async function formPage(request: FastifyRequest, reply: FastifyReply, event: EventRow, form: InviteForm, fields: FieldErrors = {}, status?: number) {
    const [speakerRows, sessionRows] = await Promise.all([findSpeakersOfEvent(db, event.id), findSessionsWithRooms(db, event.id)]);
    const chosen = new Set(form.sessionIds);
    const view = formErrorView(request.locale, fields);
    return reply.render(
      'admin/speaker-invitations/form',
      {
        event,
        form,
        speakers: speakerRows.map((speaker) => ({ id: speaker.id, name: speaker.name, email: speaker.email, selected: speaker.id === form.speakerId })),
        sessions: sessionRows.map(({ session, roomName }) => ({
          id: session.id,
          title: session.title,
          startsAt: session.startsAt,
          endsAt: session.endsAt,
          roomName,
          cancelled: session.status === 'cancelled',
          checked: chosen.has(session.id),
          roleError: view.errors[`role-${session.id}`],
          roles: SESSION_PERSON_ROLES.map((value) => ({ value, selected: value === (form.roles[session.id] ?? 'speaker') })),
        })),
        locales: INVITATION_LOCALES.map((value) => ({ value, selected: value === form.locale })),
        messageMax: INVITATION_MESSAGE_MAX,
        nameMax: INVITEE_NAME_MAX,
        ...view,
      },
      { layout: 'admin', ...(status ? { status } : {}) },
    );
  }

  app.get('/admin/events/:eventId/speakers/invitations', { config: canEdit, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) => {
    return statusPage(request, reply, await getEventById(db, request.params.eventId));
  });

  app.get(
    '/admin/events/:eventId/speakers/invitations/new',
    { config: canEdit, schema: { params: EventParams, querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })), speakerId: Type.Optional(Id), sessionId: Type.Optional(Id) }) } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      const { speakerId, sessionId } = request.query;
      const form: InviteForm = { ...EMPTY_INVITE_FORM, speakerId: speakerId && isUuid(speakerId) ? speakerId.toLowerCase() : '', sessionIds: sessionId && isUuid(sessionId) ? [sessionId.toLowerCase()] : [] };
      return formPage(request, reply, event, form);
    },
  );

  app.post('/admin/events/:eventId/speakers/invitations', { config: canEdit, schema: { params: EventParams, body: InviteBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const form = inviteFormFromBody(request.body as Record<string, unknown>);
    const { values, errors } = await validateInviteForm(db, event.id, form, request.locale);
    if (!values) return formPage(request, reply, event, form, errors, 422);
    await sendInvitation(db, { clock, mail, jobs }, auditActor(request), event, values);
    request.session.flash = 'speakerInvitations.sent';
    return reply.redirect(base(event), 303);
  });

  app.post('/admin/events/:eventId/speakers/invitations/:invitationId/remind', { config: canEdit, schema: { params: InvitationParams } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const id = request.params.invitationId;
    if (!isUuid(id)) throw new NotFoundError('speaker-invitation');
    const refusal = await remindInvitation(db, { clock, mail, jobs }, auditActor(request), event, id.toLowerCase());
    if (refusal?.refused === 'answered') return statusPage(request, reply, event, translate(request.locale, 'speakerInvitations.errors.answered'), 409);
    if (refusal?.refused === 'too-soon') {
      const when = formatDateTime(refusal.from, event.timezone, request.locale);
      return statusPage(request, reply, event, translate(request.locale, 'speakerInvitations.errors.tooSoon', { when }), 429);
    }
    request.session.flash = 'speakerInvitations.reminded';
    return reply.redirect(base(event), 303);
  });
};

export default invitationAdminRoutes;
