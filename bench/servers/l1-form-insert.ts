// Baseline L1: bare Fastify taking a urlencoded form on POST /submit, one INSERT through postgres.js, then 303.
import fastifyFormbody from '@fastify/formbody';
import Fastify from 'fastify';
import postgres from 'postgres';
import { listenOnLoopback } from '../lib/listen-on-loopback.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl?.startsWith('postgres')) throw new Error('L1 form insert: DATABASE_URL must name a PostgreSQL database');

// The same pool size as the app's PostgreSQL client, so the comparison is about the code, not the pool.
const sql = postgres(databaseUrl, { max: 10, onnotice: () => {} });
await sql`create table if not exists bench_submissions (
  id bigint generated always as identity primary key,
  name text not null,
  email text not null,
  message text,
  created_at timestamptz not null default now()
)`;

const app = Fastify();
await app.register(fastifyFormbody);
app.post('/submit', async (request, reply) => {
  const form = request.body as Record<string, string | undefined>;
  await sql`insert into bench_submissions (name, email, message) values (${form.name ?? ''}, ${form.email ?? ''}, ${form.message ?? null})`;
  return reply.redirect('/thanks', 303);
});
await listenOnLoopback(app, 'L1 form insert', () => sql.end({ timeout: 2 }));
