// What a scanner or keyboard hands the door: ticket codes survive case, spaces and dashes; anything else is refused;
// door names are trimmed and bounded; scan ids are UUIDs or nothing. Properties over random input, plus examples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClientId, parseDoor, parseTicketCode } from '../../src/features/check-in/ticket-code.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.split('');
const ticket = fc.array(fc.constantFrom(...BASE32), { minLength: 26, maxLength: 64 }).map((chars) => chars.join(''));

describe('parseTicketCode', () => {
  it('reads a code as printed, scanned or typed in lower case with spaces and dashes', () => {
    expect(parseTicketCode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(parseTicketCode(' jbsw y3dp-ehpk 3pxp jbsw y3dp ehpk 3pxp\n')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(parseTicketCode('JBSWY3DPEHPK3PXP')).toBeNull();
    expect(parseTicketCode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX0')).toBeNull();
    expect(parseTicketCode("' or 1=1 --")).toBeNull();
  });

  it('gives back every valid code, however it is spaced and cased', () => {
    fc.assert(
      fc.property(ticket, fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (code, cuts, lower) => {
        let shown = lower ? code.toLowerCase() : code;
        for (const cut of cuts) shown = `${shown.slice(0, cut % shown.length)}${cut % 2 ? ' ' : '-'}${shown.slice(cut % shown.length)}`;
        expect(parseTicketCode(shown)).toBe(code);
      }),
    );
  });

  it('returns either null or a base32 code of 26–64 characters for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const code = parseTicketCode(text);
        if (code !== null) expect(code).toMatch(/^[A-Z2-7]{26,64}$/);
      }),
    );
  });
});

describe('parseDoor', () => {
  it('trims and joins spaces, refuses empty, too long and control characters', () => {
    expect(parseDoor('  North   entrance ')).toBe('North entrance');
    expect(parseDoor('北门 2')).toBe('北门 2');
    expect(parseDoor('   ')).toBeNull();
    expect(parseDoor('x'.repeat(61))).toBeNull();
    expect(parseDoor('Door\u0007')).toBeNull();
  });

  it('returns null or a name that fits the database rule (1–60 characters, no outer spaces)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100, unit: 'grapheme' }), (text) => {
        const door = parseDoor(text);
        if (door !== null) {
          expect([...door].length).toBeGreaterThanOrEqual(1);
          expect([...door].length).toBeLessThanOrEqual(60);
          expect(door).toBe(door.trim());
        }
      }),
    );
  });
});

describe('parseClientId', () => {
  it('takes a UUID in either case and nothing else', () => {
    expect(parseClientId('0193A0B2-7C1D-7E3F-8A4B-5C6D7E8F9A0B')).toBe('0193a0b2-7c1d-7e3f-8a4b-5c6d7e8f9a0b');
    expect(parseClientId(undefined)).toBeNull();
    expect(parseClientId('scan-1')).toBeNull();
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(parseClientId(id)).toBe(id.toLowerCase());
      }),
    );
  });
});
