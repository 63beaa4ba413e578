// Settings: defaults, one-line messages for wrong values, and the session secret rule per mode.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fd-config-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function messageOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills defaults', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      BASE_URL: 'http://127.0.0.1:3000',
      DATA_DIR: './data',
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      BODY_LIMIT: 1_048_576,
      DATABASE_CONNECT_TIMEOUT: 10,
      DEMO_DATA: 'auto',
      MAIL_FROM: 'Forum Desk <no-reply@forumdesk.localhost>',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SESSION_SECRET).toHaveLength(43);
  });

  it('converts numbers and keeps explicit values', () => {
    const config = loadConfig({ NODE_ENV: 'test', PORT: '8080', HOST: '0.0.0.0', BASE_URL: 'https://forum.example.org/', TRUST_PROXY: '127.0.0.1', DATABASE_URL: 'postgres://u@db:5432/fd' });
    expect(config.PORT).toBe(8080);
    expect(config.BASE_URL).toBe('https://forum.example.org');
    expect(config.DATABASE_URL).toBe('postgres://u@db:5432/fd');
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ NODE_ENV: 'test', PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });

  it('names the variable and what it expects in one line', () => {
    expect(messageOf({ PORT: 'abc' })).toBe('PORT: expected an integer port between 0 and 65535, got "abc"');
    expect(messageOf({ PORT: '70000' })).toBe('PORT: expected an integer port between 0 and 65535, got "70000"');
    expect(messageOf({ DATABASE_URL: 'mysql://x' })).toBe('DATABASE_URL: expected a postgres:// URL, pglite:<dir> or memory://, got "mysql://x"');
    expect(messageOf({ LOG_LEVEL: 'loud' })).toBe('LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"');
    expect(messageOf({ NODE_ENV: 'staging' })).toBe('NODE_ENV: expected one of development, production, test, got "staging"');
    expect(messageOf({ SMTP_URL: 'http://mail' })).toBe('SMTP_URL: expected an smtp:// or smtps:// URL, got "http://mail"');
    expect(messageOf({ SESSION_SECRET: 'short' })).toBe('SESSION_SECRET: expected a random string of at least 32 characters, got "short"');
  });

  it('wants the proxy named when the public address is https (or nobody could sign in)', () => {
    expect(messageOf({ NODE_ENV: 'test', BASE_URL: 'https://forum.example.org' })).toBe(
      'TRUST_PROXY: expected the proxy in front (e.g. 127.0.0.1, or on) when BASE_URL is https://',
    );
    expect(loadConfig({ NODE_ENV: 'test', BASE_URL: 'https://forum.example.org', TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY).toBe('10.0.0.0/8, 127.0.0.1');
    expect(messageOf({ NODE_ENV: 'test', TRUST_PROXY: '10.0.0.0/8/16' })).toBe(
      'TRUST_PROXY: expected off (default), on, a number of proxy hops, or a comma-separated list of proxy addresses/CIDR ranges; not a CIDR range: "10.0.0.0/8/16"',
    );
  });

  it('keeps mail delivery in the web process with the embedded database', () => {
    expect(messageOf({ NODE_ENV: 'test', MAIL_WORKER: 'off' })).toBe(
      'MAIL_WORKER: expected on with the embedded database (a separate worker needs DATABASE_URL=postgres://…)',
    );
    expect(loadConfig({ NODE_ENV: 'test', MAIL_WORKER: 'off', DATABASE_URL: 'postgres://u@db/fd' }).MAIL_WORKER).toBe('off');
  });

  it('wants all three DKIM settings or none', () => {
    expect(messageOf({ NODE_ENV: 'test', DKIM_DOMAIN: 'example.org' })).toBe(
      'DKIM_DOMAIN: expected DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE to be set together',
    );
  });

  it('requires SESSION_SECRET in production', () => {
    expect(messageOf({ NODE_ENV: 'production' })).toBe(
      'SESSION_SECRET: expected a random string of at least 32 characters (required when NODE_ENV=production)',
    );
    const secret = 'x'.repeat(40);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(messageOf({ NODE_ENV: 'production', SESSION_SECRET: secret })).toBe('DATA_ENCRYPTION_KEY: expected a random 32-byte key in base64 (required when NODE_ENV=production)');
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, DATA_ENCRYPTION_KEY: key })).toMatchObject({ SESSION_SECRET: secret, DATA_ENCRYPTION_KEY: key });
  });

  it('generates a development secret once and keeps it in DATA_DIR', () => {
    const dir = tempDir();
    const first = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir }).SESSION_SECRET;
    const second = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir }).SESSION_SECRET;
    expect(first).toHaveLength(43);
    expect(second).toBe(first);
    expect(readFileSync(path.join(dir, 'session-secret'), 'utf8')).toBe(`${first}\n`);
    const key = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir }).DATA_ENCRYPTION_KEY;
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(readFileSync(path.join(dir, 'data-encryption-key'), 'utf8')).toBe(`${key}\n`);
  });

  it('either loads or throws a one-line ConfigError, whatever the environment holds', () => {
    const keys = ['PORT', 'HOST', 'BASE_URL', 'DATABASE_URL', 'SMTP_URL', 'MAIL_FROM', 'LOG_LEVEL', 'BODY_LIMIT', 'DEMO_DATA', 'DATABASE_CONNECT_TIMEOUT'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.string({ maxLength: 30 })), (env) => {
        try {
          loadConfig({ ...env, NODE_ENV: 'test' });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as Error).message).not.toContain('\n');
          expect(keys).toContain((error as Error).message.split(':')[0]);
        }
      }),
    );
  });
});
