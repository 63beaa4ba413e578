// What each role may do ('registration.manage': adding registrations in bulk, e.g. importing a guest list). Routes name a permission (route option `permission`); src/plugins/auth.ts enforces it.
import type { EventRole } from '../../db/schema/index.ts';

/** Permissions on one event; a route holding one of these takes the event from :eventId (or its own resolver). */
export const EVENT_PERMISSIONS = ['event.view', 'event.edit', 'team.manage', 'audit.view', 'mail.view', 'checkin.scan', 'jury.score', 'speaker.portal', 'registration.view', 'registration.manage', 'identity.reveal', 'badge.print', 'badge.batch'] as const;
export type EventPermission = (typeof EVENT_PERMISSIONS)[number];

/** 'signed-in': any signed-in person; 'platform.admin': administrators only. */
export type Permission = 'signed-in' | 'platform.admin' | EventPermission;

export const ROLE_PERMISSIONS: Record<EventRole, readonly EventPermission[]> = {
  // Only owners see identity document numbers unmasked (PIPL: sensitive data to as few people as possible).
  // registration.manage: bulk actions on the participant list (approve, reject, move, resend, message) and imports.
  owner: ['event.view', 'event.edit', 'team.manage', 'audit.view', 'mail.view', 'checkin.scan', 'registration.view', 'registration.manage', 'identity.reveal', 'badge.print', 'badge.batch'],
  organiser: ['event.view', 'event.edit', 'audit.view', 'mail.view', 'checkin.scan', 'registration.view', 'registration.manage', 'badge.print', 'badge.batch'],
  // The desk reprints one lost or misspelt badge (badge.print); batches of the participant list are the organisers'.
  checkin: ['event.view', 'checkin.scan', 'badge.print'],
  jury: ['event.view', 'jury.score'],
  speaker: ['event.view', 'speaker.portal'],
};

export function isEventPermission(permission: Permission): permission is EventPermission {
  return (EVENT_PERMISSIONS as readonly string[]).includes(permission);
}

/** The event permissions a user holds: all of them for an administrator, the role's for others, none without a role. */
export function permissionsOf(isAdmin: boolean, role: EventRole | undefined): ReadonlySet<EventPermission> {
  if (isAdmin) return new Set(EVENT_PERMISSIONS);
  return new Set(role ? ROLE_PERMISSIONS[role] : []);
}
