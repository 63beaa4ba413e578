// The speaker portal's pages: the speaker's events and sessions, and their profile form. Every route works from the
// signed-in address alone (never an id in the URL), so no one can reach another speaker's profile through them.
import type { Db } from '../../db/types.ts';
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { FormText } from '../../lib/form-text.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { auditActor, writeAudit } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { requireSpeaker } from './identity.ts';
import { renderHomePage, renderProfilePage } from './pages.ts';
import { findEntriesByEmail, readProfileForm, saveProfile, validateProfileForm } from './profile.ts';
import { shareWithEvent, stopSharing } from './shares.ts';

const Text = Type.Optional(FormText);
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) });
const ProfileBody = Type.Object(
  {
    nameEn: Text,
    nameZh: Text,
    titleEn: Text,
    titleZh: Text,
    organisationEn: Text,
    organisationZh: Text,
    country: Text,
    bioEn: Text,
    bioZh: Text,
    timeZone: Text,
    travelNeeds: Text,
    interpretationNeeds: Text,
  },
  { additionalProperties: Type.String({ maxLength: 200 }) },
);

const portalRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/speaker', { schema: { querystring: LangQuery } }, async (request, reply) => {
    const email = requireSpeaker(request, reply);
    if (!email) return reply;
    return renderHomePage(db, request, reply, email);
  });

  app.get('/speaker/profile', { schema: { querystring: LangQuery } }, async (request, reply) => {
    const email = requireSpeaker(request, reply);
    if (!email) return reply;
    return renderProfilePage(db, request, reply, email);
  });

  app.post('/speaker/profile', { schema: { body: ProfileBody } }, async (request, reply) => {
    const email = requireSpeaker(request, reply, '/speaker/profile');
    if (!email) return reply;
    const form = readProfileForm(request.body);
    const { values, errors } = validateProfileForm(form);
    if (!values) return renderProfilePage(db, request, reply, email, { form, fields: errors, status: 422 });
    // An address taken off every speaker list since signing in has no profile to keep.
    if ((await findEntriesByEmail(db, email)).length === 0) return reply.redirect('/speaker', 303);
    await saveProfile(db, clock, auditActor(request), email, values);
    request.session.flash = 'speakerPortal.profile.saved';
    return reply.redirect('/speaker/profile', 303);
  });

  // The person confirms they speak at one of the events listing their address (its team then sees their profile), or
  // takes that back (what the team typed on their list stays theirs). Each change is audited on that event.
  const sharing = [
    { path: 'share', action: 'speaker.share', flash: 'speakerPortal.home.sharedNow', change: (tx: Db, email: string, eventId: string) => shareWithEvent(tx, email, eventId, 'portal', clock.now()) },
    { path: 'unshare', action: 'speaker.unshare', flash: 'speakerPortal.home.unsharedNow', change: stopSharing },
  ] as const;
  for (const { path, action, flash, change } of sharing) {
    app.post(`/speaker/events/:eventId/${path}`, { schema: { params: Type.Object({ eventId: Type.String({ maxLength: 100 }) }) } }, async (request, reply) => {
      const email = requireSpeaker(request, reply, '/speaker');
      if (!email) return reply;
      const entry = (await findEntriesByEmail(db, email)).find((e) => e.eventId === request.params.eventId.toLowerCase());
      if (!entry) throw new NotFoundError('event');
      await db.transaction(async (tx) => {
        if (await change(tx, email, entry.eventId)) await writeAudit(tx, auditActor(request), { eventId: entry.eventId, action, targetType: 'speaker', targetId: entry.id });
      });
      request.session.flash = flash;
      return reply.redirect(`/speaker#event-${entry.eventId}`, 303);
    });
  }
};

export default portalRoutes;
