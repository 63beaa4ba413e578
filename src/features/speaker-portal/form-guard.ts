// For the portal's form posts: the signed-in speaker's address, or a redirect to the sign-in that comes back to the
// page holding the form (a POST address cannot be reopened after signing in, so `requireSpeaker` will not do).
// Example: const email = requireSpeakerForForm(request, reply, '/speaker/profile'); if (!email) return reply;
import type { FastifyReply, FastifyRequest } from 'fastify';
import { speakerEmail } from './identity.ts';

export function requireSpeakerForForm(request: FastifyRequest, reply: FastifyReply, formPage: '/speaker' | '/speaker/profile'): string | undefined {
  const email = speakerEmail(request);
  if (email) return email;
  void reply.redirect(`/speaker/sign-in?next=${encodeURIComponent(formPage)}`, 303);
  return undefined;
}
