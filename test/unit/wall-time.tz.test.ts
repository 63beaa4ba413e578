// Wall times typed in an event’s zone: exact instants, and a clear refusal for times a DST change skips or repeats,
// whatever zone the server itself runs in (this file also runs under TZ=America/New_York).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWallTime, keepWallTime, parseWallTime } from '../../src/lib/wall-time.ts';

describe('parseWallTime', () => {
  it('reads Beijing time (no DST) and Rome time on both sides of a change', () => {
    expect(parseWallTime('2026-09-17T09:00', 'Asia/Shanghai')).toEqual({ instant: new Date('2026-09-17T01:00:00Z') });
    expect(parseWallTime('2026-03-28T10:00', 'Europe/Rome')).toEqual({ instant: new Date('2026-03-28T09:00:00Z') });
    expect(parseWallTime('2026-03-29T10:00', 'Europe/Rome')).toEqual({ instant: new Date('2026-03-29T08:00:00Z') });
  });

  it('refuses the hour Rome skips on 29 March 2026 and the one it repeats on 25 October 2026', () => {
    expect(parseWallTime('2026-03-29T02:30', 'Europe/Rome')).toEqual({ problem: 'nonexistent' });
    expect(parseWallTime('2026-10-25T02:30', 'Europe/Rome')).toEqual({ problem: 'ambiguous' });
    expect(parseWallTime('2026-10-25T03:00', 'Europe/Rome')).toEqual({ instant: new Date('2026-10-25T02:00:00Z') });
  });

  it.each(['2026-09-17 09:00', '2026-09-17  09:00', '2026-09-17T09:00:00', '２０２６-０９-１７ ０９:００', ' 2026-09-17T09:00 '])('reads %j as 9:00 on 17 September', (text) => {
    expect(parseWallTime(text, 'Asia/Shanghai')).toEqual({ instant: new Date('2026-09-17T01:00:00Z') });
  });

  it.each(['2026-09-17T09:00:30', '2026-9-17T09:00', '2026-02-30T09:00', '2026-09-17T24:00', '2026-09-17T09:60', '', 'tomorrow'])('refuses %j as malformed', (text) => {
    expect(parseWallTime(text, 'Asia/Shanghai')).toEqual({ problem: 'format' });
  });

  it('round-trips every unambiguous wall time it accepts', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('Asia/Shanghai', 'Europe/Rome', 'America/New_York', 'Asia/Kolkata'), (date, zone) => {
          const minuteAligned = new Date(Math.floor(date.getTime() / 60_000) * 60_000);
          const text = formatWallTime(minuteAligned, zone);
          const parsed = parseWallTime(text, zone);
          if (parsed.problem) expect(parsed.problem).toBe('ambiguous');
          else expect(parsed.instant).toEqual(minuteAligned);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('keepWallTime', () => {
  it('gives the instant with the same clock reading in the corrected zone, seconds and all', () => {
    // 09:00 in Beijing (UTC+8) → 09:00 in Berlin summer time (UTC+2).
    expect(keepWallTime(new Date('2027-07-02T01:00:00Z'), 'Asia/Shanghai', 'Europe/Berlin')).toEqual({ instant: new Date('2027-07-02T07:00:00Z') });
    expect(keepWallTime(new Date('2027-07-02T01:00:30.250Z'), 'Asia/Shanghai', 'Europe/Berlin')).toEqual({ instant: new Date('2027-07-02T07:00:30.250Z') });
    // Across midnight: 23:30 on 2 July stays 23:30 on 2 July.
    expect(keepWallTime(new Date('2027-07-02T15:30:00Z'), 'Asia/Shanghai', 'America/New_York')).toEqual({ instant: new Date('2027-07-03T03:30:00Z') });
  });

  it('refuses a reading the new zone skips or repeats', () => {
    expect(keepWallTime(new Date('2027-03-27T18:30:00Z'), 'Asia/Shanghai', 'Europe/Berlin')).toEqual({ problem: 'nonexistent' });
    expect(keepWallTime(new Date('2027-10-30T18:30:00Z'), 'Asia/Shanghai', 'Europe/Berlin')).toEqual({ problem: 'ambiguous' });
  });
});
