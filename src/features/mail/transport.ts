// Where mail goes: a pooled SMTP connection when SMTP_URL is set, otherwise the local outbox (the database itself).
import { readFileSync } from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.ts';

export type MailTransport = { kind: 'smtp'; transporter: Transporter; close(): void } | { kind: 'outbox'; close(): void };

export const OUTBOX_RESPONSE = 'kept in the local outbox (no SMTP_URL set)';

export function createMailTransport(config: Pick<Config, 'SMTP_URL' | 'DKIM_DOMAIN' | 'DKIM_SELECTOR' | 'DKIM_PRIVATE_KEY_FILE'>): MailTransport {
  if (!config.SMTP_URL) return { kind: 'outbox', close: () => {} };
  const url = new URL(config.SMTP_URL);
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: 5,
    maxMessages: 500,
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ...(config.DKIM_DOMAIN && config.DKIM_SELECTOR && config.DKIM_PRIVATE_KEY_FILE
      ? { dkim: { domainName: config.DKIM_DOMAIN, keySelector: config.DKIM_SELECTOR, privateKey: readFileSync(config.DKIM_PRIVATE_KEY_FILE, 'utf8') } }
      : {}),
  });
  return { kind: 'smtp', transporter, close: () => transporter.close() };
}
