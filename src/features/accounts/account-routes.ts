// The signed-in person's own account: password, e-mail address (confirmed at the new address), two-factor sign-in
// with recovery codes, and their sessions ("sign out everywhere").
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema/index.ts';
import { translate, type Locale } from '../../i18n/index.ts';
import { ConflictError, type FieldErrors } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { describeUserAgent } from '../../lib/user-agent.ts';
import { hashSessionId } from '../../plugins/session.ts';
import { RATE_LIMITS } from '../../plugins/rate-limit.ts';
import { checkAccessToken, redeemAccessToken, revokeAccountLinks } from '../access-tokens/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { hashPassword, PASSWORD_MAX, passwordProblem, verifyPassword } from './password.ts';
import { countUnusedRecoveryCodes, findUserByEmail, findUserById } from './queries.ts';
import { confirmEmailChange, normaliseEmail, requestEmailChange, setPasswordHash } from './service.ts';
import { recentSignIn, renewSession } from './sign-in.ts';
import { deleteRecoveryCodes, enrolmentPicture, matchingStep, newTotpSecret, replaceRecoveryCodes, useTotpCode } from './two-factor.ts';

/** The recovery codes are shown once, as the answer to a form: no language switch that would leave the page and lose them. */
const CODES_PAGE_LANGUAGES: never[] = [];
const Text = FormText;
const Lang = Type.Optional(Type.String({ maxLength: 40 }));
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

/** A session's browser as people name it ("Chrome on Windows" / "Windows 上的 Chrome"), or "Unknown browser". */
function browserName(userAgent: string | null, locale: Locale): string {
  const { browser, system } = describeUserAgent(userAgent);
  if (browser && system) return translate(locale, 'account.page.browserOn', { browser, system });
  return browser ?? system ?? translate(locale, 'account.page.unknownBrowser');
}

const accountRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const signedIn = { permission: 'signed-in' as const };

  async function showAccount(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status?: number) {
    const user = request.user!;
    const sessions = await request.server.sessions.listFor(user.id);
    const current = request.session.sessionId;
    const currentHash = hashSessionId(current);
    return reply.render(
      'accounts/account',
      {
        user,
        twoFactorRequired: user.isAdmin || user.ownsAnEvent,
        recoveryCodesLeft: user.totpEnabledAt ? await countUnusedRecoveryCodes(db, user.id) : 0,
        sessions: sessions.map((s) => ({ ...s, browserName: browserName(s.userAgent, request.locale), current: s.idHash.equals(currentHash) })),
        otherSessions: sessions.length > 1,
        newEmail: '',
        passwordMax: PASSWORD_MAX,
        ...extra,
      },
      { layout: 'admin', ...(status ? { status } : {}) },
    );
  }

  app.get('/account', { config: signedIn, schema: { querystring: Type.Object({ lang: Lang }) } }, async (request, reply) => showAccount(request, reply));

  app.post('/account/password', { config: signedIn, schema: { body: Type.Object({ current: Type.Optional(Text), password: Text, confirm: Text }) } }, async (request, reply) => {
    const user = (await findUserById(db, request.user!.id))!;
    // Someone without a password proves it is them by a recent sign-in (by link) instead.
    if (!user.passwordHash && !recentSignIn(request, reply, clock)) return reply;
    const { current = '', password, confirm } = request.body;
    const fields: FieldErrors = {};
    // Someone who has only ever signed in by e-mail link sets a first password without one.
    if (user.passwordHash && !(await verifyPassword(user.passwordHash, current))) fields.current = { key: 'account.errors.currentPassword' };
    const problem = passwordProblem(password);
    if (problem) fields.password = { key: `account.errors.password.${problem}` };
    else if (password !== confirm) fields.confirm = { key: 'account.errors.passwordMismatch' };
    if (Object.keys(fields).length > 0) return showAccount(request, reply, { passwordForm: formErrorView(request.locale, fields) }, 422);
    await setPasswordHash(db, user.id, await hashPassword(password), clock.now());
    // A changed password ends every other session and every link already mailed, and gives this session a new id.
    await revokeAccountLinks(db, user.id, clock.now());
    await request.server.sessions.destroyAllFor(user.id, request.session.sessionId);
    await renewSession(request);
    request.session.flash = 'account.notice.password-changed';
    return reply.redirect('/account', 303);
  });

  app.post('/account/email', { config: signedIn, schema: { body: Type.Object({ email: Text }) } }, async (request, reply) => {
    const user = request.user!;
    if (!recentSignIn(request, reply, clock)) return reply;
    const email = normaliseEmail(request.body.email);
    const fail = (key: string) => showAccount(request, reply, { newEmail: request.body.email.slice(0, 254), emailForm: formErrorView(request.locale, { email: { key } }) }, 422);
    if (!email) return fail('account.errors.email');
    if (email === user.email) return fail('account.errors.sameEmail');
    // Whether another account has the address is only checked when the link is used, so this page reveals nothing.
    await requestEmailChange(db, clock, mail, user, email, request.locale);
    request.session.flash = 'account.notice.email-change-sent';
    return reply.redirect('/account', 303);
  });

  app.get('/email-change/:token', { schema: { params: TokenParams, querystring: Type.Object({ lang: Lang }) } }, async (request, reply) => {
    const token = await checkAccessToken(db, clock, 'email-change', request.params.token);
    return reply.render('accounts/email-change-confirm', { action: `/email-change/${request.params.token}`, email: token.data.email });
  });

  app.post('/email-change/:token', { schema: { params: TokenParams } }, async (request, reply) => {
    const token = await checkAccessToken(db, clock, 'email-change', request.params.token);
    const email = String(token.data.email);
    const taken = await findUserByEmail(db, email);
    if (taken && taken.id !== token.subject) throw new ConflictError('account.errors.emailTaken');
    await db.transaction(async (tx) => {
      const redeemed = await redeemAccessToken(tx, clock, 'email-change', request.params.token);
      await confirmEmailChange(tx, clock, mail, redeemed.subject, email, request.locale);
    });
    await revokeAccountLinks(db, token.subject, clock.now());
    await request.server.sessions.destroyAllFor(token.subject, request.session.userId === token.subject ? request.session.sessionId : undefined);
    if (request.session.userId === token.subject) {
      request.session.flash = 'account.notice.email-changed';
      return reply.redirect('/account', 303);
    }
    return reply.render('accounts/email-changed', { email });
  });

  // — Two-factor sign-in —

  const twoFactor = { permission: 'signed-in' as const, allowBeforeTwoFactor: true };
  // Checking authenticator codes is guessing-prone: the same limit per address as signing in.
  const codeCheck = { ...signedIn, rateLimit: RATE_LIMITS.signIn };

  async function showTwoFactor(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status?: number) {
    const user = (await findUserById(db, request.user!.id))!;
    const required = request.user!.isAdmin || request.user!.ownsAnEvent;
    if (user.totpEnabledAt) {
      return reply.render('accounts/two-factor', { enabled: true, required, recoveryCodesLeft: await countUnusedRecoveryCodes(db, user.id), ...extra }, { layout: 'admin', ...(status ? { status } : {}) });
    }
    let secret = user.totpSecret;
    if (!secret) {
      secret = newTotpSecret();
      await db.update(users).set({ totpSecret: secret }).where(eq(users.id, user.id));
    }
    const picture = await enrolmentPicture(secret, user.email);
    return reply.render(
      'accounts/two-factor',
      { enabled: false, required, secret: secret.replace(/(.{4})/g, '$1 ').trim(), qrSvg: picture.svg, uri: picture.uri, ...extra },
      { layout: 'admin', ...(status ? { status } : {}) },
    );
  }

  app.get('/account/two-factor', { config: twoFactor, schema: { querystring: Type.Object({ lang: Lang }) } }, async (request, reply) => showTwoFactor(request, reply));

  app.post('/account/two-factor', { config: { ...twoFactor, rateLimit: RATE_LIMITS.signIn }, schema: { body: Type.Object({ code: Text }) } }, async (request, reply) => {
    const user = (await findUserById(db, request.user!.id))!;
    if (user.totpEnabledAt) return reply.redirect('/account/two-factor', 303);
    if (!recentSignIn(request, reply, clock)) return reply;
    const now = clock.now();
    const step = user.totpSecret ? matchingStep(user.totpSecret, request.body.code, now) : undefined;
    if (step === undefined) return showTwoFactor(request, reply, formErrorView(request.locale, { code: { key: 'account.errors.wrongCode' } }), 422);
    const codes = await db.transaction(async (tx) => {
      await tx.update(users).set({ totpEnabledAt: now, totpLastStep: step, updatedAt: now }).where(eq(users.id, user.id));
      return replaceRecoveryCodes(tx, user.id);
    });
    // More privilege than a moment ago: a new session id, and other sessions (signed in with one factor) end.
    await request.server.sessions.destroyAllFor(user.id, request.session.sessionId);
    await renewSession(request);
    return reply.render('accounts/recovery-codes', { codes, justEnabled: true, languages: CODES_PAGE_LANGUAGES }, { layout: 'admin' });
  });

  app.post('/account/two-factor/recovery-codes', { config: codeCheck, schema: { body: Type.Object({ 'codes-code': Text }) } }, async (request, reply) => {
    const user = (await findUserById(db, request.user!.id))!;
    if (!user.totpEnabledAt) return reply.redirect('/account/two-factor', 303);
    if (!recentSignIn(request, reply, clock)) return reply;
    if (!(await useTotpCode(db, user, request.body['codes-code'], clock.now()))) {
      return showTwoFactor(request, reply, { codesForm: formErrorView(request.locale, { 'codes-code': { key: 'account.errors.wrongCode' } }) }, 422);
    }
    const codes = await db.transaction((tx) => replaceRecoveryCodes(tx, user.id));
    return reply.render('accounts/recovery-codes', { codes, justEnabled: false, languages: CODES_PAGE_LANGUAGES }, { layout: 'admin' });
  });

  app.post('/account/two-factor/disable', { config: codeCheck, schema: { body: Type.Object({ 'disable-code': Text }) } }, async (request, reply) => {
    if (request.user!.isAdmin || request.user!.ownsAnEvent) throw new ConflictError('account.errors.twoFactorRequired');
    if (!recentSignIn(request, reply, clock)) return reply;
    const user = (await findUserById(db, request.user!.id))!;
    if (!(await useTotpCode(db, user, request.body['disable-code'], clock.now()))) {
      return showTwoFactor(request, reply, { disableForm: formErrorView(request.locale, { 'disable-code': { key: 'account.errors.wrongCode' } }) }, 422);
    }
    await db.transaction(async (tx) => {
      await tx.update(users).set({ totpEnabledAt: null, totpSecret: null, totpLastStep: null, updatedAt: clock.now() }).where(eq(users.id, user.id));
      await deleteRecoveryCodes(tx, user.id);
    });
    request.session.flash = 'account.notice.two-factor-off';
    return reply.redirect('/account', 303);
  });

  // — Sessions —

  app.post('/account/sessions/end-others', { config: signedIn }, async (request, reply) => {
    await request.server.sessions.destroyAllFor(request.user!.id, request.session.sessionId);
    request.session.flash = 'account.notice.others-signed-out';
    return reply.redirect('/account', 303);
  });

  app.post('/account/sign-out-everywhere', { config: { ...signedIn, allowBeforeTwoFactor: true } }, async (request, reply) => {
    await request.server.sessions.destroyAllFor(request.user!.id);
    await request.session.destroy();
    return reply.redirect('/sign-in?notice=signed-out-everywhere', 303);
  });
};

export default accountRoutes;
