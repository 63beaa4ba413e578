// What an uploaded file really is, from its first bytes rather than the name or the browser's say-so, for the types
// registration questions accept, and their names in words for the form.
import { formatList, translate, type Locale } from '../../i18n/index.ts';

/** The most a file sent as an answer may have, whatever its question allows (the form and the manage page). */
export const MAX_ANSWER_FILE_BYTES = 20 * 1024 * 1024;

/** A size in megabytes to a tenth, as the forms say a limit: megabytes(2_621_440) → 2.5. */
export const megabytes = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

export const FILE_TYPES = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

const startsWith = (bytes: Buffer, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** The media type of a PDF, JPEG, PNG or Word (.docx) file, or undefined for anything else. */
export function sniffFileType(bytes: Buffer, filename: string): string | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return FILE_TYPES.pdf; // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return FILE_TYPES.jpeg;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return FILE_TYPES.png;
  // A .docx is a ZIP archive holding word/document.xml; the name and the ZIP signature together are a fair test.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && /\.docx$/i.test(filename) && bytes.includes('word/')) return FILE_TYPES.docx;
  return undefined;
}

/** The accepted media types as people name them, in the form's hint: "PDF and JPEG image" / "PDF和JPEG 图片". */
export function fileTypeNames(locale: Locale, mediaTypes: readonly string[]): string {
  const keyOf = new Map<string, string>(Object.entries(FILE_TYPES).map(([key, mediaType]) => [mediaType, key]));
  return formatList(locale, mediaTypes.map((type) => (keyOf.has(type) ? translate(locale, `registrationSetup.fileTypes.${keyOf.get(type)}`) : type)));
}
