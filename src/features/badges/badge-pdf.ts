// Draws badges into a PDF: names large (Latin and Chinese, in the embedded and subsetted Noto Sans CJK), the
// organisation, the ticket's QR code (the same secret as the confirmation mail's) and a band in the category's colour
// that also names the category, so colour is never the only sign.
// Example: const pdf = await renderBadgesPdf([badge], 'a6', { onProgress: async (done) => {} });
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { BadgeLayout } from '../../db/schema/index.ts';
import { findCjkFont } from './cjk-font.ts';
import { BADGE_GEOMETRY, type BadgeGeometry, type Box } from './layouts.ts';

export interface Badge {
  eventTitle: string;
  latinName: string;
  chineseName: string | null;
  organisation: string;
  categoryName: string;
  /** "#rrggbb" */
  categoryColour: string;
  ticketCode: string;
}

export interface RenderOptions {
  /** Called every `progressEvery` badges with the number drawn so far; awaiting it lets a job record progress. */
  onProgress?: (done: number) => Promise<void>;
  progressEvery?: number;
  title?: string;
}

const PT_PER_MM = 72 / 25.4;
const mm = (value: number) => value * PT_PER_MM;
const INK = '#1b1b1b';
const MUTED = '#4a4a4a';

/** White or near-black text on the band, whichever contrasts more with the organiser's colour (WCAG luminance). */
export function textColourOn(background: string): string {
  const channel = (hex: string) => {
    const c = Number.parseInt(hex, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(background.slice(1, 3)) + 0.7152 * channel(background.slice(3, 5)) + 0.0722 * channel(background.slice(5, 7));
  const onWhite = 1.05 / (l + 0.05);
  const onInk = (l + 0.05) / 0.0611;
  return onWhite >= onInk ? '#ffffff' : INK;
}

export async function renderBadgesPdf(badges: readonly Badge[], layout: BadgeLayout, options: RenderOptions = {}): Promise<Buffer> {
  const font = findCjkFont();
  const geometry = BADGE_GEOMETRY[layout];
  const doc = new PDFDocument({ size: [mm(geometry.page.width), mm(geometry.page.height)], margin: 0, autoFirstPage: false, info: { Title: options.title ?? 'Badges', Creator: 'Forum Desk' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', font.regular.path, font.regular.face);
  doc.registerFont('bold', font.bold.path, font.bold.face);
  const every = options.progressEvery ?? 20;
  for (const [i, badge] of badges.entries()) {
    const slot = i % geometry.slots.length;
    if (slot === 0) doc.addPage();
    drawBadge(doc, geometry, geometry.slots[slot]!, badge);
    if (options.onProgress && ((i + 1) % every === 0 || i + 1 === badges.length)) await options.onProgress(i + 1);
    // Drawing is CPU work: let requests in between badges, so the web process sharing this worker stays responsive.
    else await new Promise((resolve) => setImmediate(resolve));
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function drawBadge(doc: PDFKit.PDFDocument, g: BadgeGeometry, slot: Box, badge: Badge): void {
  const band = { x: slot.x, y: slot.y + slot.height - g.band, width: slot.width, height: g.band };
  const area = { x: slot.x + g.padding, y: slot.y + g.padding, width: slot.width - 2 * g.padding, height: slot.height - g.band - 2 * g.padding };
  const qr = g.qrBeside
    ? { x: area.x + area.width - g.qr, y: area.y + (area.height - g.qr) / 2 }
    : { x: slot.x + (slot.width - g.qr) / 2, y: band.y - 7 - g.qr };
  // The gap to the text holds the QR code's quiet zone.
  const text = g.qrBeside ? { x: area.x, width: area.width - g.qr - 6 } : { x: area.x, width: area.width };
  const align: TextStyle['align'] = g.qrBeside ? 'left' : 'center';

  let y = area.y;
  // A bilingual title too long for one line: each language in lines of its own, so neither is cut or split across.
  const titleStyle = { font: 'regular' as const, size: g.type.event, colour: MUTED, x: text.x, width: text.width, lines: 2, align };
  for (const part of titleParts(doc, badge.eventTitle, text.width, g.type.event)) y = write(doc, part, { ...titleStyle, y });
  y += 3;
  y = write(doc, badge.latinName, { font: 'bold', size: fitSize(doc, 'bold', badge.latinName, text.width, g.type.latin), colour: INK, x: text.x, y, width: text.width, lines: 2, align }) + 1;
  if (badge.chineseName) y = write(doc, badge.chineseName, { font: 'bold', size: fitSize(doc, 'bold', badge.chineseName, text.width, g.type.chinese), colour: INK, x: text.x, y, width: text.width, lines: 1, align }) + 2;
  write(doc, badge.organisation, { font: 'regular', size: g.type.organisation, colour: MUTED, x: text.x, y, width: text.width, lines: 2, align });

  drawQr(doc, badge.ticketCode, qr.x, qr.y, g.qr);

  doc.save().rect(mm(band.x), mm(band.y), mm(band.width), mm(band.height)).fill(badge.categoryColour).restore();
  const size = g.type.category;
  doc.font('bold').fontSize(size);
  const lineHeight = doc.currentLineHeight() / PT_PER_MM;
  doc
    .fillColor(textColourOn(badge.categoryColour))
    .text(badge.categoryName, mm(band.x + g.padding), mm(band.y + (band.height - lineHeight) / 2), { width: mm(band.width - 2 * g.padding), align: 'center', lineBreak: false, ellipsis: true, height: doc.currentLineHeight() });
}

interface TextStyle {
  font: 'regular' | 'bold';
  size: number;
  colour: string;
  x: number;
  y: number;
  width: number;
  lines: number;
  align: 'left' | 'center';
}

/**
 * Writes text in at most `lines` lines (cut with an ellipsis beyond), returns where the next line may start (mm).
 * Text of words that wraps is balanced: set in the narrowest width that keeps its number of lines, so a title does
 * not leave its last word alone on a line ("… Areas of Innovation / 2027").
 */
function write(doc: PDFKit.PDFDocument, value: string, style: TextStyle): number {
  if (value.trim() === '') return style.y;
  doc.font(style.font).fontSize(style.size).fillColor(style.colour);
  const height = doc.currentLineHeight(true) * style.lines;
  const full = mm(style.width);
  const natural = doc.heightOfString(value, { width: full });
  const used = Math.min(height, natural);
  // Only text of words, within its lines: Chinese breaks between any two characters (a narrower line would split a
  // word there, as in a bilingual "English · 中文" title), and text cut with an ellipsis stays as it is.
  const balanced = !/\p{Script=Han}/u.test(value) && /\S\s+\S/.test(value) && doc.widthOfString(value) > full && natural <= height;
  const width = balanced ? balancedWidth(doc, value, full, used) : full;
  const x = mm(style.x) + (style.align === 'center' ? (full - width) / 2 : 0);
  doc.text(value, x, mm(style.y), { width, height, ellipsis: true, align: style.align });
  return style.y + used / PT_PER_MM;
}

/** The narrowest width (pt, to a quarter point) at which `value` still takes no more height than `height`. */
function balancedWidth(doc: PDFKit.PDFDocument, value: string, full: number, height: number): number {
  let low = full / 2;
  let high = full;
  while (high - low > 0.25) {
    const middle = (low + high) / 2;
    if (doc.heightOfString(value, { width: middle }) <= height) high = middle;
    else low = middle;
  }
  return high;
}

/** A title as one piece, or, when a bilingual "English · 中文" title does not fit on one line, its two languages. */
function titleParts(doc: PDFKit.PDFDocument, title: string, width: number, size: number): string[] {
  const parts = title.split(' · ');
  if (parts.length !== 2 || doc.font('regular').fontSize(size).widthOfString(title) <= mm(width)) return [title];
  return parts;
}

/** The largest size in [min, max] at which the text fits on one line; long names get the smallest and may wrap. */
function fitSize(doc: PDFKit.PDFDocument, font: 'regular' | 'bold', value: string, width: number, [max, min]: [number, number]): number {
  doc.font(font);
  for (let size = max; size > min; size -= 1) if (doc.fontSize(size).widthOfString(value) <= mm(width)) return size;
  return min;
}

/**
 * The QR code as vector squares (crisp at any printer resolution), a run of dark modules per rectangle; `side` is
 * the code's own size, its white quiet zone of 4 modules is painted around it.
 */
function drawQr(doc: PDFKit.PDFDocument, secret: string, x: number, y: number, side: number): void {
  const { modules } = QRCode.create(secret, { errorCorrectionLevel: 'M' });
  const cell = mm(side) / modules.size;
  const left = mm(x);
  const top = mm(y);
  doc.save().rect(left - 4 * cell, top - 4 * cell, (modules.size + 8) * cell, (modules.size + 8) * cell).fill('#ffffff');
  for (let row = 0; row < modules.size; row++) {
    let run = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col);
      if (dark && run < 0) run = col;
      if (!dark && run >= 0) {
        // A hair wider than the cell so neighbouring rows do not show hairline gaps in some viewers.
        doc.rect(left + run * cell, top + row * cell, (col - run) * cell, cell + 0.05);
        run = -1;
      }
    }
  }
  doc.fill('#000000').restore();
}
