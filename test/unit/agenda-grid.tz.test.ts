// Laying out a day of the agenda builder: rows of elapsed time labelled by the event’s clocks (whatever the process
// zone), 5-minute rows when a session starts between quarter hours, clashing sessions of a room side by side.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { layOutDay, listGridDays } from '../../src/features/agenda/grid.ts';

const at = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toJSDate();
const session = (id: string, roomId: string | null, from: string, to: string, zone = 'Asia/Shanghai') => ({ id, roomId, startsAt: at(from, zone), endsAt: at(to, zone) });
const rooms = [{ id: 'hall' }, { id: 'room-301' }];
/** Each row as "label: cells", a cell as its session id and span, "+" when free, "|" when covered from above. */
const picture = (layout: ReturnType<typeof layOutDay<ReturnType<typeof session>, { id: string }>>) =>
  layout.rows.map((row) => `${row.label}: ${row.cells.map((lanes) => lanes.map((c) => (!c ? '|' : c.kind === 'free' ? '+' : `${c.session.id}/${c.rowspan}`)).join(' ')).join(' # ')}`);

describe('layOutDay', () => {
  it('uses 15-minute rows, places each session in its room, and gives sessions without a room their own column', () => {
    const layout = layOutDay({
      day: '2026-09-17',
      zone: 'Asia/Shanghai',
      rooms,
      sessions: [session('open', 'hall', '2026-09-17T09:00', '2026-09-17T09:30'), session('talk', 'room-301', '2026-09-17T09:15', '2026-09-17T10:00'), session('press', null, '2026-09-17T09:45', '2026-09-17T10:00'), session('next-day', 'hall', '2026-09-18T09:00', '2026-09-18T10:00')],
    });
    expect(layout.step).toBe(15);
    expect(layout.columns.map((c) => [c.room?.id ?? null, c.lanes])).toEqual([['hall', 1], ['room-301', 1], [null, 1]]);
    expect(picture(layout)).toEqual(['09:00: open/2 # + # +', '09:15: | # talk/3 # +', '09:30: + # | # +', '09:45: + # | # press/1']);
  });

  it('switches to 5-minute rows when a session starts between quarter hours, and puts a clash side by side', () => {
    const layout = layOutDay({
      day: '2026-09-17',
      zone: 'Asia/Shanghai',
      rooms: [{ id: 'hall' }],
      sessions: [session('tea', 'hall', '2026-09-17T10:30', '2026-09-17T10:50'), session('keynote', 'hall', '2026-09-17T10:50', '2026-09-17T11:00'), session('clash', 'hall', '2026-09-17T10:40', '2026-09-17T10:55')],
    });
    expect(layout.step).toBe(5);
    expect(layout.columns.map((c) => c.lanes)).toEqual([2]);
    expect(picture(layout)).toEqual(['10:30: tea/4 +', '10:35: | +', '10:40: | clash/3', '10:45: | |', '10:50: keynote/2 |', '10:55: | +']);
    expect(layout.rows.map((r) => r.labelled)).toEqual([true, false, false, true, false, false]);
  });

  it('has two rows labelled 02:00 and 02:15 twice on the night the clocks go back in Rome', () => {
    const zone = 'Europe/Rome';
    // 01:30 CEST to 03:00 CET is two and a half hours of elapsed time.
    const layout = layOutDay({ day: '2026-10-25', zone, rooms: [{ id: 'hall' }], sessions: [{ id: 'night', roomId: 'hall', startsAt: new Date('2026-10-24T23:30:00Z'), endsAt: new Date('2026-10-25T02:00:00Z') }] });
    expect(layout.rows.map((r) => r.label)).toEqual(['01:30', '01:45', '02:00', '02:15', '02:30', '02:45', '02:00', '02:15', '02:30', '02:45']);
    expect(picture(layout)[0]).toBe('01:30: night/10');
  });

  it('shows 09:00 to 18:00 on a day without sessions', () => {
    const layout = layOutDay({ day: '2026-09-18', zone: 'Asia/Shanghai', rooms, sessions: [] });
    expect([layout.rows.length, layout.rows[0]!.startsAt, layout.rows.at(-1)!.label]).toEqual([36, '2026-09-18T09:00', '17:45']);
  });
});

describe('listGridDays', () => {
  it('lists the event’s days in its zone, the end exclusive, plus days a session was put on outside them', () => {
    const zone = 'America/New_York';
    const event = { timezone: zone, startsAt: at('2026-11-01T00:00', zone), endsAt: at('2026-11-03T00:00', zone) };
    expect(listGridDays(event, [])).toEqual(['2026-11-01', '2026-11-02']);
    expect(listGridDays(event, [session('early', null, '2026-10-30T10:00', '2026-10-30T11:00', zone)])).toEqual(['2026-10-30', '2026-11-01', '2026-11-02']);
  });
});
