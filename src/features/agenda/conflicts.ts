// Flags what would go wrong on the day before an organiser publishes an agenda: a room or a person booked twice, a session
// outside its event, more seats sold than a room holds, no time to cross to another venue, interpretation without booths.
// Example: const conflicts = detectConflicts({ sessions, rooms, eventWindows, acknowledged }); if (hasHardConflicts(conflicts)) …

export interface AgendaRoom {
  id: string;
  venueId: string;
  capacity: number | null;
  interpretationBooths: boolean;
}

export interface AgendaSessionInput {
  id: string;
  /** Sessions may come from several sub-forums of one forum. */
  eventId: string;
  roomId: string | null;
  /** Instants; endsAt > startsAt is guaranteed by validation elsewhere. */
  startsAt: Date;
  endsAt: Date;
  /** Cancelled sessions never conflict. */
  status: 'scheduled' | 'cancelled';
  /** Bookable capacity (site visits etc.). */
  capacity: number | null;
  needsInterpretation: boolean;
  /** personKey identifies a person across sub-forums (e.g. lower-cased e-mail or speaker id). */
  people: { personKey: string }[];
}

export interface ConflictInput {
  sessions: AgendaSessionInput[];
  rooms: AgendaRoom[];
  /** The event's own window per eventId: a session outside its event's [startsAt, endsAt) is a hard conflict. */
  eventWindows: Record<string, { startsAt: Date; endsAt: Date }>;
  /** Person overlaps an organiser acknowledged: keys from overlapKey(personKey, sessionIdA, sessionIdB). */
  acknowledged: ReadonlySet<string>;
  /** Minimum change-over between sessions of one person in different venues; default 10 minutes. */
  minChangeOverMinutes?: number;
}

export type Conflict =
  | { kind: 'room-overlap'; severity: 'hard'; roomId: string; sessionIds: [string, string] }
  | { kind: 'person-overlap'; severity: 'hard'; personKey: string; sessionIds: [string, string]; acknowledged: false }
  | { kind: 'person-overlap'; severity: 'warning'; personKey: string; sessionIds: [string, string]; acknowledged: true }
  | { kind: 'outside-event'; severity: 'hard'; sessionIds: [string] }
  | { kind: 'capacity-over-room'; severity: 'hard'; roomId: string; sessionIds: [string]; capacity: number; roomCapacity: number }
  | { kind: 'tight-change-over'; severity: 'warning'; personKey: string; sessionIds: [string, string]; minutes: number }
  | { kind: 'no-interpretation-booths'; severity: 'warning'; roomId: string; sessionIds: [string] };

const MINUTE_MS = 60_000;
const DEFAULT_CHANGE_OVER_MINUTES = 10;
const KIND_ORDER: Record<Conflict['kind'], number> = {
  'room-overlap': 0,
  'person-overlap': 1,
  'outside-event': 2,
  'capacity-over-room': 3,
  'tight-change-over': 4,
  'no-interpretation-booths': 5,
};

/** A scheduled session as the sweeps see it: milliseconds, and its room only when the room is known. */
interface Slot {
  session: AgendaSessionInput;
  start: number;
  end: number;
  room: AgendaRoom | undefined;
}

/** The key an organiser's acknowledgement is stored under; the same whichever session comes first. */
export function overlapKey(personKey: string, a: string, b: string): string {
  // JSON keeps the parts apart whatever characters a person key or session id holds.
  return JSON.stringify(a <= b ? [personKey, a, b] : [personKey, b, a]);
}

/** Every conflict in the agenda, each pair once, sorted by kind, then session ids, then person or room. */
export function detectConflicts(input: ConflictInput): Conflict[] {
  const roomsById = new Map(input.rooms.map((room) => [room.id, room]));
  const slots: Slot[] = input.sessions
    .filter((session) => session.status === 'scheduled')
    .map((session) => ({
      session,
      start: session.startsAt.getTime(),
      end: session.endsAt.getTime(),
      room: session.roomId === null ? undefined : roomsById.get(session.roomId),
    }));
  const conflicts: Conflict[] = [];

  for (const [roomId, inRoom] of groupSlots(slots, (slot) => (slot.room ? [slot.room.id] : []))) {
    for (const [a, b] of listOverlappingPairs(inRoom)) {
      conflicts.push({ kind: 'room-overlap', severity: 'hard', roomId, sessionIds: sortIds(a, b) });
    }
  }

  const changeOverMs = (input.minChangeOverMinutes ?? DEFAULT_CHANGE_OVER_MINUTES) * MINUTE_MS;
  for (const [personKey, ofPerson] of groupSlots(slots, (slot) => new Set(slot.session.people.map((person) => person.personKey)))) {
    for (const [a, b] of listOverlappingPairs(ofPerson)) {
      const sessionIds = sortIds(a, b);
      conflicts.push(
        input.acknowledged.has(overlapKey(personKey, ...sessionIds))
          ? { kind: 'person-overlap', severity: 'warning', personKey, sessionIds, acknowledged: true }
          : { kind: 'person-overlap', severity: 'hard', personKey, sessionIds, acknowledged: false },
      );
    }
    for (const [before, after] of listTightChangeOvers(ofPerson, changeOverMs)) {
      const minutes = Math.floor((after.start - before.end) / MINUTE_MS);
      conflicts.push({ kind: 'tight-change-over', severity: 'warning', personKey, sessionIds: sortIds(before, after), minutes });
    }
  }

  for (const { session, start, end, room } of slots) {
    const sessionIds: [string] = [session.id];
    // Object.hasOwn: an event id such as "constructor" must not find Object.prototype's member.
    const window = Object.hasOwn(input.eventWindows, session.eventId) ? input.eventWindows[session.eventId] : undefined;
    if (!window || start < window.startsAt.getTime() || end > window.endsAt.getTime()) {
      conflicts.push({ kind: 'outside-event', severity: 'hard', sessionIds });
    }
    if (!room) continue;
    if (session.capacity !== null && room.capacity !== null && session.capacity > room.capacity) {
      conflicts.push({ kind: 'capacity-over-room', severity: 'hard', roomId: room.id, sessionIds, capacity: session.capacity, roomCapacity: room.capacity });
    }
    if (session.needsInterpretation && !room.interpretationBooths) {
      conflicts.push({ kind: 'no-interpretation-booths', severity: 'warning', roomId: room.id, sessionIds });
    }
  }

  return conflicts.sort(compareConflicts);
}

/** True when anything must be fixed before publishing; warnings alone are not. */
export function hasHardConflicts(conflicts: Conflict[]): boolean {
  return conflicts.some((conflict) => conflict.severity === 'hard');
}

function groupSlots(slots: Slot[], keysOf: (slot: Slot) => Iterable<string>): Map<string, Slot[]> {
  const groups = new Map<string, Slot[]>();
  for (const slot of slots) {
    for (const key of keysOf(slot)) {
      const group = groups.get(key);
      if (group) group.push(slot);
      else groups.set(key, [slot]);
    }
  }
  return groups;
}

/** Pairs whose half-open intervals overlap, by a sweep over start times: O(n log n + pairs). */
function listOverlappingPairs(slots: Slot[]): [Slot, Slot][] {
  const pairs: [Slot, Slot][] = [];
  let open: Slot[] = [];
  for (const slot of [...slots].sort((a, b) => a.start - b.start)) {
    // Every slot still open after this filter overlaps the new one, so the filter costs no more than the pairs it yields
    // plus the slots it closes (each closes once).
    open = open.filter((other) => other.end > slot.start);
    for (const other of open) pairs.push([other, slot]);
    open.push(slot);
  }
  return pairs;
}

/** [before, after] pairs in different venues where after starts less than changeOverMs after before ends (but not before). */
function listTightChangeOvers(slots: Slot[], changeOverMs: number): [Slot, Slot][] {
  const pairs: [Slot, Slot][] = [];
  const byEnd = slots.filter((slot) => slot.room).sort((a, b) => a.end - b.end);
  for (const after of byEnd) {
    // The first slot ending after (after.start − changeOverMs); then all that end by after.start.
    let low = 0;
    let high = byEnd.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (byEnd[middle]!.end > after.start - changeOverMs) high = middle;
      else low = middle + 1;
    }
    for (let i = low; i < byEnd.length && byEnd[i]!.end <= after.start; i++) {
      const before = byEnd[i]!;
      if (before.room!.venueId !== after.room!.venueId) pairs.push([before, after]);
    }
  }
  return pairs;
}

function sortIds(a: Slot, b: Slot): [string, string] {
  return a.session.id <= b.session.id ? [a.session.id, b.session.id] : [b.session.id, a.session.id];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareConflicts(a: Conflict, b: Conflict): number {
  const byKind = KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (byKind !== 0) return byKind;
  for (let i = 0; i < a.sessionIds.length; i++) {
    const byId = compareText(a.sessionIds[i] ?? '', b.sessionIds[i] ?? '');
    if (byId !== 0) return byId;
  }
  return compareText(subjectOf(a), subjectOf(b));
}

function subjectOf(conflict: Conflict): string {
  return 'personKey' in conflict ? conflict.personKey : 'roomId' in conflict ? conflict.roomId : '';
}
