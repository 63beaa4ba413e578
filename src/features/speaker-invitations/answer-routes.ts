// The invited person's side: the mailed link opens a page with the sessions and their answer so far (a GET changes
// nothing, since mail scanners open links); Accept or Decline (a POST with the CSRF token) records the answer, signs
// the person in by their proven address and, on accepting, takes them to the speaker portal.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DECLINE_REASON_MAX } from '../../db/schema/index.ts';
import { translate } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { FormText, textLength } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { RATE_LIMITS } from '../../plugins/rate-limit.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { getEventById } from '../events/service.ts';
import { signInSpeaker } from '../speaker-portal/identity.ts';
import { describeSessions } from './mail.ts';
import { findInvitationSessions, findPeopleOfEvent } from './queries.ts';
import { findSpeakerOfEvent } from '../agenda/speakers.ts';
import { answerInvitation, InvitationLinkError, openInvitationLink } from './service.ts';

const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
const PageQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })), answer: Type.Optional(Type.String({ maxLength: 20 })) });
/** Where the portal lives (built beside this feature); accepting lands there. */
export const SPEAKER_PORTAL_PATH = '/speaker';

const invitationAnswerRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, jobs }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const pagePath = (token: string) => `/speaker-invitations/${token}`;

  async function answerPage(request: FastifyRequest, reply: FastifyReply, token: string, extra: { declineFirst?: boolean; reason?: string; fields?: FieldErrors } = {}, status?: number) {
    const invitation = await openInvitationLink(db, clock, token);
    const [event, speaker, lines, people] = await Promise.all([
      getEventById(db, invitation.eventId),
      findSpeakerOfEvent(db, invitation.eventId, invitation.speakerId),
      findInvitationSessions(db, invitation.id),
      findPeopleOfEvent(db, invitation.eventId),
    ]);
    // Only the sessions the person is still on: an organiser may have taken them off one since.
    const statusOf = new Map(people.filter((p) => p.speakerId === invitation.speakerId).map((p) => [p.sessionId, p.status]));
    const sessions = (await describeSessions(db, event.id, lines, request.locale)).filter((s) => statusOf.has(s.id)).map((s) => ({ ...s, status: statusOf.get(s.id) }));
    if (!speaker || sessions.length === 0) throw new InvitationLinkError('withdrawn');
    return reply.render(
      'speaker-invitations/answer',
      {
        event,
        pageTitle: translate(request.locale, 'speakerInvitations.answerPage.title'),
        name: pickLocalized(speaker.name, request.locale)?.text ?? '',
        sessions,
        message: invitation.message,
        answer: invitation.answer,
        answeredAt: invitation.answeredAt ? formatDateTime(invitation.answeredAt, event.timezone, request.locale) : undefined,
        action: pagePath(token),
        declineFirst: extra.declineFirst ?? false,
        reason: extra.reason ?? '',
        reasonMax: DECLINE_REASON_MAX,
        ...formErrorView(request.locale, extra.fields ?? {}),
      },
      status ? { status } : {},
    );
  }

  app.get('/speaker-invitations/:token', { schema: { params: TokenParams, querystring: PageQuery } }, async (request, reply) => {
    return answerPage(request, reply, request.params.token, { declineFirst: request.query.answer === 'decline' });
  });

  app.post('/speaker-invitations/:token/accept', { config: { rateLimit: RATE_LIMITS.signIn }, schema: { params: TokenParams } }, async (request, reply) => {
    const { email } = await answerInvitation(db, { clock, jobs }, auditActor(request), request.params.token, 'accepted');
    await signInSpeaker(request, email);
    request.session.flash = 'speakerInvitations.acceptedNotice';
    return reply.redirect(SPEAKER_PORTAL_PATH, 303);
  });

  app.post(
    '/speaker-invitations/:token/decline',
    { config: { rateLimit: RATE_LIMITS.signIn }, schema: { params: TokenParams, body: Type.Object({ reason: Type.Optional(FormText) }, { additionalProperties: true }) } },
    async (request, reply) => {
      // Line breaks as LF: browsers send CRLF but count one character for each (as the database's limit does for LF).
      const reason = (request.body.reason ?? '').replace(/\r\n?/g, '\n').trim();
      if (textLength(reason) > DECLINE_REASON_MAX) {
        return answerPage(request, reply, request.params.token, { declineFirst: true, reason, fields: { reason: { key: 'forms.tooLong', vars: { max: DECLINE_REASON_MAX } } } }, 422);
      }
      const { email } = await answerInvitation(db, { clock, jobs }, auditActor(request), request.params.token, 'declined', reason);
      await signInSpeaker(request, email);
      return reply.redirect(pagePath(request.params.token), 303);
    },
  );
};

export default invitationAnswerRoutes;
