// The audit log's before and after columns as organisers read them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeText } from '../../src/features/audit/change-text.ts';

describe('changeText', () => {
  it('writes instants in the event’s zone and texts in the reader’s language, one field a line', () => {
    const row = { startsAt: '2027-06-10T01:00:00.000Z', title: { en: 'Opening', 'zh-CN': '开幕' }, roomId: null, seats: 40, door: 'North entrance' };
    expect(changeText(row, 'Asia/Shanghai', 'en')).toBe('Starts: 10 Jun 2027, 09:00 (Beijing time, UTC+8)\nTitle: Opening\nroomId: null\nseats: 40\ndoor: North entrance');
    expect(changeText(row, 'Europe/Rome', 'zh-CN')).toBe('开始时间：2027年6月10日 03:00（罗马时间）\n标题：开幕\nroomId: null\nseats: 40\ndoor: North entrance');
  });

  it('puts a team member’s role in words, and keeps a value it does not know as it is', () => {
    const change = { email: 'li.na@example.org', role: 'owner' };
    expect(changeText(change, 'UTC', 'en')).toBe('E-mail: li.na@example.org\nRole: Owner');
    expect(changeText(change, 'UTC', 'zh-CN')).toBe('电子邮箱：li.na@example.org\n角色：负责人');
    expect(changeText({ role: 'checkin' }, 'UTC', 'zh-CN')).toBe('角色：签到人员');
    expect(changeText({ role: 'emperor' }, 'UTC', 'en')).toBe('Role: emperor');
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
