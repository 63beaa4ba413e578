// Baseline L0: bare Fastify answering "hello" on GET /, the ceiling any page of the app is compared with.
import Fastify from 'fastify';
import { listenOnLoopback } from '../lib/listen-on-loopback.ts';

const app = Fastify();
app.get('/', async () => 'hello');
await listenOnLoopback(app, 'L0 hello');
