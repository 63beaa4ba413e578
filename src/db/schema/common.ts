// Column helpers every table shares: application-generated UUID v7 keys, localized jsonb text, timestamps.
import { sql } from 'drizzle-orm';
import { customType, jsonb, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { uuidv7 } from '../../lib/ids.ts';
import type { LocalizedText } from '../../lib/localized.ts';

export const id = () => uuid('id').primaryKey().$defaultFn(uuidv7);
export const localized = (name: string) => jsonb(name).$type<LocalizedText>();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Binary data (message bytes, token hashes) as Buffers on both drivers. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** For CHECK constraints: the values of an enum-like list as SQL literals, `'a', 'b'`. */
export const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** For CHECK constraints on a localized column: an object holding English, Chinese or both. */
export const localizedFilled = (column: string) => sql.raw(`jsonb_typeof(${column}) = 'object' and (${column} ? 'en' or ${column} ? 'zh-CN')`);

/**
 * A row's required link to the row it belongs to, deleted with it: `eventId: belongsTo('event_id', () => events.id)`.
 * The target comes as a function, as in drizzle's own `references`, so tables may point at each other across files.
 */
export function belongsTo(name: string, target: () => AnyPgColumn) {
  return uuid(name).notNull().references(target, { onDelete: 'cascade' });
}
