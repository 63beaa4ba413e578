// A one-sheet Excel workbook (.xlsx) written as a stream, for exports too large to hold in memory: a bold, frozen
// header row, every value a plain text cell (never a formula, and formatted as Text so editing one does not turn
// "=1+1" into a formula either), and instants as real Excel dates in the event's zone.
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
  sheet.columns = options.columns.map((column) => ({
    width: column.kind === 'date' ? 20 : Math.min(40, Math.max(12, [...column.header].length + 2)),
    style: { numFmt: column.kind === 'date' ? DATE_FORMAT : TEXT_FORMAT },
  }));

  async function write() {
    const header = sheet.addRow(options.columns.map((column) => column.header));
    header.font = { bold: true };
    // The header is text even above the date column.
    header.eachCell((cell) => (cell.numFmt = TEXT_FORMAT));
    header.commit();
    for await (const rows of batches) {
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
