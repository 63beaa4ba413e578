// The portal's two pages (the speaker's events and sessions; their profile with the photo), rendered from several
// routes: the plain GETs, and the form and upload POSTs that show the page again with what went wrong.
// Example: return renderProfilePage(db, request, reply, email, { form, fields: errors, status: 422 })
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translate } from '../../i18n/index.ts';
import type { Db } from '../../db/types.ts';
import { countryOptions } from '../../lib/countries.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { formatFileSize } from '../../lib/file-size.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { allTimeZonesByRegion, parseViewerZone } from '../../lib/time-zones.ts';
import { awaitsPublication } from './awaiting-publication.ts';
import { completenessOf } from './completeness.ts';
import { loadSpeakerOverview } from './overview.ts';
import { MAX_PHOTO_BYTES, PHOTO_SIZES } from './photo.ts';
import { photoVersion } from './photo-store.ts';
import { findEntriesByEmail, findProfile, PROFILE_LIMITS, profileToForm, type ProfileForm } from './profile.ts';
import { MAX_SLIDES_BYTES } from './slides.ts';

const MB = 1024 * 1024;

export interface PageProblem {
  fields?: FieldErrors;
  status?: number;
}

/** The speaker's events and sessions; a field error under `file-<sessionId>` says what was wrong with an upload there. */
export async function renderHomePage(db: Db, request: FastifyRequest, reply: FastifyReply, email: string, problem: PageProblem = {}) {
  const locale = request.locale;
  const [profile, entries, photoAt] = await Promise.all([findProfile(db, email), findEntriesByEmail(db, email), photoVersion(db, email)]);
  const [overview, awaitingPublication] = await Promise.all([loadSpeakerOverview(db, email, locale, profile?.timeZone ?? null), awaitsPublication(db, entries)]);
  const fieldErrors = problem.fields ?? {};
  const view = formErrorView(locale, fieldErrors);
  const events = overview.map((event) => ({
    ...event,
    shared: entries.some((e) => e.eventId === event.eventId && e.shared),
    sessions: event.sessions.map((s) => ({
      ...s,
      declined: s.status === 'declined',
      slidesError: view.errors[`file-${s.id}`],
      sizeText: s.slides ? formatFileSize(s.slides.size, locale) : undefined,
    })),
  }));
  const first = entries[0];
  const wanted = overview.flatMap((e) => e.sessions).filter((s) => s.status !== 'declined' && !s.cancelled);
  const completeness = first
    ? completenessOf({ ...first, bio: profile?.bio, hasPhoto: photoAt !== undefined, sessionsWanted: wanted.length, sessionsWithSlides: wanted.filter((s) => s.slides).length })
    : undefined;
  return reply.header('cache-control', 'private, no-store').render(
    'speaker/home',
    {
      email,
      events,
      completeness,
      awaitingPublication,
      ownZone: profile?.timeZone ?? undefined,
      maxSlidesMb: MAX_SLIDES_BYTES / MB,
      pageTitle: translate(locale, 'speakerPortal.home.title'),
      errorList: view.errorList,
    },
    problem.status ? { status: problem.status } : {},
  );
}

export async function renderProfilePage(db: Db, request: FastifyRequest, reply: FastifyReply, email: string, state: PageProblem & { form?: ProfileForm; photoFields?: FieldErrors } = {}) {
  const locale = request.locale;
  const [entries, profile, photoAt] = await Promise.all([findEntriesByEmail(db, email), findProfile(db, email), photoVersion(db, email)]);
  const first = entries[0];
  if (!first) return reply.redirect('/speaker', 303);
  const form = state.form ?? profileToForm(first, profile);
  const awaitingPublication = await awaitsPublication(db, entries);
  const view = formErrorView(locale, { ...(state.fields ?? {}), ...(state.photoFields ?? {}) });
  return reply.header('cache-control', 'private, no-store').render(
    'speaker/profile',
    {
      form,
      awaitingPublication,
      ...view,
      countries: countryOptions(locale).map((c) => ({ ...c, selected: c.code === form.country.trim().toUpperCase() })),
      // Every zone (a person's own zone must be on the list), the speaker's selected also when it was saved by an
      // older name (Asia/Calcutta).
      zones: allTimeZonesByRegion(),
      selectedZone: parseViewerZone(form.timeZone.trim()),
      photo: photoAt === undefined ? undefined : { src: `/speaker/photo/large?v=${photoAt}` },
      limits: PROFILE_LIMITS,
      maxPhotoMb: MAX_PHOTO_BYTES / MB,
      minPhotoPx: PHOTO_SIZES.small,
      eventCount: entries.length,
      pageTitle: translate(locale, 'speakerPortal.profile.title'),
    },
    state.status ? { status: state.status } : {},
  );
}
