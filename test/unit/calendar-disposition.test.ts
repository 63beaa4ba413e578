// The names calendar files are saved under: plain ASCII words joined by single dashes, whatever the event’s slug and
// the track's or room’s name hold (Chinese, accents, quotes, long text).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDisposition } from '../../src/features/agenda/ical-feed.ts';

describe('calendarDisposition', () => {
  it('names the file by its parts, in plain ASCII', () => {
    expect(calendarDisposition(['zgc-forum-2027', 'track', 'Digital Silk Road'])).toBe('inline; filename="zgc-forum-2027-track-digital-silk-road.ics"');
    expect(calendarDisposition(['zgc-forum-2027', 'Salle Érasme'])).toBe('inline; filename="zgc-forum-2027-salle-erasme.ics"');
    expect(calendarDisposition(['zgc-forum-2027', '数字丝绸之路'])).toBe('inline; filename="zgc-forum-2027.ics"');
    expect(calendarDisposition([`${'a'.repeat(59)} b`])).toBe(`inline; filename="${'a'.repeat(59)}.ics"`);
    expect(calendarDisposition(['数字'])).toBe('inline; filename="agenda.ics"');
  });

  it('always gives a safe name: dash-joined lower-case ASCII words, never a quote or an empty part (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string({ unit: 'grapheme', maxLength: 80 }), { nil: undefined }), { maxLength: 4 }), (parts) => {
        expect(calendarDisposition(parts)).toMatch(/^inline; filename="[a-z0-9]+(-[a-z0-9]+)*\.ics"$/);
      }),
    );
  });
});
