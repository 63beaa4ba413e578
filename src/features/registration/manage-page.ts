// The participant's manage page, opened by the link in their mails: status and ticket, the details they may change,
// their bookable sessions, their consents and files. Every manage route renders it again, with its errors, when a
// form it takes is refused, so the lookup by link and the rendering are made here for each manage plugin.
// Example: const { load, renderManage } = managePage({ db, clock, config }); … return renderManage(request, reply, token, { errors }, 422);
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { countryOptions, diallingCode } from '../../lib/countries.ts';
import { NotFoundError, type FieldErrors } from '../../lib/errors.ts';
import { createFieldCipher } from '../../lib/field-cipher.ts';
import { formatFileSize } from '../../lib/file-size.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { isActiveStatus, RESIDENCES } from '../../db/schema/index.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedAgenda } from '../agenda/publish.ts';
import { findEventById } from '../events/queries.ts';
import { DIETARY_OPTIONS, INTERPRETATION_OPTIONS, questionsFor, readRegistrationForm, type FormQuestion, type RegistrationForm } from './form.ts';
import { needToForm, REGISTRATION_TEXT_LIMITS } from './form-checks.ts';
import { findBookedSessionIds, registrationForLink } from './manage.ts';
import { findConsents, maskedIdNumber } from './privacy.ts';
import { findBookableSessions, findFormQuestions } from './form-queries.ts';
import { findSentFiles } from './queries.ts';
import { findRegistrationSettings, registrationWindow } from './registration-window.ts';
import { questionViews } from './question-view.ts';
import type { RegistrationRow } from './service.ts';
import { waitlistPosition } from './waitlist-place.ts';
import { translate, type Locale } from '../../i18n/index.ts';
import { seatsLeftIn } from './seats.ts';

/**
 * The notices the manage page shows after a change (?done=…); anything else shows none. `unchanged`: nothing was
 * done this time ("already cancelled"), so the notice is not in the success colour.
 */
const DONE_NOTICES: Record<string, { key: string; unchanged?: true }> = {
  details: { key: 'registration.manage.done.details' },
  identity: { key: 'registration.manage.done.identity' },
  sessions: { key: 'registration.manage.done.sessions' },
  answers: { key: 'registration.manage.done.answers' },
  file: { key: 'registration.manage.done.file' },
  cancelled: { key: 'registration.manage.done.cancelled' },
  alreadyCancelled: { key: 'registration.manage.done.alreadyCancelled', unchanged: true },
  notActive: { key: 'registration.manage.done.notActive', unchanged: true },
  withdrawn: { key: 'privacy.manage.done.withdrawn' },
  abroadGiven: { key: 'privacy.manage.done.abroadGiven' },
  alreadyWithdrawn: { key: 'privacy.manage.done.alreadyWithdrawn', unchanged: true },
};

/** The stored answers as the form holds them (one or several values per question; files are not shown here). */
export function storedAnswers(registration: RegistrationRow): Record<string, string[]> {
  const answers: Record<string, string[]> = {};
  for (const [id, value] of Object.entries(registration.answers ?? {})) {
    if (typeof value === 'string') answers[id] = [value];
    else if (Array.isArray(value)) answers[id] = value.filter((v): v is string => typeof v === 'string');
  }
  return answers;
}

/** The form as stored, for the edit form's first showing (never the document number). */
export function formOf(registration: RegistrationRow): RegistrationForm {
  const dietary = needToForm(registration.dietary);
  const interpretation = needToForm(registration.interpretationNeeds);
  return {
    ...readRegistrationForm({}),
    familyName: registration.familyName,
    givenName: registration.givenName,
    nameZh: registration.nameZh ?? '',
    organisation: registration.organisation,
    jobTitle: registration.jobTitle ?? '',
    country: registration.country,
    residence: registration.residence,
    nationality: registration.nationality ?? '',
    mobile: registration.mobile,
    mobileCountry: '',
    dietary: dietary.choice,
    dietaryNote: dietary.note,
    interpretation: interpretation.choice,
    interpretationNote: interpretation.note,
  };
}

/** The details form's lists with the form's choices selected: countries (and their dialling codes), needs. */
export function detailsChoices(form: RegistrationForm, locale: Locale) {
  return {
    countries: countryOptions(locale).map((c) => ({ ...c, selected: c.code === form.country, dial: diallingCode(c.code), mobileSelected: c.code === form.mobileCountry, nationalitySelected: c.code === form.nationality })),
    dietaryOptions: DIETARY_OPTIONS.map((value) => ({ value, selected: value === form.dietary })),
    interpretationOptions: INTERPRETATION_OPTIONS.map((value) => ({ value, selected: value === form.interpretation })),
  };
}

/**
 * The manage page's lookup by link and its rendering, bound to the app's database, clock and cipher (which shows the
 * document number masked): each manage plugin makes its own.
 */
export function managePage({ db, clock, config }: Pick<FeatureDeps, 'db' | 'clock' | 'config'>) {
  const cipher = createFieldCipher(config);

  async function load(token: string) {
    const registration = await registrationForLink(db, clock, token);
    const event = await findEventById(db, registration.eventId);
    if (!event) throw new NotFoundError('registration');
    return { registration, event };
  }

  /** Whether the event is public with a published agenda to star sessions of. */
  async function agendaIsPublished(event: { id: string; status: string }): Promise<boolean> {
    return event.status === 'published' && (await findPublishedAgenda(db, event.id)) !== undefined;
  }

  /**
   * The organiser's questions the person may answer here: those of their category, but files (uploaded with the
   * registration form only). An imported guest answers them here for the first time.
   */
  async function answerableQuestions(eventId: string, categoryId: string): Promise<FormQuestion[]> {
    return (await askedQuestions(eventId, categoryId)).filter((q) => q.kind !== 'file');
  }

  /** Every question asked of the category: the answers form takes the others, each file question has a form of its own. */
  async function askedQuestions(eventId: string, categoryId: string): Promise<FormQuestion[]> {
    return questionsFor(await findFormQuestions(db, eventId), categoryId);
  }

  async function renderManage(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    view: { form?: RegistrationForm; answers?: Record<string, string[]>; errors?: FieldErrors; chosenSessions?: string[]; done?: string | undefined },
    status = 200,
  ) {
    const { registration, event } = await load(token);
    const active = isActiveStatus(registration.status);
    const ended = registration.status === 'cancelled' || registration.status === 'rejected';
    const [sessions, booked, consents, window, questions, agendaPublished, settings, files] = await Promise.all([
      findBookableSessions(db, event.id, { registrationId: registration.id, requested: registration.requestedSessionIds }),
      findBookedSessionIds(db, registration.id),
      findConsents(db, registration.id),
      // A cancelled or rejected registration shows the way to register again while registration is open.
      ended ? registrationWindow(db, event.id, clock.now()) : Promise.resolve(undefined),
      // Asked only while the registration is active: an ended one shows no form to answer them.
      active ? askedQuestions(event.id, registration.categoryId) : Promise.resolve([]),
      active ? agendaIsPublished(event) : Promise.resolve(false),
      findRegistrationSettings(db, event.id),
      findSentFiles(db, registration.id),
    ]);
    // The event shares with its co-organiser abroad and this person's consent to it does not stand (never given, as
    // they registered before sharing was turned on, or withdrawn): they may give it here.
    const abroad = active && settings?.sharesAbroad && !consents.some((c) => c.kind === 'cross-border' && c.withdrawnAt === null) ? { recipient: settings.abroadRecipient, contact: settings.abroadContact } : null;
    const held = registration.status === 'confirmed' ? booked : registration.requestedSessionIds;
    const chosen = new Set(view.chosenSessions ?? held);
    const form = view.form ?? formOf(registration);
    const confirmed = registration.status === 'confirmed';
    const notice = view.done && Object.hasOwn(DONE_NOTICES, view.done) ? DONE_NOTICES[view.done] : undefined;
    const fileQuestions = questions.filter((q) => q.kind === 'file');
    const shownFile = (f: (typeof files)[number]) => ({ question: f.question, filename: f.filename, size: formatFileSize(f.size, request.locale) });
    return reply.render(
      'registration/manage',
      {
        event,
        pageTitle: translate(request.locale, 'registration.manage.title'),
        registration,
        base: `/registrations/manage/${token}`,
        active,
        confirmed,
        registerAgain: window?.state === 'open' ? `/events/${event.slug}/register` : undefined,
        agendaPublished,
        position: registration.status === 'waitlisted' ? await waitlistPosition(db, registration) : null,
        ticketSvg: confirmed ? await QRCode.toString(registration.ticketCode, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) : null,
        form,
        limits: REGISTRATION_TEXT_LIMITS,
        doneKey: notice?.key,
        doneUnchanged: notice?.unchanged ?? false,
        idNumberMasked: maskedIdNumber(cipher, registration),
        consents: consents.map((c) => ({ ...c, active: c.withdrawnAt === null, withdrawable: c.withdrawnAt === null && c.kind !== 'processing' })),
        abroad,
        // Each file question with the file sent for it (if any) and a form to send one, or another in its place;
        // files of questions no longer asked of the person (another category now) are listed only.
        fileQuestions: questionViews(fileQuestions, {}, request.locale).map((q) => {
          const sent = files.find((f) => f.questionId === q.id);
          return { ...q, sent: sent ? shownFile(sent) : null };
        }),
        otherFiles: files.filter((f) => !fileQuestions.some((q) => q.id === f.questionId)).map(shownFile),
        ...detailsChoices(form, request.locale),
        residences: RESIDENCES.map((value) => ({ value, checked: value === form.residence })),
        sessions: sessions.map((s) => ({ ...s, free: seatsLeftIn(s), checked: chosen.has(s.id), full: s.booked >= s.capacity && !held.includes(s.id) })),
        questions: questionViews(questions.filter((q) => q.kind !== 'file'), view.answers ?? storedAnswers(registration), request.locale),
        ...formErrorView(request.locale, view.errors ?? {}),
      },
      { status },
    );
  }

  return { cipher, load, agendaIsPublished, answerableQuestions, askedQuestions, renderManage };
}
