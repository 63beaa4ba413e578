// Which row of an uploaded guest list holds the headings: the rows the mapping page offers (the file's first rows,
// kept on upload, so choosing another reads nothing again), and the headings, first data rows and row count each
// choice gives. The upload found one below any title; the organiser may choose another.
// Example: headerRowChoice(importRow, 1) → { row: 1, headers: ['2027年特邀嘉宾名单', '', …], samples, totalRows: 41 }
import { filledWidth, HEADER_ROW_CHOICES, SAMPLE_ROWS, type FileRow } from './import-file.ts';

export interface HeaderRowChoice {
  row: number;
  headers: string[];
  /** The first data rows below it. */
  samples: FileRow[];
  /** Data rows below it in the whole file. */
  totalRows: number;
}

type StoredImport = { headerRow: number; headers: string[]; sample: FileRow[]; totalRows: number };

/** Every row the headings may be on, each with what choosing it gives; the row found on upload among them. */
export function headerRowChoices(stored: StoredImport): HeaderRowChoice[] {
  // An upload kept before heading rows were found has its headings apart from its sample rows.
  const rows = stored.sample.some((r) => r.row === stored.headerRow) ? stored.sample : [{ row: stored.headerRow, cells: stored.headers }, ...stored.sample].sort((a, b) => a.row - b.row);
  // Every non-blank row up to the last a heading may be on is kept: counting those above a row tells how many are below it.
  const above = (row: number) => rows.filter((r) => r.row <= row).length;
  const nonBlank = stored.totalRows + above(stored.headerRow);
  const lastChoice = Math.max(HEADER_ROW_CHOICES, stored.headerRow);
  const width = stored.headers.length;
  return rows
    .filter((r) => r.row <= lastChoice)
    .map((r) => ({
      row: r.row,
      headers: Array.from({ length: Math.max(width, filledWidth(r.cells)) }, (_, i) => (r.cells[i] ?? '').trim()),
      samples: rows.filter((s) => s.row > r.row).slice(0, SAMPLE_ROWS),
      totalRows: nonBlank - above(r.row),
    }))
    .filter((choice) => choice.totalRows > 0);
}

/** The choice for a row number given as text (a form's value); undefined when that row cannot hold the headings. */
export function headerRowChoice(stored: StoredImport, row: unknown): HeaderRowChoice | undefined {
  const number = typeof row === 'string' && /^\d{1,6}$/.test(row.trim()) ? Number(row.trim()) : typeof row === 'number' ? row : NaN;
  return headerRowChoices(stored).find((choice) => choice.row === number);
}
