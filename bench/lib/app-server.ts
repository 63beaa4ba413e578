// The real Forum Desk as a bench target: src/server.ts in a child process with production settings on a given database.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ConfigSchema } from '../../src/config.ts';
import { sendRequest } from './send-request.ts';
import { type ServerSpec, withServer } from './spawn-server.ts';

export interface AppData {
  /** DATA_DIR; with no databaseUrl it also holds the embedded PGlite database. */
  dataDir: string;
  /** DATABASE_URL of a PostgreSQL database, when not embedded. */
  databaseUrl?: string;
}

const SERVER_SCRIPT = fileURLToPath(new URL('../../src/server.ts', import.meta.url));

/** How to start the app on `data`: PORT=0 on loopback, LOG_LEVEL=warn, NODE_ENV=production, demo data on. */
export function describeAppServer(data: AppData): ServerSpec {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Settings from the caller's shell (a DATABASE_URL, a BASE_URL…) must not leak into the measured app.
  for (const key of Object.keys(ConfigSchema.properties)) delete env[key];
  Object.assign(env, {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    DATA_DIR: data.dataDir,
    DEMO_DATA: 'auto',
  });
  if (data.databaseUrl) env.DATABASE_URL = data.databaseUrl;
  return { label: 'app', script: SERVER_SCRIPT, env };
}

/** Starts the app once so it migrates and loads the demo data, checks that / answers 200, and stops it. */
export async function prepareAppData(data: AppData): Promise<void> {
  await withServer(describeAppServer(data), async (server) => {
    const status = await sendRequest(`${server.url}/`);
    if (status !== 200) throw new Error(`the app answered ${status} on / after its first start, expected 200`);
  });
}
