// Loads the demo events (see demo-events.ts) and a few demo mails, once, into an empty database.
import { sql } from 'drizzle-orm';
import { queueMail, type MailContext } from '../../features/mail/service.ts';
import type { Clock } from '../../lib/clock.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { events, rooms, users, venues } from '../schema/index.ts';
import type { Db } from '../types.ts';
import { buildDemoEvents, DEMO_ZONE } from './demo-events.ts';
import { seedDemoAgenda } from './demo-agenda.ts';
import { seedDemoConferenceAgenda } from './demo-conference-agenda.ts';
import { seedDemoRegistration } from './demo-registration.ts';
import { seedDemoUsers, type DemoUser } from './demo-users.ts';

export interface DemoSeedResult {
  events: number;
  /** The demo accounts and their one-time-printed passwords. */
  users: DemoUser[];
}

// Same number in every process, so two servers starting together seed once.
const SEED_LOCK_ID = 7_201_451_931;

/** Fictional people who get the demo mails, so a new user sees in the mail viewer what the app sends. */
const DEMO_RECIPIENTS = [
  { email: 'li.na@institute.example.cn', name: '李娜', locale: 'zh-CN' as const },
  { email: 'marco.rossi@technopolis.example.it', name: 'Marco Rossi', locale: 'en' as const },
  { email: 'aisha.almansouri@embassy.example.ae', name: 'Aisha Al Mansouri', locale: 'en' as const },
];

/**
 * Writes the demo events, venues, rooms and accounts in one transaction, and (given a mail context) queues a few demo
 * mails in the same transaction.
 */
export async function seedDemoData(db: Db, clock: Clock, mail?: MailContext): Promise<DemoSeedResult> {
  const demo = buildDemoEvents(clock.now());
  const ids = new Map(demo.map((e) => [e.key, uuidv7()]));
  let demoUsers: DemoUser[] = [];
  await db.transaction(async (tx) => {
    for (const { key, parentKey, venues: venueList = [], ...event } of demo) {
      const eventId = ids.get(key)!;
      await tx.insert(events).values({ ...event, id: eventId, timezone: DEMO_ZONE, parentId: parentKey ? ids.get(parentKey)! : null });
      for (const venue of venueList) {
        const venueId = uuidv7();
        await tx.insert(venues).values({ id: venueId, eventId, name: venue.name, address: venue.address });
        if (venue.rooms.length > 0) await tx.insert(rooms).values(venue.rooms.map((room) => ({ ...room, venueId })));
      }
    }
    const beltAndRoad = demo.find((e) => e.key === 'belt-and-road')!;
    await seedDemoAgenda(tx, clock, ids.get('belt-and-road')!, ids.get('zgc')!, beltAndRoad.startsAt);
    const conference = demo.find((e) => e.key === 'conference')!;
    await seedDemoConferenceAgenda(tx, clock, ids.get('conference')!, conference.startsAt);
    await seedDemoRegistration(tx, clock.now(), ids.get('conference')!, conference.startsAt);
    demoUsers = await seedDemoUsers(tx, ids);
    if (!mail) return;
    for (const person of DEMO_RECIPIENTS) {
      await queueMail(tx, mail, {
        to: { email: person.email, name: person.name },
        template: 'event-invitation',
        locale: person.locale,
        eventId: ids.get('belt-and-road')!,
        data: { note: person.locale === 'zh-CN' ? '会议全程提供中英同声传译。' : 'Simultaneous interpretation between Chinese and English is provided throughout.' },
      });
    }
    await queueMail(tx, mail, {
      to: { email: DEMO_RECIPIENTS[1]!.email, name: DEMO_RECIPIENTS[1]!.name },
      template: 'message',
      locale: 'en',
      eventId: ids.get('conference')!,
      data: {
        subjectLine: 'Technical visit routes are now open for booking',
        paragraphs: ['Three technical visit routes run on the first day of the conference.', 'Seats are limited; please book your route before the end of the month.'],
      },
    });
  });
  return { events: demo.length, users: demoUsers };
}

/** Seeds only an empty database; an advisory lock makes concurrent starts seed once. */
export async function seedDemoDataIfEmpty(db: Db, clock: Clock, mail?: MailContext): Promise<DemoSeedResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_ID})`);
    const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(events);
    if ((row?.n ?? 0) > 0) return { events: 0, users: [] };
    return seedDemoData(tx, clock, mail);
  });
}

/** Removes every event and account and everything that hangs off them, for `npm run seed -- --reset`. */
export async function wipeDemoData(db: Db): Promise<void> {
  await db.execute(sql`truncate table ${events}, ${users} cascade`);
}

/** The start-up lines naming each demo account and its password ("email / password", one per line). */
export function demoUsersText(demoUsers: DemoUser[]): string {
  if (demoUsers.length === 0) return '';
  const lines = demoUsers.map((u) => `  ${u.email} / ${u.password}    (${u.label})`);
  return `Demo accounts (passwords shown only now; administrators and owners set up two-factor sign-in at first sign-in):\n${lines.join('\n')}\n`;
}
