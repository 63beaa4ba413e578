// Baseline "L0 page": bare Fastify answering GET / with the very bytes and headers of one app page (PAGE_FILE, JSON
// with `headers` and a base64 `body`). It shows what the load generator allows for a page of that size: autocannon
// turns every body it receives into a string, which for a 5.7 KB Brotli page costs it more than the server's work.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { listenOnLoopback } from '../lib/listen-on-loopback.ts';

const { headers, body } = JSON.parse(readFileSync(process.env.PAGE_FILE ?? '', 'utf8')) as { headers: Record<string, string>; body: string };
const bytes = Buffer.from(body, 'base64');
const app = Fastify();
app.get('/', (_request, reply) => {
  reply.headers(headers).send(bytes);
});
await listenOnLoopback(app, 'L0 page');
