// The background queues, their retry policy and how eagerly workers poll them.
import type { Queue, WorkOptions } from 'pg-boss';

export const QUEUES = {
  /** Deliver one message row: data { messageId }. */
  mailSend: 'mail.send',
  /** Compose and queue the rest of a bulk send, chunk by chunk: data { batchId, offset, recipients, … } (see features/mail/bulk.ts). */
  mailBulk: 'mail.bulk',
  /** Mail a sign-in or password-reset link if the address has an account: data { kind, email, locale, next? }. */
  accountMail: 'account.mail',
  /** Mail a new manage link if the address has an active registration for the event: data { eventId, email }. */
  registrationLink: 'registration.link',
  /** Send the day-before reminders that are due: no data; at most one sweep per 10-minute slot (singleton). */
  registrationReminders: 'registration.reminders',
  /** Compose and queue one registration mail (confirmation, waiting list, reminder …): data { registrationId, kind, extras }. */
  registrationMail: 'registration.mail',
  /** Do the rest of a bulk action on registrations (approve, move, message …): data { runId } (registration/bulk-run.ts). */
  registrationBulk: 'registration.bulk',
  /** Check and import an uploaded guest list, all rows or none: data { importId, actorId } (features/registration/import.ts). */
  registrationImport: 'registration.import',
  /** Draw a PDF of many badges with progress: data { jobId } (see features/badges/service.ts). */
  badgesRender: 'badges.render',
  /** Bring speakers' calendars in line with the event's published agenda (REQUEST / CANCEL mails): data { eventId }. */
  calendarInvites: 'calendar.invites',
  /** Mail a session's people its day-before or hour-before reminder, at that time: data { eventId, sessionId, kind, sessionStartsAt }. */
  sessionReminder: 'session.reminder',
  /** Daily, by schedule: erase the personal data of registrations whose event's retention period has ended. */
  privacyRetention: 'privacy.retention',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const QUEUE_OPTIONS: Record<QueueName, Omit<Queue, 'name'>> = {
  // An SMTP outage is survived by retrying for about a day: 5 s, 10 s, 20 s … capped at 30 min, 12 tries.
  [QUEUES.mailSend]: { retryLimit: 12, retryDelay: 5, retryBackoff: true, retryDelayMax: 1800, expireInSeconds: 120, notify: true },
  // A chunking job composes thousands of messages; it resumes where it stopped, so a retry is always safe.
  [QUEUES.mailBulk]: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 1800, notify: true },
  [QUEUES.accountMail]: { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 60, notify: true },
  [QUEUES.registrationLink]: { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 60, notify: true },
  [QUEUES.registrationReminders]: { retryLimit: 3, retryDelay: 30, expireInSeconds: 600, notify: true },
  [QUEUES.registrationMail]: { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 600, expireInSeconds: 120, notify: true },
  // A run resumes at its first item not done, so a retry after a crash or an expiry simply carries on.
  [QUEUES.registrationBulk]: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 1800, notify: true },
  // The import is one transaction that also marks it done, so a retry after a crash starts over safely.
  [QUEUES.registrationImport]: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 1800, notify: true },
  // A run starts the PDF over, so a retry after a crash is safe; a thousand badges take well under a minute.
  [QUEUES.badgesRender]: { retryLimit: 2, retryDelay: 10, expireInSeconds: 900, notify: true },
  // A run is one transaction: a retry after a failure starts from what was committed, so it never sends twice.
  [QUEUES.calendarInvites]: { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 600, expireInSeconds: 600, notify: true },
  // A run is one transaction that records each person's mail, so a retry after a failure never sends twice. Short
  // tries: an hour-before reminder that is an hour late is no use, and the job drops it once the session has begun.
  [QUEUES.sessionReminder]: { retryLimit: 5, retryDelay: 10, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 300, notify: true },
  // Each erasure is its own transaction and skips what is done, so a retry after a failure simply carries on.
  [QUEUES.privacyRetention]: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 3600, notify: true },
};

/** Defaults poll every 2 s; NOTIFY wakes workers at once, and a full batch fetches again without waiting. */
export const WORK_OPTIONS = {
  [QUEUES.mailSend]: {
    batchSize: 20,
    localConcurrency: 4,
    pollingIntervalSeconds: 2,
    notifyPollingIntervalSeconds: 10,
    burstWhenBatchFull: true,
    includeMetadata: true,
    perJobResults: true,
  },
  // One chunking job at a time per process: composing is CPU work that would otherwise starve the web process.
  [QUEUES.mailBulk]: { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10 },
  [QUEUES.accountMail]: { batchSize: 5, localConcurrency: 1, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10 },
  [QUEUES.registrationLink]: { batchSize: 5, localConcurrency: 1, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10 },
  [QUEUES.registrationReminders]: { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 10, notifyPollingIntervalSeconds: 30 },
  [QUEUES.registrationMail]: { batchSize: 10, localConcurrency: 2, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10, includeMetadata: true },
  // One run at a time per process: a run of thousands is long work that should not starve the web process.
  [QUEUES.registrationBulk]: { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10 },
  // One import at a time per process: checking 10,000 rows is CPU work the web process must not wait behind.
  [QUEUES.registrationImport]: { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10 },
  // One PDF at a time per process: drawing is CPU work that would otherwise starve the web process.
  [QUEUES.badgesRender]: { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10, includeMetadata: true },
  [QUEUES.calendarInvites]: { batchSize: 5, localConcurrency: 1, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10 },
  [QUEUES.sessionReminder]: { batchSize: 5, localConcurrency: 1, pollingIntervalSeconds: 10, notifyPollingIntervalSeconds: 30 },
  [QUEUES.privacyRetention]: { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 30, notifyPollingIntervalSeconds: 60 },
} as const satisfies Record<QueueName, WorkOptions>;
