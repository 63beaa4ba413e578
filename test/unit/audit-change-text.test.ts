// The audit log's before and after columns as organisers read them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeText } from '../../src/features/audit/change-text.ts';

describe('changeText', () => {
  it('writes instants in the event’s zone and texts in the reader’s language, one field a line', () => {
    const row = { startsAt: '2027-06-10T01:00:00.000Z', title: { en: 'Opening', 'zh-CN': '开幕' }, roomId: null, seats: 40, door: 'North entrance' };
    expect(changeText(row, 'Asia/Shanghai', 'en')).toBe('startsAt: 10 Jun 2027, 09:00 (Beijing time, UTC+8)\ntitle: Opening\nroomId: null\nseats: 40\ndoor: North entrance');
    expect(changeText(row, 'Europe/Rome', 'zh-CN')).toBe('startsAt: 2027年6月10日 03:00（罗马时间）\ntitle: 开幕\nroomId: null\nseats: 40\ndoor: North entrance');
  });

  it('keeps anything else as compact JSON, and nothing for no value', () => {
    expect(changeText({ ids: ['a', 'b'], nested: { x: 1 } }, 'UTC', 'en')).toBe('ids: ["a","b"]\nnested: {"x":1}');
    expect(changeText(null, 'UTC', 'en')).toBe('');
    expect(changeText({ at: '2027-13-45T99:00:00Z' }, 'UTC', 'en')).toBe('at: 2027-13-45T99:00:00Z');
  });

  it('never throws on any JSON a row may hold (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => typeof changeText(value, 'Asia/Shanghai', 'zh-CN') === 'string'));
  });
});
