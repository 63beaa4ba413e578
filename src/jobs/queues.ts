// The background queues, their retry policy and how eagerly workers poll them.
import type { Queue, WorkOptions } from 'pg-boss';

export const QUEUES = {
  /** Deliver one message row: data { messageId }. */
  mailSend: 'mail.send',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const QUEUE_OPTIONS: Record<QueueName, Omit<Queue, 'name'>> = {
  // An SMTP outage is survived by retrying for about a day: 5 s, 10 s, 20 s … capped at 30 min, 12 tries.
  [QUEUES.mailSend]: { retryLimit: 12, retryDelay: 5, retryBackoff: true, retryDelayMax: 1800, expireInSeconds: 120, notify: true },
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
} as const satisfies Record<QueueName, WorkOptions>;
