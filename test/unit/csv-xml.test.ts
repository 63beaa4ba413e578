// The CSV writer round-trips through an RFC 4180 reader and neutralises formulas; XML text escaping round-trips and
// drops only what XML cannot hold. Properties over arbitrary text, plus the cases that matter by name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/lib/csv.ts';
import { xmlText } from '../../src/lib/xml.ts';
import { parseCsv } from '../helpers/csv.ts';

const neutralised = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

describe('toCsv', () => {
  it('quotes, doubles quotes, ends lines with CRLF and starts with a BOM', () => {
    expect(toCsv([['id', 'title'], ['1', 'Panel: "AI", data\nand 数据'], ['2', null]])).toBe('\uFEFFid,title\r\n1,"Panel: ""AI"", data\nand 数据"\r\n2,\r\n');
  });

  it('makes cells a spreadsheet would run inert', () => {
    expect(['=1+1', '+86 10', '-2', '@SUM(A1)', '\tx', '\rx', 'a=b', '1-2'].map(csvCell)).toEqual(["'=1+1", "'+86 10", "'-2", "'@SUM(A1)", "'\tx", `"'\rx"`, 'a=b', '1-2']);
  });

  it('reads back as the same cells for any text (formula starts neutralised)', () => {
    const cell = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('"', ',', '\r\n', '\n', '=', '@', '-', '+', '\t', '\r', '论坛'), fc.string({ unit: fc.constantFrom('"', ',', '\r', '\n', 'a', '=', '中') }));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const text = toCsv(rows);
        expect(text.startsWith('\uFEFF')).toBe(true);
        expect(parseCsv(text.slice(1))).toEqual(rows.map((row) => row.map(neutralised)));
      }),
    );
  });
});

describe('xmlText', () => {
  const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|apos|#13);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#13': '\r' })[e]!);
  const allowed = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');

  it('escapes markup and drops characters XML 1.0 forbids', () => {
    expect(xmlText('R&D <2026> "x" \'y\'\u0000\u0007 中文\r\n')).toBe('R&amp;D &lt;2026&gt; &quot;x&quot; &apos;y&apos; 中文&#13;\n');
  });

  it('never leaves a bare < & or quote, and unescapes to the allowed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = xmlText(s);
        expect(out).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|apos|#13);)/);
        expect(unescape(out)).toBe(allowed(s));
      }),
    );
  });
});
