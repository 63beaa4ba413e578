// Badge rules: who gets a badge (confirmed registrations only: the QR is their ticket), one badge at once, many in a
// background job with progress whose PDF is kept in the database for a day, then deleted.
// Example: const { jobId } = await startBadgeJob({ db, jobs, clock }, actor, event.id, { layout: 'a4-8', filter, requestedBy });
import { randomBytes } from 'node:crypto';
import { BADGE_LAYOUTS, type BadgeLayout } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Jobs } from '../../jobs/boss.ts';
import { QUEUES } from '../../jobs/queues.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from '../../lib/errors.ts';
import { isUuid, uuidv7 } from '../../lib/ids.ts';
import { writeAudit, type AuditActor } from '../audit/service.ts';
import { participantFilterParams, type ParticipantFilter } from '../registration/participant-filter.ts';
import { matchingParticipantIds } from '../registration/participant-list.ts';
import { renderBadgesPdf, type Badge } from './badge-pdf.ts';
import { CjkFontMissingError, findCjkFont } from './cjk-font.ts';
import {
  deleteExpiredBadgeJobs,
  failBadgeJob,
  findBadgeJob,
  findBadgeJobById,
  findBadgeJobIdByFormToken,
  findBadgeJobPdf,
  findBadgeSources,
  finishBadgeJob,
  insertBadgeJob,
  recordBadgeJobProgress,
  startBadgeJobRun,
  type BadgeJobRow,
} from './queries.ts';

/** One job prints at most this many badges (625 A4 sheets): enough for a large forum, small enough for one PDF. */
export const MAX_BADGES_PER_JOB = 5000;
/** The PDF holds names and tickets: it is kept only long enough to print. */
export const BADGE_JOB_HOURS = 24;

export interface BadgeDeps {
  db: Db;
  jobs: Jobs;
  clock: Clock;
}

/** What the badges.render job carries. */
export interface BadgeJobData {
  jobId: string;
}

/** The badge form's one-time token: 128 random bits in base64url. Example: const token = newBadgeFormToken(); */
const FORM_TOKEN = /^[A-Za-z0-9_-]{22}$/;
export const newBadgeFormToken = () => randomBytes(16).toString('base64url');

export const parseBadgeLayout = (value: string | undefined): BadgeLayout | undefined => BADGE_LAYOUTS.find((layout) => layout === value);

/** Refuses before any work when the server cannot draw Chinese names: the organiser sees why and what to do. */
function requireFont(): void {
  try {
    findCjkFont();
  } catch (error) {
    if (error instanceof CjkFontMissingError) throw new ServiceUnavailableError('badges.errors.fontMissing');
    throw error;
  }
}

/** One person's badge as a PDF, made at once. Only a confirmed registration's QR code is a valid ticket. */
export async function renderOneBadge(db: Db, eventId: string, registrationId: string, layout: BadgeLayout): Promise<{ pdf: Buffer; badge: Badge }> {
  const [source] = isUuid(registrationId) ? await findBadgeSources(db, eventId, [registrationId.toLowerCase()]) : [];
  if (!source || source.erased) throw new NotFoundError('registration');
  if (source.status !== 'confirmed') throw new ConflictError('badges.errors.notConfirmed');
  requireFont();
  return { pdf: await renderBadgesPdf([source.badge], layout, { title: source.badge.latinName }), badge: source.badge };
}

/**
 * Queues a PDF of the filter's confirmed registrations (in the list's order). The set is fixed now, so the PDF
 * holds exactly the badges the organiser was told about. Throws a ValidationError for a bad layout or no one to print.
 */
export async function startBadgeJob(
  deps: BadgeDeps,
  actor: AuditActor,
  eventId: string,
  request: { layout: string; filter: ParticipantFilter; requestedBy: string | null; formToken?: string | undefined },
): Promise<{ jobId: string }> {
  // The same form sent again (a double click, a retry) leads to the job it already made.
  const formToken = request.formToken && FORM_TOKEN.test(request.formToken) ? request.formToken : null;
  const earlier = formToken ? await findBadgeJobIdByFormToken(deps.db, eventId, formToken) : undefined;
  if (earlier) return { jobId: earlier };
  const layout = parseBadgeLayout(request.layout);
  if (!layout) throw new ValidationError({ layout: { key: 'badges.errors.layout' } });
  const ids = await matchingParticipantIds(deps.db, eventId, request.filter, { status: 'confirmed', limit: MAX_BADGES_PER_JOB + 1 });
  if (ids.length === 0) throw new ValidationError({ filter: { key: 'badges.errors.noneMatch' } });
  if (ids.length > MAX_BADGES_PER_JOB) throw new ValidationError({ filter: { key: 'badges.errors.tooMany', vars: { max: MAX_BADGES_PER_JOB } } });
  requireFont();
  const now = deps.clock.now();
  const jobId = uuidv7();
  const inserted = await deps.db.transaction(async (tx) => {
    await deleteExpiredBadgeJobs(tx, now);
    const row = { id: jobId, eventId, formToken, requestedBy: request.requestedBy, layout, registrationIds: ids, total: ids.length, createdAt: now, expiresAt: new Date(now.getTime() + BADGE_JOB_HOURS * 3_600_000) };
    if (!(await insertBadgeJob(tx, row))) return false;
    const data: BadgeJobData = { jobId };
    await deps.jobs.enqueue(tx, QUEUES.badgesRender, data);
    // Printing many people's names is a use of their data worth recording, like revealing one identity number.
    await writeAudit(tx, actor, { eventId, action: 'badges.print', targetType: 'badge-job', targetId: jobId, after: { layout, total: ids.length, filter: Object.fromEntries(participantFilterParams(request.filter)) } });
    return true;
  });
  // Two sends of one form at the same moment: the other one's job stands.
  if (!inserted && formToken) return { jobId: (await findBadgeJobIdByFormToken(deps.db, eventId, formToken))! };
  return { jobId };
}

/**
 * The badges.render job: draws the PDF, recording progress as it goes, and stores it. Running twice is harmless: a
 * finished job is left alone, a crashed one starts over. A missing font fails the job for good (retrying won't help).
 */
export async function runBadgeJob(db: Db, clock: Clock, data: BadgeJobData): Promise<void> {
  const job = await findBadgeJobById(db, data.jobId);
  if (!job || !(await startBadgeJobRun(db, job.id))) return;
  // Someone erased or cancelled since the job was asked for: they get no badge (the count still ends at the total).
  const sources = (await findBadgeSources(db, job.eventId, job.registrationIds)).filter((s) => !s.erased && s.status === 'confirmed');
  if (sources.length === 0) return failBadgeJob(db, job.id, 'none-left', clock.now());
  let pdf: Buffer;
  try {
    pdf = await renderBadgesPdf(
      sources.map((s) => s.badge),
      job.layout,
      { onProgress: (done) => recordBadgeJobProgress(db, job.id, done), progressEvery: 10 },
    );
  } catch (error) {
    if (error instanceof CjkFontMissingError) return failBadgeJob(db, job.id, 'font-missing', clock.now());
    throw error;
  }
  await finishBadgeJob(db, job.id, pdf, clock.now());
}

/** Deletes every expired badge PDF (called by the daily privacy sweep, and whenever a new job starts). */
export async function deleteExpiredBadgePdfs(db: Db, clock: Clock): Promise<void> {
  await deleteExpiredBadgeJobs(db, clock.now());
}

export type BadgeJobView = Omit<BadgeJobRow, 'pdf' | 'registrationIds'>;

/** A job of this event that has not expired; another event's job is as unknown as a made-up id. */
export async function getBadgeJob(db: Db, clock: Clock, eventId: string, jobId: string): Promise<BadgeJobView> {
  const job = isUuid(jobId) ? await findBadgeJob(db, eventId, jobId.toLowerCase()) : undefined;
  if (!job) throw new NotFoundError('badge-job');
  if (job.expiresAt <= clock.now()) throw new AppError(410, 'badges.errors.expired');
  const { registrationIds: _ids, ...view } = job;
  return view;
}

export async function getBadgeJobPdf(db: Db, clock: Clock, eventId: string, jobId: string): Promise<{ job: BadgeJobView; pdf: Buffer }> {
  const job = await getBadgeJob(db, clock, eventId, jobId);
  const pdf = job.status === 'done' ? await findBadgeJobPdf(db, eventId, job.id) : undefined;
  if (!pdf) throw new ConflictError('badges.errors.notReady');
  return { job, pdf };
}
