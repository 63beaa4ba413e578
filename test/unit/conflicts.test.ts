// The agenda conflict detector: each rule on a Belt and Road forum day in Beijing, and the whole result against a brute-force reference.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  detectConflicts,
  hasHardConflicts,
  overlapKey,
  type AgendaRoom,
  type AgendaSessionInput,
  type Conflict,
  type ConflictInput,
} from '../../src/features/agenda/conflicts.ts';

const at = (wall: string, day = '2026-09-17') => DateTime.fromISO(`${day}T${wall}`, { zone: 'Asia/Shanghai' }).toJSDate();

// The China National Convention Center and the hotel next to it: two venues, a short walk apart.
const ROOMS: AgendaRoom[] = [
  { id: 'cncc-hall-a', venueId: 'cncc', capacity: 1800, interpretationBooths: true },
  { id: 'cncc-301', venueId: 'cncc', capacity: 120, interpretationBooths: false },
  { id: 'cncc-305', venueId: 'cncc', capacity: 60, interpretationBooths: true },
  { id: 'beichen-ballroom', venueId: 'beichen-hotel', capacity: null, interpretationBooths: true },
  { id: 'beichen-boardroom', venueId: 'beichen-hotel', capacity: 24, interpretationBooths: false },
];
// Two sub-forums of one forum; the forum itself ('belt-and-road-forum') has no window of its own here.
const WINDOWS: ConflictInput['eventWindows'] = {
  'digital-silk-road': { startsAt: at('09:00'), endsAt: at('17:30') },
  'green-silk-road': { startsAt: at('08:30'), endsAt: at('18:00') },
};
const LI_NA = 'li.na@example.cn';
const OKAFOR = 'a.okafor@example.ng';
const IVANOVA = 'spk-1042';
const WANG = 'wang.fang@example.cn';

function session(id: string, from: string, to: string, overrides: Partial<AgendaSessionInput> = {}): AgendaSessionInput {
  return {
    id,
    eventId: 'digital-silk-road',
    roomId: 'cncc-301',
    startsAt: at(from),
    endsAt: at(to),
    status: 'scheduled',
    capacity: null,
    needsInterpretation: false,
    people: [],
    ...overrides,
  };
}
const people = (...keys: string[]) => keys.map((personKey) => ({ personKey }));
const detect = (sessions: AgendaSessionInput[], options: Partial<ConflictInput> = {}) =>
  detectConflicts({ sessions, rooms: ROOMS, eventWindows: WINDOWS, acknowledged: new Set(), ...options });

describe('overlapKey', () => {
  it('is the same whichever session comes first, and keeps person and sessions apart', () => {
    expect(overlapKey(LI_NA, 'gsr-finance', 'dsr-panel-ai')).toBe('["li.na@example.cn","dsr-panel-ai","gsr-finance"]');
    expect(overlapKey(LI_NA, 'dsr-panel-ai', 'gsr-finance')).toBe('["li.na@example.cn","dsr-panel-ai","gsr-finance"]');
    expect(overlapKey('a|b', 'c', 'd')).not.toBe(overlapKey('a', 'b|c', 'd'));
    expect(overlapKey('a","b', 'c', 'd')).not.toBe(overlapKey('a', 'b', 'c","d'));
  });
});

describe('detectConflicts', () => {
  it('finds nothing in an empty agenda or in a well-planned day with back-to-back sessions and a 10-minute walk', () => {
    expect(detect([])).toEqual([]);
    const day = [
      session('dsr-opening', '09:00', '10:30', { roomId: 'cncc-hall-a', capacity: 1500, needsInterpretation: true, people: people(LI_NA, OKAFOR) }),
      session('dsr-panel-ai', '10:30', '12:00', { roomId: 'cncc-hall-a', people: people(LI_NA, IVANOVA) }),
      session('gsr-keynote', '10:40', '11:30', { eventId: 'green-silk-road', roomId: 'beichen-ballroom', capacity: 300, needsInterpretation: true, people: people(OKAFOR) }),
      session('dsr-workshop', '13:30', '15:00', { capacity: 120, people: people(OKAFOR, IVANOVA) }),
      session('gsr-site-visit', '14:00', '17:00', { eventId: 'green-silk-road', roomId: null, capacity: 40, people: people(WANG) }),
      session('dsr-closing', '17:00', '17:30', { roomId: 'cncc-hall-a', people: people(LI_NA) }),
    ];
    expect(detect(day)).toEqual([]);
  });

  it('reports two scheduled sessions in one room that overlap, across sub-forums, but not back-to-back ones', () => {
    const sessions = [
      session('gsr-roundtable', '15:30', '16:30', { eventId: 'green-silk-road' }),
      session('dsr-press', '16:00', '16:30'),
      session('dsr-b2b-matchmaking', '14:00', '16:00'),
      session('dsr-demo', '16:30', '17:00'),
    ];
    expect(detect(sessions)).toEqual([
      { kind: 'room-overlap', severity: 'hard', roomId: 'cncc-301', sessionIds: ['dsr-b2b-matchmaking', 'gsr-roundtable'] },
      { kind: 'room-overlap', severity: 'hard', roomId: 'cncc-301', sessionIds: ['dsr-press', 'gsr-roundtable'] },
    ]);
  });

  it('gives sessions without a room, or in a room it does not know, no room conflicts', () => {
    const sessions = [
      session('gsr-site-visit', '14:00', '17:00', { roomId: null, capacity: 200, needsInterpretation: true }),
      session('dsr-site-visit', '14:00', '17:00', { roomId: null }),
      session('dsr-old-room', '14:00', '15:00', { roomId: 'cncc-999', capacity: 500, needsInterpretation: true }),
      session('gsr-old-room', '14:30', '15:30', { roomId: 'cncc-999', eventId: 'green-silk-road' }),
    ];
    expect(detect(sessions)).toEqual([]);
  });

  it('reports one person in two overlapping sessions of two sub-forums, whatever the rooms, but not back-to-back', () => {
    const sessions = [
      session('dsr-panel-ai', '10:30', '12:00', { roomId: 'cncc-hall-a', people: people(IVANOVA, LI_NA) }),
      session('gsr-finance', '11:30', '12:30', { eventId: 'green-silk-road', roomId: 'beichen-ballroom', people: people(IVANOVA, WANG) }),
      session('gsr-lunch-talk', '12:00', '13:00', { eventId: 'green-silk-road', roomId: 'cncc-305', people: people(LI_NA) }),
    ];
    expect(detect(sessions)).toEqual([
      { kind: 'person-overlap', severity: 'hard', personKey: IVANOVA, sessionIds: ['dsr-panel-ai', 'gsr-finance'], acknowledged: false },
    ]);
  });

  it('reports each overlapping pair once per person, even when a session lists the person twice', () => {
    const sessions = [
      session('dsr-panel-ai', '10:30', '12:00', { people: people(LI_NA, LI_NA) }),
      session('gsr-finance', '11:00', '12:30', { eventId: 'green-silk-road', roomId: 'beichen-ballroom', people: people(LI_NA) }),
      session('dsr-interview', '11:45', '12:15', { roomId: null, people: people(LI_NA, LI_NA) }),
    ];
    expect(detect(sessions)).toEqual([
      { kind: 'person-overlap', severity: 'hard', personKey: LI_NA, sessionIds: ['dsr-interview', 'dsr-panel-ai'], acknowledged: false },
      { kind: 'person-overlap', severity: 'hard', personKey: LI_NA, sessionIds: ['dsr-interview', 'gsr-finance'], acknowledged: false },
      { kind: 'person-overlap', severity: 'hard', personKey: LI_NA, sessionIds: ['dsr-panel-ai', 'gsr-finance'], acknowledged: false },
    ]);
  });

  it('turns an acknowledged person overlap into a warning, for that person and that pair only', () => {
    const sessions = [
      session('dsr-panel-ai', '10:30', '12:00', { roomId: 'cncc-hall-a', people: people(IVANOVA, LI_NA) }),
      session('gsr-finance', '11:30', '12:30', { eventId: 'green-silk-road', roomId: 'beichen-ballroom', people: people(IVANOVA, LI_NA) }),
    ];
    const ivanovaOnly = detect(sessions, { acknowledged: new Set([overlapKey(IVANOVA, 'gsr-finance', 'dsr-panel-ai'), overlapKey(LI_NA, 'dsr-panel-ai', 'dsr-opening')]) });
    expect(ivanovaOnly).toEqual([
      { kind: 'person-overlap', severity: 'hard', personKey: LI_NA, sessionIds: ['dsr-panel-ai', 'gsr-finance'], acknowledged: false },
      { kind: 'person-overlap', severity: 'warning', personKey: IVANOVA, sessionIds: ['dsr-panel-ai', 'gsr-finance'], acknowledged: true },
    ]);
    expect(hasHardConflicts(ivanovaOnly)).toBe(true);
    const both = detect(sessions, { acknowledged: new Set([overlapKey(IVANOVA, 'dsr-panel-ai', 'gsr-finance'), overlapKey(LI_NA, 'gsr-finance', 'dsr-panel-ai')]) });
    expect(both).toEqual([
      { kind: 'person-overlap', severity: 'warning', personKey: LI_NA, sessionIds: ['dsr-panel-ai', 'gsr-finance'], acknowledged: true },
      { kind: 'person-overlap', severity: 'warning', personKey: IVANOVA, sessionIds: ['dsr-panel-ai', 'gsr-finance'], acknowledged: true },
    ]);
    expect(hasHardConflicts(both)).toBe(false);
  });

  it('reports a session not fully inside its event, or of an event without a window', () => {
    const sessions = [
      session('dsr-early', '08:30', '09:30', { roomId: null }),
      session('gsr-early', '08:30', '09:30', { roomId: null, eventId: 'green-silk-road' }),
      session('dsr-late', '17:00', '17:31', { roomId: null }),
      session('dsr-closing', '17:00', '17:30', { roomId: null }),
      session('dsr-tomorrow', '09:00', '10:00', { roomId: null, startsAt: at('09:00', '2026-09-18'), endsAt: at('10:00', '2026-09-18') }),
      session('forum-gala', '19:00', '21:00', { roomId: null, eventId: 'belt-and-road-forum' }),
      session('odd', '10:00', '11:00', { roomId: null, eventId: 'constructor' }),
    ];
    expect(detect(sessions)).toEqual([
      { kind: 'outside-event', severity: 'hard', sessionIds: ['dsr-early'] },
      { kind: 'outside-event', severity: 'hard', sessionIds: ['dsr-late'] },
      { kind: 'outside-event', severity: 'hard', sessionIds: ['dsr-tomorrow'] },
      { kind: 'outside-event', severity: 'hard', sessionIds: ['forum-gala'] },
      { kind: 'outside-event', severity: 'hard', sessionIds: ['odd'] },
    ]);
  });

  it('reports a bookable capacity above the room’s, but not an equal one, a room without a capacity or no room', () => {
    const sessions = [
      session('dsr-workshop', '13:30', '15:00', { capacity: 150 }),
      session('dsr-demo', '13:30', '15:00', { roomId: 'cncc-305', capacity: 60 }),
      session('gsr-briefing', '13:30', '15:00', { eventId: 'green-silk-road', roomId: 'beichen-ballroom', capacity: 400 }),
      session('gsr-site-visit', '13:30', '17:00', { eventId: 'green-silk-road', roomId: null, capacity: 40 }),
      session('dsr-board', '13:30', '15:00', { roomId: 'beichen-boardroom', capacity: null }),
      session('gsr-board', '15:00', '16:00', { eventId: 'green-silk-road', roomId: 'beichen-boardroom', capacity: 25 }),
    ];
    expect(detect(sessions)).toEqual([
      { kind: 'capacity-over-room', severity: 'hard', roomId: 'cncc-301', sessionIds: ['dsr-workshop'], capacity: 150, roomCapacity: 120 },
      { kind: 'capacity-over-room', severity: 'hard', roomId: 'beichen-boardroom', sessionIds: ['gsr-board'], capacity: 25, roomCapacity: 24 },
    ]);
  });

  it('warns when one person has under 10 minutes between venues: 9 min 59 s and back-to-back are tight, exactly 10 is fine', () => {
    const sessions = [
      session('gsr-dinner', '17:30', '18:00', { eventId: 'green-silk-road', roomId: 'beichen-ballroom', people: people(LI_NA) }),
      session('dsr-closing', '17:00', '17:30', { roomId: 'cncc-hall-a', people: people(LI_NA) }),
      session('gsr-roundtable', '12:10', '13:00', { eventId: 'green-silk-road', roomId: 'beichen-boardroom', people: people(IVANOVA) }),
      session('gsr-finance', '12:09:59', '13:00', { eventId: 'green-silk-road', roomId: 'beichen-ballroom', people: people(OKAFOR, WANG) }),
      session('dsr-lunch-talk', '12:00', '12:30', { roomId: 'cncc-305', people: people(LI_NA) }),
      session('gsr-site-visit', '13:00', '16:00', { eventId: 'green-silk-road', roomId: null, people: people(WANG) }),
      session('dsr-panel-ai', '10:30', '12:00', { roomId: 'cncc-hall-a', people: people(OKAFOR, IVANOVA, LI_NA) }),
    ];
    expect(detect(sessions)).toEqual([
      { kind: 'tight-change-over', severity: 'warning', personKey: LI_NA, sessionIds: ['dsr-closing', 'gsr-dinner'], minutes: 0 },
      { kind: 'tight-change-over', severity: 'warning', personKey: OKAFOR, sessionIds: ['dsr-panel-ai', 'gsr-finance'], minutes: 9 },
    ]);
    expect(detect(sessions, { minChangeOverMinutes: 30 })).toEqual([
      { kind: 'tight-change-over', severity: 'warning', personKey: LI_NA, sessionIds: ['dsr-closing', 'gsr-dinner'], minutes: 0 },
      { kind: 'tight-change-over', severity: 'warning', personKey: OKAFOR, sessionIds: ['dsr-panel-ai', 'gsr-finance'], minutes: 9 },
      { kind: 'tight-change-over', severity: 'warning', personKey: IVANOVA, sessionIds: ['dsr-panel-ai', 'gsr-roundtable'], minutes: 10 },
    ]);
    expect(detect(sessions, { minChangeOverMinutes: 0 })).toEqual([]);
  });

  it('warns when a session needs interpretation in a room without booths', () => {
    const sessions = [
      session('dsr-panel-ai', '10:30', '12:00', { needsInterpretation: true }),
      session('dsr-demo', '13:00', '14:00', { needsInterpretation: false }),
      session('dsr-opening', '09:00', '10:30', { roomId: 'cncc-hall-a', needsInterpretation: true }),
      session('gsr-site-visit', '13:00', '16:00', { eventId: 'green-silk-road', roomId: null, needsInterpretation: true }),
      session('gsr-roundtable', '14:00', '15:00', { eventId: 'green-silk-road', roomId: 'beichen-boardroom', needsInterpretation: true }),
    ];
    expect(detect(sessions)).toEqual([
      { kind: 'no-interpretation-booths', severity: 'warning', roomId: 'cncc-301', sessionIds: ['dsr-panel-ai'] },
      { kind: 'no-interpretation-booths', severity: 'warning', roomId: 'beichen-boardroom', sessionIds: ['gsr-roundtable'] },
    ]);
  });

  it('never reports a cancelled session, though the same session scheduled breaks every rule', () => {
    const panel = session('dsr-panel-ai', '10:30', '12:00', { people: people(OKAFOR) });
    const moved = session('dsr-panel-ai-old', '08:00', '11:00', { status: 'cancelled', capacity: 500, needsInterpretation: true, people: people(OKAFOR) });
    const walk = session('gsr-finance-old', '12:05', '13:00', { status: 'cancelled', eventId: 'green-silk-road', roomId: 'beichen-ballroom', people: people(OKAFOR) });
    expect(detect([panel, moved, walk])).toEqual([]);
    const scheduled = (s: AgendaSessionInput): AgendaSessionInput => ({ ...s, status: 'scheduled' });
    expect(detect([panel, scheduled(moved), scheduled(walk)])).toEqual([
      { kind: 'room-overlap', severity: 'hard', roomId: 'cncc-301', sessionIds: ['dsr-panel-ai', 'dsr-panel-ai-old'] },
      { kind: 'person-overlap', severity: 'hard', personKey: OKAFOR, sessionIds: ['dsr-panel-ai', 'dsr-panel-ai-old'], acknowledged: false },
      { kind: 'outside-event', severity: 'hard', sessionIds: ['dsr-panel-ai-old'] },
      { kind: 'capacity-over-room', severity: 'hard', roomId: 'cncc-301', sessionIds: ['dsr-panel-ai-old'], capacity: 500, roomCapacity: 120 },
      { kind: 'tight-change-over', severity: 'warning', personKey: OKAFOR, sessionIds: ['dsr-panel-ai', 'gsr-finance-old'], minutes: 5 },
      { kind: 'no-interpretation-booths', severity: 'warning', roomId: 'cncc-301', sessionIds: ['dsr-panel-ai-old'] },
    ]);
  });

  it('sorts by kind, then by session ids as text (s10 before s9)', () => {
    const sessions = [session('s9', '08:00', '09:30'), session('s10', '09:00', '10:00', { people: people(WANG) }), session('s1', '09:15', '09:45', { roomId: null, people: people(WANG) })];
    expect(detect(sessions)).toEqual([
      { kind: 'room-overlap', severity: 'hard', roomId: 'cncc-301', sessionIds: ['s10', 's9'] },
      { kind: 'person-overlap', severity: 'hard', personKey: WANG, sessionIds: ['s1', 's10'], acknowledged: false },
      { kind: 'outside-event', severity: 'hard', sessionIds: ['s9'] },
    ]);
  });
});

describe('hasHardConflicts', () => {
  it('is true only when at least one conflict is hard', () => {
    expect(hasHardConflicts([])).toBe(false);
    expect(hasHardConflicts([{ kind: 'no-interpretation-booths', severity: 'warning', roomId: 'cncc-301', sessionIds: ['dsr-panel-ai'] }])).toBe(false);
    expect(
      hasHardConflicts([
        { kind: 'no-interpretation-booths', severity: 'warning', roomId: 'cncc-301', sessionIds: ['dsr-panel-ai'] },
        { kind: 'outside-event', severity: 'hard', sessionIds: ['dsr-early'] },
      ]),
    ).toBe(true);
  });
});

// The rules read straight off the issue, every pair against every pair: slow, but easy to trust.
const KIND_ORDER: Conflict['kind'][] = ['room-overlap', 'person-overlap', 'outside-event', 'capacity-over-room', 'tight-change-over', 'no-interpretation-booths'];

function detectConflictsByBruteForce(input: ConflictInput): Conflict[] {
  const minGapMs = (input.minChangeOverMinutes ?? 10) * 60_000;
  const live = input.sessions.filter((s) => s.status === 'scheduled');
  const roomOf = (s: AgendaSessionInput) => input.rooms.find((room) => room.id === s.roomId);
  const found: Conflict[] = [];
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const [a, b] = [live[i]!, live[j]!].sort((x, y) => (x.id < y.id ? -1 : 1)) as [AgendaSessionInput, AgendaSessionInput];
      const sessionIds: [string, string] = [a.id, b.id];
      const overlap = a.startsAt < b.endsAt && b.startsAt < a.endsAt;
      const [roomA, roomB] = [roomOf(a), roomOf(b)];
      if (overlap && roomA && roomA === roomB) found.push({ kind: 'room-overlap', severity: 'hard', roomId: roomA.id, sessionIds });
      const keysB = new Set(b.people.map((p) => p.personKey));
      for (const personKey of new Set(a.people.map((p) => p.personKey))) {
        if (!keysB.has(personKey)) continue;
        if (overlap) {
          found.push(
            input.acknowledged.has(overlapKey(personKey, a.id, b.id))
              ? { kind: 'person-overlap', severity: 'warning', personKey, sessionIds, acknowledged: true }
              : { kind: 'person-overlap', severity: 'hard', personKey, sessionIds, acknowledged: false },
          );
          continue;
        }
        const gapMs = a.endsAt <= b.startsAt ? b.startsAt.getTime() - a.endsAt.getTime() : a.startsAt.getTime() - b.endsAt.getTime();
        if (roomA && roomB && roomA.venueId !== roomB.venueId && gapMs < minGapMs) {
          found.push({ kind: 'tight-change-over', severity: 'warning', personKey, sessionIds, minutes: Math.floor(gapMs / 60_000) });
        }
      }
    }
  }
  for (const s of live) {
    const window = Object.entries(input.eventWindows).find(([eventId]) => eventId === s.eventId)?.[1];
    if (!window || s.startsAt < window.startsAt || s.endsAt > window.endsAt) found.push({ kind: 'outside-event', severity: 'hard', sessionIds: [s.id] });
    const room = roomOf(s);
    if (room && s.capacity !== null && room.capacity !== null && s.capacity > room.capacity) {
      found.push({ kind: 'capacity-over-room', severity: 'hard', roomId: room.id, sessionIds: [s.id], capacity: s.capacity, roomCapacity: room.capacity });
    }
    if (room && s.needsInterpretation && !room.interpretationBooths) found.push({ kind: 'no-interpretation-booths', severity: 'warning', roomId: room.id, sessionIds: [s.id] });
  }
  const sortKey = (c: Conflict) => [String(KIND_ORDER.indexOf(c.kind)), ...c.sessionIds, 'personKey' in c ? c.personKey : 'roomId' in c ? c.roomId : ''];
  return found.sort((x, y) => {
    const [kx, ky] = [sortKey(x), sortKey(y)];
    const i = kx.findIndex((part, n) => part !== ky[n]);
    return i === -1 ? 0 : kx[i]! < ky[i]! ? -1 : 1;
  });
}

const POOL = [LI_NA, OKAFOR, IVANOVA, WANG, 'm.ivanova@example.kz', 'spk-7'];
const QUARTER_MS = 15 * 60_000;
const SLOTS = 2 * 96; // two days of quarter hours
const DAY_ONE = at('00:00').getTime();
const quarter = (n: number) => new Date(DAY_ONE + n * QUARTER_MS);

const roomsArbitrary = fc.integer({ min: 2, max: 3 }).chain((venues) =>
  fc
    .array(
      fc.record({
        venue: fc.integer({ min: 0, max: venues - 1 }),
        capacity: fc.option(fc.integer({ min: 10, max: 200 }), { nil: null }),
        interpretationBooths: fc.boolean(),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((rooms): AgendaRoom[] => rooms.map((room, i) => ({ id: `room-${i}`, venueId: `venue-${room.venue}`, capacity: room.capacity, interpretationBooths: room.interpretationBooths }))),
);

const sessionArbitrary = (roomIds: string[]) =>
  fc.record({
    eventId: fc.constantFrom('digital-silk-road', 'green-silk-road', 'belt-and-road-forum'),
    roomId: fc.option(fc.constantFrom(...roomIds, 'room-gone'), { nil: null, freq: 6 }),
    // Forum hours, 08:00 to 18:00 on either day, so sessions crowd together as they do on the day.
    start: fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 32, max: 71 })).map(([day, slot]) => day * 96 + slot),
    length: fc.integer({ min: 1, max: 12 }),
    cancelled: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    capacity: fc.option(fc.integer({ min: 10, max: 250 }), { nil: null }),
    needsInterpretation: fc.boolean(),
    people: fc.array(fc.constantFrom(...POOL), { maxLength: 3 }),
  });

const windowArbitrary = fc
  .tuple(fc.integer({ min: 0, max: SLOTS }), fc.integer({ min: 0, max: SLOTS }))
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => ({ startsAt: quarter(Math.min(a, b)), endsAt: quarter(Math.max(a, b)) }));

const agendaArbitrary = roomsArbitrary
  .chain((rooms) =>
    fc.record({
      rooms: fc.constant(rooms),
      sessions: fc.array(sessionArbitrary(rooms.map((room) => room.id)), { maxLength: 24, size: 'max' }).map((drafts) =>
        drafts.map(
          (draft, i): AgendaSessionInput => ({
            id: `s${i}`, // unpadded, so text order (s10 < s2) differs from number order
            eventId: draft.eventId,
            roomId: draft.roomId,
            startsAt: quarter(draft.start),
            endsAt: quarter(draft.start + draft.length),
            status: draft.cancelled ? 'cancelled' : 'scheduled',
            capacity: draft.capacity,
            needsInterpretation: draft.needsInterpretation,
            people: draft.people.map((personKey) => ({ personKey })),
          }),
        ),
      ),
      eventWindows: fc.record({ 'digital-silk-road': windowArbitrary, 'green-silk-road': windowArbitrary, 'belt-and-road-forum': windowArbitrary }, { requiredKeys: ['digital-silk-road'] }),
      minChangeOverMinutes: fc.constantFrom(undefined, 0, 10, 15, 45, 90, 180),
    }),
  )
  .chain((agenda) => {
    // Acknowledge some of the pairs that share a person, so acknowledgements hit real overlaps as well as non-overlaps.
    const candidates = agenda.sessions.flatMap((a, i) =>
      agenda.sessions.slice(i + 1).flatMap((b) => a.people.filter((p) => b.people.some((q) => q.personKey === p.personKey)).map((p) => overlapKey(p.personKey, a.id, b.id))),
    );
    return fc.subarray([...new Set(candidates)]).map((keys): ConflictInput => ({ ...agenda, acknowledged: new Set(keys) }));
  });

describe('detectConflicts against a brute-force reference', () => {
  it('gives exactly the reference result, in the same order, for random agendas', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(agendaArbitrary, (input) => {
        const conflicts = detectConflicts(input);
        expect(conflicts).toEqual(detectConflictsByBruteForce(input));
        for (const conflict of conflicts) seen.add(`${conflict.kind}/${conflict.severity}`);
      }),
      { numRuns: 300 },
    );
    // The random agendas must have exercised every rule, or the comparison above proves little.
    expect([...seen].sort()).toEqual([
      'capacity-over-room/hard',
      'no-interpretation-booths/warning',
      'outside-event/hard',
      'person-overlap/hard',
      'person-overlap/warning',
      'room-overlap/hard',
      'tight-change-over/warning',
    ]);
  });
});
