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
/** The first rows the headings are looked for in (a title may stand above them), and may be chosen from. */
export const HEADER_ROW_CHOICES = 10;
/** Data rows kept after the headings for the mapping page. */
export const SAMPLE_ROWS = 3;
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
  /** The spreadsheet's row number (from 1) of the headings. */
  headerRow: number;
  /** One per column, as wide as the widest row ('' under a column without a heading). */
  headers: string[];
  /** Data rows, below the headings, with their row number in the spreadsheet; blank rows are left out. */
  rows: FileRow[];
  /**
   * The file's first rows as read, blank ones left out: every row the headings may be on, then SAMPLE_ROWS more,
   * for the mapping page to show and to offer another heading row without reading the file again.
   */
  firstRows: FileRow[];
}

export interface FileRow {
  row: number;
  cells: string[];
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

/** Reads the file; the headings are on `headerRow` when the organiser said so, else found (see findHeaderIndex). */
export async function readImportFile(bytes: Buffer, filename: string, headerRow?: number): Promise<ImportFileResult> {
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  if (bytes.length > MAX_IMPORT_BYTES) return { ok: false, problem: 'too-large', vars: { mb: MAX_IMPORT_BYTES / 1048576 } };
  if (startsWith(bytes, OLE)) return { ok: false, problem: 'old-excel' };
  const table = startsWith(bytes, ZIP) || /\.xlsx$/i.test(filename) ? await readXlsx(bytes) : readCsvBytes(bytes);
  if (!table.rows) return { ok: false, problem: table.problem, ...(table.vars ? { vars: table.vars } : {}) };
  return shape(table.rows, table.format, table.encoding, headerRow);
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

/**
 * A cell's text as the spreadsheet shows it: formulas by their result, links by their text, zero-padded numbers
 * padded. Of a merged range, the cells right of the first column are empty, as they look: a title merged across
 * the top does not head every column. Cells below the first of a merge keep its text, as merged data means it (one
 * organisation merged over its three guests).
 */
function cellText(cell: ExcelJS.Cell): string {
  if (cell.type === ExcelJS.ValueType.Merge && cell.master.col !== cell.col) return '';
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
  if (rowCount > MAX_IMPORT_ROWS + HEADER_ROW_CHOICES) return { ok: false, problem: 'too-many-rows', vars: { max: MAX_IMPORT_ROWS } };
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

const filledCount = (cells: readonly string[]) => cells.reduce((n, c) => n + (c.trim() === '' ? 0 : 1), 0);
/** How many columns a row spans up to its last filled cell. */
export const filledWidth = (cells: readonly string[]) => {
  let width = cells.length;
  while (width > 0 && cells[width - 1]!.trim() === '') width--;
  return width;
};

/**
 * The headings' row: the first of the first rows that fills at least half as many cells as the fullest of them.
 * A title above the headings ("2027年……特邀嘉宾名单", merged or not) and a line such as "制表：…" fill one or two.
 */
function findHeaderIndex(table: readonly string[][]): number {
  const first = table.slice(0, HEADER_ROW_CHOICES).map((cells, index) => ({ index, filled: filledCount(cells) }));
  const fullest = Math.max(0, ...first.map((r) => r.filled));
  if (fullest === 0) return table.findIndex((cells) => filledCount(cells) > 0);
  return first.find((r) => r.filled * 2 > fullest)!.index;
}

function shape(table: string[][], format: ImportFormat, encoding: 'utf-8' | 'gb18030', headerRow?: number): ImportFileResult {
  const headerIndex = headerRow === undefined ? findHeaderIndex(table) : headerRow - 1;
  if (headerIndex < 0 || headerIndex >= table.length || filledCount(table[headerIndex]!) === 0) return { ok: false, problem: 'no-header' };
  const rows: FileRow[] = [];
  let width = filledWidth(table[headerIndex]!);
  for (let i = headerIndex + 1; i < table.length; i++) {
    const cells = table[i]!;
    if (filledCount(cells) === 0) continue;
    rows.push({ row: i + 1, cells });
    width = Math.max(width, filledWidth(cells));
  }
  if (width > MAX_IMPORT_COLUMNS) return { ok: false, problem: 'too-many-columns', vars: { max: MAX_IMPORT_COLUMNS } };
  if (rows.length === 0) return { ok: false, problem: 'no-rows' };
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, problem: 'too-many-rows', vars: { max: MAX_IMPORT_ROWS } };
  const headers = Array.from({ length: width }, (_, i) => (table[headerIndex]![i] ?? '').trim());
  const firstRows: FileRow[] = [];
  const lastChoice = Math.max(HEADER_ROW_CHOICES, headerIndex + 1);
  for (let i = 0, after = 0; i < table.length && after < SAMPLE_ROWS; i++) {
    if (filledCount(table[i]!) === 0) continue;
    firstRows.push({ row: i + 1, cells: table[i]!.slice(0, Math.max(width, filledWidth(table[i]!))) });
    if (i + 1 > lastChoice) after++;
  }
  return { ok: true, format, encoding, headerRow: headerIndex + 1, headers, rows, firstRows };
}
