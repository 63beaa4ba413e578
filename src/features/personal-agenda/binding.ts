// Which personal agenda this browser confirmed, per event: a long-lived cookie scoped to the event's personal agenda
// pages, holding the record's id and an HMAC of it, so it cannot be pointed at another person's agenda.
// Example: reply.setCookie(MY_AGENDA_COOKIE, signBinding(secret, row.id), bindingCookieOptions(slug, baseUrl))
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../../lib/ids.ts';

export const MY_AGENDA_COOKIE = 'fd_my_agenda';
/** About a year: the browser keeps its agenda for the event and the next one of the series. */
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

const mac = (secret: string, id: string) => createHmac('sha256', secret).update(`my-agenda:${id}`).digest('base64url');

export const signBinding = (secret: string, agendaId: string) => `${agendaId}.${mac(secret, agendaId)}`;

/** The personal agenda id the cookie names, if its signature holds. */
export function readBinding(secret: string, cookie: string | undefined): string | undefined {
  if (!cookie) return undefined;
  const [id = '', signature = ''] = cookie.split('.');
  if (!isUuid(id)) return undefined;
  const expected = Buffer.from(mac(secret, id));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : undefined;
}

export function bindingCookieOptions(slug: string, baseUrl: string) {
  return {
    path: `/events/${encodeURIComponent(slug)}/my-agenda`,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: baseUrl.startsWith('https:') ? true : ('auto' as const),
    maxAge: MAX_AGE_SECONDS,
  };
}
