// Every setting Forum Desk reads, with its type and default; the only module that looks at process.env.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { parseNetworkList } from './lib/networks.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'an integer port between 0 and 65535' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'an interface address such as 127.0.0.1 or 0.0.0.0' }),
  BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', description: 'an absolute http(s) URL such as https://forum.example.org' })),
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^(postgres(ql)?://\\S+|pglite:\\S+|memory://)$', description: 'a postgres:// URL, pglite:<dir> or memory://' }),
  ),
  DATABASE_CONNECT_TIMEOUT: Type.Number({ minimum: 0, maximum: 600, default: 10, description: 'seconds to keep retrying the database at start-up (0–600)' }),
  DATA_DIR: Type.String({ minLength: 1, default: './data', description: 'a directory path for the embedded database and local files' }),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://\\S+$', description: 'an smtp:// or smtps:// URL' })),
  MAIL_FROM: Type.String({ pattern: '^(.+<[^\\s@]+@[^\\s@]+>|[^\\s@]+@[^\\s@]+)$', default: 'Forum Desk <no-reply@forumdesk.localhost>', description: 'an address such as "Forum Desk <events@example.org>"' }),
  MAIL_REPLY_TO: Type.Optional(Type.String({ pattern: '^(.+<[^\\s@]+@[^\\s@]+>|[^\\s@]+@[^\\s@]+)$', description: 'an address such as "Events team <events@example.org>"' })),
  DKIM_DOMAIN: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$', description: 'the signing domain, such as example.org' })),
  DKIM_SELECTOR: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]+$', description: 'the DKIM selector, such as mail2026' })),
  DKIM_PRIVATE_KEY_FILE: Type.Optional(Type.String({ minLength: 1, description: 'the path of a PEM private key file' })),
  MAIL_WORKER: Type.Union([Type.Literal('on'), Type.Literal('off')], {
    default: 'on',
    description: 'on (deliver mail and run jobs in the web process) or off (leave it to `npm run worker`; PostgreSQL only)',
  }),
  MAIL_BULK_RATE_PER_MINUTE: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    default: 600,
    description: 'how many messages of a bulk send go out per minute by default, an integer between 1 and 1000000',
  }),
  MAIL_JOB_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 120, description: 'seconds a delivery may run before it is retried (1–3600)' }),
  JOBS_SUPERVISE_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 60, description: 'seconds between checks for stuck or expired jobs (1–3600)' }),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'a random string of at least 32 characters' })),
  DATA_ENCRYPTION_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/_-]{43}=?$', description: 'a random 32-byte key in base64, e.g. from `openssl rand -base64 32`' })),
  DATA_ENCRYPTION_OLD_KEYS: Type.String({
    pattern: '^$|^[A-Za-z0-9+/_-]{43}=?(,\\s*[A-Za-z0-9+/_-]{43}=?)*$',
    default: '',
    description: 'earlier DATA_ENCRYPTION_KEY values, comma-separated, still accepted for reading while data is re-encrypted',
  }),
  TRUST_PROXY: Type.String({
    pattern: '^(off|on|[0-9]{1,2}|[0-9a-fA-F.:/]+(,\\s*[0-9a-fA-F.:/]+)*)$',
    default: 'off',
    description: 'off (default), on, a number of proxy hops, or a comma-separated list of proxy addresses/CIDR ranges',
  }),
  SESSION_IDLE_MINUTES: Type.Integer({ minimum: 1, maximum: 10_080, default: 30, description: 'minutes without activity before a session ends (1–10080)' }),
  SESSION_ABSOLUTE_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 12, description: 'hours after sign-in when a session ends whatever happens (1–720)' }),
  RATE_LIMIT_ALLOW_LIST: Type.String({
    pattern: '^$|^[0-9a-fA-F.:/]+(,\\s*[0-9a-fA-F.:/]+)*$',
    default: '',
    description: 'a comma-separated list of addresses or CIDR ranges never rate-limited (for load tests), empty by default',
  }),
  PAGE_VERSION_LEASE_MS: Type.Integer({
    minimum: 0,
    maximum: 10_000,
    default: 100,
    description: 'milliseconds one content-version read serves the shared public pages of a process; a publication waits this long before it answers (0–10000, 0: read per request)',
  }),
  FORM_MIN_SECONDS: Type.Number({ minimum: 0, maximum: 600, default: 2, description: 'seconds a public form must be open before it is accepted (0–600)' }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://\\S+$', description: 'a redis:// URL' })),
  LOG_LEVEL: Type.Union(LOG_LEVELS.map((l) => Type.Literal(l)), { default: 'info', description: `one of ${LOG_LEVELS.join(', ')}` }),
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
    description: 'one of development, production, test',
  }),
  BODY_LIMIT: Type.Integer({ minimum: 1024, maximum: 104_857_600, default: 1_048_576, description: 'the largest request body in bytes (1024–104857600)' }),
  DEMO_DATA: Type.Union([Type.Literal('auto'), Type.Literal('off')], { default: 'auto', description: 'auto (load demo data into an empty database) or off' }),
});

type RawConfig = Static<typeof ConfigSchema>;

export type Config = Omit<RawConfig, 'SESSION_SECRET' | 'DATA_ENCRYPTION_KEY'> & {
  SESSION_SECRET: string;
  /** 32 bytes in base64 that encrypt identity document numbers at rest (lib/field-cipher.ts). */
  DATA_ENCRYPTION_KEY: string;
  /** BASE_URL, or http://HOST:PORT when it is not set. */
  BASE_URL: string;
};

/** A setting with a wrong value; the message is one line fit to print at start-up. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const KEYS = Object.keys(ConfigSchema.properties) as (keyof RawConfig)[];

/**
 * Reads settings from an environment object: the process's own by default, a literal in tests.
 * Example: const config = loadConfig();
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const withDefaults = Value.Default(ConfigSchema, picked);
  const converted = Value.Convert(ConfigSchema, withDefaults) as Record<string, unknown>;
  const first = Value.Errors(ConfigSchema, converted)[0];
  if (first) {
    const key = first.instancePath.replace(/^\//, '').split('/')[0] as keyof RawConfig;
    const schema = ConfigSchema.properties[key] as { description?: string } | undefined;
    const got = env[key];
    throw new ConfigError(`${key}: expected ${schema?.description ?? first.message}${got === undefined || got === '' ? '' : `, got ${JSON.stringify(got)}`}`);
  }
  const raw = converted as RawConfig;
  const dkim = [raw.DKIM_DOMAIN, raw.DKIM_SELECTOR, raw.DKIM_PRIVATE_KEY_FILE];
  if (dkim.some(Boolean) && !dkim.every(Boolean)) {
    throw new ConfigError('DKIM_DOMAIN: expected DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE to be set together');
  }
  if (raw.MAIL_WORKER === 'off' && !raw.DATABASE_URL?.startsWith('postgres')) {
    throw new ConfigError('MAIL_WORKER: expected on with the embedded database (a separate worker needs DATABASE_URL=postgres://…)');
  }
  for (const key of ['RATE_LIMIT_ALLOW_LIST', 'TRUST_PROXY'] as const) {
    if (key === 'TRUST_PROXY' && /^(off|on|\d+)$/.test(raw[key])) continue;
    try {
      parseNetworkList(raw[key]);
    } catch (error) {
      throw new ConfigError(`${key}: expected ${(ConfigSchema.properties[key] as { description?: string }).description}; ${(error as Error).message}`);
    }
  }
  if (raw.BASE_URL?.startsWith('https:') && raw.TRUST_PROXY === 'off') {
    // Node serves plain HTTP here, so an https address means a proxy in front; without trusting it every request
    // looks like plain HTTP, the Secure session cookie is never set, and nobody can sign in.
    throw new ConfigError('TRUST_PROXY: expected the proxy in front (e.g. 127.0.0.1, or on) when BASE_URL is https://');
  }
  const BASE_URL = (raw.BASE_URL ?? `http://${raw.HOST.includes(':') ? `[${raw.HOST}]` : raw.HOST}:${raw.PORT}`).replace(/\/$/, '');
  return {
    ...raw,
    BASE_URL,
    SESSION_SECRET: raw.SESSION_SECRET ?? developmentSecret(raw, 'SESSION_SECRET', 'session-secret', 'a random string of at least 32 characters'),
    DATA_ENCRYPTION_KEY: raw.DATA_ENCRYPTION_KEY ?? developmentSecret(raw, 'DATA_ENCRYPTION_KEY', 'data-encryption-key', 'a random 32-byte key in base64'),
  };
}

// Production must be given its secrets; elsewhere each is made once and kept beside the data so sessions and
// encrypted data survive restarts. Both are 32 random bytes in base64url (a valid session secret and a valid key).
function developmentSecret(raw: RawConfig, key: string, fileName: string, expected: string): string {
  if (raw.NODE_ENV === 'production') {
    throw new ConfigError(`${key}: expected ${expected} (required when NODE_ENV=production)`);
  }
  if (raw.NODE_ENV === 'test') return randomBytes(32).toString('base64url');
  const file = path.join(raw.DATA_DIR, fileName);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return kept;
  } catch {
    // not made yet
  }
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(raw.DATA_DIR, { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
