// Forms that carry one file (a guest list, a photo, slides): @fastify/multipart reads it into memory up to a limit;
// a bigger file arrives cut and marked as truncated, so the page can refuse it with a message, not an error page.
// Example: await acceptOneFile(scope, { maxBytes: MAX_PHOTO_BYTES, fields: 5, parts: 6, filenameMax: 300 }); const file = uploadedFile(request.body);
import fastifyMultipart from '@fastify/multipart';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

export interface OneFileUpload {
  filename: string;
  bytes: Buffer;
  /** The file was bigger than the limit: `bytes` holds only its start. */
  truncated: boolean;
}

/** The body of such a form as the route's schema: the file (see acceptOneFile) and the CSRF token. */
export const OneFileBody = Type.Object({ file: Type.Optional(Type.Unknown()), _csrf: Type.Optional(Type.String({ maxLength: 200 })) });

/** Registers multipart parsing on `scope`: one file of at most `maxBytes`, at most `fields` other fields and `parts` parts. */
export async function acceptOneFile(scope: FastifyInstance, options: { maxBytes: number; fields: number; parts: number; filenameMax: number }): Promise<void> {
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: options.maxBytes, files: 1, fields: options.fields, fieldSize: 1000, parts: options.parts },
    async onFile(part) {
      const bytes = await part.toBuffer();
      (part as unknown as { value: OneFileUpload }).value = { filename: part.filename.slice(0, options.filenameMax), bytes, truncated: part.file.truncated };
    },
  });
}

/** The file the form carried, or nothing when it came without one (an ordinary form, a text field, an empty file). */
export function uploadedFile(body: { file?: unknown }): OneFileUpload | undefined {
  const file = body.file as OneFileUpload | undefined;
  return file && typeof file === 'object' && Buffer.isBuffer(file.bytes) && (file.bytes.length > 0 || file.truncated) ? file : undefined;
}
