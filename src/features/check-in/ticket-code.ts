// What a scanner or a keyboard hands us, made into a ticket code, a door name or a scan id, or refused.
// Example: parseTicketCode(' abcd efgh … ') → 'ABCDEFGH…'; parseDoor('  North gate ') → 'North gate'
import { isUuid } from '../../lib/ids.ts';

/** Tickets are base32 (A–Z, 2–7) of at least 128 random bits: 26 characters or more (registration service). */
const TICKET = /^[A-Z2-7]{26,64}$/;

/** A ticket code as printed or scanned: case, spaces and dashes do not matter; null when it cannot be one. */
export function parseTicketCode(text: string): string | null {
  const code = text.normalize('NFKC').replace(/[\s-]+/g, '').toUpperCase();
  return TICKET.test(code) ? code : null;
}

export const DOOR_MAX_LENGTH = 60;

/** A door or desk name: trimmed, inner runs of spaces made one, 1–60 characters; null otherwise. */
export function parseDoor(text: string): string | null {
  const door = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  return door.length >= 1 && [...door].length <= DOOR_MAX_LENGTH && !/[\p{Cc}]/u.test(door) ? door : null;
}

/** The browser's id of one scan (crypto.randomUUID()), lower-cased; null when absent or not a UUID. */
export function parseClientId(text: string | undefined): string | null {
  return text && isUuid(text) ? text.toLowerCase() : null;
}
