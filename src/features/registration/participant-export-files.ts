// The two files a participant export is written as, from the same rows (participant-export-columns.ts): CSV for any
// spreadsheet or script, and an Excel workbook with real dates. Both are streams fed one batch at a time.
// Example: reply.send(participantCsv(headers, exportParticipantBatches(...), event.timezone))
import type { Readable } from 'node:stream';
import { DateTime } from 'luxon';
import { csvStream } from '../../lib/csv.ts';
import { xlsxStream } from '../../lib/xlsx-stream.ts';
import type { ExportCell } from './participant-export-columns.ts';

/** How a CSV shows an instant: the event's wall time, which Excel reads as a date (the header names the zone). */
export const csvWallTime = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');

/** UTF-8 with a BOM, RFC 4180, formula-like cells made inert (lib/csv.ts); the header first. */
export function participantCsv(headers: readonly string[], batches: AsyncIterable<readonly (readonly ExportCell[])[]>, zone: string): Readable {
  return csvStream(
    (async function* () {
      yield [headers];
      for await (const rows of batches) yield rows.map((row) => row.map((cell) => (cell instanceof Date ? csvWallTime(cell, zone) : cell)));
    })(),
  );
}

/**
 * One sheet: the header, then every cell as text exactly as stored (never a formula), instants as Excel dates in
 * the event's zone. `dateColumns` are the positions holding instants.
 */
export function participantXlsx(sheetName: string, headers: readonly string[], dateColumns: ReadonlySet<number>, batches: AsyncIterable<readonly (readonly ExportCell[])[]>, zone: string): Readable {
  const columns = headers.map((header, i) => ({ header, kind: dateColumns.has(i) ? ('date' as const) : ('text' as const) }));
  return xlsxStream({ sheetName, zone, columns }, batches);
}
