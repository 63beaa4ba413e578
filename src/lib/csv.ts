// CSV for spreadsheets: a UTF-8 byte-order mark so Excel reads Chinese correctly, CRLF line ends, quotes where
// needed, and cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) prefixed with an apostrophe.
// Example: toCsv([['code', 'name'], ['VIP-7KQ2-M9XD', '=HYPERLINK("x")']]) → '\uFEFFcode,name\r\nVIP-7KQ2-M9XD,"\'=HYPERLINK(""x"")"\r\n'
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
