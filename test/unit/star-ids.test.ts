// The starred-ids parser of the personal agenda’s address and form: any text in, only well-formed ids out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatStarIds, MAX_STARS, parseStarIds } from '../../src/features/personal-agenda/star-ids.ts';
import { isUuid } from '../../src/lib/ids.ts';

const junk = fc.oneof(fc.string(), fc.constantFrom('', ' ', ',', 'null', '../', '<script>', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5')); // last: one digit short

describe('parseStarIds', () => {
  it('keeps the ids in order, lower-cased, once each, and drops everything else', () => {
    expect(parseStarIds('0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B, nonsense,,0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b 01900000-0000-7000-8000-000000000001')).toEqual([
      '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      '01900000-0000-7000-8000-000000000001',
    ]);
    expect(parseStarIds(undefined)).toEqual([]);
    expect(parseStarIds('')).toEqual([]);
  });

  it('finds exactly the ids mixed into any list (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uuid().map((id) => ({ id })), junk.map((text) => ({ text }))), { maxLength: 40 }), fc.constantFrom(',', ' ', ', ', '\n'), (parts, separator) => {
        const raw = parts.map((p) => ('id' in p ? p.id.toUpperCase() : p.text)).join(separator);
        const expected = [...new Set(raw.split(/[\s,]+/).map((p) => p.toLowerCase()).filter((p) => isUuid(p)))];
        const parsed = parseStarIds(raw);
        expect(parsed).toEqual(expected.slice(0, MAX_STARS));
        expect(parsed.every((id) => isUuid(id) && id === id.toLowerCase())).toBe(true);
        // What the page writes back into its address parses to the same list.
        expect(parseStarIds(formatStarIds(parsed))).toEqual(parsed);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and stops at MAX_STARS ids', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), (raw) => Array.isArray(parseStarIds(raw))));
    const many = Array.from({ length: MAX_STARS + 10 }, (_, i) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`).join(',');
    expect(parseStarIds(many)).toHaveLength(MAX_STARS);
  });
});
