// How wide the exported workbook's columns are: the longest cell (its longest line), Chinese, Japanese, Korean and
// full-width characters counted as two, within a least and a largest width; a date column as wide as its dates.
import { describe, expect, it } from 'vitest';
import { columnWidths, displayWidth, MAX_XLSX_WIDTH } from '../../src/lib/xlsx-stream.ts';

describe('displayWidth', () => {
  it.each([
    ['', 0],
    ['Okafor', 6],
    ['王芳', 4],
    ['Ｗａｎｇ', 8],
    ['서울대학교', 10],
    ['Nguyễn Văn An', 13],
    ['He said "ciao"\r\nand left', 14],
    ['第一行\n2nd line, longer', 16],
  ])('%j is %i wide', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('columnWidths', () => {
  it('takes the longest cell of each column, header included, with room beside it, within 8 and the cap', () => {
    const columns = [
      { header: 'Family name', kind: 'text' as const },
      { header: 'Id', kind: 'text' as const },
      { header: 'Message', kind: 'text' as const },
      { header: 'At', kind: 'date' as const },
    ];
    const rows = [
      ['Family name', 'Id', 'Message', 'At'],
      ['Constantinopoulou', 'x', 'a'.repeat(500), new Date()],
      ['王', null, '', null],
    ];
    expect(columnWidths(columns, rows)).toEqual([19, 8, MAX_XLSX_WIDTH, 21]);
  });
});
