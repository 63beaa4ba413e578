// The organiser area: the events a person has a role on, each event's overview (showing only what the role allows),
// its team, and — for administrators — creating an event and naming its owner.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EVENT_KINDS, EVENT_ROLES, type EventRole } from '../../db/schema/index.ts';
import type { Locale } from '../../i18n/index.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { findEventsForUser, findTeam } from '../accounts/queries.ts';
import { addTeamMember, normaliseEmail, removeTeamMember } from '../accounts/service.ts';
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
/** Characters (UTF-16 units, as the input's maxlength counts them) of a team member's name. */
const TEAM_NAME_MAX = 200;
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

  // — Team —

  async function teamPage(eventId: string, extra: Record<string, unknown>) {
    const event = await getEventById(db, eventId);
    const team = await findTeam(db, eventId);
    const inherited = event.parentId ? await findTeam(db, event.parentId) : [];
    const own = new Set(team.map((m) => m.userId));
    return {
      event,
      team,
      inherited: inherited.filter((m) => !own.has(m.userId)),
      roles: EVENT_ROLES.map((r) => ({ value: r, selected: r === ((extra.form as { role?: string } | undefined)?.role ?? 'organiser') })),
      form: { email: '', name: '', role: 'organiser' },
      nameMax: TEAM_NAME_MAX,
      ...extra,
    };
  }

  app.get('/admin/events/:eventId/team', { config: { permission: 'team.manage' }, schema: { params: EventParams, querystring: LangQuery } }, async (request, reply) => {
    return reply.render('admin/team', await teamPage(request.params.eventId, {}), { layout: 'admin' });
  });

  app.post(
    '/admin/events/:eventId/team',
    { config: { permission: 'team.manage' }, schema: { params: EventParams, body: Type.Object({ email: Text, name: Type.Optional(Text), role: Text }) } },
    async (request, reply) => {
      const { eventId } = request.params;
      const name = (request.body.name ?? '').trim();
      const email = normaliseEmail(request.body.email);
      const role = EVENT_ROLES.find((r) => r === request.body.role);
      const fields: FieldErrors = {};
      if (!email) fields.email = { key: 'account.errors.email' };
      if (name.length > TEAM_NAME_MAX) fields.name = { key: 'forms.tooLong', vars: { max: TEAM_NAME_MAX } };
      if (!role) fields.role = { key: 'team.errors.role' };
      if (!email || !role || Object.keys(fields).length > 0) {
        const form = { email: request.body.email.slice(0, 254), name, role: request.body.role };
        return reply.render('admin/team', await teamPage(eventId, { form, ...formErrorView(request.locale, fields) }), { layout: 'admin', status: 422 });
      }
      const event = await getEventById(db, eventId);
      const title = event.title[request.locale] ?? event.title.en ?? event.title['zh-CN'] ?? event.slug;
      await addTeamMember(db, clock, mail, auditActor(request), { eventId, eventTitle: title, email, name, role: role as EventRole, locale: request.locale });
      request.session.flash = 'team.added';
      return reply.redirect(`/admin/events/${eventId}/team`, 303);
    },
  );

  app.post(
    '/admin/events/:eventId/team/:userId/remove',
    { config: { permission: 'team.manage' }, schema: { params: Type.Object({ eventId: Type.String({ maxLength: 100 }), userId: Type.String({ format: 'uuid' }) }) } },
    async (request, reply) => {
      const { eventId, userId } = request.params;
      await removeTeamMember(db, auditActor(request), eventId, userId);
      request.session.flash = 'team.removed';
      return reply.redirect(`/admin/events/${eventId}/team`, 303);
    },
  );
};

export default adminRoutes;
