// Sending stored speaker files: slides as attachments (any name, in UTF-8, safely quoted) and photos as images,
// never sniffed by the browser as something else.
// Example: return sendSlides(reply, row)
import type { FastifyReply } from 'fastify';

/** `attachment; filename="Keynote.pdf"; filename*=UTF-8''%E4%B8%BB%E6%97%A8.pdf`: an ASCII fallback and the real name. */
export function attachmentHeader(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export function sendSlides(reply: FastifyReply, file: { filename: string; contentType: string; bytes: Buffer }) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', attachmentHeader(file.filename))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.bytes);
}

/** `cache` decides who may keep it: the speaker's own (private) view, or a published photo (public, briefly). */
export function sendPhoto(reply: FastifyReply, photo: { contentType: string; bytes: Buffer }, cache: 'private' | 'public') {
  return reply
    .header('content-type', photo.contentType)
    .header('x-content-type-options', 'nosniff')
    // Public photos change URL (?v=) when replaced; a short life still lets a speaker's "hide my photo" take effect.
    .header('cache-control', cache === 'public' ? 'public, max-age=300' : 'private, no-store')
    .send(photo.bytes);
}
