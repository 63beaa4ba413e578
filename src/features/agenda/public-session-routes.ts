// Public pages around the agenda: one session, the speakers, one speaker, the calendar feeds and the changelog of
// published versions, in the event's zone or the one the reader picked (?tz=), from published data only.
import { findPublishedParent, findVenuesWithRooms } from '../events/queries.ts';
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { translate } from '../../i18n/index.ts';
import { jsonLdScript } from '../../lib/json-ld.ts';
import { pickLocalized } from '../../lib/localized.ts';
import type { FeatureDeps } from '../deps.ts';
import { bioForReader, publicProfiles } from '../speaker-portal/public-profile.ts';
import { agendaFeedLinks } from './feed-links.ts';
import { showSession } from './public-agenda.ts';
import {
  countryName,
  describeSessionTime,
  findPublishedSession,
  findPublishedSpeaker,
  loadChangelog,
  loadPublishedAgenda,
  sessionsOfSpeaker,
  sortSpeakers,
} from './public-pages.ts';
import { pageZone } from './public-zone.ts';
import { findTracksOfEvent } from './queries.ts';
import { sessionBooking } from './session-booking.ts';
import { sessionJsonLd } from './session-json-ld.ts';

const PageQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 40 })),
  // No length limit: an unknown zone, however long, is ignored rather than answered with an error page.
  tz: Type.Optional(Type.String()),
});
const Slug = Type.String({ maxLength: 80 });
// Any text up to a sane length: a malformed id is simply not found (404), not a bad request.
const AnyId = Type.String({ maxLength: 200 });

const publicSessionRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, config, clock }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/events/:slug/sessions/:sessionId',
    { schema: { params: Type.Object({ slug: Slug, sessionId: AnyId }), querystring: PageQuery } },
    async (request, reply) => {
      const { event, sessions } = await loadPublishedAgenda(db, request.params.slug);
      const published = findPublishedSession(sessions, request.params.sessionId);
      // The event's venues, and for a sub-forum its forum's, whose rooms it may use; and for a bookable session, the
      // seats the registration form offers now and whether the form is open to book one.
      const [own, ofForum, booking, parent] = await Promise.all([
        findVenuesWithRooms(db, event.id),
        event.parentId ? findVenuesWithRooms(db, event.parentId) : Promise.resolve([]),
        sessionBooking(db, event.id, published, clock.now()),
        findPublishedParent(db, event),
      ]);
      const venues = [...own, ...ofForum.map((v) => ({ ...v, ofForum: true }))];
      const zone = pageZone(event.timezone, request.query, `/events/${event.slug}/sessions/${published.id}`);
      const session = showSession(published, zone.zone);
      const locale = request.locale;
      return reply.render('events/session', {
        event,
        parent,
        ...zone,
        session,
        booking,
        pageTitle: pickLocalized(session.title, locale)?.text,
        when: describeSessionTime(session, zone.zone, locale),
        eventTime: zone.viewerZone ? describeSessionTime(session, event.timezone, locale) : undefined,
        jsonLd: jsonLdScript(sessionJsonLd(published, event, locale, config.BASE_URL, venues)),
      });
    },
  );

  app.get('/events/:slug/speakers', { schema: { params: Type.Object({ slug: Slug }), querystring: PageQuery } }, async (request, reply) => {
    const { event, speakers } = await loadPublishedAgenda(db, request.params.slug);
    const zone = pageZone(event.timezone, request.query, `/events/${event.slug}/speakers`);
    // Only what each person chose to publish (their portal profile), with their photo when they show one.
    const [shown, parent] = await Promise.all([publicProfiles(db, event, speakers), findPublishedParent(db, event)]);
    const list = sortSpeakers(speakers, request.locale).map((p) => {
      const profile = shown.get(p.id)!;
      return { ...p, ...profile, countryName: countryName(profile.country, request.locale) };
    });
    return reply.render('events/speakers', { event, parent, ...zone, speakerList: list, pageTitle: translate(request.locale, 'publicPages.speakers.title') });
  });

  app.get(
    '/events/:slug/speakers/:speakerId',
    { schema: { params: Type.Object({ slug: Slug, speakerId: AnyId }), querystring: PageQuery } },
    async (request, reply) => {
      const version = await loadPublishedAgenda(db, request.params.slug);
      const { event } = version;
      const published = findPublishedSpeaker(version, request.params.speakerId);
      const [profiles, parent] = await Promise.all([publicProfiles(db, event, [published]), findPublishedParent(db, event)]);
      const speaker = { ...published, ...profiles.get(published.id)! };
      const zone = pageZone(event.timezone, request.query, `/events/${event.slug}/speakers/${speaker.id}`);
      const locale = request.locale;
      const name = pickLocalized(speaker.name, locale);
      // The name in the other language too, when it is written differently (李娜 beside Li Na).
      const otherName = Object.entries(speaker.name).find(([lang, text]) => lang !== name?.lang && text.trim() && text.trim() !== name?.text);
      return reply.render('events/speaker', {
        event,
        parent,
        ...zone,
        speaker: { ...speaker, countryName: countryName(speaker.country, locale) },
        otherName: otherName ? { lang: otherName[0], text: otherName[1] } : undefined,
        bio: bioForReader(speaker.bio, locale),
        pageTitle: name?.text,
        sessions: sessionsOfSpeaker(version.sessions, speaker.id, zone.zone),
      });
    },
  );

  // Every calendar feed of the agenda, per track and per room too: the agenda page itself offers the whole one.
  app.get('/events/:slug/agenda/calendars', { schema: { params: Type.Object({ slug: Slug }), querystring: PageQuery } }, async (request, reply) => {
    const { event, sessions, published } = await loadPublishedAgenda(db, request.params.slug);
    const zone = pageZone(event.timezone, request.query, `/events/${event.slug}/agenda/calendars`);
    // Tracks in the organiser's order, as the agenda's track view lists them (rooms need nothing more: by name).
    const [tracks, parent] = await Promise.all([findTracksOfEvent(db, event.id), findPublishedParent(db, event)]);
    const trackOrder = tracks.map((t) => t.id);
    return reply.render('events/calendars', {
      event,
      parent,
      ...zone,
      published,
      feeds: agendaFeedLinks(config.BASE_URL, event.slug, sessions, request.locale, trackOrder),
      pageTitle: translate(request.locale, 'calendarFeeds.pageTitle'),
    });
  });

  app.get('/events/:slug/agenda/changes', { schema: { params: Type.Object({ slug: Slug }), querystring: PageQuery } }, async (request, reply) => {
    const { event } = await loadPublishedAgenda(db, request.params.slug);
    const zone = pageZone(event.timezone, request.query, `/events/${event.slug}/agenda/changes`);
    const [versions, parent] = await Promise.all([loadChangelog(db, event, zone.zone, request.locale, zone.keep), findPublishedParent(db, event)]);
    return reply.render('events/changes', { event, parent, ...zone, versions, pageTitle: translate(request.locale, 'publicPages.changes.title') });
  });
};

export default publicSessionRoutes;
