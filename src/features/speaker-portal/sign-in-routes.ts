// Signing in to the speaker portal with a link mailed to the address organisers have for the speaker (no password),
// and signing out. Asking for a link answers the same whatever the address, and queues the same job.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { translate } from '../../i18n/index.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { checkFormGuard, formStamp, keptFormStamp } from '../../lib/form-guard.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { safeRedirectPath } from '../../lib/redirect.ts';
import { RATE_LIMITS } from '../../plugins/rate-limit.ts';
import { normaliseEmail } from '../accounts/service.ts';
import { checkAccessToken, redeemAccessToken } from '../access-tokens/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { signInSpeaker, speakerEmail } from './identity.ts';
import { requestSpeakerSignIn, SPEAKER_SIGN_IN_TTL_SECONDS } from './sign-in-mail.ts';

const Text = FormText;
const Lang = Type.Optional(Type.String({ maxLength: 40 }));
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

/** Only pages of the portal itself: a link must not lead a speaker anywhere else. */
export const portalNext = (next: string | undefined) => {
  const path = safeRedirectPath(next, '/speaker');
  return path === '/speaker' || path.startsWith('/speaker/') || path.startsWith('/speaker?') ? path : '/speaker';
};

const speakerSignInRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, config, jobs }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const stamp = () => formStamp(config.SESSION_SECRET, clock.now());

  app.get('/speaker/sign-in', { schema: { querystring: Type.Object({ lang: Lang, next: Type.Optional(Type.String({ maxLength: 2000 })) }) } }, async (request, reply) => {
    if (speakerEmail(request)) return reply.redirect(portalNext(request.query.next), 303);
    return reply.render('speaker/sign-in', { email: '', next: request.query.next ?? '', formStamp: stamp(), pageTitle: translate(request.locale, 'speakerPortal.signIn.title') });
  });

  app.post(
    '/speaker/sign-in',
    { config: { rateLimit: RATE_LIMITS.linkRequest }, schema: { body: Type.Object({ email: Text, next: Type.Optional(Text) }, { additionalProperties: true }) } },
    async (request, reply) => {
      const guard = checkFormGuard(config.SESSION_SECRET, request.body, clock.now(), config.FORM_MIN_SECONDS);
      const email = normaliseEmail(request.body.email);
      const again = (fields: FieldErrors) =>
        reply.render('speaker/sign-in', { email: request.body.email.slice(0, 254), next: (request.body.next ?? '').slice(0, 2000), formStamp: keptFormStamp(config.SESSION_SECRET, request.body, clock.now()), ...formErrorView(request.locale, fields) }, { status: 422 });
      if (guard === 'too-fast') return again({ '': { key: 'forms.tooFast' } });
      if (!email) return again({ email: { key: 'account.errors.email' } });
      // A bot that filled the hidden field sees the usual answer; nothing is queued.
      if (guard === 'ok') await requestSpeakerSignIn(db, jobs, { email, locale: request.locale, next: portalNext(request.body.next) });
      return reply.render('speaker/sign-in-sent', { email, minutes: SPEAKER_SIGN_IN_TTL_SECONDS / 60 });
    },
  );

  // Opened by the mail: a mail scanner may follow the link, so only the button's POST uses it up.
  app.get('/speaker/sign-in/:token', { schema: { params: TokenParams, querystring: Type.Object({ lang: Lang }) } }, async (request, reply) => {
    await checkAccessToken(db, clock, 'speaker-sign-in', request.params.token);
    return reply.render('speaker/sign-in-confirm', { action: `/speaker/sign-in/${request.params.token}` });
  });

  app.post('/speaker/sign-in/:token', { config: { rateLimit: RATE_LIMITS.signIn }, schema: { params: TokenParams } }, async (request, reply) => {
    const redeemed = await redeemAccessToken(db, clock, 'speaker-sign-in', request.params.token);
    await signInSpeaker(request, redeemed.subject);
    return reply.redirect(portalNext(typeof redeemed.data.next === 'string' ? redeemed.data.next : undefined), 303);
  });

  /** Ends the portal sign-in only: a staff sign-in in the same browser stays. */
  app.post('/speaker/sign-out', async (request, reply) => {
    request.session.speakerEmail = undefined;
    request.session.flash = 'speakerPortal.signIn.signedOut';
    return reply.redirect('/speaker/sign-in', 303);
  });
};

export default speakerSignInRoutes;
