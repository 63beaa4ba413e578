// What the organiser's page of one registration shows beside the person's own details, for the help desk: the
// category and waiting-list place, the sessions booked (or asked for), the needs and the answers to the event's
// questions as people read them, the admissions at the doors and to sessions, and the history in words with who did
// each thing. All of it read at once.
// Example: const detail = await participantDetail(db, event, registration, request.locale);
import type { Db } from '../../db/types.ts';
import { formatList, translate, type Locale } from '../../i18n/index.ts';
import { countryName } from '../../lib/countries.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { auditActionLabel, auditActorLabel, listAuditForTarget } from '../audit/service.ts';
import { listCheckInsOfRegistration } from '../check-in/queries.ts';
import { listMailsToRecipient } from '../mail/service.ts';
import { answerText, needText } from './answer-text.ts';
import { changedFieldNames } from './correction-text.ts';
import { questionsFor, type FormQuestion } from './form.ts';
import { findConsents } from './privacy.ts';
import { findFormQuestions } from './form-queries.ts';
import { findCategoryName, findCategoryNames, findInvitationCodeText, findSessionsOfRegistration } from './queries.ts';
import type { RegistrationRow } from './service.ts';
import { waitlistPosition } from './waitlist-place.ts';

/** The history shows this many of each, newest first; the audit log and mail log pages hold the rest. */
const HISTORY_LIMIT = 100;

type CheckInRow = Awaited<ReturnType<typeof listCheckInsOfRegistration>>[number];
type AuditRow = Awaited<ReturnType<typeof listAuditForTarget>>[number];

/** An admission as the page tells it: when, at which door, by whom (name, else e-mail; null once the account is gone). */
const shownCheckIn = (row: CheckInRow) => ({ at: row.checkedInAt, door: row.door, staff: row.staffName || row.staffEmail || null });

/** A custom question's answer as the page shows it; a country by its name with the code. */
function shownAnswer(question: FormQuestion, value: unknown, locale: Locale): string {
  if (question.kind === 'country' && typeof value === 'string') return `${countryName(value, locale)}${translate(locale, 'punct.open')}${value}${translate(locale, 'punct.close')}`;
  return answerText(question, value, locale);
}

/**
 * A history row's words: an admission or its undoing names the door (and the session) from the audit row itself, a
 * change of category the two categories, a change of details the fields it changed, a message its subject; any other
 * action its name, with the organiser's message when a decision (or a cancellation) carried one.
 */
function historyRow(row: AuditRow, locale: Locale, sessionTitles: ReadonlyMap<string, LocalizedText | null>, categoryNames: ReadonlyMap<string, LocalizedText>, questions: readonly FormQuestion[]) {
  const base = { createdAt: row.createdAt, actor: auditActorLabel(locale, row), message: typeof row.after?.message === 'string' ? row.after.message : null };
  // A change of details names what it changed ("Details changed: Family name, E-mail address").
  const changed = row.action === 'registration.update' ? changedFieldNames(row.before, row.after, questions, locale) : [];
  if (changed.length > 0) return { ...base, label: translate(locale, 'participants.history.changed', { fields: formatList(locale, changed) }) };
  if (row.action === 'registration.move') {
    // A category removed since the move (nobody left in it) is said to be so.
    const named = (id: unknown) => (typeof id === 'string' ? pickLocalized(categoryNames.get(id), locale)?.text : undefined) ?? translate(locale, 'participants.history.categoryRemoved');
    return { ...base, label: translate(locale, 'participants.history.moved', { from: named(row.before?.categoryId), to: named(row.after?.categoryId) }) };
  }
  if (row.action === 'registration.message' && typeof row.after?.subject === 'string') return { ...base, label: translate(locale, 'participants.history.messageSent', { subject: row.after.subject }) };
  const admission = row.action === 'checkin.admit' ? row.after : row.action === 'checkin.undo' ? row.before : null;
  if (!admission || typeof admission.door !== 'string') return { ...base, label: auditActionLabel(locale, row.action, row.after) };
  // A session admission names its session; one whose session was deleted since (its check-ins went with it) says so,
  // rather than read like an admission at the event's door.
  const title = typeof admission.sessionId === 'string' ? (pickLocalized(sessionTitles.get(admission.sessionId), locale)?.text ?? translate(locale, 'participants.history.sessionRemoved')) : undefined;
  const key = `participants.history.${row.action === 'checkin.admit' ? 'checkedIn' : 'checkInUndone'}${title ? 'Session' : ''}`;
  return { ...base, label: translate(locale, key, { door: admission.door, session: title ?? '' }) };
}

export async function participantDetail(db: Db, event: { id: string }, registration: RegistrationRow, locale: Locale) {
  const waiting = registration.status === 'waitlisted';
  const [categoryName, categoryNames, invitationCode, sessions, questions, checkIns, position, auditRows, mails, consents] = await Promise.all([
    findCategoryName(db, event.id, registration.categoryId),
    findCategoryNames(db, event.id),
    findInvitationCodeText(db, event.id, registration.invitationCodeId),
    findSessionsOfRegistration(db, event.id, registration),
    findFormQuestions(db, event.id),
    listCheckInsOfRegistration(db, event.id, registration.id),
    waiting ? waitlistPosition(db, registration) : null,
    listAuditForTarget(db, event.id, 'registration', registration.id, HISTORY_LIMIT),
    // An erased registration's mail no longer carries the address (erasure.ts): nothing to look up by.
    registration.erasedAt ? [] : listMailsToRecipient(db, event.id, registration.email, HISTORY_LIMIT),
    findConsents(db, registration.id),
  ]);
  const active = checkIns.filter((c) => c.undoneAt === null);
  const eventCheckIn = active.find((c) => c.sessionId === null);
  const sessionCheckIns = new Map(active.filter((c) => c.sessionId !== null).map((c) => [c.sessionId!, c]));
  const sessionTitles = new Map(checkIns.filter((c) => c.sessionId !== null).map((c) => [c.sessionId!, c.sessionTitle]));
  // The questions of the person's category, and any other they answered (before moving to another category).
  const asked = new Set(questionsFor(questions, registration.categoryId).map((q) => q.id));
  return {
    categoryName,
    invitationCode,
    waitlistPosition: position,
    // Not confirmed yet: the sessions are asked for, and booked only when a seat is confirmed.
    sessionsRequested: registration.status === 'pending' || waiting,
    sessions: sessions.map((s) => {
      const checkIn = sessionCheckIns.get(s.id);
      return { ...s, cancelled: s.status === 'cancelled', checkIn: checkIn ? shownCheckIn(checkIn) : null };
    }),
    dietary: needText(registration.dietary, 'dietary', locale) || translate(locale, 'registration.dietary.none'),
    interpretation: needText(registration.interpretationNeeds, 'interpretation', locale) || translate(locale, 'registration.interpretation.none'),
    answers: questions
      .filter((q) => asked.has(q.id) || registration.answers[q.id] !== undefined)
      // The label as localized text: the page marks one shown in the other language, as everywhere ({{localized}}).
      .map((q) => ({ label: q.label, text: shownAnswer(q, registration.answers[q.id], locale), long: q.kind === 'long-text' })),
    checkIn: eventCheckIn ? shownCheckIn(eventCheckIn) : null,
    history: auditRows.map((row) => historyRow(row, locale, sessionTitles, categoryNames, questions)),
    mails,
    consents,
  };
}
