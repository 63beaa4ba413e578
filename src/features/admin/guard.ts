// The organiser area exists before accounts do (issue 5): until then it is served only in development, to this machine.
// Example: app.addHook('onRequest', localDevelopmentOnly(config));
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Config } from '../../config.ts';
import { ForbiddenError } from '../../lib/errors.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isLocalDevelopment(config: Pick<Config, 'NODE_ENV'>, request: FastifyRequest): boolean {
  return config.NODE_ENV === 'development' && LOOPBACK.has(request.ip);
}

/** An onRequest hook refusing (403) anyone but a developer on this machine, before the address is even validated. */
export function localDevelopmentOnly(config: Pick<Config, 'NODE_ENV'>): onRequestAsyncHookHandler {
  return async (request) => {
    if (!isLocalDevelopment(config, request)) throw new ForbiddenError();
  };
}
