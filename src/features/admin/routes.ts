// The organiser area: the events a person has a role on, each event's overview (showing only what the role allows),
// and — for administrators — creating an event and naming its owner. The team page is in team-routes.ts.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EVENT_KINDS } from '../../db/schema/index.ts';
import type { Locale } from '../../i18n/index.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { findEventsForUser } from '../accounts/queries.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { createEvent, validateNewEvent, type NewEventForm } from '../events/create-event.ts';
import { EVENT_TEXT_LIMITS } from '../events/edit-event.ts';
import { findAllEvents } from '../events/queries.ts';
import { getEventById } from '../events/service.ts';
import { eventDoorCounts } from '../check-in/service.ts';

const Text = FormText;
const Lang = Type.Optional(Type.String({ maxLength: 40 }));
const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const LangQuery = Type.Object({ lang: Lang });
const EMPTY_EVENT_FORM: NewEventForm = { titleEn: '', titleZh: '', slug: '', kind: 'forum', parentId: '', timezone: 'Asia/Shanghai', startDate: '', endDate: '', ownerEmail: '' };

const adminRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/admin', { config: { permission: 'signed-in' }, schema: { querystring: LangQuery } }, async (request, reply) => {
    const user = request.user!;
    const events = await findEventsForUser(db, user.id, user.isAdmin);
    return reply.render('admin/index', { events, isAdmin: user.isAdmin }, { layout: 'admin' });
  });

  async function newEventPage(form: NewEventForm, fields: FieldErrors, locale: Locale) {
    const forums = (await findAllEvents(db)).filter((e) => e.kind === 'forum');
    return {
      form,
      kinds: EVENT_KINDS.map((k) => ({ value: k, selected: k === form.kind })),
      forums: forums.map((f) => ({ id: f.id, title: f.title, selected: f.id === form.parentId })),
      // Asked when a sub-forum's zone is not its forum's, and kept ticked once ticked.
      askOtherZone: fields.timezone?.key === 'adminEvents.errors.subForumZone' || form.otherZone === 'yes',
      limits: EVENT_TEXT_LIMITS,
      ...formErrorView(locale, fields),
    };
  }

  app.get('/admin/events/new', { config: { permission: 'platform.admin' }, schema: { querystring: LangQuery } }, async (request, reply) => {
    return reply.render('admin/event-new', await newEventPage(EMPTY_EVENT_FORM, {}, request.locale), { layout: 'admin' });
  });

  app.post(
    '/admin/events',
    {
      config: { permission: 'platform.admin' },
      schema: {
        body: Type.Object({ titleEn: Text, titleZh: Text, slug: Text, kind: Text, parentId: Type.Optional(Text), timezone: Text, startDate: Text, endDate: Text, ownerEmail: Text, otherZone: Type.Optional(Text) }),
      },
    },
    async (request, reply) => {
      const form: NewEventForm = { ...request.body, parentId: request.body.parentId ?? '' };
      const { event, errors } = await validateNewEvent(db, form, request.locale);
      if (!event) {
        return reply.render('admin/event-new', await newEventPage(form, errors, request.locale), { layout: 'admin', status: 422 });
      }
      const id = await createEvent(db, clock, mail, auditActor(request), event, request.locale);
      request.session.flash = 'adminEvents.created';
      return reply.redirect(`/admin/events/${id}`, 303);
    },
  );

  app.get('/admin/events/:eventId', { config: { permission: 'event.view' }, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const access = request.eventAccess!;
    // The doors at a glance for those who may see them, once the event takes registrations (it has categories).
    const doorCounts = access.permissions.has('checkin.scan') ? await eventDoorCounts(db, event.id, request.locale) : null;
    return reply.render(
      'admin/event',
      {
        event,
        doorCounts: doorCounts && doorCounts.categories.length > 0 ? doorCounts : null,
        countsUrl: `/admin/events/${event.id}/check-in/counts`,
        role: access.role,
        isAdmin: request.user!.isAdmin,
        can: {
          edit: access.permissions.has('event.edit'),
          team: access.permissions.has('team.manage'),
          audit: access.permissions.has('audit.view'),
          mail: access.permissions.has('mail.view'),
          checkin: access.permissions.has('checkin.scan'),
          speakerPortal: access.permissions.has('speaker.portal'),
        },
      },
      { layout: 'admin' },
    );
  });
};

export default adminRoutes;
