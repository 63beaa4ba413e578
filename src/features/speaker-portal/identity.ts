// Who a speaker is in the portal: a verified e-mail address on the session, proven by clicking a link mailed to it
// (an invitation's accept/decline link or a portal sign-in link). No password. Every speaker row with that address,
// in any event, is theirs: one person per address across speaker lists, the portal and staff accounts.
// Example: await signInSpeaker(request, 'li.na@example.cn'); const email = requireSpeaker(request, reply);
import type { FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface Session {
    /** The speaker's address, lower-cased, proven by a mailed link. */
    speakerEmail?: string;
  }
}

/**
 * Marks the session as belonging to the speaker with this (proven) address, under a new session id (no fixation).
 * A staff sign-in on the same browser is kept.
 */
export async function signInSpeaker(request: FastifyRequest, email: string): Promise<void> {
  const { userId, userAgent, authenticatedAt } = request.session;
  await request.session.regenerate();
  Object.assign(request.session, { userId, userAgent, authenticatedAt, speakerEmail: email.trim().toLowerCase() });
}

/**
 * The signed-in speaker's address, if any: the one a mailed link proved, else a staff account's own (an account's
 * address is proven too, and one address is one person), once every sign-in factor is done.
 */
export const speakerEmail = (request: FastifyRequest): string | undefined =>
  request.session.speakerEmail ?? (request.user && !request.user.mustEnrolTwoFactor ? request.user.email.toLowerCase() : undefined);

/**
 * For portal routes: the speaker's address, or a redirect to the portal's sign-in that comes back to `returnTo`:
 * this page for a GET; for a form's POST, the page holding the form (a POST address cannot be reopened).
 * Example: const email = requireSpeaker(request, reply, '/speaker/profile'); if (!email) return reply;
 */
export function requireSpeaker(request: FastifyRequest, reply: FastifyReply, returnTo: string = request.url): string | undefined {
  const email = speakerEmail(request);
  if (email) return email;
  void reply.redirect(`/speaker/sign-in?next=${encodeURIComponent(returnTo)}`, 303);
  return undefined;
}
