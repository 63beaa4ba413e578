// Speaker photo and slides uploads: types told by the bytes, size limits, standard photo sizes without metadata,
// and one speaker never seeing or changing another's profile, photo or slides.
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, sessionPeople, speakerPhotos, speakerSlides } from '../../src/db/schema/index.ts';
import { publishAgenda } from '../../src/features/agenda/publish.ts';
import { MAX_PHOTO_BYTES } from '../../src/features/speaker-portal/photo.ts';
import { MAX_SLIDES_BYTES } from '../../src/features/speaker-portal/slides.ts';
import { createForumAgenda } from '../factories/agenda.ts';
import { beijingTime, createEvent } from '../factories/events.ts';
import { createUser } from '../factories/users.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { multipartBody } from '../helpers/multipart.ts';
import { signedInAgent } from '../helpers/sign-in.ts';
import { signedInSpeaker, TEST_DOCX, TEST_PDF, TEST_PPTX, testPhoto, uploadFile } from '../helpers/speaker-portal.ts';
import { shareWithEvent } from '../../src/features/speaker-portal/shares.ts';

let t: TestApp;
let event: Awaited<ReturnType<typeof createEvent>>;
let agenda: Awaited<ReturnType<typeof createForumAgenda>>;
let liNa: HttpAgent;
let marco: HttpAgent;

const JPEG = 'image/jpeg';
const photoFile = (bytes: Buffer, filename = 'portrait.jpg', type = JPEG) => ({ filename, type, bytes });
const slidesPath = (sessionId: string) => `/speaker/sessions/${sessionId}/slides`;

beforeAll(async () => {
  t = await buildTestApp({ env: { RATE_LIMIT_ALLOW_LIST: '10.0.0.0/8' } });
  event = await createEvent(t.db, { slug: 'upload-forum-2026', startsAt: beijingTime('2026-09-17 09:00'), endsAt: beijingTime('2026-09-18 18:00') });
  agenda = await createForumAgenda(t.db, event.id);
  await t.db.update(sessionPeople).set({ status: 'accepted' });
  // Both confirmed they speak here (as by accepting an invitation): the event sees their photos.
  for (const email of ['li.na@example.org', 'marco.rossi@example.org']) await shareWithEvent(t.db, email, event.id, 'invitation', t.clock.now());
  liNa = await signedInSpeaker(t, 'li.na@example.org');
  marco = await signedInSpeaker(t, 'marco.rossi@example.org');
});
afterAll(() => t.close());

describe('photo', () => {
  it('keeps an upright 400 and 96 px square WebP without the camera’s metadata', async () => {
    const res = await uploadFile(liNa, '/speaker/profile', '/speaker/photo', photoFile(await testPhoto('jpeg', 800, 600, true)));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/speaker/profile#photo');
    const [row] = await t.db.select().from(speakerPhotos).where(eq(speakerPhotos.email, 'li.na@example.org'));
    expect(row!.contentType).toBe('image/webp');
    const large = await sharp(row!.large).metadata();
    const small = await sharp(row!.small).metadata();
    expect([large.format, large.width, large.height, large.exif, large.orientation]).toEqual(['webp', 400, 400, undefined, undefined]);
    expect([small.format, small.width, small.height, small.exif]).toEqual(['webp', 96, 96, undefined]);
    expect(row!.large.includes('Secret Camera Co')).toBe(false);
    const audits = await t.db.select({ eventId: auditLog.eventId, targetId: auditLog.targetId }).from(auditLog).where(eq(auditLog.action, 'speaker.photo'));
    expect(audits).toEqual([{ eventId: event.id, targetId: agenda.people.liNa.id }]);

    const own = await liNa.get('/speaker/photo/small');
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/webp');
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(own.rawPayload.equals(row!.small)).toBe(true);
    const page = await liNa.get('/speaker/profile');
    expect(page.body).toContain('Your photo is saved.');
    expect(page.body).toMatch(/<img class="portal-photo__image" src="\/speaker\/photo\/large\?v(?:=|&#x3D;)\d+" alt="Your current photo"/);
  });

  it('takes PNG and WebP, and replaces the photo', async () => {
    for (const [format, type] of [['png', 'image/png'], ['webp', 'image/webp']] as const) {
      const res = await uploadFile(marco, '/speaker/profile', '/speaker/photo', photoFile(await testPhoto(format, 300, 500, false, '#b03020'), `me.${format}`, type));
      expect(res.statusCode).toBe(303);
    }
    const rows = await t.db.select({ email: speakerPhotos.email }).from(speakerPhotos).where(eq(speakerPhotos.email, 'marco.rossi@example.org'));
    expect(rows).toHaveLength(1);
  });

  it('refuses other types, damaged and tiny pictures and files over the limit, keeping the photo as it was', async () => {
    const [before] = await t.db.select().from(speakerPhotos).where(eq(speakerPhotos.email, 'li.na@example.org'));
    const cases: [Buffer, string, string][] = [
      [TEST_PDF, 'photo.jpg', 'This file is not a JPEG, PNG or WebP picture. Choose a photo in one of these formats.'],
      [await sharp({ create: { width: 200, height: 200, channels: 3, background: '#fff' } }).gif().toBuffer(), 'photo.gif', 'This file is not a JPEG, PNG or WebP picture.'],
      [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]), 'broken.jpg', 'This picture could not be read.'],
      [await testPhoto('jpeg', 80, 80), 'tiny.jpg', 'The photo is too small. Choose one of at least 96 × 96 pixels.'],
      [Buffer.concat([await testPhoto('jpeg'), Buffer.alloc(MAX_PHOTO_BYTES)]), 'huge.jpg', 'The photo is larger than 5 MB. Choose a smaller file.'],
      [Buffer.alloc(0), 'empty.jpg', 'Choose a photo file to upload.'],
    ];
    for (const [bytes, filename, message] of cases) {
      const res = await uploadFile(liNa, '/speaker/profile', '/speaker/photo', photoFile(bytes, filename));
      expect(res.statusCode, filename).toBe(422);
      expect(res.body, filename).toContain(message);
      expect(res.body).toContain('<li><a href="#field-photo">');
    }
    const [after] = await t.db.select().from(speakerPhotos).where(eq(speakerPhotos.email, 'li.na@example.org'));
    expect(after).toEqual(before);
  });

  it('is public at a stable address only while published, and can be removed', async () => {
    await publishAgenda(t.db, t.clock, { actorId: null, requestId: null }, event);
    const url = `/events/${event.slug}/speakers/${agenda.people.liNa.id}/photo/large`;
    const visitor = new HttpAgent(t.app);
    const shown = await visitor.get(url);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['cache-control']).toBe('public, max-age=300');
    expect((await visitor.get(`/events/${event.slug}/speakers/${agenda.people.liNa.id}`)).body).toMatch(
      new RegExp(`<img class="speaker-intro__photo" src="${url}\\?v&#x3D;\\d+" alt="Photo of Li Na"`),
    );
    expect((await visitor.get(`/events/${event.slug}/speakers`)).body).toContain(`<img class="speaker-card__photo" src="/events/${event.slug}/speakers/${agenda.people.liNa.id}/photo/small?v&#x3D;`);
    // Wang Wei has no photo; a made-up id is not found either.
    expect((await visitor.get(`/events/${event.slug}/speakers/${agenda.people.wangWei.id}/photo/large`)).statusCode).toBe(404);
    expect((await visitor.get(`/events/${event.slug}/speakers/01a216e1-0000-7000-8000-000000000000/photo/large`)).statusCode).toBe(404);

    // Hidden by the speaker: gone from the public address and pages, still theirs in the portal.
    const form = hiddenFields((await liNa.get('/speaker/profile')).body, '/speaker/profile');
    await liNa.post('/speaker/profile', { ...form, nameEn: 'Li Na', nameZh: '李娜', country: 'CN', publishBio: 'on' });
    expect((await visitor.get(url)).statusCode).toBe(404);
    expect((await visitor.get(`/events/${event.slug}/speakers/${agenda.people.liNa.id}`)).body).not.toContain('speaker-intro__photo');
    expect((await liNa.get('/speaker/photo/large')).statusCode).toBe(200);

    const page = await liNa.get('/speaker/profile');
    const removed = await liNa.post('/speaker/photo/remove', hiddenFields(page.body, '/speaker/photo/remove'));
    expect(removed.statusCode).toBe(303);
    expect(await t.db.select().from(speakerPhotos).where(eq(speakerPhotos.email, 'li.na@example.org'))).toEqual([]);
    expect((await liNa.get('/speaker/photo/large')).statusCode).toBe(404);
  });
});

describe('slides', () => {
  it('takes a PDF and a PPTX for the speaker’s own session, told by the bytes, and gives them back', async () => {
    const opening = agenda.sessions.opening.id;
    const pdf = await uploadFile(liNa, '/speaker', slidesPath(opening), { filename: '开幕式 致辞.pdf', type: 'application/pdf', bytes: TEST_PDF });
    expect(pdf.statusCode).toBe(303);
    expect(pdf.headers.location).toBe(`/speaker#session-${opening}`);
    const download = await liNa.get(slidesPath(opening));
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="___ __.pdf"; filename*=UTF-8''${encodeURIComponent('开幕式 致辞.pdf')}`);
    expect(download.rawPayload.equals(TEST_PDF)).toBe(true);

    // Sent with a misleading name and type: stored as what it is.
    const pptx = await uploadFile(liNa, '/speaker', slidesPath(agenda.sessions.roundtable.id), { filename: 'talk.pdf', type: 'application/pdf', bytes: TEST_PPTX });
    expect(pptx.statusCode).toBe(303);
    const [row] = await t.db.select().from(speakerSlides).where(eq(speakerSlides.sessionId, agenda.sessions.roundtable.id));
    expect([row!.filename, row!.contentType, row!.size, row!.speakerId]).toEqual(['talk.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', TEST_PPTX.length, agenda.people.liNa.id]);
    const home = await liNa.get('/speaker');
    // A small file in whole kilobytes (it showed as "0.0 MB"), in the reader's language.
    expect(home.body).toContain(`<a href="${slidesPath(opening)}">开幕式 致辞.pdf</a> <span class="muted">(1 KB)</span>`);
    const zhHome = await liNa.get('/speaker', { 'accept-language': 'zh-CN' });
    expect(zhHome.body).toContain(`<a href="${slidesPath(opening)}">开幕式 致辞.pdf</a><span class="muted">（1 KB）</span>`);
  });

  it('refuses other types, empty files and files over 50 MB, beside the session’s form', async () => {
    const keynote = agenda.sessions.keynote.id;
    const cases: [Buffer, string, string][] = [
      [TEST_DOCX, 'talk.pptx', 'This file is not a PDF or PowerPoint (.pptx) file. Save your slides in one of these formats.'],
      [await testPhoto('png'), 'talk.pdf', 'This file is not a PDF or PowerPoint (.pptx) file.'],
      [Buffer.alloc(0), 'talk.pdf', 'Choose a slides file to upload.'],
      [Buffer.concat([TEST_PDF, Buffer.alloc(MAX_SLIDES_BYTES)]), 'big.pdf', 'The file is larger than 50 MB. Make it smaller (for example by compressing its pictures) and try again.'],
    ];
    for (const [bytes, filename, message] of cases) {
      const res = await uploadFile(marco, '/speaker', slidesPath(keynote), { filename, type: 'application/pdf', bytes });
      expect(res.statusCode, filename).toBe(422);
      expect(res.body).toContain(`<li><a href="#field-file-${keynote}">${message}`);
      expect(res.body).toContain(`<p class="field__error" id="field-file-${keynote}-error"><span class="visually-hidden">Error: </span>${message}`);
    }
    expect(await t.db.select().from(speakerSlides).where(eq(speakerSlides.sessionId, keynote))).toEqual([]);
  });

  it('can be removed by the speaker', async () => {
    const opening = agenda.sessions.opening.id;
    const page = await liNa.get('/speaker');
    const res = await liNa.post(`${slidesPath(opening)}/remove`, hiddenFields(page.body, `${slidesPath(opening)}/remove`));
    expect(res.statusCode).toBe(303);
    expect((await liNa.get(slidesPath(opening))).statusCode).toBe(404);
  });

  it('are not asked for a cancelled session: no upload form, and an upload from an open page is refused', async () => {
    const keynote = agenda.sessions.keynote.id;
    await t.db.update(agendaSessions).set({ status: 'cancelled' }).where(eq(agendaSessions.id, keynote));
    try {
      const [session] = await t.db.select({ title: agendaSessions.title }).from(agendaSessions).where(eq(agendaSessions.id, keynote));
      const home = await marco.get('/speaker');
      const item = home.body.slice(home.body.indexOf(`id="session-${keynote}"`), home.body.indexOf('</li>', home.body.indexOf(`id="session-${keynote}"`)));
      expect(item).toContain('<p class="muted">This session is cancelled: no slides are needed for it.</p>');
      expect(item).not.toContain(`action="${slidesPath(keynote)}"`);
      const res = await uploadFile(marco, '/speaker', slidesPath(keynote), { filename: 'talk.pdf', type: 'application/pdf', bytes: TEST_PDF });
      expect(res.statusCode).toBe(409);
      // The title as the page writes it, escaped ("Keynote: Innovation & the <Digital …>").
      const title = session!.title.en!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      expect(res.body).toContain(`<li>“${title}” is cancelled: slides can no longer be uploaded for it.</li>`);
      expect(await t.db.select().from(speakerSlides).where(eq(speakerSlides.sessionId, keynote))).toEqual([]);
    } finally {
      await t.db.update(agendaSessions).set({ status: 'scheduled' }).where(eq(agendaSessions.id, keynote));
    }
  });

  it('are for organisers to download, with the count on the speakers page', async () => {
    const staff = await signedInAgent(t, await createUser(t.db, { isAdmin: true, totp: true }));
    const res = await staff.get(`/admin/events/${event.id}/speakers/${agenda.people.liNa.id}/slides/${agenda.sessions.roundtable.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(TEST_PPTX)).toBe(true);
    const list = await staff.get(`/admin/events/${event.id}/speakers`);
    expect(list.body).toContain('<span class="muted">Slides: 1 of 2</span>');
  });
});

describe('one speaker and another’s things', () => {
  it('cannot see, replace or remove another speaker’s slides, nor upload to their session', async () => {
    const roundtable = agenda.sessions.roundtable.id;
    expect((await marco.get(slidesPath(roundtable))).statusCode).toBe(404);
    const upload = await uploadFile(marco, '/speaker', slidesPath(roundtable), { filename: 'mine.pdf', type: 'application/pdf', bytes: TEST_PDF });
    expect(upload.statusCode).toBe(404);
    const page = await marco.get('/speaker');
    expect((await marco.post(`${slidesPath(roundtable)}/remove`, hiddenFields(page.body, '/speaker/sign-out'))).statusCode).toBe(404);
    const [row] = await t.db.select().from(speakerSlides).where(eq(speakerSlides.sessionId, roundtable));
    expect(row!.bytes.equals(TEST_PPTX)).toBe(true);
    expect(page.body).not.toContain(roundtable);
  });

  it('cannot open another speaker’s profile, unpublished photo or the organisers’ pages', async () => {
    await uploadFile(liNa, '/speaker/profile', '/speaker/photo', photoFile(await testPhoto('jpeg')));
    // The portal only ever shows the signed-in person’s own profile and photo: there is no id to change.
    const profile = await marco.get('/speaker/profile');
    expect(profile.body).toContain('value="Marco Rossi"');
    expect(profile.body).not.toContain('Li Na');
    const own = await marco.get('/speaker/photo/large');
    const [liNaPhoto] = await t.db.select().from(speakerPhotos).where(eq(speakerPhotos.email, 'li.na@example.org'));
    expect(own.rawPayload.equals(liNaPhoto!.large)).toBe(false);
    // Li Na's photo is unpublished (see above): not public, and the organisers' copy needs a staff sign-in.
    expect((await marco.get(`/events/${event.slug}/speakers/${agenda.people.liNa.id}/photo/large`)).statusCode).toBe(404);
    for (const path of [
      `/admin/events/${event.id}/speakers/${agenda.people.liNa.id}/photo/large`,
      `/admin/events/${event.id}/speakers/${agenda.people.liNa.id}/portal`,
      `/admin/events/${event.id}/speakers/${agenda.people.liNa.id}/slides/${agenda.sessions.roundtable.id}`,
    ]) {
      const res = await marco.get(path);
      expect(res.statusCode, path).toBe(303);
      expect(String(res.headers.location), path).toMatch(/^\/sign-in\?next=/);
    }
  });

  it('refuses a multipart upload without the form’s CSRF token', async () => {
    const body = multipartBody({}, { name: 'file', filename: 'talk.pdf', type: 'application/pdf', bytes: TEST_PDF });
    const res = await t.app.inject({ method: 'POST', url: slidesPath(agenda.sessions.keynote.id), remoteAddress: marco.remoteAddress, headers: { cookie: marco.cookieHeader, 'content-type': body.contentType }, payload: body.payload });
    expect(res.statusCode).toBe(403);
    expect(await t.db.select().from(speakerSlides).where(eq(speakerSlides.sessionId, agenda.sessions.keynote.id))).toEqual([]);
  });

  it('sends visitors who are not signed in to the portal’s sign-in', async () => {
    const visitor = new HttpAgent(t.app);
    for (const path of ['/speaker', '/speaker/profile', '/speaker/photo/large', slidesPath(agenda.sessions.opening.id)]) {
      const res = await visitor.get(path);
      expect(res.statusCode, path).toBe(303);
      expect(res.headers.location).toBe(`/speaker/sign-in?next=${encodeURIComponent(path)}`);
    }
    // A form sent after the sign-in ended comes back to the page holding the form, not to the POST address.
    const { _csrf } = hiddenFields((await visitor.get('/speaker/sign-in')).body, '/speaker/sign-in');
    for (const [path, back] of [['/speaker/profile', '/speaker/profile'], ['/speaker/photo/remove', '/speaker/profile'], [`${slidesPath(agenda.sessions.opening.id)}/remove`, '/speaker']] as const) {
      const res = await visitor.post(path, { _csrf: _csrf! });
      expect(res.statusCode, path).toBe(303);
      expect(res.headers.location, path).toBe(`/speaker/sign-in?next=${encodeURIComponent(back)}`);
    }
  });
});
