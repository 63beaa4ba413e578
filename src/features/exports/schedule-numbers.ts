// The integer ids schedule apps want (frab's event and person `id`), kept stable for the life of an event.
//
// Sessions and people are numbered 1, 2, 3 … in the order they were first published: through the versions in order,
// and within a version in its published order. Published versions are never changed or removed, so a number once
// given always belongs to the same session or person, a new publication only adds numbers at the end, and two never
// share one (a hash of the UUID into the 31-bit range apps store would collide now and then). The same rule runs on
// PGlite and PostgreSQL alike. A removed or cancelled session keeps its number, which is never given to another.
import { asc, eq, sql } from 'drizzle-orm';
import { agendaVersions } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export interface ScheduleNumbers {
  sessions: ReadonlyMap<string, number>;
  people: ReadonlyMap<string, number>;
}

/** Numbers ids in order of first appearance, from 1. */
export function numberInOrder(idLists: readonly (readonly string[])[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const ids of idLists) for (const id of ids) if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
  return numbers;
}

export async function findScheduleNumbers(db: Db, eventId: string): Promise<ScheduleNumbers> {
  // Only the ids leave the database, in their published order, not every version's full text.
  const idsOf = (column: typeof agendaVersions.sessions | typeof agendaVersions.speakers) =>
    sql<string[]>`(select coalesce(jsonb_agg(e.value ->> 'id' order by e.ordinality), '[]'::jsonb) from jsonb_array_elements(${column}) with ordinality as e(value, ordinality))`;
  const rows = await db
    .select({ sessionIds: idsOf(agendaVersions.sessions), speakerIds: idsOf(agendaVersions.speakers) })
    .from(agendaVersions)
    .where(eq(agendaVersions.eventId, eventId))
    .orderBy(asc(agendaVersions.version));
  return { sessions: numberInOrder(rows.map((r) => r.sessionIds)), people: numberInOrder(rows.map((r) => r.speakerIds)) };
}
