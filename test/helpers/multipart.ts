// A multipart/form-data body as a browser sends a form with one file, for app.inject.
// Example: const body = multipartBody({ _csrf }, { name: 'file', filename: 'a.csv', type: 'text/csv', bytes }); inject({ payload: body.payload, headers: { 'content-type': body.contentType } })
import { randomBytes } from 'node:crypto';

export function multipartBody(fields: Record<string, string>, file: { name: string; filename: string; type: string; bytes: Buffer }) {
  const boundary = `----forumdesk${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

