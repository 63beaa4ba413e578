// Signing in and out: password, the second factor, one-time e-mail links, and password reset by e-mailed link.
// Requests for a link answer with the same page whatever the address, and do the same work (queue one job).
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FieldErrors } from '../../lib/errors.ts';
import { checkFormGuard, formStamp, keptFormStamp } from '../../lib/form-guard.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { safeRedirectPath } from '../../lib/redirect.ts';
import { RATE_LIMITS } from '../../plugins/rate-limit.ts';
import { checkAccessToken, redeemAccessToken, revokeAccountLinks } from '../access-tokens/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { hashPassword, PASSWORD_MAX, passwordProblem, verifyPassword } from './password.ts';
import { findUserByEmail, findUserById } from './queries.ts';
import { codeWait, normaliseEmail, recordFailedCode, recordFailedSignIn, recordSuccessfulSignIn, requestAccountMail, setPasswordHash, signInWait, underSignInLock } from './service.ts';
import { completeFirstFactor, pendingSecondFactor, signInAs } from './sign-in.ts';
import { useRecoveryCode, useTotpCode } from './two-factor.ts';

// A generous cap (see form-text) so overlong input reaches the handler, which says which field is wrong.
const Text = FormText;
const Lang = Type.Optional(Type.String({ maxLength: 40 }));
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
const NOTICES = ['signed-out', 'signed-out-everywhere', 'password-changed'] as const;

const signInRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, config, jobs }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const stamp = () => formStamp(config.SESSION_SECRET, clock.now());

  app.get(
    '/sign-in',
    {
      schema: {
        querystring: Type.Object({
          lang: Lang,
          next: Type.Optional(Type.String({ maxLength: 2000 })),
          notice: Type.Optional(Type.Union(NOTICES.map((n) => Type.Literal(n)))),
          // Signed in, but a sensitive change asks to prove it again.
          reauth: Type.Optional(Type.Literal('1')),
        }),
      },
    },
    async (request, reply) => {
      const { next, notice, reauth } = request.query;
      if (request.user && !reauth) return reply.redirect(safeRedirectPath(next, '/admin'), 303);
      return reply.render('accounts/sign-in', {
        email: reauth ? (request.user?.email ?? '') : '',
        next: next ?? '',
        notice: reauth ? 'account.notice.reauthenticate' : notice ? `account.notice.${notice}` : undefined,
      });
    },
  );

  app.post(
    '/sign-in',
    {
      config: { rateLimit: RATE_LIMITS.signIn },
      schema: { body: Type.Object({ email: Text, password: Text, next: Type.Optional(Text) }) },
    },
    async (request, reply) => {
      const { password, next } = request.body;
      const email = normaliseEmail(request.body.email);
      const again = (fields: FieldErrors, status: number) =>
        reply.render('accounts/sign-in', { email: request.body.email.slice(0, 254), next: next ?? '', ...formErrorView(request.locale, fields) }, { status });
      if (!email) return again({ email: { key: 'account.errors.email' } }, 422);
      if (password === '') return again({ password: { key: 'account.errors.passwordMissing' } }, 422);
      const outcome = await underSignInLock(db, email, async (tx) => {
        const wait = await signInWait(tx, clock, email, request.ip);
        if (wait > 0) return { wait };
        const user = await findUserByEmail(tx, email);
        // Verified even without an account (against a dummy hash), so the answer takes as long either way.
        const ok = await verifyPassword(user?.passwordHash, password);
        if (!ok || !user) {
          await recordFailedSignIn(tx, clock, email, request.ip);
          return {};
        }
        // Failures are forgiven only once every factor is done (the codes have their own count, see codeWait).
        if (!user.totpEnabledAt) await recordSuccessfulSignIn(tx, user);
        return { user };
      });
      if (outcome.wait) return again({ '': { key: 'account.errors.throttled', vars: { count: outcome.wait } } }, 429);
      if (!outcome.user) return again({ '': { key: 'account.errors.wrongPassword' } }, 422);
      return completeFirstFactor(request, reply, clock, outcome.user, next);
    },
  );

  app.get('/sign-in/two-factor', { schema: { querystring: Type.Object({ lang: Lang }) } }, async (request, reply) => {
    if (!pendingSecondFactor(request, clock)) return reply.redirect('/sign-in', 303);
    return reply.render('accounts/two-factor-step', {});
  });

  app.post(
    '/sign-in/two-factor',
    { config: { rateLimit: RATE_LIMITS.signIn }, schema: { body: Type.Object({ code: Text }) } },
    async (request, reply) => {
      const pending = pendingSecondFactor(request, clock);
      if (!pending) return reply.redirect('/sign-in', 303);
      const user = await findUserById(db, pending.userId);
      if (!user) return reply.redirect('/sign-in', 303);
      const again = (fields: FieldErrors, status: number) => reply.render('accounts/two-factor-step', formErrorView(request.locale, fields), { status });
      const code = request.body.code.trim();
      // Nothing typed is not a guess: it asks for the code and counts nothing.
      if (code === '') return again({ code: { key: 'account.errors.codeMissing' } }, 422);
      // Only failed codes slow this step down: the first factor (password or link) was passed already.
      const outcome = await underSignInLock(db, user.email, async (tx) => {
        const wait = await codeWait(tx, clock, user.id);
        if (wait > 0) return { wait };
        const now = clock.now();
        const ok = /^\d{6}$/.test(code.replace(/\s+/g, '')) ? await useTotpCode(tx, user, code, now) : await useRecoveryCode(tx, user.id, code, now);
        if (ok) await recordSuccessfulSignIn(tx, user);
        else await recordFailedCode(tx, clock, user.id);
        return { ok };
      });
      if (outcome.wait) return again({ '': { key: 'account.errors.codeThrottled', vars: { count: outcome.wait } } }, 429);
      if (!outcome.ok) return again({ code: { key: 'account.errors.wrongCode' } }, 422);
      return signInAs(request, reply, clock, user.id, pending.returnTo);
    },
  );

  app.post('/sign-out', async (request, reply) => {
    await request.session.destroy();
    return reply.redirect('/sign-in?notice=signed-out', 303);
  });

  // — Sign-in by e-mail link —

  app.get('/sign-in/link', { schema: { querystring: Type.Object({ lang: Lang, next: Type.Optional(Type.String({ maxLength: 2000 })) }) } }, async (request, reply) => {
    return reply.render('accounts/link-request', { email: '', next: request.query.next ?? '', formStamp: stamp() });
  });

  app.post(
    '/sign-in/link',
    { config: { rateLimit: RATE_LIMITS.linkRequest }, schema: { body: Type.Object({ email: Text, next: Type.Optional(Text) }, { additionalProperties: true }) } },
    async (request, reply) => {
      const guard = checkFormGuard(config.SESSION_SECRET, request.body, clock.now(), config.FORM_MIN_SECONDS);
      const email = normaliseEmail(request.body.email);
      const again = (fields: FieldErrors) =>
        reply.render('accounts/link-request', { email: request.body.email.slice(0, 254), next: request.body.next ?? '', formStamp: keptFormStamp(config.SESSION_SECRET, request.body, clock.now()), ...formErrorView(request.locale, fields) }, { status: 422 });
      if (guard === 'too-fast') return again({ '': { key: 'forms.tooFast' } });
      if (!email) return again({ email: { key: 'account.errors.email' } });
      // A bot that filled the hidden field sees the usual answer; nothing is queued.
      if (guard === 'ok') {
        const next = request.body.next ? safeRedirectPath(request.body.next, '/admin') : undefined;
        await requestAccountMail(db, jobs, { kind: 'sign-in-link', email, locale: request.locale, ...(next ? { next } : {}) });
      }
      return reply.render('accounts/link-sent', { email, kind: 'sign-in' });
    },
  );

  app.get('/sign-in/link/:token', { schema: { params: TokenParams, querystring: Type.Object({ lang: Lang }) } }, async (request, reply) => {
    await checkAccessToken(db, clock, 'sign-in', request.params.token);
    return reply.render('accounts/link-confirm', { action: `/sign-in/link/${request.params.token}` });
  });

  app.post('/sign-in/link/:token', { config: { rateLimit: RATE_LIMITS.signIn }, schema: { params: TokenParams } }, async (request, reply) => {
    const redeemed = await redeemAccessToken(db, clock, 'sign-in', request.params.token);
    const user = await findUserById(db, redeemed.subject);
    if (!user) return reply.redirect('/sign-in', 303);
    const next = typeof redeemed.data.next === 'string' ? redeemed.data.next : undefined;
    return completeFirstFactor(request, reply, clock, user, next);
  });

  // — Password reset —

  app.get('/password/forgot', { schema: { querystring: Type.Object({ lang: Lang }) } }, async (_request, reply) => {
    return reply.render('accounts/password-forgot', { email: '', formStamp: stamp() });
  });

  app.post(
    '/password/forgot',
    { config: { rateLimit: RATE_LIMITS.passwordReset }, schema: { body: Type.Object({ email: Text }, { additionalProperties: true }) } },
    async (request, reply) => {
      const guard = checkFormGuard(config.SESSION_SECRET, request.body, clock.now(), config.FORM_MIN_SECONDS);
      const email = normaliseEmail(request.body.email);
      const again = (fields: FieldErrors) =>
        reply.render('accounts/password-forgot', { email: request.body.email.slice(0, 254), formStamp: keptFormStamp(config.SESSION_SECRET, request.body, clock.now()), ...formErrorView(request.locale, fields) }, { status: 422 });
      if (guard === 'too-fast') return again({ '': { key: 'forms.tooFast' } });
      if (!email) return again({ email: { key: 'account.errors.email' } });
      if (guard === 'ok') await requestAccountMail(db, jobs, { kind: 'password-reset', email, locale: request.locale });
      return reply.render('accounts/link-sent', { email, kind: 'password-reset' });
    },
  );

  app.get('/password/reset/:token', { schema: { params: TokenParams, querystring: Type.Object({ lang: Lang }) } }, async (request, reply) => {
    await checkAccessToken(db, clock, 'password-reset', request.params.token);
    return reply.render('accounts/password-reset', { action: `/password/reset/${request.params.token}`, passwordMax: PASSWORD_MAX });
  });

  app.post(
    '/password/reset/:token',
    { config: { rateLimit: RATE_LIMITS.passwordReset }, schema: { params: TokenParams, body: Type.Object({ password: Text, confirm: Text }) } },
    async (request, reply) => {
      const { token } = request.params;
      const { password, confirm } = request.body;
      await checkAccessToken(db, clock, 'password-reset', token);
      const problem = passwordProblem(password);
      const fields: FieldErrors = {};
      if (problem) fields.password = { key: `account.errors.password.${problem}` };
      else if (password !== confirm) fields.confirm = { key: 'account.errors.passwordMismatch' };
      if (Object.keys(fields).length > 0) {
        return reply.render('accounts/password-reset', { action: `/password/reset/${token}`, passwordMax: PASSWORD_MAX, ...formErrorView(request.locale, fields) }, { status: 422 });
      }
      const passwordHash = await hashPassword(password);
      const redeemed = await redeemAccessToken(db, clock, 'password-reset', token);
      await setPasswordHash(db, redeemed.subject, passwordHash, clock.now());
      // Whoever knew the old password is signed out everywhere, and links already mailed stop working.
      await revokeAccountLinks(db, redeemed.subject, clock.now());
      await request.server.sessions.destroyAllFor(redeemed.subject);
      await request.session.destroy();
      return reply.redirect('/sign-in?notice=password-changed', 303);
    },
  );
};

export default signInRoutes;
