// An event's team page: who has which role, adding someone by e-mail, changing a role, and removing someone after a
// confirmation. A change the team rules refuse (the last owner; on a sub-forum, a role below the forum's) comes back on
// the team page with the reason, nothing changed.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EVENT_ROLES } from '../../db/schema/index.ts';
import { translate, type Locale } from '../../i18n/index.ts';
import { NotFoundError, type FieldErrors } from '../../lib/errors.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { permissionsOf } from '../accounts/permissions.ts';
import { findEffectiveRole, findTeam } from '../accounts/queries.ts';
import { normaliseEmail } from '../accounts/service.ts';
import { higherRole } from '../accounts/role-order.ts';
import { addTeamMember, BelowForumRoleError, changeTeamRole, findRemovalRefusal, LastOwnerError, removeTeamMember, type TeamChange } from '../accounts/team.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { getEventById } from '../events/service.ts';

const Text = FormText;
const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const MemberParams = Type.Object({ eventId: Type.String({ maxLength: 100 }), userId: Type.String({ format: 'uuid' }) });
/** Characters (UTF-16 units, as the input's maxlength counts them) of a team member's name. */
const TEAM_NAME_MAX = 200;
const FLASH: Record<TeamChange, string> = { added: 'team.added', changed: 'team.roleChanged', unchanged: 'team.unchanged' };

/** The event the owner rule would leave without an owner, named in the reader's language. */
const refusedEventName = (error: LastOwnerError, locale: Locale) => pickLocalized(error.eventTitle, locale)?.text ?? error.eventSlug;

/** Why a team change was refused, as a message for the team page's error summary. */
function refusalMessage(error: LastOwnerError | BelowForumRoleError, locale: Locale) {
  if (error instanceof LastOwnerError) return { key: 'team.errors.lastOwner', vars: { event: refusedEventName(error, locale) } };
  const forum = pickLocalized(error.forumTitle, locale)?.text ?? error.forumSlug;
  return { key: 'team.errors.belowForum', vars: { person: error.person, forum, forumRole: translate(locale, `roles.${error.forumRole}`) } };
}

const teamRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  async function teamPage(eventId: string, extra: { form?: { email: string; name: string; role: string } } & Record<string, unknown>) {
    const event = await getEventById(db, eventId);
    const team = await findTeam(db, eventId);
    const inherited = event.parentId ? await findTeam(db, event.parentId) : [];
    const own = new Set(team.map((m) => m.userId));
    const forumRoles = new Map(inherited.map((m) => [m.userId, m.role]));
    const form = extra.form ?? { email: '', name: '', role: 'organiser' };
    return {
      event,
      team: team.map((m) => {
        // Their own row is below their forum role (it was made first, or before the higher role counted): the forum's counts.
        const forumRole = forumRoles.get(m.userId);
        const outranked = forumRole && higherRole(m.role, forumRole) !== m.role ? forumRole : undefined;
        return { ...m, outranked, roleOptions: EVENT_ROLES.map((r) => ({ value: r, selected: r === m.role })) };
      }),
      inherited: inherited.filter((m) => !own.has(m.userId)),
      roles: EVENT_ROLES.map((r) => ({ value: r, selected: r === form.role })),
      nameMax: TEAM_NAME_MAX,
      ...extra,
      form,
    };
  }

  /**
   * The team page again with the team rules' refusal (409), nothing changed: on top, and beside the role field of the
   * form it came from when that role was the trouble.
   */
  async function refused(request: FastifyRequest, reply: FastifyReply, eventId: string, error: LastOwnerError | BelowForumRoleError, form?: { email: string; name: string; role: string }) {
    const field = form && error instanceof BelowForumRoleError ? 'role' : '';
    const view = formErrorView(request.locale, { [field]: refusalMessage(error, request.locale) });
    return reply.render('admin/team', await teamPage(eventId, { ...(form ? { form } : {}), ...view }), { layout: 'admin', status: 409 });
  }

  /** Back to the team page, or, when the person changed their own role and may no longer manage it, where they still may go. */
  async function afterChange(request: FastifyRequest, reply: FastifyReply, eventId: string, userId: string, flash: string, flashVars?: Record<string, unknown>) {
    request.session.flash = flash;
    if (flashVars) request.session.flashVars = flashVars;
    const user = request.user!;
    let to = `/admin/events/${eventId}/team`;
    if (userId === user.id && !user.isAdmin) {
      const { role } = await findEffectiveRole(db, user.id, eventId);
      if (!role) to = '/admin';
      else if (!permissionsOf(false, role).has('team.manage')) to = `/admin/events/${eventId}`;
    }
    return reply.redirect(to, 303);
  }

  /**
   * The confirmation page says what removing would really do: refused up front when it would leave an event without
   * an owner (no button then); otherwise what the person keeps through the forum, and, for oneself, whether one may
   * still manage this team afterwards.
   */
  async function removalPage(request: FastifyRequest, eventId: string, userId: string) {
    const event = await getEventById(db, eventId);
    const member = (await findTeam(db, eventId)).find((m) => m.userId === userId);
    if (!member) throw new NotFoundError('team member');
    const person = member.name || member.email;
    const { locale } = request;
    const refusal = await findRemovalRefusal(db, eventId, userId);
    if (refusal) return { event, member, person, refused: translate(locale, 'team.errors.lastOwner', { event: refusedEventName(refusal, locale) }) };
    const forumRole = event.parentId ? (await findTeam(db, event.parentId)).find((m) => m.userId === userId)?.role : undefined;
    const vars = { role: translate(locale, `roles.${member.role}`), forumRole: forumRole ? translate(locale, `roles.${forumRole}`) : '' };
    let key = forumRole ? 'introForum' : 'intro';
    if (userId === request.user!.id) {
      if (request.user!.isAdmin) key = 'selfAdmin';
      else if (!forumRole) key = 'selfGone';
      else key = permissionsOf(false, forumRole).has('team.manage') ? 'selfKeeps' : 'selfForum';
    }
    return { event, member, person, consequence: translate(locale, `team.removeConfirm.${key}`, vars) };
  }

  app.get('/admin/events/:eventId/team', { config: { permission: 'team.manage' }, schema: { params: EventParams, querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) => {
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
      const form = { email: request.body.email.slice(0, 254), name, role: request.body.role };
      const fields: FieldErrors = {};
      if (!email) fields.email = { key: 'account.errors.email' };
      if (name.length > TEAM_NAME_MAX) fields.name = { key: 'forms.tooLong', vars: { max: TEAM_NAME_MAX } };
      if (!role) fields.role = { key: 'team.errors.role' };
      if (!email || !role || Object.keys(fields).length > 0) {
        return reply.render('admin/team', await teamPage(eventId, { form, ...formErrorView(request.locale, fields) }), { layout: 'admin', status: 422 });
      }
      const event = await getEventById(db, eventId);
      const title = event.title[request.locale] ?? event.title.en ?? event.title['zh-CN'] ?? event.slug;
      let outcome;
      try {
        outcome = await addTeamMember(db, clock, mail, auditActor(request), { eventId, eventTitle: title, email, name, role, locale: request.locale });
      } catch (error) {
        if (error instanceof LastOwnerError || error instanceof BelowForumRoleError) return refused(request, reply, eventId, error, form);
        throw error;
      }
      return afterChange(request, reply, eventId, outcome.userId, FLASH[outcome.change], { email, role: [{ key: `roles.${role}` }] });
    },
  );

  app.post(
    '/admin/events/:eventId/team/:userId/role',
    { config: { permission: 'team.manage' }, schema: { params: MemberParams, body: Type.Object({ role: Text }) } },
    async (request, reply) => {
      const { eventId, userId } = request.params;
      const role = EVENT_ROLES.find((r) => r === request.body.role);
      if (!role) {
        return reply.render('admin/team', await teamPage(eventId, formErrorView(request.locale, { '': { key: 'team.errors.role' } })), { layout: 'admin', status: 422 });
      }
      let outcome;
      try {
        outcome = await changeTeamRole(db, mail, auditActor(request), { eventId, userId, role, locale: request.locale });
      } catch (error) {
        if (error instanceof LastOwnerError || error instanceof BelowForumRoleError) return refused(request, reply, eventId, error);
        throw error;
      }
      return afterChange(request, reply, eventId, userId, FLASH[outcome.change], { email: outcome.email, role: [{ key: `roles.${role}` }] });
    },
  );

  app.post(
    '/admin/events/:eventId/team/:userId/remove',
    { config: { permission: 'team.manage' }, schema: { params: MemberParams, body: Type.Object({ confirm: Type.Optional(Text) }) } },
    async (request, reply) => {
      const { eventId, userId } = request.params;
      if (request.body.confirm !== 'yes') return reply.render('admin/team-remove', await removalPage(request, eventId, userId), { layout: 'admin' });
      try {
        await removeTeamMember(db, auditActor(request), eventId, userId);
      } catch (error) {
        if (error instanceof LastOwnerError) return refused(request, reply, eventId, error);
        throw error;
      }
      return afterChange(request, reply, eventId, userId, 'team.removed');
    },
  );
};

export default teamRoutes;
