// Personal agendas: the link that confirms an address for one event, the record it creates (stars and private feed
// secret), and changes to the stars. Stars are only ever ids of sessions on the event's published agenda.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { personalAgendas } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Locale } from '../../i18n/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { ValidationError } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { AccessTokenError, checkAccessToken, issueAccessToken, redeemAccessToken } from '../access-tokens/service.ts';
import { queueMail, type MailContext } from '../mail/service.ts';
import { insertPersonalAgenda, setStarredSessions, type PersonalAgendaRow } from './queries.ts';
import { MAX_STARS } from './star-ids.ts';

export const MY_AGENDA_LINK_TTL_SECONDS = 24 * 60 * 60;

export interface AgendaEvent {
  id: string;
  slug: string;
}

/** 256 random bits for the private feed's address. */
export const newFeedSecret = () => randomBytes(32).toString('base64url');

/**
 * Mails a one-time link that keeps this browser's stars for the address. Any address gets one (there is no account
 * to look up), so the answer is the same whoever asks; the stars travel in the token, for the device that opens it.
 */
export async function requestAgendaLink(
  db: Db,
  clock: Clock,
  mail: MailContext,
  request: { event: AgendaEvent; email: string; locale: Locale; sessionIds: string[] },
): Promise<void> {
  const { event, email } = request;
  await db.transaction(async (tx) => {
    const { token } = await issueAccessToken(tx, clock, {
      purpose: 'my-agenda',
      subject: email,
      ttlSeconds: MY_AGENDA_LINK_TTL_SECONDS,
      data: { eventId: event.id, sessionIds: request.sessionIds },
    });
    await queueMail(tx, mail, {
      to: { email },
      template: 'my-agenda-link',
      locale: request.locale,
      eventId: event.id,
      data: { link: `${mail.config.BASE_URL}/events/${encodeURIComponent(event.slug)}/my-agenda/confirm/${token}?lang=${encodeURIComponent(request.locale)}`, hours: MY_AGENDA_LINK_TTL_SECONDS / 3600 },
    });
  });
}

/** Reads a link without using it up (the confirmation page); a link for another event is as good as none. */
export async function checkAgendaLink(db: Db, clock: Clock, event: AgendaEvent, token: string): Promise<{ email: string }> {
  const found = await checkAccessToken(db, clock, 'my-agenda', token);
  if (found.data.eventId !== event.id) throw new AccessTokenError('invalid');
  return { email: found.subject };
}

/**
 * Uses the link up and creates the address's personal agenda for the event (or finds the one it has), adding the
 * stars the link carried that are still on the published agenda.
 */
export async function confirmAgendaLink(db: Db, clock: Clock, event: AgendaEvent, token: string, publishedIds: ReadonlySet<string>): Promise<PersonalAgendaRow> {
  await checkAgendaLink(db, clock, event, token);
  return db.transaction(async (tx) => {
    const redeemed = await redeemAccessToken(tx, clock, 'my-agenda', token);
    const carried = Array.isArray(redeemed.data.sessionIds) ? redeemed.data.sessionIds.filter((id): id is string => typeof id === 'string' && publishedIds.has(id)) : [];
    const row = await keepAgendaForAddress(tx, clock, event.id, redeemed.subject);
    const merged = [...new Set([...row.sessionIds, ...carried])];
    return merged.length === row.sessionIds.length ? row : setStarredSessions(tx, event.id, row.id, merged, clock.now());
  });
}

/**
 * The address's personal agenda for the event, created empty if it has none: for the agenda's own mailed link, and for
 * a registration's manage link, which proves the address as that link does.
 */
export async function keepAgendaForAddress(db: Db, clock: Clock, eventId: string, email: string): Promise<PersonalAgendaRow> {
  return insertPersonalAgenda(db, { id: uuidv7(), eventId, email, sessionIds: [], feedSecret: newFeedSecret(), createdAt: clock.now(), updatedAt: clock.now() });
}

/**
 * Stars `add` and un-stars `remove` on a confirmed personal agenda, as one change. Ids to add must be on the
 * published agenda; ids to remove must be on it or already starred (a session dropped since). Otherwise nothing is
 * written and the field says which list was wrong.
 */
export async function changeStars(
  db: Db,
  clock: Clock,
  agenda: { eventId: string; id: string },
  change: { add: string[]; remove: string[] },
  publishedIds: ReadonlySet<string>,
): Promise<PersonalAgendaRow> {
  return db.transaction(async (tx) => {
    // Two devices syncing at once: the second waits and applies its change to the first one's result.
    const [row] = await tx.select().from(personalAgendas).where(and(eq(personalAgendas.eventId, agenda.eventId), eq(personalAgendas.id, agenda.id))).for('update');
    if (!row) throw new AccessTokenError('invalid');
    const starred = new Set(row.sessionIds);
    if (change.add.some((id) => !publishedIds.has(id))) throw new ValidationError({ add: { key: 'personalAgenda.errors.unknownSession' } });
    if (change.remove.some((id) => !publishedIds.has(id) && !starred.has(id))) throw new ValidationError({ remove: { key: 'personalAgenda.errors.unknownSession' } });
    const removed = new Set(change.remove);
    const next = [...new Set([...row.sessionIds, ...change.add])].filter((id) => !removed.has(id)).slice(0, MAX_STARS);
    if (next.length === row.sessionIds.length && next.every((id, i) => id === row.sessionIds[i])) return row;
    return setStarredSessions(tx, agenda.eventId, agenda.id, next, clock.now());
  });
}
