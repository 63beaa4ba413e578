// Progress of a bulk send for the organiser: a JSON summary and a page whose bar follows it, for those who may read
// the mail of the batch's event.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { translate } from '../../i18n/index.ts';
import type { FeatureDeps } from '../deps.ts';
import { getBulkProgress } from './bulk.ts';
import { findMailBatchEventId } from './bulk-queries.ts';

/** Batches need not belong to an event; their times are shown in the events' default zone. */
const DISPLAY_ZONE = 'Asia/Shanghai';

const BatchParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Count = Type.Integer({ minimum: 0 });
const BulkProgressSchema = Type.Object({
  total: Count,
  queued: Count,
  sending: Count,
  sent: Count,
  failed: Count,
  cancelled: Count,
  createdAt: Type.String({ format: 'date-time' }),
  ratePerMinute: Type.Integer({ minimum: 1 }),
  expectedFinishAt: Type.String({ format: 'date-time' }),
});

const bulkMailRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const batchPermission = {
    permission: 'mail.view' as const,
    eventOf: (request: FastifyRequest) => findMailBatchEventId(db, (request.params as { id: string }).id),
  };

  app.get('/api/admin/mail/batches/:id', { config: batchPermission, schema: { params: BatchParams, response: { 200: BulkProgressSchema } } }, async (request) => {
    const progress = await getBulkProgress(db, request.params.id);
    // fast-json-stringify writes Dates as ISO strings for date-time fields; the cast tells TypeScript so.
    return progress as unknown as Static<typeof BulkProgressSchema>;
  });

  app.get(
    '/admin/mail/batches/:id',
    { config: batchPermission, schema: { params: BatchParams, querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 40 })) }) } },
    async (request, reply) => {
        const progress = await getBulkProgress(db, request.params.id);
      const format = new Intl.NumberFormat(request.locale);
      return reply.render(
        'admin/mail/batch',
        {
          batchId: request.params.id,
          progress,
          sentText: { sent: format.format(progress.sent), total: format.format(progress.total) },
          counts: (['queued', 'sending', 'sent', 'failed', 'cancelled'] as const).map((status) => ({ status, value: format.format(progress[status]) })),
          zone: DISPLAY_ZONE,
          pageTitle: translate(request.locale, 'bulkMail.title'),
        },
        { layout: 'admin' },
      );
    },
  );
};

export default bulkMailRoutes;
