// For the baseline servers: listen on a free loopback port, print the line spawn-server waits for, stop on a signal.
import type { FastifyInstance } from 'fastify';

/** Example: await listenOnLoopback(app, 'L0 hello'); prints "L0 hello is running at http://127.0.0.1:PORT". */
export async function listenOnLoopback(app: FastifyInstance, label: string, release: () => Promise<void> = async () => {}): Promise<void> {
  const stop = async () => {
    await app.close();
    await release();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error(`${label}: no TCP address after listen`);
  process.stdout.write(`${label} is running at http://127.0.0.1:${address.port}\n`);
}
