// Finishing a sign-in step on the session: a new session id at every change of privilege (no fixation), and the
// second factor asked for whenever the account has one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../lib/clock.ts';
import { safeRedirectPath } from '../../lib/redirect.ts';

/** How long a sign-in counts as recent: changing the e-mail address or two-factor settings needs one. */
export const RECENT_SIGN_IN_MS = 15 * 60_000;

/** How long a password or link stays good for while the person looks up their authenticator code. */
export const SECOND_FACTOR_WINDOW_MS = 5 * 60_000;

/** After a password or e-mail link: a fresh session, then the second factor or straight in. */
export async function completeFirstFactor(
  request: FastifyRequest,
  reply: FastifyReply,
  clock: Clock,
  user: { id: string; totpEnabledAt: Date | null },
  next: string | undefined,
): Promise<FastifyReply> {
  await request.session.regenerate();
  const returnTo = safeRedirectPath(next, '/admin');
  if (user.totpEnabledAt) {
    request.session.pendingUserId = user.id;
    request.session.pendingSince = clock.now().getTime();
    request.session.returnTo = returnTo;
    return reply.redirect('/sign-in/two-factor', 303);
  }
  return signInAs(request, reply, clock, user.id, returnTo);
}

/** Every factor done: the session now belongs to the user (under a new id once more). */
export async function signInAs(request: FastifyRequest, reply: FastifyReply, clock: Clock, userId: string, returnTo: string): Promise<FastifyReply> {
  await request.session.regenerate();
  request.session.userId = userId;
  request.session.authenticatedAt = clock.now().getTime();
  request.session.userAgent = request.headers['user-agent']?.slice(0, 200);
  await request.server.sessions.purgeExpired();
  return reply.redirect(returnTo, 303);
}

/** The user waiting for their second factor, if the first was passed recently enough. */
export function pendingSecondFactor(request: FastifyRequest, clock: Clock): { userId: string; returnTo: string } | undefined {
  const { pendingUserId, pendingSince, returnTo } = request.session;
  if (!pendingUserId || !pendingSince || clock.now().getTime() - pendingSince > SECOND_FACTOR_WINDOW_MS) return undefined;
  return { userId: pendingUserId, returnTo: returnTo ?? '/admin' };
}

/** A new session id for the same signed-in person (after a change of privilege), keeping what describes them. */
export async function renewSession(request: FastifyRequest): Promise<void> {
  const { userId, userAgent, authenticatedAt } = request.session;
  await request.session.regenerate();
  Object.assign(request.session, { userId, userAgent, authenticatedAt });
}

/**
 * Whether the person signed in recently enough for a sensitive change; if not, the answer sends them to sign in
 * again and come back. Example: if (!(await recentSignIn(request, reply, clock))) return reply;
 */
export function recentSignIn(request: FastifyRequest, reply: FastifyReply, clock: Clock): boolean {
  const at = request.session.authenticatedAt;
  if (at && clock.now().getTime() - at <= RECENT_SIGN_IN_MS) return true;
  void reply.redirect('/sign-in?reauth=1&next=%2Faccount', 303);
  return false;
}
