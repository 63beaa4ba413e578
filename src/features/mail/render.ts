// Renders a mail template into subject, HTML (CSS inlined for mail clients) and text, in the recipient's language.
// Templates: views/emails/<name>.html.hbs and <name>.txt.hbs inside views/emails/layout.{html,txt}.hbs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import juice from 'juice';
import { translate, type Locale } from '../../i18n/index.ts';
import { registerHelpers } from '../../lib/handlebars-helpers.ts';
import { pickLocalized, type LocalizedText } from '../../lib/localized.ts';
import { VIEWS_DIR } from '../../plugins/view.ts';

export const MAIL_TEMPLATES = ['event-invitation', 'message', 'sign-in-link', 'password-reset', 'email-change', 'email-changed', 'team-invitation', 'team-role-changed', 'my-agenda-link', 'registration', 'speaker-invite', 'session-reminder', 'speaker-invitation', 'speaker-sign-in-link'] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

export interface MailEventContext {
  title: LocalizedText;
  slug: string;
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  contactEmail: string | null;
}

export interface RenderInput {
  template: MailTemplate;
  subjectVariant?: string;
  locale: Locale;
  recipientName?: string;
  event?: MailEventContext;
  /** Template variables; strings in them are escaped in HTML. */
  data: Record<string, unknown>;
  baseUrl: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface MailRenderer {
  render(input: RenderInput): RenderedMail;
}

const EMAILS_DIR = path.join(VIEWS_DIR, 'emails');

/**
 * The footer's line on why the mail came: most mails come from taking part in an event; a mail someone asked for
 * without taking part, or one to the event's team, says so, or its reader is told of a participation they never had.
 */
const WHY_KEYS: Partial<Record<MailTemplate, string>> = {
  'my-agenda-link': 'emails.layout.whyAgendaLink',
  'team-invitation': 'emails.layout.whyTeamInvitation',
  'team-role-changed': 'emails.layout.whyTeam',
};

/** One Handlebars instance for mail, templates compiled once. Example: createMailRenderer().render({ … }) */
export function createMailRenderer(): MailRenderer {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const template = (file: string, noEscape = false) => {
    let fn = compiled.get(file);
    if (!fn) {
      fn = hbs.compile(readFileSync(path.join(EMAILS_DIR, file), 'utf8'), { noEscape, strict: false });
      compiled.set(file, fn);
    }
    return fn;
  };
  return {
    render(input) {
      const eventTitle = input.event ? (pickLocalized(input.event.title, input.locale)?.text ?? '') : '';
      const context = {
        ...input.data,
        locale: input.locale,
        recipientName: input.recipientName,
        event: input.event,
        eventTitle,
        eventUrl: input.event ? `${input.baseUrl}/events/${input.event.slug}` : undefined,
        baseUrl: input.baseUrl,
        whyKey: WHY_KEYS[input.template] ?? 'emails.layout.why',
      };
      const vars = { ...input.data, eventTitle, recipientName: input.recipientName ?? '' };
      const subject = translate(input.locale, `emails.${input.template}.subject${input.subjectVariant ? `.${input.subjectVariant}` : ''}`, vars);
      const htmlBody = template(`${input.template}.html.hbs`)(context);
      const html = juice(template('layout.html.hbs')({ ...context, subject, body: new hbs.SafeString(htmlBody) }));
      // Plain text is not HTML: no escaping, so "R&D" stays "R&D".
      const textBody = template(`${input.template}.txt.hbs`, true)(context);
      const text = template('layout.txt.hbs', true)({ ...context, subject, body: textBody }).replace(/\n{3,}/g, '\n\n').trim() + '\n';
      return { subject, html, text };
    },
  };
}
