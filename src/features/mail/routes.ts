// The mail log and viewer: every message the app queued, as sent or kept in the outbox, with resend and cancel.
// Administrators see all mail (/admin/mail); an event's owners and organisers see that event's (/admin/events/:id/mail).
import { OUTBOX_RESPONSE } from './transport.ts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AddressObject } from 'mailparser';
import { MESSAGE_STATUSES, type MessageStatus } from '../../db/schema/index.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import type { FeatureDeps } from '../deps.ts';
import { auditActor } from '../audit/service.ts';
import { getEventById } from '../events/service.ts';
import { findMessageEventId } from './queries.ts';
import { MAIL_TEMPLATES, type MailTemplate } from './render.ts';
import {
  cancelMessageFromLog,
  listMailEvents,
  listMailLog,
  readStoredAttachment,
  readStoredMessage,
  resendMessageFromLog,
} from './service.ts';

/** Times of mail without an event are shown in the organisers' home zone. */
const DEFAULT_ZONE = 'Asia/Shanghai';

/** The mail HTML is untrusted markup: no script, no same origin, nothing fetched; inline styles stay (juice). */
const MAIL_HTML_CSP = "sandbox; default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; frame-ancestors 'self'";

const Lang = Type.Optional(Type.String({ maxLength: 40 }));
const MessageParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object({
  lang: Lang,
  event: Type.Optional(Type.Union([Type.Literal(''), Type.String({ format: 'uuid' })])),
  status: Type.Optional(Type.Union([Type.Literal(''), ...MESSAGE_STATUSES.map((s) => Type.Literal(s))])),
  template: Type.Optional(Type.Union([Type.Literal(''), ...MAIL_TEMPLATES.map((t) => Type.Literal(t))])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
});
const DetailQuery = Type.Object({ lang: Lang, done: Type.Optional(Type.Union([Type.Literal('cancelled'), Type.Literal('resent')])) });

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  // Names unquoted ("Marco Rossi <marco@…>"): this is for reading, not for pasting into a header.
  const mailboxes = (Array.isArray(value) ? value : [value]).flatMap((a) => a.value);
  return mailboxes.map((m) => (m.name ? `${m.name} <${m.address ?? ''}>` : (m.address ?? ''))).join(', ');
}

function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1_048_576) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/**
 * A calendar invitation's text/calendar body part (RFC 6047) comes without a file name: it is named for what it is,
 * not "attachment-1". Others without a name get their position.
 */
const isCalendarPart = (a: { filename?: string; contentType: string }) => !a.filename && a.contentType === 'text/calendar';
const partFilename = (a: { filename?: string; contentType: string }, index: number) => a.filename ?? (isCalendarPart(a) ? 'invitation.ics' : `attachment-${index + 1}`);

/** Content-Disposition for a download: an ASCII fallback name and the exact name in RFC 5987 form. */
function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function listHref(path: string, filter: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== '' && !(key === 'page' && value === 1)) params.set(key, String(value));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

type ListQueryValue = { event?: string; status?: string; template?: string; page?: number };

/**
 * Mails holding a personal link — sign-in, reset, confirmation, a registration's manage link (which cancels and
 * deletes it), a personal agenda's, a speaker's accept and decline links: whoever reads one could use the link.
 */
const PRIVATE_TEMPLATES = new Set(['sign-in-link', 'password-reset', 'email-change', 'team-invitation', 'speaker-sign-in-link', 'registration', 'my-agenda-link', 'speaker-invitation']);

const mailRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, config, jobs }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // The local outbox of a developer's machine is the only place such a mail arrives, so there it is shown.
  const showsPrivateMail = config.NODE_ENV === 'development' && !config.SMTP_URL;
  const isHidden = (template: string) => PRIVATE_TEMPLATES.has(template) && !showsPrivateMail;
  async function readableMessage(id: string) {
    const stored = await readStoredMessage(db, id);
    if (isHidden(stored.row.template)) throw new ForbiddenError('mailLog.errors.private');
    return stored;
  }
  // Message pages belong to the message's event; mail without an event (account mail) is for administrators only.
  const messagePermission = {
    permission: 'mail.view' as const,
    eventOf: (request: FastifyRequest) => findMessageEventId(db, (request.params as { id: string }).id),
  };

  /** The log, for every event (administrators) or pinned to one event (`scope`). */
  async function renderLog(reply: FastifyReply, query: ListQueryValue, scope?: { id: string; title: unknown }) {
    // Plain strings: an empty value is the "All …" option of the filter form.
    const { status = '', template = '', page = 1 } = query;
    const event = scope ? scope.id : (query.event ?? '');
    const path = scope ? `/admin/events/${scope.id}/mail` : '/admin/mail';
    const filter = { eventId: event || undefined, status: (status || undefined) as MessageStatus | undefined, template: (template || undefined) as MailTemplate | undefined };
    const log = await listMailLog(db, filter, page);
    const events = scope ? [] : await listMailEvents(db);
    const base = { event: scope ? '' : event, status, template };
    return reply.render(
      'admin/mail/index',
      {
        outbox: !config.SMTP_URL,
        scope,
        action: path,
        filtered: Boolean((!scope && event) || status || template),
        eventOptions: events.map((e) => ({ id: e.id, title: e.title, selected: e.id === event })),
        statusOptions: MESSAGE_STATUSES.map((s) => ({ value: s, selected: s === status })),
        templateOptions: MAIL_TEMPLATES.map((t) => ({ value: t, selected: t === template })),
        counts: MESSAGE_STATUSES.map((s) => ({ status: s, count: log.counts[s], href: listHref(path, { ...base, status: s }), current: s === status })),
        rows: log.rows.map((row) => ({ ...row, zone: row.eventTimezone ?? DEFAULT_ZONE, failed: row.status === 'failed' })),
        total: log.total,
        from: log.total === 0 ? 0 : (log.page - 1) * log.pageSize + 1,
        to: Math.min(log.total, log.page * log.pageSize),
        page: log.page,
        pageCount: log.pageCount,
        paginated: log.pageCount > 1,
        prevHref: log.page > 1 ? listHref(path, { ...base, page: log.page - 1 }) : undefined,
        nextHref: log.page < log.pageCount ? listHref(path, { ...base, page: log.page + 1 }) : undefined,
      },
      { layout: 'admin' },
    );
  }

  app.get('/admin/mail', { config: { permission: 'platform.admin' }, schema: { querystring: ListQuery } }, async (request, reply) => renderLog(reply, request.query));

  app.get(
    '/admin/events/:eventId/mail',
    { config: { permission: 'mail.view' }, schema: { params: Type.Object({ eventId: Type.String({ maxLength: 100 }) }), querystring: ListQuery } },
    async (request, reply) => {
      const event = await getEventById(db, request.params.eventId);
      return renderLog(reply, request.query, { id: event.id, title: event.title });
    },
  );

  app.get('/admin/mail/:id', { config: messagePermission, schema: { params: MessageParams, querystring: DetailQuery } }, async (request, reply) => {
    const { row, event, parsed } = await readStoredMessage(db, request.params.id);
    const hidden = isHidden(row.template);
    // Back to the log this person can open: an event's organisers have its log, only administrators the whole one.
    const logScope = row.eventId && event && !request.user!.isAdmin ? { id: row.eventId, title: event.title } : undefined;
    return reply.render(
      'admin/mail/show',
      {
        hidden,
        logScope,
        message: row,
        done: request.query.done,
        zone: event?.timezone ?? DEFAULT_ZONE,
        eventTitle: event?.title,
        headers: { from: addressText(parsed.from), to: addressText(parsed.to), subject: parsed.subject ?? row.subject, date: parsed.date, messageId: parsed.messageId },
        failed: row.status === 'failed',
        // Kept in the outbox: said in the reader's language, not as the stored English note.
        inOutbox: row.smtpResponse === OUTBOX_RESPONSE,
        canCancel: row.status === 'queued',
        hasHtml: !hidden && Boolean(parsed.html),
        text: hidden ? '' : (parsed.text ?? ''),
        attachments: (hidden ? [] : parsed.attachments).map((a, index) => ({
          index,
          filename: partFilename(a, index),
          calendarPart: isCalendarPart(a),
          contentType: a.contentType,
          size: byteSize(a.size),
          inline: a.contentDisposition === 'inline',
        })),
      },
      { layout: 'admin' },
    );
  });

  app.get('/admin/mail/:id/html', { config: messagePermission, schema: { params: MessageParams } }, async (request, reply) => {
    const { parsed } = await readableMessage(request.params.id);
    // Replaces helmet's page policy for this one response: the detail page frames it, sandboxed.
    reply.header('content-security-policy', MAIL_HTML_CSP).header('x-frame-options', 'SAMEORIGIN');
    return reply.type('text/html; charset=utf-8').send(parsed.html || parsed.textAsHtml || '');
  });

  app.get('/admin/mail/:id/raw', { config: messagePermission, schema: { params: MessageParams } }, async (request, reply) => {
    const { row } = await readableMessage(request.params.id);
    return reply.type('text/plain; charset=utf-8').send(row.raw);
  });

  app.get(
    '/admin/mail/:id/attachments/:index',
    { config: messagePermission, schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }), index: Type.Integer({ minimum: 0, maximum: 1000 }) }) } },
    async (request, reply) => {
      await readableMessage(request.params.id);
      const attachment = await readStoredAttachment(db, request.params.id, request.params.index);
      return reply
        .type(attachment.contentType || 'application/octet-stream')
        .header('content-disposition', attachmentDisposition(partFilename(attachment, request.params.index)))
        .send(attachment.content);
    },
  );

  app.post('/admin/mail/:id/resend', { config: messagePermission, schema: { params: MessageParams } }, async (request, reply) => {
    const copy = await resendMessageFromLog(db, jobs, auditActor(request), request.params.id);
    return reply.redirect(`/admin/mail/${copy.id}?done=resent`, 303);
  });

  app.post('/admin/mail/:id/cancel', { config: messagePermission, schema: { params: MessageParams } }, async (request, reply) => {
    await cancelMessageFromLog(db, auditActor(request), request.params.id);
    return reply.redirect(`/admin/mail/${request.params.id}?done=cancelled`, 303);
  });
};

export default mailRoutes;
