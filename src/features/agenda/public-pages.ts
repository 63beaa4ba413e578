// What the public session, speaker and changelog pages show, taken from the published agenda only: the latest
// version for sessions and speakers (never an e-mail address), every version for the changelog.
// Example: const page = await loadSessionPage(db, 'belt-and-road-forum', sessionId); page.session.title
import type { PublishedSession, PublishedSpeaker } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { formatList, translate, type Locale } from '../../i18n/index.ts';
import { formatDate, formatDateTime, formatTime, utcOffsetSpan, zoneName } from '../../lib/datetime.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { daysLater } from '../../lib/time-zones.ts';
import { findPublishedEventBySlug } from '../events/queries.ts';
import { showSession, type ShownSession } from './public-agenda.ts';
import { findAgendaVersions, findPublishedAgenda } from './publish.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A published event and its latest published agenda; NotFoundError for an unknown or unpublished event. */
export async function loadPublishedAgenda(db: Db, slug: string) {
  const event = await findPublishedEventBySlug(db, slug);
  if (!event) throw new NotFoundError('event', { slug });
  const version = await findPublishedAgenda(db, event.id);
  return { event, sessions: version?.sessions ?? [], speakers: version?.speakers ?? [], published: Boolean(version) };
}

/** The published session with this id in this event's latest version; NotFoundError otherwise (a malformed id too). */
export function findPublishedSession(sessions: PublishedSession[], id: string): PublishedSession {
  const session = UUID.test(id) ? sessions.find((s) => s.id === id.toLowerCase()) : undefined;
  if (!session) throw new NotFoundError('session', { id });
  return session;
}

/**
 * A published person: from the version's speaker list, or (for versions published before that list was kept) the
 * name as it appears on a session. NotFoundError for anyone else.
 */
export function findPublishedSpeaker(version: { sessions: PublishedSession[]; speakers: PublishedSpeaker[] }, id: string): PublishedSpeaker {
  if (UUID.test(id)) {
    const key = id.toLowerCase();
    const listed = version.speakers.find((p) => p.id === key);
    if (listed) return listed;
    const named = version.sessions.flatMap((s) => s.people ?? []).find((p) => p.speakerId === key);
    if (named) return { id: key, name: named.name, title: {}, organisation: {}, country: null };
  }
  throw new NotFoundError('speaker', { id });
}

/** The sessions a person is on, in start order. */
export function sessionsOfSpeaker(sessions: PublishedSession[], speakerId: string, zone: string): ShownSession[] {
  return sessions
    .filter((s) => (s.people ?? []).some((p) => p.speakerId === speakerId))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((s) => showSession(s, zone));
}

// Titles in front of a name, which the order passes over: "Dr. Elena Márquez" is listed under E, beside Elena
// Fischer, not among the doctors under D.
// Abbreviations only with their dot ("He Jiankui" and "Hon Lam" are surnames, not H.E. and Hon.).
const HONORIFICS = /^(?:(?:(?:dr|prof|mr|mrs|ms|mx|rev)\.?|h\.\s?e\.|hon\.|sir|dame|professor|ambassador|minister)\s+)+/i;

/** The people of the latest version in name order for the reader's language, titles before names disregarded. */
export function sortSpeakers(speakers: PublishedSpeaker[], locale: Locale): PublishedSpeaker[] {
  const keyOf = (p: PublishedSpeaker) => (pickLocalized(p.name, locale)?.text ?? '').replace(HONORIFICS, '');
  const collator = new Intl.Collator(locale);
  return [...speakers].sort((a, b) => collator.compare(keyOf(a), keyOf(b)));
}

/** "Italy" / "意大利" for 'IT'; the code itself if Intl does not know it. */
export function countryName(code: string | null, locale: Locale): string | undefined {
  if (!code) return undefined;
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "+1 day" / "次日", "+2 days" / "+2天": how much later than its start day a session ends. */
export function laterLabel(days: number, locale: Locale): string {
  return days === 1 ? translate(locale, 'publicPages.nextDay') : translate(locale, 'publicPages.daysLater', { count: days });
}

export interface SessionTime {
  date: string;
  start: string;
  end: string;
  /** "+1 day" / "次日" when the session ends on a later date in this zone. */
  later?: string;
  /** "Beijing time (UTC+8)" / "北京时间（UTC+8）". */
  zone: string;
}

/** A session's date, start, end and zone as printed on its page, in `zone`. */
export function describeSessionTime(session: ShownSession, zone: string, locale: Locale): SessionTime {
  const days = daysLater(session.startsAtDate, session.endsAtDate, zone);
  return {
    date: formatDate(session.startsAtDate, zone, locale),
    start: formatTime(session.startsAtDate, zone, locale),
    end: formatTime(session.endsAtDate, zone, locale),
    later: days > 0 ? laterLabel(days, locale) : undefined,
    zone: translate(locale, 'publicPages.zoneWithOffset', { zone: zoneName(session.startsAtDate, zone, locale), offset: utcOffsetSpan(session.startsAtDate, session.endsAtDate, zone) }),
  };
}

/** "17 Sep 2026, 09:00–09:45, Room 301": where and when a session was or is, for the changelog. */
function describeSlot(session: PublishedSession, zone: string, locale: Locale): string {
  const shown = showSession(session, zone);
  const later = shown.endsDaysLater > 0 ? ` ${laterLabel(shown.endsDaysLater, locale)}` : '';
  const when = translate(locale, 'format.dateTime', {
    date: formatDate(shown.startsAtDate, zone, locale),
    time: `${formatTime(shown.startsAtDate, zone, locale)}–${formatTime(shown.endsAtDate, zone, locale)}${later}`,
  });
  const room = pickLocalized(session.room?.name, locale)?.text;
  return room ? translate(locale, 'publicPages.changes.slot', { when, room }) : when;
}

/**
 * What a rename changed, for a reader in `locale`: the old title as they read it; when only the title in the other
 * language changed (theirs reads the same before and after), that language's old title, named as such.
 */
export function renamedDetail(before: Record<string, string>, after: Record<string, string>, locale: Locale): string {
  const shownBefore = pickLocalized(before, locale)?.text ?? '';
  if (shownBefore !== (pickLocalized(after, locale)?.text ?? '')) return translate(locale, 'publicPages.changes.renamedFrom', { title: shownBefore });
  const other = (['en', 'zh-CN'] as const).find((lang) => (before[lang] ?? '') !== (after[lang] ?? ''));
  if (!other || !before[other]) return translate(locale, 'publicPages.changes.renamedFrom', { title: shownBefore });
  return translate(locale, other === 'en' ? 'publicPages.changes.renamedFromEn' : 'publicPages.changes.renamedFromZh', { title: before[other]! });
}

export interface ChangelogEntry {
  number: number;
  published: string;
  changes: { kind: string; title: Record<string, string>; href?: string; detail?: string }[];
}

/**
 * Every published version of an event's agenda, newest first, with its changes; moves say from where to where and
 * renames say the old title. Sessions still on the agenda link to their page (`keep` carries zone and language).
 */
export async function loadChangelog(
  db: Db,
  event: { id: string; slug: string },
  zone: string,
  locale: Locale,
  keep: string,
  read?: Awaited<ReturnType<typeof findAgendaVersions>>,
): Promise<ChangelogEntry[]> {
  const versions = read ?? (await findAgendaVersions(db, event.id));
  const current = new Set((versions[0]?.sessions ?? []).map((s) => s.id));
  return versions.map((version, index) => {
    const before = new Map((versions[index + 1]?.sessions ?? []).map((s) => [s.id, s]));
    const after = new Map(version.sessions.map((s) => [s.id, s]));
    return {
      number: version.version,
      published: formatDateTime(version.publishedAt, zone, locale),
      changes: version.changes.map((change) => {
        const was = before.get(change.sessionId);
        const now = after.get(change.sessionId);
        let detail: string | undefined;
        if (change.kind === 'moved' && was && now) {
          detail = translate(locale, 'publicPages.changes.moved', { before: describeSlot(was, zone, locale), after: describeSlot(now, zone, locale) });
        } else if (change.kind === 'renamed' && was) {
          detail = renamedDetail(was.title, change.title, locale);
        } else if (change.kind === 'updated' && change.fields?.length) {
          detail = translate(locale, 'publicPages.changes.updated', { fields: formatList(locale, change.fields.map((field) => translate(locale, `publicPages.changes.fields.${field}`))) });
        } else if (now ?? was) {
          // Added, cancelled, back or removed: when and where, so two sessions of one title (a duplicated
          // ceremony, the day's coffee breaks) are told apart.
          detail = describeSlot((now ?? was)!, zone, locale);
        }
        const href = current.has(change.sessionId) ? `/events/${event.slug}/sessions/${change.sessionId}${keep}` : undefined;
        return { kind: change.kind, title: change.title, href, detail };
      }),
    };
  });
}
