// Server-side sessions in the database (@fastify/session with a store on our Db) and session-bound CSRF tokens
// (@fastify/csrf-protection) checked on every state-changing request.
// Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_ABSOLUTE_HOURS after they began, by the
// app's clock; the cookie is HttpOnly, SameSite=Lax, Secure whenever the request came over HTTPS.
import { createHash } from 'node:crypto';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifySession from '@fastify/session';
import { and, eq, gt, lt, ne, or, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest, Session } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { preparedPerDatabase } from '../db/prepared.ts';
import { sessions } from '../db/schema/index.ts';
import type { Db } from '../db/types.ts';
import type { Clock } from '../lib/clock.ts';

export const SESSION_COOKIE = 'fd_session';

declare module 'fastify' {
  interface Session {
    /** The signed-in user, once every required factor is done. */
    userId?: string;
    /** Password or link accepted, second factor still to come. */
    pendingUserId?: string;
    pendingSince?: number;
    /** When the person last proved who they are (ms); sensitive changes need this to be recent. */
    authenticatedAt?: number;
    /** Set once the session is in the database: from then on it is only updated, never inserted again. */
    _stored?: boolean;
    /** The browser that signed in, shown in the account's list of sessions. */
    userAgent?: string;
    /** Where to go after signing in. */
    returnTo?: string;
    /** A one-time notice shown on the next page (locale key). */
    flash?: string;
    /** The notice's vars, if any; a list of messages (MessageRef[]) is put in words in the reader's language. */
    flashVars?: Record<string, unknown>;
    /**
     * A door's refused admission (sent as a plain form), shown once by the page it redirects to, so that reloading
     * that page does not send the refused form again. What was presented, not the card: the card is read anew.
     */
    refusedScan?: { eventId: string; sessionId: string | null; presented: { ticketCode: string } | { registrationId: string } | null };
    _csrf?: string;
  }
  interface FastifyContextConfig {
    /** A state-changing route that needs no CSRF token (none so far; the CSRF test lists any that claim it). */
    csrfExempt?: boolean;
    /**
     * A route that takes multipart forms (file uploads): their fields are read after this plugin's hook, so for them
     * the token is checked by checkCsrfAfterBody in the route's preHandler instead. Nothing is exempt.
     */
    csrfAfterMultipart?: boolean;
  }
}

const SKIPPED = new Set(['cookie', 'sessionId', 'encryptedSessionId']);
export const hashSessionId = (id: string) => createHash('sha256').update(id, 'utf8').digest();

/** The data a Session carries, without the cookie and the library's own fields. */
function plainData(session: Session): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(session)) if (!SKIPPED.has(key) && value !== undefined) data[key] = value;
  return data;
}

/** How often a session's last request is written down (and its idle expiry pushed forward). */
const TOUCH_EVERY_MS = 60_000;

// Read on every request that carries a session cookie: built once, prepared on the server.
const liveSession = preparedPerDatabase((db) =>
  db
    .select({ data: sessions.data, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.idHash, sql.placeholder('idHash')), gt(sessions.expiresAt, sql.placeholder('now')), gt(sessions.absoluteExpiresAt, sql.placeholder('now'))))
    .prepare('load_session'),
);

export class DatabaseSessionStore {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #idleMs: number;
  readonly #absoluteMs: number;

  constructor(db: Db, clock: Clock, config: Pick<Config, 'SESSION_IDLE_MINUTES' | 'SESSION_ABSOLUTE_HOURS'>) {
    this.#db = db;
    this.#clock = clock;
    this.#idleMs = config.SESSION_IDLE_MINUTES * 60_000;
    this.#absoluteMs = config.SESSION_ABSOLUTE_HOURS * 3_600_000;
  }

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    this.load(sessionId).then((session) => callback(null, session), callback);
  }

  set(sessionId: string, session: Session, callback: (error?: unknown) => void): void {
    this.save(sessionId, session).then(() => callback(), callback);
  }

  destroy(sessionId: string, callback: (error?: unknown) => void): void {
    this.#db
      .delete(sessions)
      .where(eq(sessions.idHash, hashSessionId(sessionId)))
      .then(() => callback(), callback);
  }

  /**
   * A live session's data, its idle expiry pushed forward; nothing for an unknown, idle or too old one. The push is
   * written at most once a minute: a write per request is a commit (a disk flush) on every signed-in page and form,
   * and it doubled their cost. So an idle session ends between 29 and 30 minutes after its last request.
   */
  async load(sessionId: string): Promise<Session | null> {
    const now = this.#clock.now();
    const idHash = hashSessionId(sessionId);
    const [row] = await liveSession(this.#db).execute({ idHash, now: now.toISOString() });
    if (!row) return null;
    const live = and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), gt(sessions.absoluteExpiresAt, now));
    if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await this.#db
        .update(sessions)
        .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + this.#idleMs) })
        .where(live);
    }
    return row.data as unknown as Session;
  }

  /**
   * Inserts a new session, or updates a stored one while it is still live. A session ended meanwhile (sign-out
   * everywhere, a password reset) stays ended even if a request that loaded it before saves it afterwards.
   */
  async save(sessionId: string, session: Session): Promise<void> {
    const now = this.#clock.now();
    const idHash = hashSessionId(sessionId);
    // A half-signed-in session (second factor due) belongs to that user too, so ending their sessions ends it.
    const userId = session.userId ?? session.pendingUserId ?? null;
    const userAgent = session.userAgent ?? null;
    const expiresAt = new Date(now.getTime() + this.#idleMs);
    if (session._stored) {
      await this.#db
        .update(sessions)
        .set({ userId, userAgent, data: plainData(session), lastSeenAt: now, expiresAt })
        .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), gt(sessions.absoluteExpiresAt, now)));
      return;
    }
    session._stored = true;
    await this.#db
      .insert(sessions)
      .values({ idHash, userId, userAgent, data: plainData(session), createdAt: now, lastSeenAt: now, expiresAt, absoluteExpiresAt: new Date(now.getTime() + this.#absoluteMs) })
      .onConflictDoNothing();
  }

  /** Ends every session of a user, or every one but the given session id. Returns how many ended. */
  async destroyAllFor(userId: string, exceptSessionId?: string): Promise<number> {
    const rows = await this.#db
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), exceptSessionId ? ne(sessions.idHash, hashSessionId(exceptSessionId)) : undefined))
      .returning({ idHash: sessions.idHash });
    return rows.length;
  }

  /** Removes sessions past either expiry; run by a scheduled job. */
  async purgeExpired(): Promise<number> {
    const now = this.#clock.now();
    const rows = await this.#db
      .delete(sessions)
      .where(or(lt(sessions.expiresAt, now), lt(sessions.absoluteExpiresAt, now)))
      .returning({ idHash: sessions.idHash });
    return rows.length;
  }

  /** The live sessions of a user, newest first, for the account page. */
  async listFor(userId: string) {
    const now = this.#clock.now();
    return this.#db
      .select({ idHash: sessions.idHash, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, userAgent: sessions.userAgent })
      .from(sessions)
      .where(and(eq(sessions.userId, userId), sql`${sessions.data} ? 'userId'`, gt(sessions.expiresAt, now), gt(sessions.absoluteExpiresAt, now)))
      .orderBy(sql`${sessions.lastSeenAt} desc`);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    sessions: DatabaseSessionStore;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function sessionPlugin(app: FastifyInstance, opts: { db: Db; clock: Clock; config: Config }): Promise<void> {
  const store = new DatabaseSessionStore(opts.db, opts.clock, opts.config);
  app.decorate('sessions', store);
  await app.register(fastifySession, {
    secret: opts.config.SESSION_SECRET,
    cookieName: SESSION_COOKIE,
    store,
    // Only sessions that hold something (a CSRF secret, a user) are stored: reading a public page writes nothing.
    saveUninitialized: false,
    rolling: false,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      // 'auto': Secure whenever the request reached us (or the trusted proxy) over HTTPS.
      secure: opts.config.BASE_URL.startsWith('https:') ? true : 'auto',
    },
  });
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
  // Every state-changing route checks the token once the form body is parsed; a route added later is covered too.
  app.addHook('preValidation', async (request, reply) => {
    if (SAFE_METHODS.has(request.method) || request.routeOptions.config.csrfExempt) return;
    if (request.routeOptions.config.csrfAfterMultipart && isMultipart(request)) return;
    await checkCsrf(app, request, reply);
  });
}

const isMultipart = (request: FastifyRequest) => (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
const checkCsrf = (app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) =>
  new Promise<void>((resolve, reject) => app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve())));

/** The preHandler of a csrfAfterMultipart route: checks a multipart form's token once its fields are read. */
export function checkCsrfAfterBody(app: FastifyInstance) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (isMultipart(request)) await checkCsrf(app, request, reply);
  };
}

export default fp(sessionPlugin, { name: 'session' });
