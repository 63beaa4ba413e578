// buildApp(deps): the Fastify instance with plugins in a fixed, visible order, then features; it never listens.
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyContextConfig, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/types.ts';
import { createMailRenderer } from './features/mail/render.ts';
import type { MailContext } from './features/mail/service.ts';
import type { Jobs } from './jobs/boss.ts';
import accountRoutes from './features/accounts/account-routes.ts';
import signInRoutes from './features/accounts/sign-in-routes.ts';
import adminRoutes from './features/admin/routes.ts';
import teamRoutes from './features/admin/team-routes.ts';
import agendaRoutes from './features/agenda/routes.ts';
import agendaSessionRoutes from './features/agenda/session-routes.ts';
import apiRoutes from './features/api/routes.ts';
import gridRoutes from './features/agenda/grid-routes.ts';
import speakerRoutes from './features/agenda/speaker-routes.ts';
import speakerPortalAdminRoutes from './features/speaker-portal/admin-routes.ts';
import speakerPortalRoutes from './features/speaker-portal/portal-routes.ts';
import speakerPublicPhotoRoutes from './features/speaker-portal/public-photo-routes.ts';
import speakerSignInRoutes from './features/speaker-portal/sign-in-routes.ts';
import speakerUploadRoutes from './features/speaker-portal/upload-routes.ts';
import trackRoutes from './features/agenda/track-routes.ts';
import calendarInviteRoutes from './features/calendar-invites/routes.ts';
import sessionReminderRoutes from './features/session-reminders/routes.ts';
import invitationAdminRoutes from './features/speaker-invitations/admin-routes.ts';
import invitationAnswerRoutes from './features/speaker-invitations/answer-routes.ts';
import publicAgendaRoutes from './features/agenda/public-routes.ts';
import publicSessionRoutes from './features/agenda/public-session-routes.ts';
import zonePageRoutes from './features/agenda/zone-page-routes.ts';
import icalRoutes from './features/agenda/ical-routes.ts';
import personalAgendaRoutes from './features/personal-agenda/routes.ts';
import registrationSetupRoutes from './features/registration/setup-routes.ts';
import registrationSetupCategoryRoutes from './features/registration/setup-category-routes.ts';
import registrationSetupQuestionRoutes from './features/registration/setup-question-routes.ts';
import invitationRoutes from './features/registration/invitation-routes.ts';
import auditRoutes from './features/audit/routes.ts';
import badgeRoutes from './features/badges/routes.ts';
import eventAdminRoutes from './features/events/admin-routes.ts';
import eventRoutes from './features/events/routes.ts';
import exportRoutes from './features/exports/routes.ts';
import venueRoutes from './features/events/venue-routes.ts';
import healthRoutes from './features/health/routes.ts';
import languageRoutes from './features/language/routes.ts';
import bulkMailRoutes from './features/mail/bulk-routes.ts';
import mailRoutes from './features/mail/routes.ts';
import registrationApprovalRoutes from './features/registration/approval-routes.ts';
import participantExportRoutes from './features/registration/participant-export-routes.ts';
import participantRoutes from './features/registration/participant-routes.ts';
import registrationBulkRoutes from './features/registration/bulk-routes.ts';
import registrationImportRoutes from './features/registration/import-routes.ts';
import registrationDetailRoutes from './features/registration/admin-detail-routes.ts';
import registrationCorrectionRoutes from './features/registration/admin-correction-routes.ts';
import registrationCancelRoutes from './features/registration/admin-cancel-routes.ts';
import registrationManageAttendanceRoutes from './features/registration/manage-attendance-routes.ts';
import registrationManageDetailsRoutes from './features/registration/manage-details-routes.ts';
import registrationManagePrivacyRoutes from './features/registration/manage-privacy-routes.ts';
import registrationPublicRoutes from './features/registration/public-routes.ts';
import registrationLinkRequestRoutes from './features/registration/link-request-routes.ts';
import checkInRoutes from './features/check-in/routes.ts';

import { type Clock, systemClock } from './lib/clock.ts';
import { parseFormBody } from './lib/form-body.ts';
import authPlugin from './plugins/auth.ts';
import errorsPlugin, { frameworkErrorHandler } from './plugins/errors.ts';
import helmetPlugin from './plugins/external/helmet.ts';
import staticPlugin from './plugins/external/static.ts';
import swaggerPlugin from './plugins/external/swagger.ts';
import corsPlugin from './plugins/external/cors.ts';
import i18nPlugin from './plugins/i18n.ts';
import rateLimitPlugin from './plugins/rate-limit.ts';
import sharedPagesPlugin, { frontDoorServer, type FrontDoor } from './plugins/shared-pages.ts';
import { loggedRequest } from './lib/logged-request.ts';
import sessionPlugin from './plugins/session.ts';
import viewPlugin from './plugins/view.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered (method and url), for tests that must cover each one (CSRF, permissions). */
    registeredRoutes: RegisteredRoute[];
    /** What services need to queue mail; server.ts passes it to the demo seeder. */
    mail: MailContext;
  }
}

/** TRUST_PROXY as Fastify takes it: off → false, on → true, a hop count, or a list of proxy addresses. */
function trustProxySetting(value: string): boolean | string {
  if (value === 'off') return false;
  if (value === 'on') return true;
  // Fastify takes a hop count as a number; its types only list strings.
  if (/^\d+$/.test(value)) return Number(value) as unknown as string;
  return value;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  config: FastifyContextConfig;
}

export interface AppDeps {
  config: Config;
  database: Database;
  /** Background jobs, started by the caller (server.ts, worker.ts or the test harness). */
  jobs: Jobs;
  clock?: Clock;
  /** Pino options or false; tests pass false to keep output quiet. */
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp({ config, database, jobs, clock = systemClock, logger }: AppDeps): Promise<FastifyInstance> {
  // Filled in by the shared-pages plugin: repeat visits to kept pages are answered before Fastify sees them.
  const door: FrontDoor = {};
  const app = Fastify({
    serverFactory: frontDoorServer(door),
    // Addresses are logged without the secrets some of them carry (loggedRequest).
    logger: logger === false ? false : { level: config.LOG_LEVEL, ...(typeof logger === 'object' ? logger : {}), serializers: { req: loggedRequest } },
    genReqId: () => randomUUID(),
    bodyLimit: config.BODY_LIMIT,
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors found before routing (an address that is not valid UTF-8) get the same pages as the rest.
    frameworkErrors: frameworkErrorHandler(config.BODY_LIMIT, () => built),
  });
  const built: FastifyInstance | undefined = app;
  const registeredRoutes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', registeredRoutes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registeredRoutes.push({ method, url: route.url, config: route.config ?? {} });
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Third-party plugins first, then our own app-wide plugins, then features.
  // Before every other hook: it answers repeat visits to shared public pages with what those hooks produced.
  await app.register(sharedPagesPlugin, { db: database.db, clock, door, leaseMs: config.PAGE_VERSION_LEASE_MS });
  await app.register(helmetPlugin, { https: config.BASE_URL.startsWith('https:') });
  await app.register(corsPlugin);
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: config.BODY_LIMIT, parser: parseFormBody });
  await app.register(staticPlugin);
  await app.register(sessionPlugin, { db: database.db, clock, config });
  await app.register(rateLimitPlugin, { config });
  await app.register(viewPlugin);
  await app.register(i18nPlugin);
  await app.register(errorsPlugin, { bodyLimit: config.BODY_LIMIT });
  await app.register(authPlugin, { db: database.db });
  // Before the features: it describes the /api routes as they are added.
  await app.register(swaggerPlugin, { version: '1.0.0' });

  const mail: MailContext = { config, renderer: createMailRenderer(), jobs };
  const deps = { config, database, db: database.db, clock, jobs, mail };
  await app.register(healthRoutes, deps);
  await app.register(languageRoutes, deps);
  await app.register(eventRoutes, deps);
  await app.register(publicAgendaRoutes, deps);
  await app.register(registrationPublicRoutes, deps);
  await app.register(registrationLinkRequestRoutes, deps);
  await app.register(registrationManageDetailsRoutes, deps);
  await app.register(registrationManageAttendanceRoutes, deps);
  await app.register(registrationManagePrivacyRoutes, deps);
  await app.register(exportRoutes, deps);
  await app.register(apiRoutes, deps);
  await app.register(publicSessionRoutes, deps);
  await app.register(zonePageRoutes, deps);
  await app.register(icalRoutes, deps);
  await app.register(personalAgendaRoutes, deps);
  await app.register(signInRoutes, deps);
  await app.register(accountRoutes, deps);
  await app.register(adminRoutes, deps);
  await app.register(teamRoutes, deps);
  await app.register(eventAdminRoutes, deps);
  await app.register(venueRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(agendaRoutes, deps);
  await app.register(agendaSessionRoutes, deps);
  await app.register(gridRoutes, deps);
  await app.register(speakerRoutes, deps);
  await app.register(speakerSignInRoutes, deps);
  await app.register(speakerPortalRoutes, deps);
  await app.register(speakerUploadRoutes, deps);
  await app.register(speakerPublicPhotoRoutes, deps);
  await app.register(speakerPortalAdminRoutes, deps);
  await app.register(trackRoutes, deps);
  await app.register(calendarInviteRoutes, deps);
  await app.register(sessionReminderRoutes, deps);
  await app.register(invitationAdminRoutes, deps);
  await app.register(invitationAnswerRoutes, deps);
  await app.register(registrationSetupRoutes, deps);
  await app.register(registrationSetupCategoryRoutes, deps);
  await app.register(registrationSetupQuestionRoutes, deps);
  await app.register(invitationRoutes, deps);
  await app.register(registrationApprovalRoutes, deps);
  await app.register(participantRoutes, deps);
  await app.register(registrationBulkRoutes, deps);
  await app.register(participantExportRoutes, deps);
  await app.register(registrationImportRoutes, deps);
  await app.register(mailRoutes, deps);
  await app.register(bulkMailRoutes, deps);
  await app.register(registrationDetailRoutes, deps);
  await app.register(registrationCorrectionRoutes, deps);
  await app.register(registrationCancelRoutes, deps);
  await app.register(badgeRoutes, deps);
  await app.register(checkInRoutes, deps);
  app.decorate('mail', mail);
  return app;
}


