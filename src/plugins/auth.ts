// Who is asking, and may they: loads the signed-in user from the session, then enforces the permission every
// organiser route names in its options (`config: { permission: 'team.manage' }`). This is the one place it happens;
// a route under /admin or /account that names no permission stops the app at start-up.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { EventRole } from '../db/schema/index.ts';
import type { EventRow } from '../features/events/queries.ts';
import type { Db } from '../db/types.ts';
import { isEventPermission, permissionsOf, type EventPermission, type Permission } from '../features/accounts/permissions.ts';
import { findEffectiveRole, findSessionUser, findSessionUserOnEvent, type EffectiveRole } from '../features/accounts/queries.ts';
import { ForbiddenError, NotFoundError } from '../lib/errors.ts';
import { isUuid } from '../lib/ids.ts';

export type SessionUser = NonNullable<Awaited<ReturnType<typeof findSessionUser>>> & {
  /** Administrators and event owners must turn on two-factor sign-in before anything else. */
  mustEnrolTwoFactor: boolean;
};

export interface EventAccess {
  eventId: string;
  role: EventRole | undefined;
  permissions: ReadonlySet<EventPermission>;
  /** The event's row, when it was read with the role (routes on their own :eventId): see eventOfRequest. */
  event?: EventRow;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | undefined;
    /** Set on event routes once the permission check passed. */
    eventAccess: EventAccess | undefined;
  }
  interface FastifyContextConfig {
    permission?: Permission;
    /** Which event an event permission applies to; defaults to the :eventId parameter. Undefined → 404. */
    eventOf?: (request: FastifyRequest) => Promise<string | undefined> | string | undefined;
    /** Reachable while two-factor enrolment is still due (the enrolment pages themselves, sign-out). */
    allowBeforeTwoFactor?: boolean;
  }
}

const GUARDED_PREFIXES = ['/admin', '/account', '/api/admin'];
// Also a participant's manage pages, a speaker's portal and invitation, a personal agenda and a registration's answer.
const PRIVATE_PAGES = /^\/(admin|account|api\/admin|sign-in|password|email-change|registrations|speaker|speaker-invitations)(\/|\?|$)|^\/events\/[^/?]+\/(my-agenda|register\/answer)(\/|\?|\.|$)/;

function defaultEventOf(request: FastifyRequest): string | undefined {
  return (request.params as { eventId?: string } | undefined)?.eventId;
}

/** Where to send someone who must sign in first: back here afterwards, when it was a page they asked for. */
export function signInLocation(request: FastifyRequest): string {
  return request.method === 'GET' ? `/sign-in?next=${encodeURIComponent(request.url)}` : '/sign-in';
}

async function authPlugin(app: FastifyInstance, opts: { db: Db }): Promise<void> {
  app.decorateRequest('user', undefined);
  app.decorateRequest('eventAccess', undefined);

  app.addHook('onRoute', (route) => {
    const guarded = GUARDED_PREFIXES.some((prefix) => route.url === prefix || route.url.startsWith(`${prefix}/`));
    if (guarded && !route.config?.permission) throw new Error(`${route.method} ${route.url} is an organiser route and must name a permission`);
  });

  /** The event of a route whose event permission applies to its own :eventId; undefined for any other route. */
  function routeEventId(request: FastifyRequest): string | undefined {
    const permission = request.routeOptions.config?.permission;
    if (!permission || !isEventPermission(permission) || request.routeOptions.config.eventOf) return undefined;
    const eventId = defaultEventOf(request)?.toLowerCase();
    return isUuid(eventId) ? eventId : undefined;
  }

  app.addHook('onRequest', async (request, reply) => {
    const userId = request.session?.userId;
    // On an event route the role is read with the user, in one statement: one query less on every door scan.
    let known: { eventId: string; access: EffectiveRole; event: EventRow | null } | undefined;
    if (userId) {
      const routeEvent = routeEventId(request);
      const found = routeEvent ? await findSessionUserOnEvent(opts.db, userId, routeEvent) : undefined;
      if (found) known = { eventId: routeEvent!, access: found.access, event: found.event };
      const user = routeEvent ? found?.user : await findSessionUser(opts.db, userId);
      if (user) request.user = { ...user, mustEnrolTwoFactor: (user.isAdmin || user.ownsAnEvent) && !user.totpEnabledAt };
      // The account is gone: forget it in this session.
      else request.session.userId = undefined;
    }

    // Pages about a person or holding secrets (codes, links) are never kept by a browser or proxy cache.
    if (request.user || PRIVATE_PAGES.test(request.url)) reply.header('cache-control', 'no-store');
    const permission = request.routeOptions.config?.permission;
    if (!permission) return;
    const user = request.user;
    const page = (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/');
    if (!user) {
      if (page) return reply.redirect(signInLocation(request), 303);
      throw new ForbiddenError('errors.signInRequired');
    }
    if (user.mustEnrolTwoFactor && !request.routeOptions.config.allowBeforeTwoFactor) {
      if (page) return reply.redirect('/account/two-factor', 303);
      throw new ForbiddenError('errors.twoFactorRequired');
    }
    if (permission === 'signed-in') return;
    if (permission === 'platform.admin') {
      if (!user.isAdmin) throw new ForbiddenError();
      return;
    }
    if (!isEventPermission(permission)) throw new Error(`unknown permission ${permission}`);
    const eventOf = request.routeOptions.config.eventOf ?? defaultEventOf;
    const eventId = (await eventOf(request))?.toLowerCase();
    // Administrators may do anything anywhere, including on records that belong to no event (account mail).
    if (eventId === undefined && user.isAdmin) {
      request.eventAccess = undefined;
      return;
    }
    if (!isUuid(eventId)) throw new NotFoundError('event');
    const readWithUser = known?.eventId === eventId ? known : undefined;
    const { exists, role } = readWithUser ? readWithUser.access : await findEffectiveRole(opts.db, user.id, eventId);
    if (!exists) throw new NotFoundError('event');
    // No role at all on the event: it does not exist as far as this person can tell.
    if (!user.isAdmin && !role) throw new NotFoundError('event');
    const permissions = permissionsOf(user.isAdmin, role);
    if (!permissions.has(permission)) throw new ForbiddenError();
    request.eventAccess = { eventId, role, permissions, ...(readWithUser?.event ? { event: readWithUser.event } : {}) };
  });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['session'] });
