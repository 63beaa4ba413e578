// The two badge layouts organisers choose from, in millimetres: A6 cards (one per page, for A6 badge holders) and
// the common A4 label sheet of 8 (2 × 4 labels of 99.1 × 67.7 mm, as Avery L7165 / Herma 4457 / Zweckform 3427).
import type { BadgeLayout } from '../../db/schema/index.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BadgeGeometry {
  page: { width: number; height: number };
  /** Where each badge of a page sits, in filling order (left to right, top to bottom). */
  slots: Box[];
  /**
   * The badge's own design: inner padding, type sizes (pt), the category band's height and the QR code's side —
   * the code itself, at least 25 mm so phones and desk scanners read it at arm's length; its quiet zone (4 modules
   * of white) lies around it, in the padding and the gap to the text.
   */
  padding: number;
  qr: number;
  band: number;
  /** QR to the right of the names (labels, which are wide) or under them (A6, which is tall). */
  qrBeside: boolean;
  type: { event: number; latin: [max: number, min: number]; chinese: [max: number, min: number]; organisation: number; category: number };
}

const A6: BadgeGeometry = {
  page: { width: 105, height: 148 },
  slots: [{ x: 0, y: 0, width: 105, height: 148 }],
  padding: 8,
  qr: 30,
  band: 20,
  qrBeside: false,
  type: { event: 9, latin: [30, 14], chinese: [36, 18], organisation: 13, category: 16 },
};

const LABEL = { width: 99.1, height: 67.7, left: 4.65, top: 13.1, columnPitch: 101.6 };
const A4_8: BadgeGeometry = {
  page: { width: 210, height: 297 },
  slots: Array.from({ length: 8 }, (_, i) => ({ x: LABEL.left + (i % 2) * LABEL.columnPitch, y: LABEL.top + Math.floor(i / 2) * LABEL.height, width: LABEL.width, height: LABEL.height })),
  padding: 5,
  qr: 26,
  band: 12,
  qrBeside: true,
  type: { event: 7, latin: [18, 10], chinese: [22, 12], organisation: 9, category: 12 },
};

export const BADGE_GEOMETRY: Record<BadgeLayout, BadgeGeometry> = { a6: A6, 'a4-8': A4_8 };

/** Pages a PDF of `count` badges takes. Example: pagesFor('a4-8', 200) === 25 */
export const pagesFor = (layout: BadgeLayout, count: number) => Math.ceil(count / BADGE_GEOMETRY[layout].slots.length);
