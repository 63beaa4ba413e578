// The spreadsheet an organiser uploads to import guests, read into a header and rows of text exactly as typed:
// XLSX through exceljs (numbers with a leading-zero format keep their zeros), CSV in UTF-8 with or without a byte
// order mark, or in GBK/GB18030 as Chinese Excel saves "CSV" (read correctly, and the page says so). Anything else
// gets a reason the organiser can act on. A cell that a spreadsheet export made inert with a leading apostrophe
// (lib/csv.ts: '+8613800138000) is read back without it, so an exported list imports unchanged.
// Example: await readImportFile(bytes, 'guests.csv') → { ok: true, format: 'csv', encoding: 'utf-8', headers, rows }
import ExcelJS from 'exceljs';
import type { ImportFormat } from '../../db/schema/index.ts';
import { readCsv } from '../../lib/csv-read.ts';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;
export const MAX_IMPORT_COLUMNS = 100;
/** What a workbook may unpack to: a 10 MB upload that claims more is a zip bomb, not a guest list. */
const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;

export type ImportFileProblem =
  | 'empty'
  | 'too-large'
  | 'old-excel'
  | 'xlsx-unreadable'
  | 'no-worksheet'
  | 'encoding'
  | 'binary'
  | 'unclosed-quote'
  | 'text-after-quote'
  | 'no-header'
  | 'too-many-rows'
  | 'too-many-columns'
  | 'no-rows';

export interface ImportFile {
  ok: true;
  format: ImportFormat;
  encoding: 'utf-8' | 'gb18030';
  headers: string[];
  /** Data rows with their row number in the spreadsheet (the header is row 1); blank rows are left out. */
  rows: { row: number; cells: string[] }[];
}

export type ImportFileResult = ImportFile | { ok: false; problem: ImportFileProblem; vars?: Record<string, number> };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
/** Control characters no spreadsheet text holds (tab and line breaks are fine). */
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** What lib/csv.ts puts before a cell that a spreadsheet would run as a formula. */
const INERT_FORMULA = /^'(?=[=+\-@\t\r])/;

const uninert = (cell: string) => cell.replace(INERT_FORMULA, '');

export async function readImportFile(bytes: Buffer, filename: string): Promise<ImportFileResult> {
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  if (bytes.length > MAX_IMPORT_BYTES) return { ok: false, problem: 'too-large', vars: { mb: MAX_IMPORT_BYTES / 1048576 } };
  if (startsWith(bytes, OLE)) return { ok: false, problem: 'old-excel' };
  const table = startsWith(bytes, ZIP) || /\.xlsx$/i.test(filename) ? await readXlsx(bytes) : readCsvBytes(bytes);
  if (!table.rows) return { ok: false, problem: table.problem, ...(table.vars ? { vars: table.vars } : {}) };
  return shape(table.rows, table.format, table.encoding);
}

type Refusal = { ok: false; problem: ImportFileProblem; vars?: Record<string, number> };
type Table = { rows: string[][]; format: ImportFormat; encoding: 'utf-8' | 'gb18030' } | (Refusal & { rows?: undefined });

function decode(bytes: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } | undefined {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(hasBom ? bytes.subarray(3) : bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: Chinese Excel and WPS save "CSV" in the system code page, GBK, which GB18030 contains.
  }
  if (hasBom) return undefined;
  try {
    return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gb18030' };
  } catch {
    return undefined;
  }
}

function readCsvBytes(bytes: Buffer): Table {
  // UTF-16 ("Unicode text" from Excel) starts with its own byte order mark and holds NUL bytes: refused as binary.
  const decoded = decode(bytes);
  if (!decoded) return { ok: false, problem: 'encoding' };
  if (BINARY.test(decoded.text)) return { ok: false, problem: 'binary' };
  const parsed = readCsv(decoded.text);
  if ('problem' in parsed) return { ok: false, problem: parsed.problem, vars: { line: parsed.line } };
  return { rows: parsed.rows.map((r) => r.map(uninert)), format: 'csv', encoding: decoded.encoding };
}

/** A cell's text as the spreadsheet shows it: formulas by their result, links by their text, zero-padded numbers padded. */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && /^0+$/.test(cell.numFmt ?? '')) return String(value).padStart(cell.numFmt.length, '0');
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return uninert(cell.text ?? '');
}

/**
 * The sizes the zip's central directory declares for its files, added up; undefined when there is no directory
 * (not a zip). Read before unpacking, so a small upload cannot make the process unpack gigabytes.
 */
export function declaredUnpackedSize(bytes: Buffer): number | undefined {
  // The end-of-directory record is the last 22 bytes, unless a comment (at most 65,535 bytes) follows it.
  for (let end = bytes.length - 22; end >= Math.max(0, bytes.length - 22 - 65_535); end--) {
    if (bytes.readUInt32LE(end) !== 0x06054b50) continue;
    const entries = bytes.readUInt16LE(end + 10);
    let at = bytes.readUInt32LE(end + 16);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return undefined;
      // A ZIP64 size (0xFFFFFFFF) counts as too large: no guest list needs one.
      total += bytes.readUInt32LE(at + 24);
      at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    }
    return total;
  }
  return undefined;
}

async function readXlsx(bytes: Buffer): Promise<Table> {
  const unpacked = bytes.length >= 22 ? declaredUnpackedSize(bytes) : undefined;
  if (unpacked === undefined) return { ok: false, problem: 'xlsx-unreadable' };
  if (unpacked > MAX_UNPACKED_BYTES) return { ok: false, problem: 'too-large', vars: { mb: MAX_IMPORT_BYTES / 1048576 } };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, problem: 'xlsx-unreadable' };
  }
  // The first sheet that holds anything: a workbook often starts with an instructions sheet left empty.
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) return { ok: false, problem: workbook.worksheets.length === 0 ? 'xlsx-unreadable' : 'no-worksheet' };
  // Both counts walk every row when read: read once, not per cell.
  const rowCount = sheet.rowCount;
  const columnCount = sheet.columnCount;
  if (rowCount > MAX_IMPORT_ROWS + 1) return { ok: false, problem: 'too-many-rows', vars: { max: MAX_IMPORT_ROWS } };
  if (columnCount > MAX_IMPORT_COLUMNS) return { ok: false, problem: 'too-many-columns', vars: { max: MAX_IMPORT_COLUMNS } };
  // Indexed by row number, so the report's row numbers are the spreadsheet's even around empty rows.
  const rows: string[][] = Array.from({ length: rowCount }, () => []);
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= columnCount; c++) cells.push(cellText(row.getCell(c)));
    rows[row.number - 1] = cells;
  });
  return { rows, format: 'xlsx', encoding: 'utf-8' };
}

function shape(table: string[][], format: ImportFormat, encoding: 'utf-8' | 'gb18030'): ImportFileResult {
  const headerIndex = table.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (headerIndex === -1) return { ok: false, problem: 'no-header' };
  const headers = table[headerIndex]!.map((h) => h.trim());
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  if (headers.length > MAX_IMPORT_COLUMNS) return { ok: false, problem: 'too-many-columns', vars: { max: MAX_IMPORT_COLUMNS } };
  const rows: ImportFile['rows'] = [];
  for (let i = headerIndex + 1; i < table.length; i++) {
    const cells = table[i]!;
    if (cells.every((c) => c.trim() === '')) continue;
    rows.push({ row: i + 1, cells });
  }
  if (rows.length === 0) return { ok: false, problem: 'no-rows' };
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, problem: 'too-many-rows', vars: { max: MAX_IMPORT_ROWS } };
  return { ok: true, format, encoding, headers, rows };
}
