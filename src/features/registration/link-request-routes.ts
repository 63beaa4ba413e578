// A new manage link for people who lost their registration mail: a form asking for the address, and the same
// answer page whether or not the address is registered (only a registered one is mailed its link).
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { NotFoundError, type FieldErrors } from '../../lib/errors.ts';
import { checkFormGuard, formStamp, keptFormStamp } from '../../lib/form-guard.ts';
import { FormText } from '../../lib/form-text.ts';
import { formErrorView } from '../../lib/form-view.ts';
import { maskEmail } from '../../lib/masked-email.ts';
import { RATE_LIMITS } from '../../plugins/rate-limit.ts';
import { normaliseEmail } from '../accounts/service.ts';
import type { FeatureDeps } from '../deps.ts';
import { findPublishedEventBySlug } from '../events/queries.ts';
import { requestNewManageLink } from './manage.ts';
import { findRegistrationSettings } from './registration-window.ts';

const Slug = Type.String({ maxLength: 80 });
const Lang = Type.Optional(Type.String({ maxLength: 40 }));

const linkRequestRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { db, clock, config, mail }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** The published event that takes registrations, or 404. */
  async function loadEvent(slug: string) {
    const event = await findPublishedEventBySlug(db, slug);
    const settings = event ? await findRegistrationSettings(db, event.id) : undefined;
    if (!event || !settings) throw new NotFoundError('event');
    return { event, settings };
  }

  app.get('/events/:slug/register/link', { schema: { params: Type.Object({ slug: Slug }), querystring: Type.Object({ lang: Lang }) } }, async (request, reply) => {
    const { event } = await loadEvent(request.params.slug);
    return reply.render('registration/link-request', { event, email: '', formStamp: formStamp(config.SESSION_SECRET, clock.now()) });
  });

  app.post(
    '/events/:slug/register/link',
    { config: { rateLimit: RATE_LIMITS.linkRequest }, schema: { params: Type.Object({ slug: Slug }), body: Type.Object({ email: FormText }, { additionalProperties: true }) } },
    async (request, reply) => {
      const { event } = await loadEvent(request.params.slug);
      const guard = checkFormGuard(config.SESSION_SECRET, request.body, clock.now(), config.FORM_MIN_SECONDS);
      const email = normaliseEmail(request.body.email.normalize('NFC'));
      const again = (errors: FieldErrors) =>
        reply.render('registration/link-request', { event, email: request.body.email.slice(0, 254), formStamp: keptFormStamp(config.SESSION_SECRET, request.body, clock.now()), ...formErrorView(request.locale, errors) }, { status: 422 });
      if (guard === 'too-fast') return again({ '': { key: 'forms.tooFast' } });
      if (!email) return again({ email: { key: 'registration.errors.email' } });
      // The same page whether or not the address is registered.
      if (guard === 'ok') await requestNewManageLink({ db, mail }, event.id, email);
      return reply.render('registration/link-sent', { event, email: maskEmail(email) });
    },
  );
};

export default linkRequestRoutes;
