// A statement built once per shape and filled in on each use: the same text and values drizzle builds itself.
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { registrations } from '../../src/db/schema/index.ts';
import { StatementShapes } from '../../src/db/statement-shapes.ts';

const dialect = new PgDialect();

describe('StatementShapes', () => {
  it('builds a shape once and fills each use with its own values, through each column’s mapping, nulls as null', () => {
    const shapes = new StatementShapes();
    let builds = 0;
    const build = () => {
      builds += 1;
      return sql`update ${registrations} set ${registrations.answers} = ${sql.param(sql.placeholder('answers'), registrations.answers)}, ${registrations.cancelledAt} = ${sql.param(sql.placeholder('at'), registrations.cancelledAt)} where ${registrations.id} = ${sql.placeholder('id')} and ${registrations.status} = ${'confirmed'}`;
    };
    const first = dialect.sqlToQuery(shapes.statement('cancel', build, { answers: { a: 1 }, at: new Date('2027-01-02T03:04:05Z'), id: 'x' }));
    const second = dialect.sqlToQuery(shapes.statement('cancel', build, { answers: {}, at: null, id: 'y' }));
    expect(builds).toBe(1);
    expect(second.sql).toBe(first.sql);
    expect(first.sql).toBe('update "registrations" set "registrations"."answers" = $1, "registrations"."cancelled_at" = $2 where "registrations"."id" = $3 and "registrations"."status" = $4');
    expect(first.params).toEqual(['{"a":1}', '2027-01-02T03:04:05.000Z', 'x', 'confirmed']);
    expect(second.params).toEqual(['{}', null, 'y', 'confirmed']);
  });

  it('refuses a use without a value for one of its placeholders', () => {
    const shapes = new StatementShapes();
    expect(() => shapes.statement('one', () => sql`select ${sql.placeholder('a')}, ${sql.placeholder('b')}`, { a: 1 })).toThrow('no value for placeholder b');
  });

  it('keeps at most its limit of shapes, and still answers right beyond it', () => {
    const shapes = new StatementShapes(2);
    for (const n of [1, 2, 3, 4]) {
      const query = dialect.sqlToQuery(shapes.statement(`n${n}`, () => sql`select ${sql.raw(String(n))} + ${sql.placeholder('x')}`, { x: n * 10 }));
      expect([query.sql, query.params]).toEqual([`select ${n} + $1`, [n * 10]]);
    }
    expect(shapes.size).toBe(2);
  });
});
