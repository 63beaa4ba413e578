// A one-sheet Excel workbook (.xlsx) written as a stream, for exports too large to hold in memory: a bold, frozen
// header row, every value a plain text cell (never a formula, and formatted as Text so editing one does not turn
// "=1+1" into a formula either), instants as real Excel dates in the event's zone, and each column as wide as its
// longest cell among the header and the first batch of rows (up to a cap).
// Example: xlsxStream({ sheetName: 'Participants', zone: 'Asia/Shanghai', columns: [{ header: 'Name', kind: 'text' }] }, batches).pipe(out)
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';

export interface XlsxColumn {
  header: string;
  kind: 'text' | 'date';
}

export type XlsxValue = string | Date | null;

const TEXT_FORMAT = '@';
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
/** Column widths in characters: never narrower than MIN_WIDTH, never wider than MAX_WIDTH (longer text wraps or is cut off on screen, not in the file). */
const MIN_WIDTH = 8;
export const MAX_XLSX_WIDTH = 60;
/** Room beside the text, for the filter button and some air. */
const PADDING = 2;
/** Characters Excel draws two columns wide: CJK ideographs and syllables, kana, full-width forms. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
/** Characters Excel refuses in a sheet name; it also allows at most 31 characters. */
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;

/**
 * Excel dates have no zone: a cell shows the date as written. The instant is written as the wall-clock time in
 * `zone` (which ExcelJS reads from the UTC fields of the Date it is given).
 */
export function excelWallTime(instant: Date, zone: string): Date {
  return DateTime.fromJSDate(instant, { zone }).setZone('UTC', { keepLocalTime: true }).toJSDate();
}

/**
 * A string is always written as a string cell (ExcelJS makes a formula only of { formula } objects), with line
 * breaks as Excel writes them (LF: XML turns a CR into LF anyway); an empty text is an empty cell.
 */
function cellValue(value: XlsxValue, kind: XlsxColumn['kind'], zone: string): string | Date | null {
  if (value instanceof Date && kind === 'date') return excelWallTime(value, zone);
  if (value === null || value === '') return null;
  return String(value).replace(/\r\n?/g, '\n');
}

/** How many character columns a text takes on screen: its longest line, wide characters counted twice. */
export function displayWidth(text: string): number {
  return Math.max(0, ...text.split(/\r\n?|\n/).map((line) => [...line].reduce((width, char) => width + (WIDE.test(char) ? 2 : 1), 0)));
}

/**
 * Each column as wide as its longest cell in `rows` (the header among them), within MIN_WIDTH and MAX_XLSX_WIDTH; a
 * date column at least as wide as the dates it shows.
 */
export function columnWidths(columns: readonly XlsxColumn[], rows: readonly (readonly XlsxValue[])[]): number[] {
  return columns.map((column, i) => {
    const longest = Math.max(column.kind === 'date' ? DATE_FORMAT.length : 0, ...rows.map((row) => {
      const value = row[i];
      return typeof value === 'string' ? displayWidth(value) : 0;
    }));
    return Math.min(MAX_XLSX_WIDTH, Math.max(MIN_WIDTH, longest + PADDING));
  });
}

function drainedOrClosed(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

export function xlsxStream(options: { sheetName: string; zone: string; columns: readonly XlsxColumn[] }, batches: AsyncIterable<readonly (readonly XlsxValue[])[]>): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(options.sheetName.replace(SHEET_NAME_FORBIDDEN, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });

  async function write() {
    const headers = options.columns.map((column) => column.header);
    // The widths go into the file before its rows: they are measured on the header and the first batch, which is
    // read ahead (every row of a list up to a batch long, a fair sample of a longer one).
    const iterator = batches[Symbol.asyncIterator]();
    const first = await iterator.next();
    const widths = columnWidths(options.columns, [headers, ...(first.done ? [] : first.value)]);
    sheet.columns = options.columns.map((column, i) => ({ width: widths[i], style: { numFmt: column.kind === 'date' ? DATE_FORMAT : TEXT_FORMAT } }));
    const header = sheet.addRow(headers);
    header.font = { bold: true };
    // The header is text even above the date column.
    header.eachCell((cell) => (cell.numFmt = TEXT_FORMAT));
    header.commit();
    async function* all() {
      if (!first.done) yield first.value;
      yield* { [Symbol.asyncIterator]: () => iterator };
    }
    for await (const rows of all()) {
      for (const row of rows) {
        sheet.addRow(row.map((value, i) => cellValue(value, options.columns[i]?.kind ?? 'text', options.zone))).commit();
      }
      // The file is read only as fast as the client takes it, so a slow download does not pile up in memory; a
      // client gone away stops the work (leaving the loop ends the batches too).
      if (out.writableNeedDrain) await drainedOrClosed(out);
      if (out.destroyed) return;
    }
    sheet.commit();
    await workbook.commit();
  }
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
