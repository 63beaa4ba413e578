// The order in which the public pages list an agenda's rooms and tracks, kept in one place so that the agenda's room
// and track views and the calendars page agree: rooms by name in the reader's language, tracks in the organiser's order.
// Example: feeds.sort(compareTracks(['green-id', 'digital-id'], 'en')); rooms.sort(compareRooms('zh-CN'))
import type { Locale } from '../../i18n/index.ts';

/** A room or track as a page lists it: its id (where known) and its name in the reader's language. */
export interface AgendaPart {
  id?: string;
  name: string;
}

/** Rooms by name in the reader's language: "Conference Room 1" before "Plenary Hall"; 301会议室 before 大会堂. */
export function compareRooms(locale: Locale): (a: AgendaPart, b: AgendaPart) => number {
  return (a, b) => a.name.localeCompare(b.name, locale);
}

/**
 * Tracks in the organiser's order (`trackOrder`: the event's track ids by position); a track missing from it (removed
 * since the agenda was published) after those, by name.
 */
export function compareTracks(trackOrder: readonly string[], locale: Locale): (a: AgendaPart, b: AgendaPart) => number {
  const rank = new Map(trackOrder.map((id, index) => [id, index]));
  const rankOf = (part: AgendaPart) => rank.get(part.id ?? '') ?? rank.size;
  return (a, b) => rankOf(a) - rankOf(b) || a.name.localeCompare(b.name, locale);
}
