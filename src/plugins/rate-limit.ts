// Rate limits for the routes that attract abuse (sign-in, link and reset requests, public registration). Counters
// live in Redis when REDIS_URL is set, so several processes share them; otherwise in this process. The client
// address is the socket's unless TRUST_PROXY says which proxies may speak for it. Networks in RATE_LIMIT_ALLOW_LIST
// (load tests, never the default) are not limited.
// Example route option: config: { rateLimit: RATE_LIMITS.signIn }
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { AppError } from '../lib/errors.ts';
import { inNetworkList, parseNetworkList } from '../lib/networks.ts';

/** Requests per client address and route per window. */
export const RATE_LIMITS = {
  signIn: { max: 10, timeWindow: '1 minute' },
  linkRequest: { max: 5, timeWindow: '1 minute' },
  passwordReset: { max: 5, timeWindow: '1 minute' },
  registration: { max: 20, timeWindow: '1 minute' },
} as const;

async function rateLimitPlugin(app: FastifyInstance, opts: { config: Config }): Promise<void> {
  const allowed = parseNetworkList(opts.config.RATE_LIMIT_ALLOW_LIST);
  const redis = opts.config.REDIS_URL
    ? // No offline queue and a command timeout: while Redis is unreachable or stuck a count fails fast (and is skipped).
      new Redis(opts.config.REDIS_URL, { connectTimeout: 2000, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1000, lazyConnect: false })
    : undefined;
  if (redis) {
    redis.on('error', (error) => app.log.warn({ err: error }, 'rate-limit store (Redis) unavailable'));
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
    // Without an offline queue, a count sent before the connection is up fails and is skipped: a process that had
    // just started let its first requests through uncounted. So start serving once connected, or once Redis has
    // refused or the connect timeout has passed (then, as during any outage, nothing is counted).
    await connectedOrRefused(redis, 2000);
  }
  await app.register(fastifyRateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: 'forum-desk:rate-limit:' } : {}),
    // A Redis outage must not lock everyone out of signing in.
    skipOnError: true,
    allowList: (request) => inNetworkList(allowed, request.ip),
    // The library's own key: the client address, IPv6 grouped by /64 (one customer's whole network).
    errorResponseBuilder: (_request, context) => new AppError(429, 'errors.rateLimited', { count: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  });
}

/** Resolves when the client is ready, reports an error, or `ms` have passed, whichever comes first. */
function connectedOrRefused(redis: Redis, ms: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    redis.once('ready', done);
    redis.once('error', done);
  });
}

export default fp(rateLimitPlugin, { name: 'rate-limit' });
