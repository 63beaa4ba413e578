// The event's list of speakers: organisers add and change people (names in both languages, title, organisation,
// country, e-mail); one entry per e-mail address and event. Every change is audited.
import { localizedFromFields } from '../../lib/localized.ts';
import { and, asc, eq, ne } from 'drizzle-orm';
import { speakers } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../lib/clock.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { textLength } from '../../lib/form-text.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { parseCountryCode } from '../../lib/countries.ts';
import { normaliseEmail } from '../accounts/service.ts';

export type SpeakerRow = typeof speakers.$inferSelect;

export interface SpeakerForm {
  nameEn: string;
  nameZh: string;
  titleEn: string;
  titleZh: string;
  organisationEn: string;
  organisationZh: string;
  country: string;
  email: string;
}

export type SpeakerValues = Pick<SpeakerRow, 'name' | 'title' | 'organisation' | 'country' | 'email'>;

export const EMPTY_SPEAKER_FORM: SpeakerForm = { nameEn: '', nameZh: '', titleEn: '', titleZh: '', organisationEn: '', organisationZh: '', country: '', email: '' };
/** Characters per name, title and organisation (each language); the form's inputs take it as maxlength. */
export const SPEAKER_TEXT_MAX = 200;

export function findSpeakersOfEvent(db: Db, eventId: string): Promise<SpeakerRow[]> {
  return db.select().from(speakers).where(eq(speakers.eventId, eventId)).orderBy(asc(speakers.createdAt));
}

export async function findSpeakerOfEvent(db: Db, eventId: string, speakerId: string): Promise<SpeakerRow | undefined> {
  const [row] = await db.select().from(speakers).where(and(eq(speakers.eventId, eventId), eq(speakers.id, speakerId)));
  return row;
}

export function speakerToForm(row: SpeakerRow): SpeakerForm {
  return {
    nameEn: row.name.en ?? '',
    nameZh: row.name['zh-CN'] ?? '',
    titleEn: row.title.en ?? '',
    titleZh: row.title['zh-CN'] ?? '',
    organisationEn: row.organisation.en ?? '',
    organisationZh: row.organisation['zh-CN'] ?? '',
    country: row.country ?? '',
    email: row.email ?? '',
  };
}


/** Checks every field; `exceptId` is the speaker being changed (their own e-mail is not a duplicate). */
export async function validateSpeakerForm(db: Db, eventId: string, form: SpeakerForm, exceptId?: string): Promise<{ values?: SpeakerValues; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  if (!form.nameEn.trim() && !form.nameZh.trim()) errors.nameEn = { key: 'speakers.errors.name' };
  for (const field of ['nameEn', 'nameZh', 'titleEn', 'titleZh', 'organisationEn', 'organisationZh'] as const) {
    if (textLength(form[field]) > SPEAKER_TEXT_MAX) errors[field] = { key: 'forms.tooLong', vars: { max: SPEAKER_TEXT_MAX } };
  }
  // The registration form's list of countries and regions: not merely a code Intl has a name for (ZZ, EU, UN).
  const country = form.country.trim() ? (parseCountryCode(form.country) ?? null) : '';
  if (country === null) errors.country = { key: 'speakers.errors.country' };
  let email: string | null = null;
  if (form.email.trim()) {
    const normalised = normaliseEmail(form.email);
    if (!normalised) errors.email = { key: 'account.errors.email' };
    else {
      const [taken] = await db
        .select({ id: speakers.id })
        .from(speakers)
        .where(and(eq(speakers.eventId, eventId), eq(speakers.email, normalised), exceptId ? ne(speakers.id, exceptId) : undefined));
      if (taken) errors.email = { key: 'speakers.errors.emailTaken' };
      else email = normalised;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    values: {
      name: localizedFromFields(form.nameEn, form.nameZh),
      title: localizedFromFields(form.titleEn, form.titleZh),
      organisation: localizedFromFields(form.organisationEn, form.organisationZh),
      country: country || null,
      email,
    },
  };
}

export async function createSpeaker(db: Db, actor: AuditActor, eventId: string, values: SpeakerValues): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(speakers).values({ ...values, eventId }).returning({ id: speakers.id });
    await writeAudit(tx, actor, { eventId, action: 'speaker.create', targetType: 'speaker', targetId: row!.id, after: { ...values } });
    return row!.id;
  });
}

export async function updateSpeaker(db: Db, clock: Clock, actor: AuditActor, before: SpeakerRow, values: SpeakerValues): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(speakers).set({ ...values, updatedAt: clock.now() }).where(eq(speakers.id, before.id));
    const { name, title, organisation, country, email } = before;
    await writeAudit(tx, actor, { eventId: before.eventId, action: 'speaker.update', targetType: 'speaker', targetId: before.id, before: { name, title, organisation, country, email }, after: { ...values } });
  });
}
