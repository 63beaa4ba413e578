// What a speaker sees on the portal's front page: each event where their address is on the speaker list, and in
// it each session they are on (role, their answer, room, time in the event's zone and in their own), with the
// slides they have uploaded for it. Live agenda data: speakers are asked before the agenda is published.
// Example: const events = await loadSpeakerOverview(db, 'li.na@example.cn', 'zh-CN', 'Europe/Rome')
import { and, asc, eq, inArray } from 'drizzle-orm';
import { agendaSessions, events, rooms, sessionPeople, speakers, type AssignmentStatus, type SessionPersonRole } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { translate, type Locale } from '../../i18n/index.ts';
import { formatDate, formatTime, utcOffsetSpan, zoneName } from '../../lib/datetime.ts';
import type { LocalizedText } from '../../lib/localized.ts';
import { daysLater, parseViewerZone } from '../../lib/time-zones.ts';
import { laterLabel } from '../agenda/public-pages.ts';
import { listSlides } from './slides.ts';

export interface SlotText {
  /** "17 Sep 2026, 09:00–10:30" / "2026年9月17日 09:00–10:30", with "+1 day" when it ends on a later date. */
  when: string;
  zone: string;
}

export interface PortalSession {
  id: string;
  speakerId: string;
  title: LocalizedText;
  role: SessionPersonRole;
  status: AssignmentStatus;
  cancelled: boolean;
  room: LocalizedText | null;
  eventTime: SlotText;
  /** Only when the speaker's zone differs from the event's. */
  ownTime?: SlotText;
  slides?: { filename: string; size: number; uploadedAt: Date };
}

export interface PortalEvent {
  speakerId: string;
  eventId: string;
  title: LocalizedText;
  slug: string;
  timezone: string;
  sessions: PortalSession[];
}

/** A session's slot as the page prints it in `zone`: when, and the zone named ("Beijing time (UTC+8)"). */
export function describeSlot(startsAt: Date, endsAt: Date, zone: string, locale: Locale): SlotText {
  const days = daysLater(startsAt, endsAt, zone);
  const time = `${formatTime(startsAt, zone, locale)}–${formatTime(endsAt, zone, locale)}${days > 0 ? ` ${laterLabel(days, locale)}` : ''}`;
  return {
    when: translate(locale, 'format.dateTime', { date: formatDate(startsAt, zone, locale), time }),
    zone: translate(locale, 'publicPages.zoneWithOffset', { zone: zoneName(startsAt, zone, locale), offset: utcOffsetSpan(startsAt, endsAt, zone) }),
  };
}

export async function loadSpeakerOverview(db: Db, email: string, locale: Locale, ownZone: string | null): Promise<PortalEvent[]> {
  const entries = await db
    .select({ speakerId: speakers.id, eventId: events.id, title: events.title, slug: events.slug, timezone: events.timezone })
    .from(speakers)
    .innerJoin(events, eq(events.id, speakers.eventId))
    .where(eq(speakers.email, email))
    .orderBy(asc(events.startsAt));
  if (entries.length === 0) return [];
  const speakerIds = entries.map((e) => e.speakerId);
  const [rows, slides] = await Promise.all([
    db
      .select({
        id: agendaSessions.id,
        speakerId: sessionPeople.speakerId,
        title: agendaSessions.title,
        role: sessionPeople.role,
        status: sessionPeople.status,
        sessionStatus: agendaSessions.status,
        room: rooms.name,
        startsAt: agendaSessions.startsAt,
        endsAt: agendaSessions.endsAt,
      })
      .from(sessionPeople)
      .innerJoin(agendaSessions, eq(agendaSessions.id, sessionPeople.sessionId))
      .leftJoin(rooms, eq(rooms.id, agendaSessions.roomId))
      .where(inArray(sessionPeople.speakerId, speakerIds))
      .orderBy(asc(agendaSessions.startsAt)),
    listSlides(db, speakerIds),
  ]);
  return entries.map((entry) => ({
    ...entry,
    sessions: rows
      .filter((r) => r.speakerId === entry.speakerId)
      .map((r) => {
        const file = slides.find((s) => s.sessionId === r.id && s.speakerId === r.speakerId);
        return {
          id: r.id,
          speakerId: r.speakerId,
          title: r.title,
          role: r.role,
          status: r.status,
          cancelled: r.sessionStatus === 'cancelled',
          room: r.room,
          eventTime: describeSlot(r.startsAt, r.endsAt, entry.timezone, locale),
          // One zone by two names (a profile on Asia/Kolkata, an event kept on Asia/Calcutta) is the same time: no second line.
          ...(ownZone && parseViewerZone(ownZone) !== parseViewerZone(entry.timezone) ? { ownTime: describeSlot(r.startsAt, r.endsAt, ownZone, locale) } : {}),
          ...(file ? { slides: { filename: file.filename, size: file.size, uploadedAt: file.uploadedAt } } : {}),
        };
      }),
  }));
}

/**
 * The speaker entry through which this person is on this session, with the session's title and whether it is
 * cancelled, or undefined (someone else's session, or none).
 */
export async function findOwnAssignment(db: Db, email: string, sessionId: string) {
  const [row] = await db
    .select({ speakerId: speakers.id, eventId: speakers.eventId, status: sessionPeople.status, title: agendaSessions.title, sessionStatus: agendaSessions.status })
    .from(sessionPeople)
    .innerJoin(speakers, eq(speakers.id, sessionPeople.speakerId))
    .innerJoin(agendaSessions, eq(agendaSessions.id, sessionPeople.sessionId))
    .where(and(eq(sessionPeople.sessionId, sessionId), eq(speakers.email, email)));
  return row;
}
