// Spreadsheet-safe CSV (RFC 4180) for organisers: quoted where needed, CRLF lines, a BOM so Excel reads UTF-8, and
// cells that a spreadsheet would run as a formula made inert.
// Example: toCsv([['Title', '=1+1']]) → '\uFEFFTitle,\'=1+1\r\n'
import { Readable } from 'node:stream';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
/** Excel reads a file as UTF-8 only when it starts with this byte order mark. */
export const CSV_BOM = '\uFEFF';

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One cell as written: a leading apostrophe when Excel, LibreOffice or Sheets would treat the text as a formula
 * (starting with = + - @, a tab or a carriage return), then quotes when it holds a comma, quote or line break.
 */
export function csvCell(value: CsvValue): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row as a CSV line, CRLF included. */
export function csvLine(row: readonly CsvValue[]): string {
  return `${row.map(csvCell).join(',')}\r\n`;
}

/** Rows (header first) as one CSV document with a UTF-8 byte order mark and CRLF line ends. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return CSV_BOM + rows.map(csvLine).join('');
}

/**
 * The same document as a stream, for files too large to build as one string: the BOM, then one chunk per batch of
 * rows as the batches arrive, read only as fast as the client takes them.
 */
export function csvStream(batches: AsyncIterable<readonly (readonly CsvValue[])[]>): Readable {
  return Readable.from(
    (async function* () {
      yield CSV_BOM;
      for await (const rows of batches) yield rows.map(csvLine).join('');
    })(),
    { objectMode: false },
  );
}
