// The organiser's "invite" form: a person from the event's speaker list or a new one (name and address), the
// sessions each with a role, a personal message and the mail's language. Every field checked with a message.
import { INVITATION_LOCALES, INVITATION_MESSAGE_MAX, SESSION_PERSON_ROLES, type SessionPersonRole } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Locale } from '../../i18n/index.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { localizedFromFields, pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { normaliseEmail } from '../accounts/service.ts';
import { findSpeakerOfEvent } from '../agenda/speakers.ts';
import { findPeopleOfEvent, findSessionsWithRooms, findSpeakerByEmail, findSpeakerElsewhere, type SpeakerRow } from './queries.ts';

export interface InviteForm {
  speakerId: string;
  nameEn: string;
  nameZh: string;
  email: string;
  sessionIds: string[];
  /** Role per session id, as chosen in the form. */
  roles: Record<string, string>;
  message: string;
  /** '' for "automatic" (the account's language, else by the name); 'en' or 'zh-CN'. */
  locale: string;
}

export const EMPTY_INVITE_FORM: InviteForm = { speakerId: '', nameEn: '', nameZh: '', email: '', sessionIds: [], roles: {}, message: '', locale: '' };

/** Who is invited: someone on the event's list, or a new entry (from the person's profile elsewhere, if any). */
export type Invitee = { existing: SpeakerRow } | { create: { name: LocalizedText; title: LocalizedText; organisation: LocalizedText; country: string | null; email: string } };

export interface InviteValues {
  invitee: Invitee;
  email: string;
  lines: { sessionId: string; role: SessionPersonRole }[];
  message: string;
  /** Undefined: automatic. */
  locale?: Locale;
}

/** Characters of a new invitee's name in each language; the form's inputs take it as maxlength. */
export const INVITEE_NAME_MAX = 200;
const length = (text: string) => [...text].length;
const ROLE_FIELD = /^role-([0-9a-f-]{36})$/i;

/** The form from a posted body: `session` repeats (checkboxes), `role-<sessionId>` per session. */
export function inviteFormFromBody(body: Record<string, unknown>): InviteForm {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const sessionIds = [body.session].flat().filter((v): v is string => typeof v === 'string' && v !== '');
  const roles: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    const m = ROLE_FIELD.exec(name);
    if (m && typeof value === 'string') roles[m[1]!.toLowerCase()] = value;
  }
  return { speakerId: text('speakerId'), nameEn: text('nameEn'), nameZh: text('nameZh'), email: text('email'), sessionIds: [...new Set(sessionIds.map((id) => id.toLowerCase()))], roles, message: text('message'), locale: text('locale') };
}

/** Checks every field against the event's speakers and sessions; values only when nothing is wrong. */
export async function validateInviteForm(db: Db, eventId: string, form: InviteForm, locale: Locale): Promise<{ values?: InviteValues; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  let invitee: Invitee | undefined;
  let email: string | undefined;

  if (form.speakerId) {
    const existing = isUuid(form.speakerId) ? await findSpeakerOfEvent(db, eventId, form.speakerId.toLowerCase()) : undefined;
    if (!existing) errors.speakerId = { key: 'speakerInvitations.errors.speaker' };
    else if (!existing.email) errors.speakerId = { key: 'speakerInvitations.errors.noEmail' };
    else {
      invitee = { existing };
      email = existing.email;
    }
  } else {
    for (const field of ['nameEn', 'nameZh'] as const) if (length(form[field].trim()) > INVITEE_NAME_MAX) errors[field] = { key: 'forms.tooLong', vars: { max: INVITEE_NAME_MAX } };
    const normalised = form.email.trim() ? normaliseEmail(form.email) : undefined;
    if (!form.email.trim()) errors.email = { key: 'speakerInvitations.errors.emailMissing' };
    else if (!normalised) errors.email = { key: 'account.errors.email' };
    else {
      email = normalised;
      // One entry per address and event: an address already on the list is that person, whatever name was typed.
      const existing = await findSpeakerByEmail(db, eventId, normalised);
      if (existing) invitee = { existing };
      else {
        const elsewhere = await findSpeakerElsewhere(db, eventId, normalised);
        const typed = localizedFromFields(form.nameEn, form.nameZh);
        const name = Object.keys(typed).length > 0 ? typed : elsewhere?.name;
        if (!name) errors.nameEn = { key: 'speakerInvitations.errors.name' };
        else if (!errors.nameEn && !errors.nameZh) {
          invitee = { create: { name, title: elsewhere?.title ?? {}, organisation: elsewhere?.organisation ?? {}, country: elsewhere?.country ?? null, email: normalised } };
        }
      }
    }
  }

  const sessions = new Map((await findSessionsWithRooms(db, eventId)).map((r) => [r.session.id, r.session]));
  const lines: InviteValues['lines'] = [];
  if (form.sessionIds.length === 0) errors.sessions = { key: 'speakerInvitations.errors.noSession' };
  else if (form.sessionIds.some((id) => !sessions.has(id))) errors.sessions = { key: 'speakerInvitations.errors.unknownSession' };
  else {
    const accepted = invitee && 'existing' in invitee ? new Set((await findPeopleOfEvent(db, eventId)).filter((p) => p.speakerId === invitee.existing.id && p.status === 'accepted').map((p) => p.sessionId)) : new Set<string>();
    for (const id of form.sessionIds) {
      const session = sessions.get(id)!;
      const title = pickLocalized(session.title, locale)?.text ?? '';
      const role = form.roles[id] ?? '';
      if (session.status === 'cancelled') errors.sessions ??= { key: 'speakerInvitations.errors.cancelled', vars: { session: title } };
      else if (accepted.has(id)) errors.sessions ??= { key: 'speakerInvitations.errors.alreadyAccepted', vars: { session: title } };
      if (!(SESSION_PERSON_ROLES as readonly string[]).includes(role)) errors[`role-${id}`] = { key: 'speakerInvitations.errors.role', vars: { session: title } };
      else lines.push({ sessionId: id, role: role as SessionPersonRole });
    }
  }

  // Line breaks as LF: browsers send CRLF but count one character for each (as the database's limit does for LF).
  const message = form.message.replace(/\r\n?/g, '\n').trim();
  if (length(message) > INVITATION_MESSAGE_MAX) errors.message = { key: 'forms.tooLong', vars: { max: INVITATION_MESSAGE_MAX } };
  if (form.locale && !(INVITATION_LOCALES as readonly string[]).includes(form.locale)) errors.locale = { key: 'speakerInvitations.errors.locale' };

  if (Object.keys(errors).length > 0 || !invitee || !email) return { errors };
  return { errors, values: { invitee, email, lines, message, ...(form.locale ? { locale: form.locale as Locale } : {}) } };
}
