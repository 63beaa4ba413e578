// The organisers' spreadsheet of the agenda as it stands now (published or not): one row per session, times in the
// event's zone, both titles, names in the reader's language.
import { DateTime } from 'luxon';
import { hasMessage, translate, type Locale } from '../../i18n/index.ts';
import type { Db } from '../../db/types.ts';
import { toCsv } from '../../lib/csv.ts';
import { zoneName } from '../../lib/datetime.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { findPeopleOfSessions, findRoomsOfEvent, findSessionsOfEvent, findTracksOfEvent } from '../agenda/queries.ts';

export const CSV_COLUMNS = ['id', 'day', 'start', 'end', 'type', 'titleEn', 'titleZh', 'room', 'venue', 'track', 'language', 'interpretation', 'capacity', 'status', 'people'] as const;

type Cell = string | number | null;

/** The header and one row per session, in start order; the CSV is these rows as written by toCsv. */
export async function agendaRows(db: Db, event: { id: string; timezone: string }, locale: Locale): Promise<Cell[][]> {
  const [sessions, rooms, tracks] = await Promise.all([findSessionsOfEvent(db, event.id), findRoomsOfEvent(db, event.id), findTracksOfEvent(db, event.id)]);
  const people = await findPeopleOfSessions(db, sessions.map((s) => s.id));
  const roomById = new Map(rooms.map((r) => [r.id, r]));
  const trackById = new Map(tracks.map((t) => [t.id, t]));
  const name = (value: unknown) => pickLocalized(value as LocalizedText, locale)?.text ?? '';
  // A code without a label (a language added later, say) is shown as the code itself.
  const t = (key: string) => (hasMessage('en', key) ? translate(locale, key) : key.slice(key.lastIndexOf('.') + 1));
  // "Li Na (Speaker); …" in English, "李娜（演讲嘉宾）；…" in Chinese.
  const punct = (name: string) => translate(locale, `punct.${name}`);
  // The times are wall times in the event's zone, which the time columns name ("Start (Rome time)").
  const zone = zoneName(new Date(), event.timezone, locale);
  const header = CSV_COLUMNS.map((column) => translate(locale, `exports.csv.${column}`, { zone }));
  const rows = sessions.map((s): Cell[] => {
    const starts = DateTime.fromJSDate(s.startsAt, { zone: event.timezone });
    const room = s.roomId ? roomById.get(s.roomId) : undefined;
    const track = s.trackId ? trackById.get(s.trackId) : undefined;
    const title = s.title as LocalizedText;
    return [
      s.id,
      starts.toISODate(),
      starts.toFormat('HH:mm'),
      endOf(starts, DateTime.fromJSDate(s.endsAt, { zone: event.timezone })),
      t(`agenda.types.${s.type}`),
      title.en ?? '',
      title['zh-CN'] ?? '',
      room ? name(room.name) : '',
      room ? name(room.venueName) : '',
      track ? name(track.name) : '',
      t(`agenda.languages.${s.language}`),
      s.interpretation ? t(`agenda.interpretations.${s.interpretation}`) : '',
      s.capacity,
      t(`agenda.statuses.${s.status}`),
      (people.get(s.id) ?? []).map((p) => `${name(p.name)}${punct('open')}${t(`agenda.roles.${p.role}`)}${punct('close')}`).join(punct('semicolon')),
    ];
  });
  return [header, ...rows];
}

/** The end's time, with its date when it is another day than the start's (23:30 → "2027-03-30 01:00"). */
function endOf(starts: DateTime, ends: DateTime): string {
  return ends.toISODate() === starts.toISODate() ? ends.toFormat('HH:mm') : ends.toFormat('yyyy-MM-dd HH:mm');
}

export async function agendaCsv(db: Db, event: { id: string; timezone: string }, locale: Locale): Promise<string> {
  return toCsv(await agendaRows(db, event, locale));
}
