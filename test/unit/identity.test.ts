// Mainland resident identity card numbers: the check character (ISO 7064 MOD 11-2), a region that exists and a birth
// date that is real and past. A number made by those rules is taken; any one character wrong, and it is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMainlandIdNumber } from '../../src/features/registration/identity.ts';

/** The check character for the first 17 digits, computed here independently of the app's code. */
function withCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  return first17 + '10X98765432'[sum % 11];
}

const NOW = new Date('2026-11-27T00:00:00Z');

describe('isMainlandIdNumber', () => {
  it.each([
    ['11010519491231002X', true, 'Beijing, 31 Dec 1949'],
    [withCheck('44030420010229123'), false, '29 February of a year that had none'],
    [withCheck('11010520991231001'), false, 'born in 2099'],
    [withCheck('11010520261129001'), false, 'born the day after tomorrow'],
    [withCheck('11010520261127001'), true, 'born today (in Beijing it may be tomorrow in UTC)'],
    [withCheck('11010520261126001'), true, 'born yesterday'],
    [withCheck('00000019800101001'), false, 'region 00'],
    [withCheck('99999918991231001'), false, 'born before 1900'],
    [withCheck('81000019800101001'), true, 'Hong Kong resident’s residence permit'],
    [withCheck('91015619800101001'), true, 'foreigner’s permanent residence card (2023)'],
    [withCheck('72000019800101001'), false, 'region 72 does not exist'],
    ['11010519491231002Y', false, 'not a digit or X at the end'],
    ['110105194912310021', false, 'wrong check character'],
  ])('%s → %s (%s)', (value, expected) => {
    expect(isMainlandIdNumber(value, NOW)).toBe(expected);
  });

  it('takes every number made by the rules, and refuses it with any one digit changed', () => {
    const regions = fc.constantFrom('11', '12', '31', '37', '44', '50', '54', '65', '71', '81', '82', '83', '90');
    const birth = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-11-26T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(regions, fc.stringMatching(/^\d{4}$/), birth, fc.stringMatching(/^\d{3}$/), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (region, area, date, sequence, at, shift) => {
        const ymd = date.toISOString().slice(0, 10).replaceAll('-', '');
        const good = withCheck(`${region}${area}${ymd}${sequence}`);
        expect(isMainlandIdNumber(good, NOW)).toBe(true);
        const changed = good.slice(0, at) + String((Number(good[at]) + shift) % 10) + good.slice(at + 1);
        expect(isMainlandIdNumber(changed, NOW)).toBe(false);
      }),
    );
  });
});
