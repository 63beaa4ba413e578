// The published agenda as a frab schedule (the model behind schedule.xml and schedule.json, which Giggity,
// EventFahrplan and ConfClerk import): days that run from 04:00 to 04:00 in the event's zone, rooms, sessions.
// Example: buildSchedule({ event, agenda, numbers, lang: 'zh-CN', baseUrl: 'https://forum.example.org' })
import { DateTime } from 'luxon';
import type { PublishedSession } from '../../db/schema/index.ts';
import { translate, type Locale } from '../../i18n/index.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import type { ScheduleNumbers } from './schedule-numbers.ts';
import { isForEveryone } from '../agenda/public-agenda.ts';
import { asciiSlug } from '../../lib/ascii-slug.ts';

/**
 * When a schedule day begins, in the event's zone. Like frab, a session that starts after midnight but before 04:00
 * (the end of an evening programme) belongs to the day before, so apps show it with that evening.
 */
export const DAY_CHANGE_HOUR = 4;
/** The grid step apps draw with; sessions are entered to the minute but usually start on a quarter hour. */
const TIMESLOT = '00:15';

export interface ScheduleEvent {
  /** Stable integer id (see schedule-numbers.ts); the guid is the session's UUID. */
  id: number;
  guid: string;
  /** Start as ISO 8601 with the event zone's offset. */
  date: string;
  /** Start as HH:mm and length as HH:mm, in the event's zone. */
  start: string;
  duration: string;
  room: string;
  slug: string;
  url: string;
  title: string;
  track: string | null;
  type: string;
  language: string;
  abstract: string;
  description: string;
  persons: { id: number; name: string }[];
}

export interface ScheduleRoom {
  name: string;
  /** Absent for sessions whose room is not announced yet. */
  guid?: string;
}

export interface ScheduleDay {
  index: number;
  /** yyyy-MM-dd, and the day's first and last instants as ISO 8601 with offset. */
  date: string;
  start: string;
  end: string;
  rooms: (ScheduleRoom & { events: ScheduleEvent[] })[];
}

export interface Schedule {
  /** The agenda version the schedule shows. */
  version: string;
  conference: {
    acronym: string;
    title: string;
    start: string;
    end: string;
    daysCount: number;
    timeslotDuration: string;
    timeZoneName: string;
    baseUrl: string;
    url: string;
  };
  rooms: ScheduleRoom[];
  tracks: { name: string; colour: string }[];
  days: ScheduleDay[];
}

export interface ScheduleSource {
  event: { id: string; slug: string; title: LocalizedText; timezone: string; startsAt: Date; endsAt: Date };
  agenda: { version: number; sessions: PublishedSession[] } | undefined;
  numbers: ScheduleNumbers;
  /** Room ids in the organisers' order (venue, then room); rooms no longer there follow by name. */
  roomOrder: readonly string[];
  lang: Locale;
  /** BASE_URL without a trailing slash. */
  baseUrl: string;
}

const text = (value: Record<string, string> | undefined | null, lang: Locale) => pickLocalized(value as LocalizedText, lang)?.text ?? '';

/** The schedule day an instant belongs to: its date in the zone, counting 00:00–03:59 to the day before. */
export function scheduleDay(instant: Date | string, zone: string): string {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone }) : DateTime.fromJSDate(instant, { zone });
  return dt.minus({ hours: DAY_CHANGE_HOUR }).toISODate()!;
}

function iso(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true })!;
}

function hoursAndMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The conference acronym: the event slug with underscores for hyphens (the JSON schema allows no hyphen after the
 * first character), at least four characters long as both schemas want.
 */
export function scheduleAcronym(eventSlug: string): string {
  return eventSlug.replaceAll('-', '_').padEnd(4, '_');
}

/** "<event>-<id>-<title>", the slug shape the schedule XML schema asks for: e.g. "beltandroadforum-7-opening-keynote". */
export function sessionSlug(eventSlug: string, id: number, title: LocalizedText): string {
  const prefix = eventSlug.replaceAll('-', '').padEnd(4, '0');
  const words = asciiSlug(title.en ?? '', 48);
  // Chinese-only or very short titles still need four characters after the id.
  const tail = words.length >= 4 ? words : ['session', words].filter(Boolean).join('-');
  return `${prefix}-${id}-${tail}`;
}

/** Every calendar day of the event in its zone (an end at midnight belongs to the day before), as yyyy-MM-dd. */
function eventDates(startsAt: Date, endsAt: Date, zone: string): string[] {
  let day = DateTime.fromJSDate(startsAt, { zone }).startOf('day');
  let last = DateTime.fromJSDate(endsAt, { zone });
  if (last > day && last.equals(last.startOf('day'))) last = last.minus({ milliseconds: 1 });
  const dates: string[] = [];
  while (day <= last && dates.length < 366) {
    dates.push(day.toISODate()!);
    day = day.plus({ days: 1 });
  }
  return dates;
}

export function buildSchedule({ event, agenda, numbers, roomOrder, lang, baseUrl }: ScheduleSource): Schedule {
  const zone = event.timezone;
  // Cancelled sessions are left out: neither schema has a status, and the apps take a session that disappears from
  // a new schedule as cancelled (EventFahrplan lists it under changes). Its id stays reserved for it.
  const sessions = (agenda?.sessions ?? []).filter((s) => s.status !== 'cancelled').sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));

  // Rooms in the organisers' order, the same every day and after every publication (apps draw them as columns);
  // a name used in two venues names the venue too.
  const roomOf = new Map<string, ScheduleRoom>();
  const noRoom: ScheduleRoom = { name: translate(lang, 'exports.noRoom') };
  const position = (roomId: string) => (roomOrder.includes(roomId) ? roomOrder.indexOf(roomId) : roomOrder.length);
  const named = sessions
    .filter((s) => s.roomId && s.room)
    .sort((a, b) => position(a.roomId!) - position(b.roomId!) || text(a.room!.name, lang).localeCompare(text(b.room!.name, lang), lang, { numeric: true }));
  const nameCount = new Map<string, number>();
  for (const s of new Map(named.map((s) => [s.roomId!, s])).values()) nameCount.set(text(s.room!.name, lang), (nameCount.get(text(s.room!.name, lang)) ?? 0) + 1);
  for (const s of named) {
    if (roomOf.has(s.roomId!)) continue;
    const name = text(s.room!.name, lang);
    const withVenue = `${name}${translate(lang, 'punct.open')}${text(s.room!.venue, lang)}${translate(lang, 'punct.close')}`;
    roomOf.set(s.roomId!, { name: nameCount.get(name)! > 1 ? withVenue : name, guid: s.roomId! });
  }
  // Breaks and networking without a room are for everyone, as the agenda's room view shows them, not waiting for a room.
  const everyone: ScheduleRoom = { name: translate(lang, 'publicAgenda.forEveryone') };
  const roomOfSession = (s: PublishedSession) => (s.roomId && s.room ? roomOf.get(s.roomId)! : isForEveryone(s) ? everyone : noRoom);
  const rooms = [...roomOf.values(), ...[noRoom, everyone].filter((room) => sessions.some((s) => roomOfSession(s) === room))];
  const tracks = new Map<string, { name: string; colour: string }>();
  for (const s of sessions) if (s.trackId && s.track && !tracks.has(s.trackId)) tracks.set(s.trackId, { name: text(s.track.name, lang), colour: s.track.colour });

  const dates = [...new Set([...eventDates(event.startsAt, event.endsAt, zone), ...sessions.map((s) => scheduleDay(s.startsAt, zone))])].sort();
  const langQuery = lang === 'en' ? '' : `?lang=${lang}`;
  const days: ScheduleDay[] = dates.map((date, i) => {
    const start = DateTime.fromISO(date, { zone }).set({ hour: DAY_CHANGE_HOUR });
    const ofDay = sessions.filter((s) => scheduleDay(s.startsAt, zone) === date);
    return {
      index: i + 1,
      date,
      start: iso(start),
      end: iso(start.plus({ days: 1 })),
      rooms: rooms.map((room) => ({
        ...room,
        events: ofDay.filter((s) => roomOfSession(s) === room).map((s) => toEvent(s, room.name)),
      })),
    };
  });

  function toEvent(s: PublishedSession, room: string): ScheduleEvent {
    const id = numbers.sessions.get(s.id)!;
    const starts = DateTime.fromISO(s.startsAt, { zone });
    const abstract = text(s.abstract, lang);
    const interpretation = s.interpretation
      ? translate(lang, 'exports.interpretation', { interpretation: translate(lang, `agenda.interpretations.${s.interpretation}`) })
      : '';
    return {
      id,
      guid: s.id,
      date: iso(starts),
      start: starts.toFormat('HH:mm'),
      duration: hoursAndMinutes(Math.round(DateTime.fromISO(s.endsAt).diff(starts, 'minutes').minutes)),
      room,
      slug: sessionSlug(event.slug, id, s.title as LocalizedText),
      url: `${baseUrl}/events/${event.slug}/sessions/${s.id}${langQuery}`,
      title: text(s.title, lang),
      track: s.track ? text(s.track.name, lang) : null,
      type: s.type ?? 'other',
      language: s.language ?? '',
      abstract,
      description: [abstract, interpretation].filter(Boolean).join('\n\n'),
      persons: (s.people ?? []).flatMap((p) => {
        const person = p.speakerId ? numbers.people.get(p.speakerId) : undefined;
        return person ? [{ id: person, name: text(p.name, lang) }] : [];
      }),
    };
  }

  return {
    version: String(agenda?.version ?? 0),
    conference: {
      acronym: scheduleAcronym(event.slug),
      title: text(event.title as Record<string, string>, lang),
      start: dates[0]!,
      end: dates.at(-1)!,
      daysCount: dates.length,
      timeslotDuration: TIMESLOT,
      timeZoneName: zone,
      baseUrl: `${baseUrl}/events/${event.slug}`,
      url: `${baseUrl}/events/${event.slug}${langQuery}`,
    },
    rooms,
    tracks: [...tracks.values()],
    days,
  };
}
