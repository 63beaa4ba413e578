// The speaker portal as a speaker reaches it: ask for a link, read it in the mail, press the button; plus the files
// speakers upload (photos made with sharp, small PDF and PPTX files) for upload tests.
// Example: const agent = await signedInSpeaker(t, 'li.na@example.org'); await agent.get('/speaker')
import sharp from 'sharp';
import type { TestApp } from './build-test-app.ts';
import { hiddenFields, HttpAgent } from './http-agent.ts';
import { multipartBody } from './multipart.ts';

/**
 * The path of the link matching `link` (its first group) in the newest mail to `email`, once more than `seen` mails
 * have reached that address (waits for it).
 */
export async function mailedLinkFor(t: Pick<TestApp, 'mail'>, email: string, seen: number, link: RegExp): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (t.mail.to(email).length <= seen) {
    if (Date.now() > deadline) throw new Error(`no new mail to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const mail = t.mail.to(email).at(-1)!;
  const m = link.exec(mail.text ?? '');
  if (!m) throw new Error(`no link matching ${link} in:\n${mail.text}`);
  return m[1]!;
}

/** The path of the portal sign-in link in the mail to `email` after the first `seen` ones (waits for it). */
export const speakerLinkFor = (t: Pick<TestApp, 'mail'>, email: string, seen = 0) => mailedLinkFor(t, email, seen, /http:\/\/forumdesk\.test(\/speaker\/sign-in\/[A-Za-z0-9_-]{43})/);

/** Asks for a sign-in link as `agent` (the form's minimum time passed on the clock). */
export async function askForSpeakerLink(t: TestApp, agent: HttpAgent, email: string, next?: string) {
  const form = hiddenFields((await agent.get(`/speaker/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`)).body, '/speaker/sign-in');
  t.clock.advance({ seconds: 3 });
  return agent.post('/speaker/sign-in', { ...form, email });
}

export async function signedInSpeaker(t: TestApp, email: string, options: ConstructorParameters<typeof HttpAgent>[1] = {}): Promise<HttpAgent> {
  const agent = new HttpAgent(t.app, options);
  const before = t.mail.to(email).length;
  await askForSpeakerLink(t, agent, email);
  const link = await speakerLinkFor(t, email, before);
  const res = await agent.submit(link, {});
  if (res.statusCode !== 303) throw new Error(`portal sign-in failed: ${res.statusCode}`);
  return agent;
}

/** Posts one file as a multipart form with the CSRF token of `page`'s form posting to `action`. */
export async function uploadFile(agent: HttpAgent, page: string, action: string, file: { filename: string; type: string; bytes: Buffer }) {
  const html = (await agent.get(page)).body;
  const body = multipartBody(hiddenFields(html, action), { name: 'file', ...file });
  return agent.app.inject({
    method: 'POST',
    url: action,
    remoteAddress: agent.remoteAddress,
    headers: { 'accept-language': agent.lang, cookie: agent.cookieHeader, 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** A real photo: `width` × `height`, in a format, optionally with EXIF (a rotated camera picture with a copyright). */
export function testPhoto(format: 'jpeg' | 'png' | 'webp', width = 800, height = 600, exif = false, background = '#1e5aa0'): Promise<Buffer> {
  let image = sharp({ create: { width, height, channels: 3, background } });
  if (exif) image = image.withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'Secret Camera Co', Artist: 'Li Na' } } });
  return image.toFormat(format).toBuffer();
}

export const TEST_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** The start of a ZIP archive whose first entry is `name`: enough for a type check by the bytes. */
export function zipStartingWith(name: string): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([header, Buffer.from(name), Buffer.from('<?xml version="1.0"?><p:presentation/>'), Buffer.alloc(64)]);
}
export const TEST_PPTX = zipStartingWith('ppt/presentation.xml');
export const TEST_DOCX = zipStartingWith('word/document.xml');
