// Slides a speaker uploads for a session: PDF or PowerPoint (.pptx), told by the bytes (a .pptx is a ZIP archive
// holding ppt/presentation.xml), at most 50 MB. One file per speaker entry and session; a new upload replaces it.
// Example: const kind = sniffSlides(bytes) // 'pdf' | 'pptx' | undefined
import { and, eq, inArray } from 'drizzle-orm';
import { speakerSlides } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';

export const MAX_SLIDES_BYTES = 50 * 1024 * 1024;
export const SLIDES_TYPES = {
  pdf: 'application/pdf',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
} as const;
export type SlidesProblem = 'empty' | 'too-large' | 'type';

const startsWith = (bytes: Buffer, signature: number[]) => signature.every((b, i) => bytes[i] === b);

export function sniffSlides(bytes: Buffer): keyof typeof SLIDES_TYPES | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  // A ZIP's local file headers name their entries in plain bytes; a presentation always has ppt/presentation.xml.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && bytes.includes('ppt/presentation.xml')) return 'pptx';
  return undefined;
}

/** The type to store, or why the file is refused. */
export function checkSlides(bytes: Buffer, truncated: boolean): { contentType: string; extension: string } | { problem: SlidesProblem } {
  if (truncated || bytes.length > MAX_SLIDES_BYTES) return { problem: 'too-large' };
  if (bytes.length === 0) return { problem: 'empty' };
  const kind = sniffSlides(bytes);
  return kind ? { contentType: SLIDES_TYPES[kind], extension: kind } : { problem: 'type' };
}

/** The file's own name (no folders) safe in a Content-Disposition header and on any disk, with the type's extension. */
export function slidesFilename(original: string, extension: string): string {
  const base = (original.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/\.[^.]*$/, '')
    .replace(/^\.+/, '')
    .replace(/[\u0000-\u001f\u007f"\\/:*?<>|]+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${base || 'slides'}.${extension}`;
}

export async function saveSlides(db: Db, row: { sessionId: string; speakerId: string; filename: string; contentType: string; bytes: Buffer; uploadedAt: Date }): Promise<void> {
  const values = { ...row, size: row.bytes.length };
  await db.insert(speakerSlides).values(values).onConflictDoUpdate({ target: [speakerSlides.sessionId, speakerSlides.speakerId], set: values });
}

export async function removeSlides(db: Db, sessionId: string, speakerId: string): Promise<boolean> {
  const gone = await db.delete(speakerSlides).where(and(eq(speakerSlides.sessionId, sessionId), eq(speakerSlides.speakerId, speakerId))).returning({ size: speakerSlides.size });
  return gone.length > 0;
}

/** The file itself, for a download by its speaker or an organiser. */
export async function findSlidesFile(db: Db, sessionId: string, speakerId: string) {
  const [row] = await db.select().from(speakerSlides).where(and(eq(speakerSlides.sessionId, sessionId), eq(speakerSlides.speakerId, speakerId)));
  return row;
}

/** What is known about the slides of these speaker entries (no bytes): for lists and completeness. */
export function listSlides(db: Db, speakerIds: string[]) {
  if (speakerIds.length === 0) return Promise.resolve([]);
  return db
    .select({ sessionId: speakerSlides.sessionId, speakerId: speakerSlides.speakerId, filename: speakerSlides.filename, size: speakerSlides.size, uploadedAt: speakerSlides.uploadedAt })
    .from(speakerSlides)
    .where(inArray(speakerSlides.speakerId, speakerIds));
}
