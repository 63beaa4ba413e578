// Spreadsheet files for import tests, made here rather than shipped: CSV text in UTF-8 (with a BOM, as Excel's
// "CSV UTF-8" writes it) or in GBK (as Chinese Excel's plain "CSV" writes it), XLSX through exceljs, and a zip
// archive that is not a workbook.
// Example: const bytes = csvBytes([['E-mail', '姓'], ['li@example.cn', '李']], { encoding: 'gbk' });
// Example: const bytes = await xlsxBytes([['2027年特邀嘉宾名单'], headings, ...rows], '嘉宾', ['A1:F1']);
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
export const csvText = (rows: readonly (readonly string[])[]) => rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';

let gbkTable: Map<string, number[]> | undefined;
/** GBK bytes of a text, from the runtime's own GB18030 decoder run backwards over every two-byte code. */
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(Uint8Array.of(lead, trail));
        if ([...char].length === 1 && char !== '\ufffd' && !gbkTable.has(char)) gbkTable.set(char, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
    else {
      const code = gbkTable.get(char);
      if (!code) throw new Error(`no GBK code for ${char}`);
      bytes.push(...code);
    }
  }
  return Buffer.from(bytes);
}

export function csvBytes(rows: readonly (readonly string[])[], options: { encoding?: 'utf-8' | 'utf-8-bom' | 'gbk' } = {}): Buffer {
  const text = csvText(rows);
  if (options.encoding === 'gbk') return encodeGbk(text);
  return Buffer.concat([options.encoding === 'utf-8' ? Buffer.alloc(0) : Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/**
 * A workbook with one sheet of text cells (numbers stay text, so leading zeros stay), and cells merged as a title
 * above the headings is ('A1:F1').
 */
export async function xlsxBytes(rows: readonly (readonly string[])[], sheetName = '嘉宾', merges: readonly string[] = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow([...row]);
  for (const range of merges) sheet.mergeCells(range);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A valid zip archive holding one stored text file: a zip, but no workbook. */
export function zipBytes(name: string, content: string): Buffer {
  const data = Buffer.from(content, 'utf8');
  const fileName = Buffer.from(name, 'utf8');
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const centralAt = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}
