// Whole numbers typed into organisers' forms: full-width digits and thousands separators read as meant, anything
// else (decimals, signs, words, out of bounds) refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWholeNumber } from '../../src/lib/whole-number.ts';

const SEATS = { min: 1, max: 1_000_000 };

describe('parseWholeNumber', () => {
  it.each([
    ['120', 120],
    [' 120 ', 120],
    ['１２０', 120],
    ['1,200', 1200],
    ['1，200', 1200],
    ['１，２００', 1200],
    ['1,000,000', 1_000_000],
    ['007', 7],
  ])('reads %j as %d', (text, n) => {
    expect(parseWholeNumber(text, SEATS)).toBe(n);
  });

  it.each(['', ' ', '0', '-5', '+5', '12.5', '1,20', '1,2000', '12,', ',120', '1 200', '1e3', '0x10', 'twelve', '1000001', '٣'])('refuses %j', (text) => {
    expect(parseWholeNumber(text, SEATS)).toBeUndefined();
  });

  it('gives back any number in bounds written plainly or with separators, and nothing out of bounds (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 2_000_000 }), fc.boolean(), (n, grouped) => {
        const text = grouped && n >= 0 ? n.toLocaleString('en-US') : String(n);
        expect(parseWholeNumber(text, SEATS)).toBe(n >= SEATS.min && n <= SEATS.max ? n : undefined);
      }),
    );
  });
});
