// The participant list's filter as it travels in the address (bookmarkable) and in the bulk form's hidden fields:
// read from query parameters with anything not understood dropped, and written back the same way.
// Example: const filter = parseParticipantFilter(request.query, questions); const href = `?${participantFilterParams(filter)}`;
import { REGISTRATION_STATUSES, type RegistrationStatus } from '../../db/schema/index.ts';
import { countryCodeFromText } from '../../lib/countries.ts';
import { isUuid } from '../../lib/ids.ts';

export const PARTICIPANT_SORTS = ['newest', 'oldest', 'name', 'organisation'] as const;
export type ParticipantSort = (typeof PARTICIPANT_SORTS)[number];

/** Consent filters: given (and not withdrawn) or not. */
export const CONSENT_FILTERS = ['yes', 'no'] as const;
export type ConsentFilter = (typeof CONSENT_FILTERS)[number];

/** Question kinds the list can filter by: a choice among the question's options, or a part of a typed answer. */
export const CHOICE_QUESTION_KINDS = ['single', 'multiple', 'yes-no'] as const;
export const TEXT_QUESTION_KINDS = ['text', 'long-text', 'country'] as const;

export interface FilterQuestion {
  id: string;
  kind: string;
  options: { value: string }[];
}

export interface ParticipantFilter {
  q: string;
  status?: RegistrationStatus | undefined;
  categoryId?: string | undefined;
  country?: string | undefined;
  sensitive?: ConsentFilter | undefined;
  crossBorder?: ConsentFilter | undefined;
  /** A question of the event and the answer sought: an option's value, or text an answer contains. */
  question?: { id: string; match: 'choice' | 'text'; value: string } | undefined;
  /** Admitted at an event door (an active check-in), or not yet. */
  checkedIn?: ConsentFilter | undefined;
  sort: ParticipantSort;
}

export type FilterQuery = Partial<Record<'q' | 'status' | 'category' | 'country' | 'sensitive' | 'crossBorder' | 'question' | 'answer' | 'checkedIn' | 'sort', string>>;

const oneOf = <T extends string>(list: readonly T[], value: string | undefined): T | undefined => ((list as readonly string[]).includes(value ?? '') ? (value as T) : undefined);

/** The filter the address asks for; what is not understood (an unknown status, a question of another event) is left out. */
export function parseParticipantFilter(query: FilterQuery, questions: readonly FilterQuestion[]): ParticipantFilter {
  return {
    q: (query.q ?? '').slice(0, 200),
    status: oneOf(REGISTRATION_STATUSES, query.status),
    categoryId: isUuid(query.category) ? query.category.toLowerCase() : undefined,
    // A code or a name, in English or Chinese ('DE', 'Germany', '德国').
    country: countryCodeFromText((query.country ?? '').slice(0, 100)),
    sensitive: oneOf(CONSENT_FILTERS, query.sensitive),
    crossBorder: oneOf(CONSENT_FILTERS, query.crossBorder),
    question: parseQuestionFilter(query.question, query.answer, questions),
    checkedIn: oneOf(CONSENT_FILTERS, query.checkedIn),
    sort: oneOf(PARTICIPANT_SORTS, query.sort) ?? 'newest',
  };
}

function parseQuestionFilter(questionId: string | undefined, answer: string | undefined, questions: readonly FilterQuestion[]): ParticipantFilter['question'] {
  const question = questions.find((q) => q.id === questionId?.toLowerCase());
  const value = (answer ?? '').normalize('NFKC').trim().slice(0, 200);
  if (!question || value === '') return undefined;
  if ((CHOICE_QUESTION_KINDS as readonly string[]).includes(question.kind)) {
    const allowed = question.kind === 'yes-no' ? ['yes', 'no'] : question.options.map((o) => o.value);
    return allowed.includes(value) ? { id: question.id, match: 'choice', value } : undefined;
  }
  if ((TEXT_QUESTION_KINDS as readonly string[]).includes(question.kind)) return { id: question.id, match: 'text', value };
  return undefined;
}

/**
 * The filters the address asked for that were not understood and are not applied (a country by a name no list
 * has, an answer that is no option of its question, an unknown status), so the page can say so instead of looking
 * filtered. Example: ignoredFilters({ country: 'Narnia' }, filter) → ['country']
 */
export function ignoredFilters(query: FilterQuery, filter: ParticipantFilter): string[] {
  const asked = (key: keyof FilterQuery) => (query[key] ?? '').trim() !== '';
  const ignored: string[] = [];
  if (asked('status') && !filter.status) ignored.push('status');
  if (asked('category') && !filter.categoryId) ignored.push('category');
  if (asked('country') && !filter.country) ignored.push('country');
  if (asked('sensitive') && !filter.sensitive) ignored.push('sensitive');
  if (asked('crossBorder') && !filter.crossBorder) ignored.push('crossBorder');
  if (asked('answer') && !filter.question) ignored.push('answer');
  if (asked('checkedIn') && !filter.checkedIn) ignored.push('checkedIn');
  if (asked('sort') && filter.sort !== query.sort) ignored.push('sort');
  return ignored;
}

/** The filter as query parameters, defaults left out, in a fixed order (so equal filters give equal addresses). */
export function participantFilterParams(filter: ParticipantFilter): URLSearchParams {
  const params = new URLSearchParams();
  const entries: [string, string | undefined][] = [
    ['q', filter.q || undefined],
    ['status', filter.status],
    ['category', filter.categoryId],
    ['country', filter.country],
    ['sensitive', filter.sensitive],
    ['crossBorder', filter.crossBorder],
    ['question', filter.question?.id],
    ['answer', filter.question?.value],
    ['checkedIn', filter.checkedIn],
    ['sort', filter.sort === 'newest' ? undefined : filter.sort],
  ];
  for (const [key, value] of entries) if (value) params.set(key, value);
  return params;
}
