// The time-zone page of a published event: every zone as a link back to the agenda page the reader came from
// (?return=, read strictly: zone-return.ts), shown in that zone. Plain links, so it works without JavaScript; a
// shared page, cached like the agenda (lib/page-cache.ts), as every reader of a conference may open it at once.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { translate } from '../../i18n/index.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { sendCachedPage } from '../../lib/page-cache.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedEventBySlug, findPublishedParent } from '../events/queries.ts';
import { findPublishedAgenda } from './publish.ts';
import { pageZone } from './public-zone.ts';
import { buildZonePicker } from './zone-picker.ts';
import { eventPagePrefix, parseReturnPath } from './zone-return.ts';

const ZonePageQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 40 })),
  // The zone the times are shown in now. No length limit: an unknown zone is ignored, as on the agenda pages.
  tz: Type.Optional(Type.String()),
  // The page to go back to, with its query: room for the agenda's longest search, percent-encoded.
  return: Type.Optional(Type.String({ maxLength: 2000 })),
});

const zonePageRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/events/:slug/time-zone',
    { schema: { params: Type.Object({ slug: Type.String({ maxLength: 80 }) }), querystring: ZonePageQuery } },
    async (request, reply) => sendCachedPage(fastify.sharedPages, { clock }, request, reply, async () => {
      const event = await findPublishedEventBySlug(db, request.params.slug);
      if (!event) throw new NotFoundError('event');
      const path = `${eventPagePrefix(event.slug)}agenda`;
      // Any other return (another event's page, another site, a page without times) leads to the agenda instead.
      const target = parseReturnPath(event.slug, request.query.return) ?? { path, params: {} };
      const [parent, published] = await Promise.all([findPublishedParent(db, event), target.params.day ? findPublishedAgenda(db, event.id) : undefined]);
      const zone = pageZone(event.timezone, request.query, path);
      const picker = buildZonePicker({
        event,
        viewerZone: zone.viewerZone,
        target,
        lang: zone.lang,
        locale: request.locale,
        sessionStarts: (published?.sessions ?? []).map((s) => Date.parse(s.startsAt)),
      });
      return reply.renderPage('events/time-zone', { event, parent, ...zone, picker, pageTitle: translate(request.locale, 'publicPages.zonePage.title') });
    }, { canonicalPath: `/events/${request.params.slug}/time-zone` }),
  );
};

export default zonePageRoutes;
