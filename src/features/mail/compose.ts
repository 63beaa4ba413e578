// Builds the exact bytes of a message once (RFC 5322, MIME), so every delivery attempt sends the same Message-ID.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { headerSafe, type Mailbox } from '../../lib/email-address.ts';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Set for inline images referenced as <img src="cid:…">. */
  cid?: string;
  /** Extra Content-Type parameters, e.g. { method: 'REQUEST' } for calendar invitations. */
  contentTypeParams?: Record<string, string>;
}

export interface ComposeInput {
  from: Mailbox;
  replyTo?: Mailbox;
  to: Mailbox;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  date: Date;
  attachments?: MailAttachment[];
  /** An alternative body part such as text/calendar; method=REQUEST for iTIP invitations. */
  alternative?: MailAttachment;
  /** A calendar invitation (iTIP): a text/calendar; method=… alternative part plus the same file attached. */
  icalEvent?: IcalEventPart;
}

export interface IcalEventPart {
  /** The iCalendar METHOD of the file, repeated in the part's Content-Type as RFC 6047 asks. */
  method: 'REQUEST' | 'CANCEL';
  filename: string;
  content: Buffer;
}

const mailbox = (m: Mailbox) => (m.name ? { name: headerSafe(m.name), address: m.address } : m.address);

export function composeMessage(input: ComposeInput): Promise<Buffer> {
  const composer = new MailComposer({
    from: mailbox(input.from),
    ...(input.replyTo ? { replyTo: mailbox(input.replyTo) } : {}),
    to: mailbox(input.to),
    subject: headerSafe(input.subject),
    text: input.text,
    html: input.html,
    messageId: input.messageId,
    date: input.date,
    attachments: (input.attachments ?? []).map((a) => ({
      filename: headerSafe(a.filename),
      content: a.content,
      contentType: withParams(a.contentType, a.contentTypeParams),
      ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {}),
    })),
    ...(input.alternative
      ? { alternatives: [{ content: input.alternative.content, contentType: withParams(input.alternative.contentType, input.alternative.contentTypeParams) }] }
      : {}),
    // nodemailer writes the text/calendar alternative (with method=) and the application/ics attachment itself.
    ...(input.icalEvent ? { icalEvent: { method: input.icalEvent.method, filename: headerSafe(input.icalEvent.filename), content: input.icalEvent.content } } : {}),
  });
  return new Promise((resolve, reject) => composer.compile().build((error, message) => (error ? reject(error) : resolve(message))));
}

function withParams(type: string, params: Record<string, string> | undefined): string {
  if (!params) return type;
  return [type, ...Object.entries(params).map(([k, v]) => `${k}=${v}`)].join('; ');
}
