// One demo account per role, each with a fresh random password (printed once at first start, never fixed).
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../features/accounts/password.ts';
import { eventRoles, users, type EventRole } from '../schema/index.ts';
import type { Db } from '../types.ts';

export interface DemoUser {
  email: string;
  password: string;
  /** What the account is for, in the start-up message. */
  label: string;
}

interface DemoUserSpec {
  email: string;
  name: string;
  isAdmin?: boolean;
  /** Demo event key → role. */
  roles: Record<string, EventRole>;
  label: string;
}

const DEMO_USERS: DemoUserSpec[] = [
  { email: 'admin@forumdesk.localhost', name: 'Platform Administrator', isAdmin: true, roles: {}, label: 'platform administrator' },
  { email: 'owner@forumdesk.localhost', name: '王芳 Wang Fang', roles: { zgc: 'owner' }, label: 'owner of the ZGC Forum and its sub-forums' },
  { email: 'organiser@forumdesk.localhost', name: 'Chen Jie', roles: { zgc: 'organiser', conference: 'organiser' }, label: 'organiser (ZGC Forum, IASP conference)' },
  { email: 'checkin@forumdesk.localhost', name: 'Liu Yang', roles: { conference: 'checkin' }, label: 'check-in staff (IASP conference)' },
  { email: 'jury@forumdesk.localhost', name: 'Dr. Amara Okafor', roles: { roadshow: 'jury' }, label: 'jury member (roadshow)' },
  { email: 'speaker@forumdesk.localhost', name: 'Prof. Jonas Berg', roles: { 'belt-and-road': 'speaker' }, label: 'speaker (Belt and Road sub-forum)' },
];

/** Writes the demo accounts and their roles; returns each address with its new password. */
export async function seedDemoUsers(tx: Db, eventIds: Map<string, string>): Promise<DemoUser[]> {
  const created: DemoUser[] = [];
  for (const spec of DEMO_USERS) {
    const password = randomBytes(12).toString('base64url');
    const [user] = await tx
      .insert(users)
      .values({ email: spec.email, name: spec.name, isAdmin: spec.isAdmin ?? false, passwordHash: await hashPassword(password) })
      .returning({ id: users.id });
    const roles = Object.entries(spec.roles).map(([key, role]) => ({ eventId: eventIds.get(key)!, userId: user!.id, role }));
    if (roles.length > 0) await tx.insert(eventRoles).values(roles);
    created.push({ email: spec.email, password, label: spec.label });
  }
  return created;
}
