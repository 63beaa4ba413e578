// The organisers' approvals page: registrations awaiting a decision, approved or rejected one by one or in bulk with
// an optional message, and the waiting list in queue order with each person's place, from which people can be
// removed (rejected); rejecting asks once more (reject-confirm.ts). Each decision is
// its own transaction, so one that fails (the event filled up meanwhile) leaves the others done; the page says what
// happened to each.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { registrationCategories, registrations } from '../../db/schema/index.ts';
import { translate } from '../../i18n/index.ts';
import { ConflictError, type FieldErrors } from '../../lib/errors.ts';
import { FormText, textLength } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { isUuid } from '../../lib/ids.ts';
import { auditActor } from '../audit/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { getEventById } from '../events/service.ts';
import { many } from './form.ts';
import { rejectConfirmView } from './reject-confirm.ts';
import { waitlistPlace } from './waitlist-place.ts';
import { approveRegistration, rejectRegistration } from './status-changes.ts';
import { personNames } from '../../lib/person-name.ts';

const EventParams = Type.Object({ eventId: Type.String({ maxLength: 100 }) });
const DecisionBody = Type.Object(
  {
    ids: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 1000 })])),
    decision: Type.String({ maxLength: 20 }),
    message: Type.Optional(FormText),
    /** From the page that asks before rejecting: "yes" rejects, back returns to the list with the same people ticked. */
    confirm: Type.Optional(Type.String({ maxLength: 10 })),
    back: Type.Optional(Type.String({ maxLength: 10 })),
    /** Which form of the page was sent (pending or waitlisted): it gets back the message and the errors. */
    group: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: true },
);
/** Characters of the message sent with a decision; the box takes it as maxlength. */
const MESSAGE_MAX = 1000;

const approvalRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, mail }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const canEdit = { permission: 'event.edit' as const };

  async function render(eventId: string, locale: Parameters<typeof formErrorView>[0], extra: Record<string, unknown> = {}, status = 200) {
    const event = await getEventById(db, eventId);
    const listed = (waiting: boolean) =>
      db
        .select({
          registration: registrations,
          categoryName: registrationCategories.name,
          // The place each person is told (waitlist-place.ts), so the list reads in the order seats will be given.
          place: waiting ? waitlistPlace(event.id, sql`${registrations.categoryId}`, { at: sql`${registrations.waitlistedAt}`, id: sql`${registrations.id}` }) : sql<null>`null`,
        })
        .from(registrations)
        .innerJoin(registrationCategories, eq(registrationCategories.id, registrations.categoryId))
        .where(and(eq(registrations.eventId, event.id), eq(registrations.status, waiting ? 'waitlisted' : 'pending')))
        // Pending people in the order they registered; the waiting list in its queue order.
        .orderBy(...(waiting ? [asc(registrations.waitlistedAt), asc(registrations.id)] : [asc(registrations.createdAt), asc(registrations.id)]));
    const rows = (await Promise.all([listed(false), listed(true)])).flat();
    const picked = new Set(((extra.picked as string[] | undefined) ?? []).map((id) => id.toLowerCase()));
    // "Tick all" of a group (?tick=pending): the page again with each of its people ticked, no script needed.
    const tickGroup = extra.tickGroup as string | undefined;
    const list = rows.map(({ registration: r, categoryName, place }) => ({ ...r, categoryName, place, ...personNames(r.givenName, r.familyName, r.nameZh), picked: picked.has(r.id) || r.status === tickGroup }));
    const notApproved = new Set((extra.notApproved as string[] | undefined) ?? []);
    const groups = (['pending', 'waitlisted'] as const)
      .map((key) => ({ key, rows: list.filter((r) => r.status === key) }))
      .filter((g) => g.rows.length > 0)
      .map((g) => ({ ...g, allTicked: g.rows.every((r) => r.picked) }));
    // Each group is a form of its own: people waiting cannot be approved (they get a seat in their turn), only removed.
    // The form that was sent gets back its message and the error's anchors; else the first one has them.
    const sent = groups.find((g) => g.key === extra.group)?.key ?? groups[0]?.key;
    return {
      page: 'admin/registrations/approvals',
      data: {
        event,
        groups: groups.map((g) => ({ ...g, sent: g.key === sent })),
        messageMax: MESSAGE_MAX,
        ...formErrorView(locale, {}),
        ...extra,
        notApproved: list.filter((r) => notApproved.has(r.id)),
      },
      status,
    };
  }

  app.get('/admin/events/:eventId/registrations/approvals', { config: canEdit, schema: { params: EventParams, querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })), tick: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (request, reply) => {
    const tick = request.query.tick === 'pending' || request.query.tick === 'waitlisted' ? request.query.tick : undefined;
    const view = await render(request.params.eventId, request.locale, tick ? { tickGroup: tick } : {});
    return reply.render(view.page, view.data, { layout: 'admin' });
  });

  app.post('/admin/events/:eventId/registrations/approvals', { config: canEdit, schema: { params: EventParams, body: DecisionBody } }, async (request, reply) => {
    const event = await getEventById(db, request.params.eventId);
    const ids = many(request.body.ids);
    const message = (request.body.message ?? '').normalize('NFC').trim();
    const errors: FieldErrors = {};
    if (ids.length === 0) errors.ids = { key: 'approvals.errors.none' };
    if (request.body.decision !== 'approve' && request.body.decision !== 'reject') errors.decision = { key: 'approvals.errors.decision' };
    if (textLength(message) > MESSAGE_MAX) errors.message = { key: 'registration.errors.tooLong', vars: { max: MESSAGE_MAX } };
    if (ids.some((id) => !isUuid(id))) errors.ids = { key: 'approvals.errors.unknown' };
    const known = ids.length > 0 && !errors.ids
      ? await db.select({ id: registrations.id }).from(registrations).where(and(eq(registrations.eventId, event.id), inArray(registrations.id, ids)))
      : [];
    if (!errors.ids && known.length !== ids.length) errors.ids = { key: 'approvals.errors.unknown' };
    if (Object.keys(errors).length > 0) {
      const view = await render(event.id, request.locale, { ...formErrorView(request.locale, errors), message, picked: ids, group: request.body.group }, 422);
      return reply.render(view.page, view.data, { layout: 'admin', status: 422 });
    }
    const group = request.body.group;
    if (request.body.back !== undefined) {
      const view = await render(event.id, request.locale, { message, picked: ids, group });
      return reply.render(view.page, view.data, { layout: 'admin' });
    }
    if (request.body.decision === 'reject' && request.body.confirm !== 'yes') {
      const confirm = await rejectConfirmView(db, ids, {
        event,
        action: `/admin/events/${event.id}/registrations/approvals`,
        listHref: `/admin/events/${event.id}/registrations/approvals`,
        listLabel: translate(request.locale, 'approvals.title'),
        body: request.body,
        message,
      });
      // From the waiting list's own form, the question is said as what the organiser clicked: removing people from it.
      if (group === 'waitlisted') Object.assign(confirm, { fromWaitlist: true });
      return reply.render('admin/registrations/reject-confirm', confirm, { layout: 'admin' });
    }
    const actor = auditActor(request);
    const outcome = { confirmed: 0, waitlisted: 0, full: 0, rejected: 0, skipped: 0 };
    const notApproved: string[] = [];
    for (const id of ids) {
      try {
        if (request.body.decision === 'approve') {
          const result = await approveRegistration({ db, clock, mail }, actor, id, message || null);
          outcome[result] += 1;
          if (result === 'full') notApproved.push(id);
        } else {
          await rejectRegistration({ db, clock, mail }, actor, id, message || null);
          outcome.rejected += 1;
        }
      } catch (error) {
        // Decided meanwhile by someone else, or not awaiting a decision: counted, not an error page.
        if (error instanceof ConflictError) outcome.skipped += 1;
        else throw error;
      }
    }
    // Who could not be approved is named (they are still on the page, awaiting a decision), and the notice warns when
    // not everything asked for was done.
    const view = await render(event.id, request.locale, { outcome, decided: true, incomplete: outcome.full + outcome.skipped > 0, notApproved });
    return reply.render(view.page, view.data, { layout: 'admin' });
  });
};

export default approvalRoutes;
