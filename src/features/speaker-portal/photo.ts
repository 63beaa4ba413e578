// A speaker's photo made fit for pages with sharp: only JPEG, PNG or WebP (told by the bytes, not the name), turned
// upright by its EXIF orientation, cropped square around the face-ish middle ("attention"), stripped of metadata
// (camera, GPS) and kept as WebP in the two sizes pages use.
// Example: const photo = await preparePhoto(bytes); if ('problem' in photo) … else store(photo.large, photo.small)
import sharp from 'sharp';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_SIZES = { large: 400, small: 96 } as const;
export type PhotoSize = keyof typeof PHOTO_SIZES;
/** Anything wider or taller is refused before decoding: a small file can claim a huge canvas. */
const MAX_PIXELS = 40_000_000;

export type PhotoProblem = 'empty' | 'too-large' | 'type' | 'unreadable' | 'too-small';

const startsWith = (bytes: Buffer, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);

/** 'jpeg', 'png' or 'webp' from the first bytes, or undefined. */
export function sniffImage(bytes: Buffer): 'jpeg' | 'png' | 'webp' | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return undefined;
}

export interface PreparedPhoto {
  contentType: 'image/webp';
  large: Buffer;
  small: Buffer;
}

export async function preparePhoto(bytes: Buffer, truncated = false): Promise<PreparedPhoto | { problem: PhotoProblem }> {
  if (truncated || bytes.length > MAX_PHOTO_BYTES) return { problem: 'too-large' };
  if (bytes.length === 0) return { problem: 'empty' };
  const kind = sniffImage(bytes);
  if (!kind) return { problem: 'type' };
  try {
    const meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata();
    if (meta.format !== kind) return { problem: 'type' };
    if (!meta.width || !meta.height) return { problem: 'unreadable' };
    if (Math.min(meta.width, meta.height) < PHOTO_SIZES.small) return { problem: 'too-small' };
    // sharp writes no metadata unless asked (withMetadata), so EXIF, GPS and ICC comments are dropped here.
    const square = (size: number) =>
      sharp(bytes, { limitInputPixels: MAX_PIXELS, animated: false })
        .autoOrient()
        .resize(size, size, { fit: 'cover', position: sharp.strategy.attention, withoutEnlargement: false })
        .webp({ quality: 82 })
        .toBuffer();
    const [large, small] = await Promise.all([square(PHOTO_SIZES.large), square(PHOTO_SIZES.small)]);
    return { contentType: 'image/webp', large, small };
  } catch {
    return { problem: 'unreadable' };
  }
}
