// The registration's own settings: when the form is open, how many seats in all, the waiting list and the privacy
// notice's facts (who processes, how long data is kept, who abroad receives). Raising the capacity promotes people waiting.
import { parseWholeNumber } from '../../lib/whole-number.ts';
import { and, count, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { registrationConsents, registrations, registrationSettings } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { formatWallTime, parseWallTime } from '../../lib/wall-time.ts';
import type { Locale } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import type { MailContext } from '../mail/service.ts';
import type { Clock } from '../../lib/clock.ts';
import { promoteFromWaitlist } from './status-changes.ts';
import { CONTROL } from './form-checks.ts';
import { closesAfterEnd } from '../events/date-rules.ts';
import { MAX_CAPACITY, problemsOf, tooLong, parseCapacity, isOn, type SettingsRow } from './setup.ts';

/**
 * What saving settings needs beyond the database: the clock (a lapsed consent's time) and mail (seats added by
 * raising a capacity go to the people waiting, in order, and mail them).
 */
export interface SettingsContext {
  clock: Clock;
  mail: MailContext;
}

/** Whether a capacity change adds seats (a higher number, or no limit any more). */
export const seatsAdded = (before: number | null, after: number | null) => before !== null && (after === null || after > before);

export interface SettingsForm {
  opensAt: string;
  closesAt: string;
  capacity: string;
  waitlist: string;
  /** The privacy notice's facts (PIPL art. 17 and 39): who processes, for how long, and who abroad receives. */
  controllerName: string;
  retentionMonths: string;
  sharesAbroad: string;
  abroadRecipient: string;
  abroadContact: string;
}
export type SettingsValues = Pick<SettingsRow, 'opensAt' | 'closesAt' | 'capacity' | 'waitlistEnabled' | 'controllerName' | 'retentionMonths' | 'sharesAbroad' | 'abroadRecipient' | 'abroadContact'>;

/** Limits of the privacy fields, in characters; months as the database's CHECK allows them. */
export const PRIVACY_LIMITS = { controllerName: 200, abroadRecipient: 200, abroadContact: 200, monthsMin: 1, monthsMax: 120 } as const;

export async function findSettings(db: Db, eventId: string): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(registrationSettings).where(eq(registrationSettings.eventId, eventId));
  return row;
}

export const settingsToForm = (row: SettingsRow | undefined, zone: string): SettingsForm =>
  row
    ? {
        opensAt: formatWallTime(row.opensAt, zone),
        closesAt: formatWallTime(row.closesAt, zone),
        capacity: row.capacity === null ? '' : String(row.capacity),
        waitlist: row.waitlistEnabled ? 'on' : '',
        controllerName: row.controllerName ?? '',
        retentionMonths: String(row.retentionMonths),
        sharesAbroad: row.sharesAbroad ? 'on' : '',
        abroadRecipient: row.abroadRecipient ?? '',
        abroadContact: row.abroadContact ?? '',
      }
    : { opensAt: '', closesAt: '', capacity: '', waitlist: 'on', controllerName: '', retentionMonths: '12', sharesAbroad: '', abroadRecipient: '', abroadContact: '' };

/** A line of text: trimmed, within `max` characters, free of control characters (line breaks included). */
function lineOf(value: string, max: number, field: string, errors: FieldErrors): string {
  const text = value.trim();
  if (tooLong(text, max)) errors[field] = { key: 'forms.tooLong', vars: { max } };
  else if (CONTROL.test(text)) errors[field] = { key: 'registrationSetup.errors.oneLine' };
  return text;
}

/** Checks the fields: times are wall time in the event's zone, and registration closes by the time the event ends. */
export function validateSettingsForm(form: SettingsForm, event: { timezone: string; endsAt: Date }, locale: Locale): { values?: SettingsValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const zone = event.timezone;
  const opens = parseWallTime(form.opensAt.trim(), zone);
  const closes = parseWallTime(form.closesAt.trim(), zone);
  if (opens.problem) errors.opensAt = { key: `registrationSetup.errors.time.${opens.problem}` };
  if (closes.problem) errors.closesAt = { key: `registrationSetup.errors.time.${closes.problem}` };
  if (opens.instant && closes.instant && closes.instant <= opens.instant) errors.closesAt = { key: 'registrationSetup.errors.closesBeforeOpens' };
  else if (closes.instant && closesAfterEnd(closes.instant, event.endsAt)) errors.closesAt = { key: 'registrationSetup.errors.closesAfterEventEnd', vars: { end: formatDateTime(event.endsAt, zone, locale) } };
  const capacity = parseCapacity(form.capacity);
  if (capacity === undefined) errors.capacity = { key: 'registrationSetup.errors.capacity', vars: { max: MAX_CAPACITY } };
  const controllerName = lineOf(form.controllerName, PRIVACY_LIMITS.controllerName, 'controllerName', errors);
  const retentionMonths = parseWholeNumber(form.retentionMonths, { min: PRIVACY_LIMITS.monthsMin, max: PRIVACY_LIMITS.monthsMax }) ?? Number.NaN;
  if (Number.isNaN(retentionMonths)) {
    errors.retentionMonths = { key: 'registrationSetup.errors.retentionMonths', vars: { min: PRIVACY_LIMITS.monthsMin, max: PRIVACY_LIMITS.monthsMax } };
  }
  // The recipient and how to reach them are asked for only when the event shares; otherwise what was typed is dropped.
  const sharesAbroad = isOn(form.sharesAbroad);
  const abroadRecipient = sharesAbroad ? lineOf(form.abroadRecipient, PRIVACY_LIMITS.abroadRecipient, 'abroadRecipient', errors) : '';
  const abroadContact = sharesAbroad ? lineOf(form.abroadContact, PRIVACY_LIMITS.abroadContact, 'abroadContact', errors) : '';
  if (sharesAbroad && abroadRecipient === '' && !errors.abroadRecipient) errors.abroadRecipient = { key: 'registrationSetup.errors.abroadRecipient' };
  if (sharesAbroad && abroadContact === '' && !errors.abroadContact) errors.abroadContact = { key: 'registrationSetup.errors.abroadContact' };
  if (problemsOf(errors)) return { errors };
  return {
    errors,
    values: {
      opensAt: opens.instant!,
      closesAt: closes.instant!,
      capacity: capacity!,
      waitlistEnabled: isOn(form.waitlist),
      controllerName: controllerName || null,
      retentionMonths,
      sharesAbroad,
      abroadRecipient: sharesAbroad ? abroadRecipient : null,
      abroadContact: sharesAbroad ? abroadContact : null,
    },
  };
}

const settingsAudit = (v: SettingsValues) => ({
  opensAt: v.opensAt.toISOString(),
  closesAt: v.closesAt.toISOString(),
  capacity: v.capacity,
  waitlistEnabled: v.waitlistEnabled,
  controllerName: v.controllerName,
  retentionMonths: v.retentionMonths,
  sharesAbroad: v.sharesAbroad,
  abroadRecipient: v.abroadRecipient,
  abroadContact: v.abroadContact,
});

/**
 * Creates or changes the settings. The capacity is never set below the seats already taken: the upsert's WHERE
 * refuses it in the same statement, and the caller gets a field error naming how many are taken. Says how many people
 * waiting got one of the seats a higher capacity added (each is mailed), for the organiser to know.
 */
export async function saveSettings(db: Db, actor: AuditActor, eventId: string, values: SettingsValues, ctx: SettingsContext): Promise<{ errors?: FieldErrors; promoted?: number }> {
  const saved = await db.transaction(async (tx) => {
    const before = await findSettings(tx, eventId);
    const rows = await tx
      .insert(registrationSettings)
      .values({ eventId, ...values })
      .onConflictDoUpdate({
        target: registrationSettings.eventId,
        set: { ...values, updatedAt: sql`now()` },
        setWhere: values.capacity === null ? undefined : lte(registrationSettings.taken, values.capacity),
      })
      .returning({ eventId: registrationSettings.eventId });
    if (rows.length === 0) {
      const taken = (await findSettings(tx, eventId))?.taken ?? 0;
      return { errors: { capacity: { key: 'registrationSetup.errors.capacityBelowTaken', vars: { taken } } } };
    }
    await writeAudit(tx, actor, { eventId, action: 'registration.settings', targetType: 'event', targetId: eventId, before: before ? settingsAudit(before) : null, after: settingsAudit(values) });
    // A consent to the transfer abroad was given to a named recipient: another one, or none, and it no longer stands.
    // People may give it again on their manage page; the participant list's consent filter shows who has.
    if (before?.sharesAbroad && (!values.sharesAbroad || values.abroadRecipient !== before.abroadRecipient)) {
      const lapsed = await tx
        .update(registrationConsents)
        .set({ withdrawnAt: ctx.clock.now() })
        .where(
          and(
            eq(registrationConsents.kind, 'cross-border'),
            isNull(registrationConsents.withdrawnAt),
            inArray(registrationConsents.registrationId, tx.select({ id: registrations.id }).from(registrations).where(eq(registrations.eventId, eventId))),
          ),
        )
        .returning({ id: registrationConsents.id });
      if (lapsed.length > 0) {
        await writeAudit(tx, actor, { eventId, action: 'registration.consent.lapse', targetType: 'event', targetId: eventId, before: { recipient: before.abroadRecipient }, after: { kind: 'cross-border', count: lapsed.length } });
      }
    }
    return { raised: before !== undefined && seatsAdded(before.capacity, values.capacity) };
  });
  if ('errors' in saved) return saved;
  // The new seats go to the people waiting, in a transaction of its own: it takes each seat's category row before the
  // event's, as registrations and cancellations do, while the settings' upsert above held the event's row first.
  if (!saved.raised) return {};
  const promoted = await db.transaction((tx) => promoteFromWaitlist(tx, ctx.clock, ctx.mail, actor, eventId));
  return promoted.length > 0 ? { promoted: promoted.length } : {};
}
