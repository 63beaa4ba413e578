// What every manage-link route shares: the link's route parameters, the confirm-form body, and the one rule that a
// deleted registration's link opens nothing but the "deleted" page. The manage routes are three plugins (details,
// attendance, privacy); each adds redirectErasedLink so the rule holds for all of them.
// Example: app.addHook('preHandler', redirectErasedLink); app.get('/registrations/manage/:token', { schema: { params: TokenParams } }, …)
import { createHash } from 'node:crypto';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface Session {
    /** The manage link (its hash) of a registration this browser just deleted, and its event's slug (see /delete). */
    erasedRegistration?: { link: string; event: string };
  }
}

export const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
export const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })), done: Type.Optional(Type.String({ maxLength: 20 })) });
export const linkHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url');
/** The page after a deletion, linking back to the event (its slug, checked when the page is shown). */
export const deletedPage = (slug: string) => `/registrations/deleted?event=${encodeURIComponent(slug)}`;
/** The confirm box of the cancel and the delete forms. */
export const CancelBody = Type.Object({ confirm: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true });

/**
 * A deleted registration's link no longer opens anything. The browser that deleted it (Back, then the form again,
 * or a reload) is told it is deleted, with nothing done, rather than that the link is not valid.
 */
export async function redirectErasedLink(request: FastifyRequest, reply: FastifyReply) {
  const token = (request.params as { token?: unknown }).token;
  const erased = request.session.erasedRegistration;
  if (typeof token === 'string' && erased && erased.link === linkHash(token)) return reply.redirect(deletedPage(erased.event), 303);
}
