// Reads PDFs as a person would: their text (pdftotext), page count (pdfinfo), and a page as pixels (pdftoppm) to
// scan a QR code from, all with poppler-utils (installed by .ci/run).
// Example: expect(pdfText(pdf)).toContain('张伟'); expect(pdfPages(pdf)).toBe(25); const qr = scanQr(pdf, 1);
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQRModule from 'jsqr';
import sharp from 'sharp';

// jsqr is CommonJS whose types claim an ES default export; under NodeNext the function is `.default`.
const jsQR = (jsQRModule as unknown as { default: typeof import('jsqr').default }).default;

function withPdf<T>(pdf: Buffer, use: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'forum-desk-pdf-'));
  try {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    return use(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the whole document, in reading order per page. */
export const pdfText = (pdf: Buffer): string => withPdf(pdf, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));

export function pdfPages(pdf: Buffer): number {
  const info = withPdf(pdf, (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  return Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
}

/** Page `page` (1-based) as a PNG file’s bytes, e.g. to look at a design. */
export const pdfPagePng = (pdf: Buffer, page: number, dpi = 100): Buffer =>
  withPdf(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-png', '-singlefile', '-r', String(dpi), '-f', String(page), '-l', String(page), file, path.join(dir, 'page')]);
    return readFileSync(path.join(dir, 'page.png'));
  });

/** Decodes the QR code on a page rendered at `dpi`: its text and its side in millimetres (finder corner to corner). */
export function scanQr(pdf: Buffer, page: number, dpi = 150): { text: string; sideMm: number } | undefined {
  const pgm = withPdf(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-gray', '-singlefile', '-r', String(dpi), '-f', String(page), '-l', String(page), file, path.join(dir, 'page')]);
    return readFileSync(path.join(dir, 'page.pgm'));
  });
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a binary PGM');
  const [width, height] = [Number(header[1]), Number(header[2])];
  const grey = pgm.subarray(header[0].length);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([grey[i]!, grey[i]!, grey[i]!, 255], i * 4);
  const code = jsQR(rgba, width, height);
  if (!code) return undefined;
  const { topLeftCorner: a, topRightCorner: b } = code.location;
  return { text: code.data, sideMm: (Math.hypot(b.x - a.x, b.y - a.y) / dpi) * 25.4 };
}

/** Decodes the QR code in a PNG (a mailed ticket): its text, or undefined when no code is found. */
export async function scanQrPng(png: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data;
}
