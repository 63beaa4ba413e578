// The mails of a registration, in the participant's language, queued in the transaction that changed it. Those that
// confirm a seat carry the ticket (a QR code of the random ticket code, inline and as a PNG attachment) and the
// event as an .ics file; all but the rejection carry a fresh private manage link.
import { parseMailbox } from '../../lib/email-address.ts';
import { icalText } from '../../lib/ical-text.ts';
import { and, asc, eq, lt } from 'drizzle-orm';
import icalGenerator, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import QRCode from 'qrcode';
import { agendaSessions, events, registrationMailJobs, registrations, sessionBookings, venues } from '../../db/schema/index.ts';
import { together } from '../../db/together.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { Db } from '../../db/types.ts';
import { isLocale, translate, type Locale } from '../../i18n/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { issueAccessToken } from '../access-tokens/service.ts';
import type { MailAttachment } from '../mail/compose.ts';
import { queueMail, type MailContext } from '../mail/service.ts';
import { personName } from '../../lib/person-name.ts';
import { correctedLines } from './correction-text.ts';
import { findFormQuestions } from './form-queries.ts';
import { findCategoryName } from './queries.ts';
import { registrationWindow } from './registration-window.ts';

/** 'imported' and 'imported-pending': registered by the organisers from a guest list, not by the person themselves. */
export const REGISTRATION_MAIL_KINDS = ['confirmed', 'waitlisted', 'pending', 'already-registered', 'promoted', 'approved', 'approved-waitlisted', 'rejected', 'cancelled', 'new-link', 'reminder', 'imported', 'imported-pending', 'details-changed'] as const;
export type RegistrationMailKind = (typeof REGISTRATION_MAIL_KINDS)[number];

const WITH_TICKET = new Set<RegistrationMailKind>(['confirmed', 'promoted', 'approved', 'reminder', 'imported']);
const WITH_LINK = new Set<RegistrationMailKind>(['confirmed', 'waitlisted', 'pending', 'already-registered', 'promoted', 'approved', 'approved-waitlisted', 'new-link', 'reminder', 'imported', 'imported-pending', 'details-changed']);

/** Manage links work until a month after the event, so people can download their ticket again or cancel late. */
const MANAGE_LINK_DAYS_AFTER_EVENT = 30;

type RegistrationRow = typeof registrations.$inferSelect;

export interface RegistrationMailExtras {
  message?: string | null;
  waitlistPosition?: number | null;
  missedSessionIds?: string[];
  /** A promotion that came from the organisers moving the person into a category with room. */
  moved?: boolean;
  /** A cancellation the organisers made (registration-corrections.ts), not the person. */
  byOrganisers?: boolean;
  /** What the organisers corrected (details-changed): the fields, and the questions whose answers changed. */
  changedFields?: string[];
  changedQuestionIds?: string[];
}

export const manageUrl = (baseUrl: string, token: string) => `${baseUrl}/registrations/manage/${token}`;

/**
 * The ticket as a PNG QR code: only the random ticket code, no personal data. Grey, with every row filtered against
 * the one above (seven of each eight rows repeat it): 0.85 KB instead of 1.5 KB, and a tenth of the filtering work
 * that trying all five filters on RGBA rows cost every registration's mail.
 */
export function ticketQrPng(ticketCode: string): Promise<Buffer> {
  return QRCode.toBuffer(ticketCode, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8, rendererOpts: GREY_ROWS_FILTERED_UP });
}

// qrcode hands rendererOpts to pngjs's PNG as they are (lib/renderer/png.js); its types name only the deflate ones.
const GREY_ROWS_FILTERED_UP = { colorType: 0, filterType: 2 } as { deflateLevel?: number };

/** The event as a calendar file for a registration, times as UTC instants so every calendar shows them right whatever its zone. */
export async function eventIcs(db: Db, site: CalendarSite, event: typeof events.$inferSelect, locale: Locale, registration: Pick<RegistrationRow, 'createdAt' | 'cancelledAt'>): Promise<Buffer> {
  return eventIcsWith(await findVenueLines(db, event.id), site, event, locale, { cancel: false, sequence: calendarSequence(registration, { cancel: false }) });
}

/**
 * The SEQUENCE of a registration's calendar files. Every file of an event has the event's UID (the same entry whoever
 * sends it), so a file must outrank the one sent before it, also across a person's cancelled and new registrations
 * and whatever was erased since: a registration's files count its seconds since 2026 twice, its cancellation the
 * cancellation's seconds twice plus one. A person who cancels and registers again later gets a higher number.
 */
const SEQUENCE_EPOCH_MS = Date.UTC(2026, 0, 1);
const secondsSinceEpoch = (at: Date) => Math.max(0, Math.floor((at.getTime() - SEQUENCE_EPOCH_MS) / 1000));
export const calendarSequence = (registration: Pick<RegistrationRow, 'createdAt' | 'cancelledAt'>, file: { cancel: boolean }) =>
  file.cancel ? 2 * secondsSinceEpoch(registration.cancelledAt ?? registration.createdAt) + 1 : 2 * secondsSinceEpoch(registration.createdAt);

/** The sessions a registration has booked that still take place, by start: what its ticket mails list. */
async function bookedSessions(db: Db, registrationId: string): Promise<{ title: Record<string, string>; startsAt: Date; endsAt: Date }[]> {
  const rows = await db
    .select({ title: agendaSessions.title, startsAt: agendaSessions.startsAt, endsAt: agendaSessions.endsAt })
    .from(sessionBookings)
    .innerJoin(agendaSessions, eq(agendaSessions.id, sessionBookings.sessionId))
    .where(and(eq(sessionBookings.registrationId, registrationId), eq(agendaSessions.status, 'scheduled')))
    .orderBy(asc(agendaSessions.startsAt), asc(agendaSessions.id));
  return rows.map((r) => ({ ...r, title: r.title as Record<string, string> }));
}

/** The event's venues, names and addresses, as the calendar file's LOCATION lists them. */
function findVenueLines(db: Db, eventId: string) {
  return db.select({ name: venues.name, address: venues.address }).from(venues).where(eq(venues.eventId, eventId)).orderBy(asc(venues.createdAt), asc(venues.id));
}

/** Where the calendar file's links point, and whose address it names as ORGANIZER when the event has no contact. */
export type CalendarSite = Pick<MailContext['config'], 'BASE_URL' | 'MAIL_FROM'>;

/**
 * The event's calendar file: METHOD:PUBLISH to add it, or METHOD:CANCEL with STATUS:CANCELLED, the same UID and a
 * higher SEQUENCE to take it out of the calendar again (RFC 5546).
 */
function eventIcsWith(venueLines: Awaited<ReturnType<typeof findVenueLines>>, site: CalendarSite, event: typeof events.$inferSelect, locale: Locale, file: { cancel: boolean; sequence: number }): Buffer {
  const baseUrl = site.BASE_URL;
  const title = pickLocalized(event.title, locale)?.text ?? event.slug;
  const location = venueLines.map((v) => [pickLocalized(v.name, locale)?.text, pickLocalized(v.address, locale)?.text].filter(Boolean).join(translate(locale, 'punct.comma'))).join(translate(locale, 'punct.semicolon'));
  const url = `${baseUrl}/events/${event.slug}`;
  const calendar = icalGenerator({ name: title, method: file.cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH, prodId: { company: 'Forum Desk', product: 'registration', language: locale === 'zh-CN' ? 'ZH' : 'EN' } });
  calendar.createEvent({
    id: `event-${event.id}@${new URL(baseUrl).hostname}`,
    sequence: file.sequence,
    ...(file.cancel ? { status: ICalEventStatus.CANCELLED } : {}),
    start: event.startsAt,
    end: event.endsAt,
    summary: title,
    description: `${pickLocalized(event.summary, locale)?.text ?? ''}\n\n${url}`.trim(),
    location: location || null,
    url,
    timezone: null,
    // RFC 5546 wants an ORGANIZER with METHOD:PUBLISH and CANCEL: the event, reached at its contact address, else at
    // the address its mail comes from (as the speakers' calendar invitations do).
    organizer: { name: title, email: event.contactEmail ?? parseMailbox(site.MAIL_FROM).address },
  });
  return Buffer.from(icalText(calendar), 'utf8');
}

export interface RegistrationMailJob {
  registrationId: string;
  kind: RegistrationMailKind;
  extras: RegistrationMailExtras;
}

/**
 * Queues a registration's mail as a job in the caller's transaction: nothing is mailed unless it commits, and the
 * request does not wait for the QR code, the calendar file and the HTML to be composed (the worker does that).
 */
export async function queueRegistrationMail(
  tx: Db,
  ctx: { clock: Clock; mail: MailContext },
  kind: RegistrationMailKind,
  registration: Pick<RegistrationRow, 'id'>,
  extras: RegistrationMailExtras,
): Promise<void> {
  await ctx.mail.jobs.enqueue(tx, QUEUES.registrationMail, { registrationId: registration.id, kind, extras } satisfies RegistrationMailJob);
}

/**
 * The job: composes the mail and queues it for delivery, once per job (a job that runs again after a crash finds
 * its row in registration_mail_jobs and does nothing).
 */
export async function composeRegistrationMail(db: Db, ctx: { clock: Clock; mail: MailContext }, jobId: string, job: RegistrationMailJob): Promise<void> {
  await db.transaction(async (tx) => {
    // The claim and the reads go out together; a second run of the job finds its claim taken and does nothing.
    const [[first], [found]] = await together([
      tx.insert(registrationMailJobs).values({ jobId, registrationId: job.registrationId, kind: job.kind }).onConflictDoNothing().returning({ jobId: registrationMailJobs.jobId }),
      tx.select({ registration: registrations, event: events }).from(registrations).innerJoin(events, eq(events.id, registrations.eventId)).where(eq(registrations.id, job.registrationId)),
    ]);
    if (first && found) await composeNow(tx, ctx, job.kind, found.registration, found.event, job.extras);
  });
}

/**
 * How long a composed job's row is kept. A registration.mail job is retried for about two hours at most (queues.ts),
 * so a month is far beyond the last time a row can still stop a second mail.
 */
export const COMPOSED_MAIL_JOB_DAYS = 30;

/** Drops the rows of jobs composed longer ago than that (the daily privacy run calls it); returns how many. */
export async function forgetComposedMailJobs(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - COMPOSED_MAIL_JOB_DAYS * 86_400_000);
  return (await db.delete(registrationMailJobs).where(lt(registrationMailJobs.createdAt, cutoff)).returning({ jobId: registrationMailJobs.jobId })).length;
}

async function composeNow(
  tx: Db,
  ctx: { clock: Clock; mail: MailContext },
  kind: RegistrationMailKind,
  registration: RegistrationRow,
  event: typeof events.$inferSelect,
  extras: RegistrationMailExtras,
): Promise<void> {
  const locale: Locale = isLocale(registration.locale) ? registration.locale : 'en';
  const baseUrl = ctx.mail.config.BASE_URL;
  const data: Record<string, unknown> = {
    kind,
    introKey: kind === 'promoted' && extras.moved ? 'promoted-moved' : kind === 'cancelled' && extras.byOrganisers ? 'cancelled-by-organisers' : kind,
    [`is_${kind.replaceAll('-', '_')}`]: true,
    ticketCode: registration.ticketCode,
    waitlistPosition: extras.waitlistPosition ?? null,
    message: extras.message ?? null,
    missedSessions: (extras.missedSessionIds ?? []).length,
    withTicket: WITH_TICKET.has(kind),
  };
  const withTicket = WITH_TICKET.has(kind);
  const until = event.endsAt.getTime() + MANAGE_LINK_DAYS_AFTER_EVENT * 86_400_000;
  const ttlSeconds = Math.max(86_400, Math.ceil((until - ctx.clock.now().getTime()) / 1000));
  // A cancellation takes the event out of the calendar the ticket mails put it in.
  const withCalendar = withTicket || kind === 'cancelled';
  // The manage link's token, the venues for the calendar file and the booked sessions, written and read together.
  const [issued, venueLines, booked, window, categoryName, questions] = await together([
    WITH_LINK.has(kind) ? issueAccessToken(tx, ctx.clock, { purpose: 'manage-registration', subject: registration.id, ttlSeconds }) : undefined,
    withCalendar ? findVenueLines(tx, event.id) : undefined,
    withTicket ? bookedSessions(tx, registration.id) : undefined,
    // After a cancellation, the way back in while registration is still open.
    kind === 'cancelled' && event.status === 'published' ? registrationWindow(tx, event.id, ctx.clock.now()) : undefined,
    // The ticket says how the person takes part (after a move by the organisers, the new category).
    withTicket ? findCategoryName(tx, event.id, registration.categoryId) : undefined,
    // The corrected answers are named by their questions.
    kind === 'details-changed' && (extras.changedQuestionIds ?? []).length > 0 ? findFormQuestions(tx, event.id) : undefined,
  ]);
  // What the organisers corrected, each field with what it holds now.
  data.changes = kind === 'details-changed' ? correctedLines(registration, { fields: extras.changedFields ?? [], questionIds: extras.changedQuestionIds ?? [] }, questions ?? [], locale) : [];
  data.categoryName = categoryName ?? null;
  if (issued) data.manageUrl = manageUrl(baseUrl, issued.token);
  data.sessions = booked ?? [];
  // Where to go, beside when: the venues as the calendar file's LOCATION names them, an address only where one is written.
  data.venues = withTicket ? venueLines!.map((v) => ({ name: v.name, address: pickLocalized(v.address, locale) ? v.address : null })) : [];
  if (window?.state === 'open') data.registerUrl = `${baseUrl}/events/${event.slug}/register`;
  const attachments: MailAttachment[] = [];
  if (withTicket) {
    const png = await ticketQrPng(registration.ticketCode);
    attachments.push({ filename: 'ticket.png', contentType: 'image/png', content: png, cid: 'ticket-qr' });
  }
  if (withCalendar) {
    const file = { cancel: kind === 'cancelled', sequence: calendarSequence(registration, { cancel: kind === 'cancelled' }) };
    // The file's METHOD repeated in its Content-Type (RFC 6047), so mail clients offer to add or remove the event,
    // and its charset, so strict clients read a Chinese title and venue as UTF-8.
    const contentTypeParams = { charset: 'utf-8', method: file.cancel ? 'CANCEL' : 'PUBLISH' };
    attachments.push({ filename: 'event.ics', contentType: 'text/calendar', contentTypeParams, content: eventIcsWith(venueLines!, ctx.mail.config, event, locale, file) });
  }
  const name = locale === 'zh-CN' && registration.nameZh ? registration.nameZh : personName(registration.givenName, registration.familyName);
  await queueMail(tx, ctx.mail, {
    to: { email: registration.email, name },
    template: 'registration',
    subjectVariant: kind,
    locale,
    eventId: event.id,
    event,
    data,
    attachments,
  });
}
