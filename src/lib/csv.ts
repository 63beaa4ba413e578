// Spreadsheet-safe CSV (RFC 4180) for organisers: quoted where needed, CRLF lines, a BOM so Excel reads UTF-8, and
// cells that a spreadsheet would run as a formula made inert.
// Example: toCsv([['Title', '=1+1']]) → '\uFEFFTitle,\'=1+1\r\n'
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell as written: a leading apostrophe when Excel, LibreOffice or Sheets would treat the text as a formula
 * (starting with = + - @, a tab or a carriage return), then quotes when it holds a comma, quote or line break.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows (header first) as one CSV document with a UTF-8 byte order mark and CRLF line ends. */
export function toCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
