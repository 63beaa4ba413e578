// The field cipher (round trip, fresh IV each time, tampering and the wrong row refused, key rotation) and the
// form's consent rules (the number is kept only with its consent, the abroad consent only asked where it applies),
// with random inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_REGISTRATION_FORM, type RegistrationForm, type RegistrationFormContext } from '../../src/features/registration/form.ts';
import { validateRegistrationForm } from '../../src/features/registration/form-validation.ts';
import { normaliseDocumentNumber } from '../../src/features/registration/identity.ts';
import { createFieldCipher, maskDocumentNumber } from '../../src/lib/field-cipher.ts';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const cipher = createFieldCipher({ DATA_ENCRYPTION_KEY: key(1), DATA_ENCRYPTION_OLD_KEYS: '' });

describe('field cipher', () => {
  it('decrypts what it encrypted, for any text and row, and never repeats a ciphertext', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.uuid(), (plain, row) => {
        const a = cipher.encrypt(plain, row);
        const b = cipher.encrypt(plain, row);
        expect(a).not.toBe(b);
        expect(a).toMatch(/^v1\./);
        expect(cipher.decrypt(a, row)).toBe(plain);
      }),
    );
  });

  it('refuses a changed character, another row and an unknown key', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), fc.uuid(), fc.uuid(), fc.nat(), (plain, row, other, at) => {
        const stored = cipher.encrypt(plain, row);
        const parts = stored.split('.');
        // Change one character of the IV, ciphertext or tag (not the version or key id, which are checked by name).
        const part = 2 + (at % 3);
        const text = parts[part]!;
        if (text.length === 0) return;
        const i = at % text.length;
        parts[part] = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
        expect(() => cipher.decrypt(parts.join('.'), row)).toThrow();
        if (other !== row) expect(() => cipher.decrypt(stored, other)).toThrow();
      }),
    );
    const stranger = createFieldCipher({ DATA_ENCRYPTION_KEY: key(2), DATA_ENCRYPTION_OLD_KEYS: '' });
    expect(() => stranger.decrypt(cipher.encrypt('E12345678', 'r'), 'r')).toThrow(/no key/);
  });

  it('reads values of an old key after rotation and writes with the new one', () => {
    const old = cipher.encrypt('11010519491231002X', 'row-1');
    const rotated = createFieldCipher({ DATA_ENCRYPTION_KEY: key(3), DATA_ENCRYPTION_OLD_KEYS: key(1) });
    expect(rotated.decrypt(old, 'row-1')).toBe('11010519491231002X');
    expect(rotated.encrypt('x', 'row-1').split('.')[1]).not.toBe(old.split('.')[1]);
  });

  it('masks all but the last four characters', () => {
    expect(maskDocumentNumber('11010519491231002X')).toBe('••••••••••••••002X');
    expect(maskDocumentNumber('H1234567')).toBe('••••4567');
    expect(maskDocumentNumber('AB1')).toBe('••••AB1');
  });
});

describe('consents on the registration form', () => {
  const context = (sharesAbroad: boolean): RegistrationFormContext => ({
    categories: [{ id: 'c1', code: 'GUEST', name: { en: 'Guest' }, invitationOnly: false, requiresApproval: false, full: false }],
    questions: [],
    sessions: [],
    locale: 'en',
    sharesAbroad,
  });
  const base: RegistrationForm = {
    ...EMPTY_REGISTRATION_FORM,
    categoryId: 'c1',
    familyName: 'Zhang',
    givenName: 'Wei',
    organisation: 'Fudan University',
    country: 'CN',
    email: 'zhang.wei@fudan.example.cn',
    mobileCountry: 'CN',
    mobile: '13800138000',
    residence: 'mainland',
    consent: 'yes',
  };

  it('keeps a number only with the sensitive consent (a number typed without it is asked about), asks the abroad consent only where it applies, and always needs processing', () => {
    fc.assert(
      fc.property(
        fc.record({
          consent: fc.constantFrom('yes', '', 'no'),
          consentSensitive: fc.constantFrom('yes', '', 'YES'),
          consentAbroad: fc.constantFrom('yes', ''),
          idNumber: fc.oneof(fc.constant('11010519491231002X'), fc.string({ maxLength: 20 })),
          sharesAbroad: fc.boolean(),
        }),
        ({ sharesAbroad, ...fields }) => {
          const result = validateRegistrationForm({ ...base, ...fields }, context(sharesAbroad));
          const shouldPass = fields.consent === 'yes' && (!sharesAbroad || fields.consentAbroad === 'yes') && (fields.consentSensitive === 'yes' ? fields.idNumber === '11010519491231002X' : normaliseDocumentNumber(fields.idNumber) === '');
          expect(result.values !== undefined, JSON.stringify(result.errors)).toBe(shouldPass);
          if (!result.values) return;
          if (fields.consentSensitive === 'yes') expect([result.values.idType, result.values.idNumber]).toEqual(['national-id', '11010519491231002X']);
          else expect([result.values.idType, result.values.idNumber]).toEqual([null, null]);
          expect(result.consents).toEqual({ sensitive: fields.consentSensitive === 'yes', crossBorder: sharesAbroad });
        },
      ),
    );
  });
});
