// Reads the participant list's bulk form: which action, on whom (the ticked rows, or everyone the filter matches),
// and what goes with it. Pure, so every rule is checked without a database; ids are checked against the event later.
// Example: const parsed = readBulkForm(request.body); if ('errors' in parsed) … else startBulkRun(…, parsed.request);
import { randomBytes } from 'node:crypto';
import { BULK_ACTIONS, type BulkAction } from '../../db/schema/index.ts';
import type { FieldErrors } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { many, one } from './form.ts';

export const BULK_DECISION_MESSAGE_MAX = 1000;
export const BULK_SUBJECT_MAX = 200;
export const BULK_BODY_MAX = 5000;
/** Ticked rows per submit: a page shows 50; "all matching" goes by the filter, not by ids. */
export const BULK_SELECTION_MAX = 1000;

const FORM_TOKEN = /^[A-Za-z0-9_-]{32}$/;
/** The one-time token each rendering of the form carries, so a double submit starts one run (bulk-run.ts). */
export const newBulkFormToken = () => randomBytes(24).toString('base64url');

export interface BulkFormRequest {
  action: BulkAction;
  scope: 'selected' | 'all';
  /** The ticked registrations (scope 'selected'), lower-cased, without repeats. */
  ids: string[];
  /** How many the organiser saw matching (scope 'all'): the run is refused if the list changed meanwhile. */
  expected: number | null;
  message: string | null;
  categoryId: string | null;
  subject: string | null;
  body: string | null;
  formToken: string | null;
}

export interface BulkFormValues {
  action: string;
  scope: string;
  message: string;
  targetCategory: string;
  subject: string;
  body: string;
}

const clean = (text: string) => text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
const length = (text: string) => [...text].length;
// Control characters other than line breaks and tabs have no place in a mail; in a subject, not even those.
const CONTROL_IN_BODY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * The organiser's message with a decision (approval, rejection, cancellation) as it is kept and mailed: trimmed, line
 * breaks as LF, null when empty. Too long or with control characters is an error under `message`, named by `label`.
 */
export function readDecisionMessage(text: string, errors: FieldErrors, label: string): string | null {
  const message = clean(text) || null;
  if (message && length(message) > BULK_DECISION_MESSAGE_MAX) errors.message = { key: 'registration.errors.tooLong', vars: { max: BULK_DECISION_MESSAGE_MAX }, label };
  else if (message && CONTROL_IN_BODY.test(message)) errors.message = { key: 'registration.errors.control' };
  return message;
}

/** What the form shows again after an error: the organiser's own text. */
export function bulkFormValues(body: Record<string, unknown>): BulkFormValues {
  return {
    action: one(body.action),
    scope: one(body.scope),
    message: one(body.message),
    targetCategory: one(body.targetCategory),
    subject: one(body.subject),
    body: one(body.body),
  };
}

export function readBulkForm(body: Record<string, unknown>): { request: BulkFormRequest } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const values = bulkFormValues(body);
  const action = (BULK_ACTIONS as readonly string[]).includes(values.action) ? (values.action as BulkAction) : null;
  if (!action) errors.action = { key: 'participants.bulk.errors.action' };
  const scope = values.scope === 'all' ? 'all' : 'selected';

  const rawIds = many(body.ids);
  const ids = [...new Set(rawIds.map((id) => id.toLowerCase()))];
  const expectedText = one(body.expected);
  const expected = /^\d{1,7}$/.test(expectedText) ? Number(expectedText) : null;
  if (scope === 'selected') {
    if (ids.length === 0) errors.ids = { key: 'participants.bulk.errors.none' };
    else if (ids.length > BULK_SELECTION_MAX) errors.ids = { key: 'participants.bulk.errors.tooMany', vars: { max: BULK_SELECTION_MAX } };
    else if (!ids.every((id) => isUuid(id))) errors.ids = { key: 'participants.bulk.errors.unknown' };
  } else if (expected === null || expected === 0) errors.ids = { key: 'participants.bulk.errors.none' };

  let message: string | null = null;
  let categoryId: string | null = null;
  let subject: string | null = null;
  let mailBody: string | null = null;
  if (action === 'approve' || action === 'reject') message = readDecisionMessage(values.message, errors, 'participants.bulk.message');
  if (action === 'move') {
    const target = values.targetCategory.toLowerCase();
    if (!isUuid(target)) errors.targetCategory = { key: 'participants.bulk.errors.category' };
    else categoryId = target;
  }
  if (action === 'message') {
    subject = clean(values.subject);
    mailBody = clean(values.body);
    if (subject === '') errors.subject = { key: 'participants.bulk.errors.subject' };
    else if (length(subject) > BULK_SUBJECT_MAX) errors.subject = { key: 'registration.errors.tooLong', vars: { max: BULK_SUBJECT_MAX }, label: 'participants.bulk.subject' };
    else if (CONTROL_IN_LINE.test(subject)) errors.subject = { key: 'registration.errors.control' };
    if (mailBody === '') errors.body = { key: 'participants.bulk.errors.body' };
    else if (length(mailBody) > BULK_BODY_MAX) errors.body = { key: 'registration.errors.tooLong', vars: { max: BULK_BODY_MAX }, label: 'participants.bulk.body' };
    else if (CONTROL_IN_BODY.test(mailBody)) errors.body = { key: 'registration.errors.control' };
  }
  if (Object.keys(errors).length > 0 || !action) return { errors };
  const token = one(body.formToken);
  return {
    request: { action, scope, ids: scope === 'selected' ? ids : [], expected: scope === 'all' ? expected : null, message, categoryId, subject, body: mailBody, formToken: FORM_TOKEN.test(token) ? token : null },
  };
}
