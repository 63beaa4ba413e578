// Calendar text as RFC 5545 has it: calendar properties before the first component, every line ended by CRLF.
import ical from 'ical-generator';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { icalText } from '../../src/lib/ical-text.ts';

const lines = (text: string) => text.split('\r\n');

describe('icalText', () => {
  it('puts the extra properties before the first event and ends the last line with CRLF', () => {
    const calendar = ical({ name: 'ZGC Forum' });
    calendar.createEvent({ id: 'a@forum.example', start: new Date('2027-03-26T01:00:00Z'), end: new Date('2027-03-26T02:00:00Z'), summary: 'Opening', stamp: new Date('2027-01-01T00:00:00Z') });
    const text = icalText(calendar, [['X-WR-TIMEZONE', 'Asia/Shanghai']]);
    const all = lines(text);
    expect(all.indexOf('X-WR-TIMEZONE:Asia/Shanghai')).toBeLessThan(all.indexOf('BEGIN:VEVENT'));
    expect(all.indexOf('X-WR-TIMEZONE:Asia/Shanghai')).toBeGreaterThan(all.indexOf('X-WR-CALNAME:ZGC Forum'));
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
    const parsed = new ICAL.Component(ICAL.parse(text));
    expect(parsed.getFirstPropertyValue('x-wr-timezone')).toBe('Asia/Shanghai');
    expect(parsed.getAllSubcomponents('vevent')).toHaveLength(1);
  });

  it('places them before END:VCALENDAR in a calendar without events, and adds nothing when given none', () => {
    const empty = icalText(ical({ name: 'Empty' }), [['X-WR-TIMEZONE', 'Europe/Rome']]);
    expect(lines(empty).slice(-3)).toEqual(['X-WR-TIMEZONE:Europe/Rome', 'END:VCALENDAR', '']);
    const plain = ical({ name: 'Plain' });
    expect(icalText(plain)).toBe(`${plain.toString()}\r\n`);
  });
});
