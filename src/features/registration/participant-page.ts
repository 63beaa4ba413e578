// What the participant list page shows, for the page itself (GET) and for the bulk form sent back with its errors
// (POST): the filter read from the address or the form's hidden fields, one page of rows, counts and the bulk form.
// Example: return reply.render('admin/registrations/list', await participantPage(db, event, request.query, request.locale), { layout: 'admin' });
import { REGISTRATION_STATUSES } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import { formatList, translate, type Locale } from '../../i18n/index.ts';
import { countryName } from '../../lib/countries.ts';
import { pickLocalized } from '../../lib/localized.ts';
import { BULK_BODY_MAX, BULK_DECISION_MESSAGE_MAX, BULK_SUBJECT_MAX, newBulkFormToken, type BulkFormValues } from './bulk-form.ts';
import { CHOICE_QUESTION_KINDS, CONSENT_FILTERS, PARTICIPANT_SORTS, TEXT_QUESTION_KINDS, ignoredFilters, parseParticipantFilter, participantFilterParams, type FilterQuery, type ParticipantFilter } from './participant-filter.ts';
import type { FormQuestion } from './form.ts';
import { listParticipants, PARTICIPANT_PAGE_SIZE, tallyParticipantCounts } from './participant-list.ts';
import { findFormQuestions, findParticipantListContext } from './form-queries.ts';
import { personNames } from '../../lib/person-name.ts';

export interface ParticipantPageInput extends FilterQuery {
  page?: string;
}

const isFilterable = (q: FormQuestion) => (CHOICE_QUESTION_KINDS as readonly string[]).includes(q.kind) || (TEXT_QUESTION_KINDS as readonly string[]).includes(q.kind);

/** The questions the list can filter by (not file uploads), with their options. */
export async function filterQuestions(db: Db, eventId: string) {
  return (await findFormQuestions(db, eventId)).filter(isFilterable);
}

/** The filter form's label of each filter the address may ask for. */
const IGNORED_LABELS: Record<string, string> = {
  status: 'participants.status',
  category: 'participants.category',
  country: 'participants.country',
  sensitive: 'participants.consents.sensitive',
  crossBorder: 'participants.consents.crossBorder',
  answer: 'participants.answer',
  checkedIn: 'participants.checkedIn',
  sort: 'participants.sort',
};

export async function readParticipantFilter(db: Db, eventId: string, query: FilterQuery): Promise<ParticipantFilter> {
  return parseParticipantFilter(query, await filterQuestions(db, eventId));
}

export async function participantPage(db: Db, event: { id: string }, query: ParticipantPageInput, locale: Locale, bulk: { values?: Partial<BulkFormValues>; canManage: boolean } = { canManage: false }) {
  // First what the filter needs (and what does not depend on it) in one statement, then the page and its total.
  const context = await findParticipantListContext(db, event.id);
  const questions = context.questions.filter(isFilterable);
  const { categories } = context;
  const counts = tallyParticipantCounts(context.counts);
  const filter = parseParticipantFilter(query, questions);
  const ignored = ignoredFilters(query, filter);
  let page = Math.max(1, Math.min(100_000, Number.parseInt(query.page ?? '1', 10) || 1));
  let { rows, total, digest } = await listParticipants(db, event.id, filter, page);
  const pagesOf = (n: number) => Math.max(1, Math.ceil(n / PARTICIPANT_PAGE_SIZE));
  // A page past the last (the list got shorter since, after a bulk action or a cancellation): the last page instead.
  if (rows.length === 0 && page > pagesOf(total)) {
    page = pagesOf(total);
    ({ rows, total, digest } = await listParticipants(db, event.id, filter, page));
  }
  const pages = pagesOf(total);
  const base = `/admin/events/${event.id}/registrations`;
  const filterParams = participantFilterParams(filter);
  const href = (p: number) => {
    const params = new URLSearchParams(filterParams);
    if (p > 1) params.set('page', String(p));
    const search = params.toString();
    return `${base}${search ? `?${search}` : ''}`;
  };
  const chosenQuestion = questions.find((q) => q.id === filter.question?.id) ?? questions.find((q) => q.id === query.question?.toLowerCase());
  const answerOptions =
    chosenQuestion && (CHOICE_QUESTION_KINDS as readonly string[]).includes(chosenQuestion.kind)
      ? (chosenQuestion.kind === 'yes-no' ? [{ value: 'yes', label: null }, { value: 'no', label: null }] : chosenQuestion.options.map((o) => ({ value: o.value, label: o.label })))
      : null;
  const values = bulk.values ?? {};
  return {
    event,
    filter,
    total,
    matchingDigest: digest,
    rows: rows.map(({ registration: r, categoryName, checkedInAt }) => ({
      id: r.id,
      ...personNames(r.givenName, r.familyName, r.nameZh),
      email: r.email,
      organisation: r.organisation,
      country: countryName(r.country, locale),
      status: r.status,
      categoryName,
      createdAt: r.createdAt,
      checkedInAt,
    })),
    statusCounts: REGISTRATION_STATUSES.map((status) => ({ status, n: counts.byStatus[status], selected: status === filter.status })),
    categories: categories.map((c) => ({ id: c.id, name: c.name, n: counts.byCategory.get(c.id) ?? 0, selected: c.id === filter.categoryId, target: c.id === values.targetCategory })),
    checkedInChoices: CONSENT_FILTERS.map((value) => ({ value, selected: filter.checkedIn === value })),
    consentFilters: (['sensitive', 'crossBorder'] as const).map((key) => ({ key, options: CONSENT_FILTERS.map((value) => ({ value, selected: filter[key] === value })) })),
    questions: questions.map((q) => ({ id: q.id, label: pickLocalized(q.label, locale)?.text ?? q.id, selected: q.id === chosenQuestion?.id })),
    answerOptions: answerOptions?.map((o) => ({ value: o.value, label: o.label ? (pickLocalized(o.label, locale)?.text ?? o.value) : null, selected: o.value === filter.question?.value })),
    answerText: answerOptions ? '' : (filter.question?.value ?? query.answer ?? ''),
    sorts: PARTICIPANT_SORTS.map((value) => ({ value, selected: value === filter.sort })),
    // Asked for but not understood, so not applied: said, lest the list look filtered.
    ignoredCountry: ignored.includes('country'),
    ignoredFilters: formatList(
      locale,
      ignored.map((key) => `${translate(locale, IGNORED_LABELS[key]!)}${translate(locale, 'punct.open')}${String(query[key as keyof FilterQuery] ?? '').slice(0, 60)}${translate(locale, 'punct.close')}`),
    ),
    page,
    pages,
    prevHref: page > 1 ? href(page - 1) : null,
    nextHref: page < pages ? href(page + 1) : null,
    from: total === 0 ? 0 : (page - 1) * PARTICIPANT_PAGE_SIZE + 1,
    to: Math.min(total, page * PARTICIPANT_PAGE_SIZE),
    filterFields: [...filterParams].map(([name, value]) => ({ name, value })),
    exportHref: `${base}/export${filterParams.size > 0 ? `?${filterParams}` : ''}`,
    badgesHref: `/admin/events/${event.id}/badges${filterParams.size > 0 ? `?${filterParams}` : ''}`,
    bulkAction: `${base}/bulk`,
    canManage: bulk.canManage,
    bulk: {
      formToken: newBulkFormToken(),
      actions: (['approve', 'reject', 'move', 'resend', 'message'] as const).map((value) => ({ value, selected: value === values.action })),
      scopeAll: values.scope === 'all',
      message: values.message ?? '',
      subject: values.subject ?? '',
      body: values.body ?? '',
      limits: { message: BULK_DECISION_MESSAGE_MAX, subject: BULK_SUBJECT_MAX, body: BULK_BODY_MAX },
    },
  };
}
