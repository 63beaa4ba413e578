// A track's colour against the white it is shown on: WCAG 2's contrast ratio, and the 3:1 the form asks for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contrastOnWhite, MIN_TRACK_CONTRAST, validateTrackForm } from '../../src/features/agenda/tracks.ts';

describe('contrastOnWhite', () => {
  it('gives WCAG’s ratios: 21 for black, 1 for white, and the brand blue’s', () => {
    expect(contrastOnWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastOnWhite('#ffffff')).toBeCloseTo(1, 5);
    expect(contrastOnWhite('#0969da').toFixed(2)).toBe('5.19');
  });

  it('stays between 1 and 21, and the form takes a colour exactly when it reaches 3:1 (property)', () => {
    const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`);
    fc.assert(
      fc.property(hex, (colour) => {
        const ratio = contrastOnWhite(colour);
        expect(ratio).toBeGreaterThanOrEqual(1 - 1e-9);
        expect(ratio).toBeLessThanOrEqual(21 + 1e-9);
        const { values } = validateTrackForm({ nameEn: 'Digital Silk Road', nameZh: '', colour });
        expect(values !== undefined).toBe(ratio >= MIN_TRACK_CONTRAST);
      }),
    );
  });
});
