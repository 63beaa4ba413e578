// Typed domain errors: services throw them, the one error handler turns them into pages or problem details.
// Example: throw new NotFoundError('event', { slug });
import type { Vars } from '../i18n/index.ts';

/** Where the user goes on from an error page (its main button), e.g. to ask for a new link: a local path and a locale key. */
export interface NextStep {
  href: string;
  key: string;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  /** Locale key of the message users see; errors.detail.<status> when absent. */
  readonly messageKey: string | undefined;
  readonly vars: Vars;
  /** The page's main button when set; otherwise the way home. */
  nextStep: NextStep | undefined;

  constructor(status: number, messageKey?: string, vars: Vars = {}) {
    super(messageKey ?? `HTTP ${status}`);
    this.status = status;
    this.messageKey = messageKey;
    this.vars = vars;
  }
}

export class BadRequestError extends AppError {
  constructor(messageKey?: string, vars?: Vars) {
    super(400, messageKey, vars);
  }
}

export class ForbiddenError extends AppError {
  constructor(messageKey?: string, vars?: Vars) {
    super(403, messageKey, vars);
  }
}

export class NotFoundError extends AppError {
  /** What was looked for, for logs: 'event', 'session' … */
  readonly what: string;
  constructor(what: string, vars?: Vars) {
    super(404, undefined, vars);
    this.what = what;
  }
}

export class ConflictError extends AppError {
  constructor(messageKey?: string, vars?: Vars) {
    super(409, messageKey, vars);
  }
}

/**
 * Field name → the message's locale key (and vars). `label` (a locale key) or `labelText` (already in the reader's
 * language) names the field in the form's error summary, for messages that do not name it themselves ("This is too
 * long") and would read the same for several fields.
 */
export type FieldErrors = Record<string, { key: string; vars?: Vars; label?: string; labelText?: string }>;

/** Field-level problems with what the user sent: field name → locale key of the message. */
export class ValidationError extends AppError {
  readonly fields: FieldErrors;
  constructor(fields: FieldErrors) {
    super(422);
    this.fields = fields;
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(messageKey?: string, vars?: Vars) {
    super(503, messageKey, vars);
  }
}
