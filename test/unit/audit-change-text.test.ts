// The audit log's before and after columns as organisers read them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeText } from '../../src/features/audit/change-text.ts';

describe('changeText', () => {
  it('writes instants in the event’s zone and texts in the reader’s language, one field a line', () => {
    const row = { startsAt: '2027-06-10T01:00:00.000Z', title: { en: 'Opening', 'zh-CN': '开幕' }, roomId: null, seats: 40, door: 'North entrance' };
    expect(changeText(row, 'Asia/Shanghai', 'en')).toBe('Starts: 10 Jun 2027, 09:00 (Beijing time, UTC+8)\nTitle: Opening\nroomId: null\nseats: 40\nDoor: North entrance');
    expect(changeText(row, 'Europe/Rome', 'zh-CN')).toBe('开始时间：2027年6月10日 03:00（罗马时间）\n标题：开幕\nroomId: null\nseats: 40\n入口：North entrance');
  });

  it('puts a team member’s role in words, and keeps a value it does not know as it is', () => {
    const change = { email: 'li.na@example.org', role: 'owner' };
    expect(changeText(change, 'UTC', 'en')).toBe('E-mail: li.na@example.org\nRole: Owner');
    expect(changeText(change, 'UTC', 'zh-CN')).toBe('电子邮箱：li.na@example.org\n角色：负责人');
    expect(changeText({ role: 'checkin' }, 'UTC', 'zh-CN')).toBe('角色：签到人员');
    expect(changeText({ role: 'emperor' }, 'UTC', 'en')).toBe('Role: emperor');
  });

  it('names the fields of the common actions and puts statuses in words; an id stays an id, labelled', () => {
    const registered = { status: 'confirmed', categoryId: '01a21eea-0000-4000-8000-000000000001', email: 'li.na@example.org' };
    expect(changeText(registered, 'UTC', 'en')).toBe('Status: Confirmed\nCategory (id): 01a21eea-0000-4000-8000-000000000001\nE-mail: li.na@example.org');
    expect(changeText(registered, 'UTC', 'zh-CN')).toBe('状态：已确认\n参会身份（ID）：01a21eea-0000-4000-8000-000000000001\n电子邮箱：li.na@example.org');
    expect(changeText({ version: 1, sessions: 8, changes: 8 }, 'UTC', 'en')).toBe('Agenda version: 1\nSessions: 8\nChanges: 8');
    expect(changeText({ version: 1, sessions: 8, changes: 8 }, 'UTC', 'zh-CN')).toBe('议程版本：1\n场次数：8\n变更数：8');
    expect(changeText({ door: 'North', checkedInAt: '2027-06-10T01:00:00.000Z' }, 'Asia/Shanghai', 'en')).toBe('Door: North\nChecked in at: 10 Jun 2027, 09:00 (Beijing time, UTC+8)');
    expect(changeText({ status: 'waitlisted' }, 'UTC', 'zh-CN')).toBe('状态：候补中');
    expect(changeText({ status: 'queued' }, 'UTC', 'en')).toBe('Status: Queued');
    expect(changeText({ status: 'published' }, 'UTC', 'en')).toBe('Status: published');
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
