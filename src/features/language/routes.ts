// The language switch: remembers the choice in a cookie for a year and returns to the page it came from.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { isLocale } from '../../i18n/index.ts';
import { BadRequestError } from '../../lib/errors.ts';
import { safeRedirectPath } from '../../lib/redirect.ts';
import { LANG_COOKIE } from '../../plugins/i18n.ts';
import type { FeatureDeps } from '../deps.ts';

const languageRoutes: FastifyPluginAsync<FeatureDeps> = async (fastify, { config }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/lang/:code',
    {
      schema: {
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      if (!isLocale(code)) throw new BadRequestError('errors.unknownLanguage', { lang: code });
      reply.setCookie(LANG_COOKIE, code, {
        path: '/',
        maxAge: 365 * 24 * 3600,
        sameSite: 'lax',
        httpOnly: true,
        secure: config.BASE_URL.startsWith('https://'),
      });
      return reply.redirect(safeRedirectPath(request.query.next), 303);
    },
  );
};

export default languageRoutes;
