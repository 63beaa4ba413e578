// Encrypts single values (identity document numbers) at rest with AES-256-GCM: a random 96-bit IV per value, the
// row's id as additional data (a ciphertext copied onto another row does not decrypt), and a versioned text format
// naming the key, so keys can rotate: old keys stay readable (DATA_ENCRYPTION_OLD_KEYS) while new values use the new one.
// Example: const cipher = createFieldCipher(config); const stored = cipher.encrypt('11010519491231002X', registrationId);
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';

/** "v1.<key id>.<iv>.<ciphertext>.<tag>", each part base64url; the key id is the first 8 hex digits of SHA-256(key). */
const FORMAT = /^v1\.([0-9a-f]{8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/;

export interface FieldCipher {
  encrypt(plain: string, context: string): string;
  decrypt(stored: string, context: string): string;
  /** Whether a stored value is under the current key (else it is due for re-encryption after a rotation). */
  isCurrent(stored: string): boolean;
}

/** Base64url that only its canonical spelling decodes: otherwise unused low bits of the last character could differ. */
function strictBase64url(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) throw new Error('not an encrypted value of a known format');
  return bytes;
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

function decodeKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error('an encryption key must be 32 bytes');
  return key;
}

export function createFieldCipher(config: Pick<Config, 'DATA_ENCRYPTION_KEY' | 'DATA_ENCRYPTION_OLD_KEYS'>): FieldCipher {
  const current = decodeKey(config.DATA_ENCRYPTION_KEY);
  const keys = new Map<string, Buffer>([[keyId(current), current]]);
  for (const old of config.DATA_ENCRYPTION_OLD_KEYS.split(',').filter((k) => k.trim() !== '')) {
    const key = decodeKey(old);
    if (!keys.has(keyId(key))) keys.set(keyId(key), key);
  }
  const currentId = keyId(current);
  return {
    encrypt(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', currentId, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    isCurrent(stored) {
      return FORMAT.exec(stored)?.[1] === currentId;
    },
    decrypt(stored, context) {
      const match = FORMAT.exec(stored);
      if (!match) throw new Error('not an encrypted value of a known format');
      const key = keys.get(match[1]!);
      if (!key) throw new Error(`no key ${match[1]} to decrypt with (set DATA_ENCRYPTION_OLD_KEYS)`);
      const [iv, body, tag] = [match[2]!, match[3]!, match[4]!].map(strictBase64url);
      const decipher = createDecipheriv('aes-256-gcm', key, iv!);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag!);
      return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
    },
  };
}

/** "••••••••002X": the last four characters, enough to recognise a number, not to use it. */
export function maskDocumentNumber(plain: string): string {
  const chars = [...plain];
  return `${'•'.repeat(Math.max(4, chars.length - 4))}${chars.slice(-4).join('')}`;
}
