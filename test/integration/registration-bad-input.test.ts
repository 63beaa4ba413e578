// Bad input on the public registration form, each with a clear message, a 4xx and nothing written: invitation codes
// that are unknown, expired or used up; a closed registration; a full category without a waiting list; two sessions
// at once; uploads of the wrong type or too large; scripts in text; and random bodies (fuzz). Also what good codes
// do: open a hidden category, skip approval, and count their uses atomically.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaSessions, auditLog, invitationCodes, registrationCategories, registrationFiles, registrationQuestions, registrations, registrationSettings } from '../../src/db/schema/index.ts';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.ts';
import { hiddenFields, HttpAgent } from '../helpers/http-agent.ts';
import { createEvent, wallTime, type EventRow } from '../factories/events.ts';
import { multipartBody as multipart } from '../helpers/multipart.ts';
import { publishAgendaAsIs } from '../factories/agenda.ts';

let t: TestApp;
let event: EventRow;
const ids: Record<string, string> = {};
const PATH = '/events/matchmaking-2027/register';

beforeAll(async () => {
  t = await buildTestApp({ env: { FORM_MIN_SECONDS: '0', RATE_LIMIT_ALLOW_LIST: '10.0.0.0/8' } });
  t.clock.set('2027-03-01T02:00:00Z');
  event = await createEvent(t.db, { slug: 'matchmaking-2027', status: 'published', title: { en: 'Diplomat Matchmaking Day 2027', 'zh-CN': '2027科技外交官对接日' }, startsAt: wallTime('2027-04-20 09:00'), endsAt: wallTime('2027-04-20 18:00') });
  await t.db.insert(registrationSettings).values({ eventId: event.id, opensAt: wallTime('2027-02-01 09:00'), closesAt: wallTime('2027-04-15 18:00'), capacity: 100 });
  const cats = await t.db
    .insert(registrationCategories)
    .values([
      { eventId: event.id, code: 'GUEST', name: { en: 'Participant' }, position: 0 },
      { eventId: event.id, code: 'VIP', name: { en: 'Ambassador' }, visibility: 'hidden', requiresApproval: true, position: 1 },
      { eventId: event.id, code: 'MEDIA', name: { en: 'Media' }, capacity: 1, position: 2 },
    ])
    .returning();
  for (const c of cats) ids[c.code] = c.id;
  const codes = await t.db
    .insert(invitationCodes)
    .values([
      { eventId: event.id, categoryId: ids.VIP!, code: 'VIP-GOOD-0001', maxUses: 1, bypassApproval: true },
      { eventId: event.id, categoryId: ids.VIP!, code: 'VIP-OLD-0002', expiresAt: new Date('2027-02-15T00:00:00Z') },
      { eventId: event.id, categoryId: ids.VIP!, code: 'VIP-USED-0003', maxUses: 1, used: 1 },
    ])
    .returning();
  ids.goodCode = codes[0]!.id;
  const visits = await t.db
    .insert(agendaSessions)
    .values([
      { eventId: event.id, type: 'site-visit', title: { en: 'Visit A' }, capacity: 20, startsAt: wallTime('2027-04-20 14:00'), endsAt: wallTime('2027-04-20 16:00') },
      { eventId: event.id, type: 'site-visit', title: { en: 'Visit B' }, capacity: 20, startsAt: wallTime('2027-04-20 15:00'), endsAt: wallTime('2027-04-20 17:00') },
    ])
    .returning();
  ids.visitA = visits[0]!.id;
  await publishAgendaAsIs(t.db, event);
  ids.visitB = visits[1]!.id;
  const [question] = await t.db
    .insert(registrationQuestions)
    .values({ eventId: event.id, kind: 'file', label: { en: 'Letter of introduction' }, fileTypes: ['application/pdf'], fileMaxBytes: 104_858, required: false })
    .returning();
  ids.question = question!.id;
});
afterAll(async () => t.close());

let n = 0;
const person = (over: Record<string, string | string[]> = {}) => ({
  categoryId: ids.GUEST!,
  familyName: 'Haddad',
  givenName: 'Layla',
  organisation: 'Embassy of Jordan',
  country: 'JO',
  email: `layla.${++n}@embassy.example.jo`,
  mobileCountry: 'JO',
  mobile: '+962 79 123 4567',
  dietary: 'halal',
  interpretation: 'none',
  residence: 'other',
  nationality: 'JO',
  consent: 'yes',
  ...over,
});

async function formOf(agent: HttpAgent, query = '') {
  const page = await agent.get(`${PATH}${query}`);
  return { page, hidden: hiddenFields(page.body, PATH) };
}

async function submit(fields: Record<string, string | string[]>, query = '') {
  const agent = new HttpAgent(t.app);
  const { hidden } = await formOf(agent, query);
  return agent.post(PATH, { ...hidden, ...fields });
}

const rowCount = async () => (await t.db.select({ id: registrations.id }).from(registrations).where(eq(registrations.eventId, event.id))).length;

describe('invitation codes on the form', () => {
  it('says clearly when a code is unknown, expired or used up, and shows no hidden category', async () => {
    for (const [code, message] of [
      ['NOPE-1234', 'This invitation code is not known. Check it, or register without it.'],
      ['VIP-OLD-0002', 'This invitation code has expired.'],
      ['VIP-USED-0003', 'This invitation code has been used up.'],
    ] as const) {
      const { page } = await formOf(new HttpAgent(t.app), `?code=${code}`);
      expect(page.body).toContain(message);
      expect(page.body).not.toContain('Ambassador');
      // The code field is open again with what was typed, to correct it.
      expect(page.body).toContain('<details class="code-entry" open>');
      expect(page.body).toContain(`<input class="field__input" id="invitation-code" name="code" value="${code}" maxlength="60" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-invalid="true" aria-describedby="field-code-error">`);
      // Said at the field, and linked to it from the summary, like every other error.
      expect(page.body).toContain(`<li><a href="#field-code">${message}</a></li>`);
      expect(page.body).toContain(`<p class="field__error" id="field-code-error"><span class="visually-hidden">Error: </span>${message}</p>`);
    }
  });

  it('has a field to type a code into, which the form takes like a link with the code, and no such field once a code is in use', async () => {
    const agent = new HttpAgent(t.app);
    const { page } = await formOf(agent, '');
    expect(page.body).toContain('<details class="code-entry">');
    expect(page.body).toContain(`<form class="code-entry__form" method="get" action="${PATH}" id="field-code">`);
    expect(page.body).toContain('<label for="invitation-code">Invitation code</label>');
    // What the browser sends for that form: the field as a query parameter.
    const { page: withCode } = await formOf(agent, `?code=${encodeURIComponent(' vip-good-0001 ')}`);
    expect(withCode.body).toContain('Ambassador');
    expect(withCode.body).not.toContain('class="code-entry"');
    expect(withCode.body).toContain('<input type="hidden" name="code" value="vip-good-0001">');
  });

  it('opens the hidden category with a good code (typed in lower case), skips approval, and is used up once used', async () => {
    const agent = new HttpAgent(t.app);
    const { page, hidden } = await formOf(agent, '?code=vip-good-0001');
    expect(page.body).toContain('Ambassador');
    const res = await agent.post(PATH, { ...hidden, ...person({ categoryId: ids.VIP!, email: 'ambassador@embassy.example.jo' }) });
    expect(res.statusCode).toBe(303);
    const [row] = await t.db.select().from(registrations).where(eq(registrations.email, 'ambassador@embassy.example.jo'));
    expect([row!.status, row!.invitationCodeId]).toEqual(['confirmed', ids.goodCode]);
    const [code] = await t.db.select().from(invitationCodes).where(eq(invitationCodes.id, ids.goodCode!));
    expect(code!.used).toBe(1);
    // The very same form sent again (Back and send) gets its own answer, not "the code is used up".
    const resent = await agent.post(PATH, { ...hidden, ...person({ categoryId: ids.VIP!, email: 'ambassador@embassy.example.jo' }) });
    expect([resent.statusCode, resent.headers.location]).toEqual([303, res.headers.location]);
    // The form shown before the code ran out cannot use it again.
    const before = await rowCount();
    const again = await agent.post(PATH, { ...hidden, formToken: randomBytes(24).toString('base64url'), ...person({ categoryId: ids.VIP! }) });
    expect(again.statusCode).toBe(422);
    expect(await rowCount()).toBe(before);
    // It says why: the code is used up (not just "choose how you take part"), and offers the code field to correct it.
    expect(again.body).toMatch(/<div class="error-summary"[\s\S]*This invitation code has been used up\./);
    expect(again.body).toContain('<input class="field__input" id="invitation-code" name="code" value="vip-good-0001"');
    // Even with a public category chosen, the person is not registered without what the code was to give them.
    const publicChoice = await agent.post(PATH, { ...hidden, formToken: randomBytes(24).toString('base64url'), ...person({ categoryId: ids.GUEST! }) });
    expect(publicChoice.statusCode).toBe(422);
    expect(publicChoice.body).toContain('This invitation code has been used up.');
    expect(await rowCount()).toBe(before);
  });

  it('refuses the hidden category without a code', async () => {
    const before = await rowCount();
    const res = await submit(person({ categoryId: ids.VIP! }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#field-categoryId">Choose how you take part.</a>');
    expect(await rowCount()).toBe(before);
  });
});

describe('refused registrations', () => {
  it('answers a closed registration with 409 and writes nothing', async () => {
    const agent = new HttpAgent(t.app);
    const { hidden } = await formOf(agent);
    // Registration closes while the form is open in someone's browser.
    await t.db.update(registrationSettings).set({ closesAt: new Date('2027-02-28T00:00:00Z') }).where(eq(registrationSettings.eventId, event.id));
    try {
      const before = await rowCount();
      const res = await agent.post(PATH, { ...hidden, ...person() });
      expect(res.statusCode).toBe(409);
      expect(res.body).toContain('Registration is closed.');
      expect(await rowCount()).toBe(before);
    } finally {
      await t.db.update(registrationSettings).set({ closesAt: wallTime('2027-04-15 18:00') }).where(eq(registrationSettings.eventId, event.id));
    }
  });

  it('refuses a full category without a waiting list at its field', async () => {
    await t.db.update(registrationSettings).set({ waitlistEnabled: false }).where(eq(registrationSettings.eventId, event.id));
    try {
      expect((await submit(person({ categoryId: ids.MEDIA! }))).statusCode).toBe(303);
      const before = await rowCount();
      const res = await submit(person({ categoryId: ids.MEDIA! }));
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('<a href="#field-categoryId">This category is full and has no waiting list.</a>');
      expect(await rowCount()).toBe(before);
      // The form says so before anyone fills it in, and the full category cannot be chosen; with a waiting list it
      // says where one goes.
      const { page } = await formOf(new HttpAgent(t.app), '');
      expect(page.body).toContain(`<input type="radio" name="categoryId" value="${ids.MEDIA}" disabled> <span>Media <span class="muted">· full</span></span>`);
      await t.db.update(registrationSettings).set({ waitlistEnabled: true }).where(eq(registrationSettings.eventId, event.id));
      const waiting = await formOf(new HttpAgent(t.app), '');
      expect(waiting.page.body).toContain(`<input type="radio" name="categoryId" value="${ids.MEDIA}"> <span>Media <span class="muted">· full — you join the waiting list</span></span>`);
    } finally {
      await t.db.update(registrationSettings).set({ waitlistEnabled: true }).where(eq(registrationSettings.eventId, event.id));
    }
  });

  it('says a public category is for invitation codes only, except on a form its code opened', async () => {
    const [press] = await t.db.insert(registrationCategories).values({ eventId: event.id, code: 'PRESS', name: { en: 'Press pool' }, invitationOnly: true, position: 3 }).returning();
    const [code] = await t.db.insert(invitationCodes).values({ eventId: event.id, categoryId: press!.id, code: 'PRESS-POOL-0001' }).returning();
    try {
      expect((await formOf(new HttpAgent(t.app), '')).page.body).toContain('<span>Press pool <span class="muted">· only with an invitation code</span></span>');
      expect((await formOf(new HttpAgent(t.app), '?code=PRESS-POOL-0001')).page.body).toContain('<span>Press pool</span>');
    } finally {
      await t.db.delete(invitationCodes).where(eq(invitationCodes.id, code!.id));
      await t.db.delete(registrationCategories).where(eq(registrationCategories.id, press!.id));
    }
  });

  it('refuses two sessions at the same time', async () => {
    const before = await rowCount();
    const res = await submit(person({ sessionIds: [ids.visitA!, ids.visitB!] }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#field-sessionIds">Two of the sessions you chose are at the same time; choose one.</a>');
    expect(await rowCount()).toBe(before);
  });

  it('names each over-long field in the error summary, so two of them do not read alike; beside the field the message alone', async () => {
    const before = await rowCount();
    const res = await submit(person({ organisation: 'x'.repeat(201), dietary: 'other', dietaryNote: 'y'.repeat(201), email: 'long@embassy.example.jo' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<li><a href="#field-organisation">Organisation: This is too long: use at most 200 characters.</a></li>');
    expect(res.body).toContain('<li><a href="#field-dietaryNote">Other dietary needs: This is too long: use at most 200 characters.</a></li>');
    expect(res.body).toMatch(/<p class="field__error" id="field-organisation-error">(<span class="visually-hidden">[^<]*<\/span>)?This is too long: use at most 200 characters.<\/p>/);
    expect(await rowCount()).toBe(before);
  });

  it('names a group of radio buttons by its question and ties its error to it, for screen readers', async () => {
    const { page } = await formOf(new HttpAgent(t.app), '');
    expect(page.body).toContain('<div role="group" aria-labelledby="field-residence-label">');
    expect(page.body).toMatch(/<p class="field__label" id="field-residence-label">Where do you live\?/);
    const res = await submit(person({ residence: '', email: 'no-residence@embassy.example.jo' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<div role="group" aria-labelledby="field-residence-label" aria-describedby="field-residence-error">');
    expect(res.body).toMatch(/<p class="field__error" id="field-residence-error"><span class="visually-hidden">Error: <\/span>[^<]+<\/p>/);
  });

  it('keeps a script typed into a name as text, never as markup', async () => {
    const res = await submit(person({ organisation: '<script>alert(1)</script> Ministry', email: 'script@embassy.example.jo' }));
    expect(res.statusCode).toBe(303);
    const [row] = await t.db.select().from(registrations).where(eq(registrations.email, 'script@embassy.example.jo'));
    expect(row!.organisation).toBe('<script>alert(1)</script> Ministry');
    const bad = await submit(person({ familyName: '<img src=x onerror=alert(1)>', email: 'not an address' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('value="&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;"');
    expect(bad.body).not.toContain('<img src=x');
  });
});

describe('file questions', () => {
  const post = async (file: { filename: string; type: string; bytes: Buffer }, email: string) => {
    const agent = new HttpAgent(t.app);
    const { hidden } = await formOf(agent);
    const body = multipart({ ...hidden, ...(person({ email }) as Record<string, string>) }, { name: `q_${ids.question}`, ...file });
    return t.app.inject({ method: 'POST', url: PATH, remoteAddress: agent.remoteAddress, headers: { cookie: agent.cookieHeader, 'content-type': body.contentType, 'accept-language': 'en' }, payload: body.payload });
  };

  it('keeps a PDF of the allowed size with the registration', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 0x20)]);
    const res = await post({ filename: 'letter.pdf', type: 'application/pdf', bytes: pdf }, 'pdf@embassy.example.jo');
    expect(res.statusCode).toBe(303);
    const [row] = await t.db.select().from(registrations).where(eq(registrations.email, 'pdf@embassy.example.jo'));
    const [file] = await t.db.select().from(registrationFiles).where(eq(registrationFiles.registrationId, row!.id));
    expect([file!.filename, file!.contentType, file!.size]).toEqual(['letter.pdf', 'application/pdf', pdf.length]);
    // The manage page lists it with its question, so the person can see what they sent.
    const link = /\/registrations\/manage\/([A-Za-z0-9_-]{43})/.exec((await t.mail.waitForTo('pdf@embassy.example.jo')).text!)![1]!;
    const page = await new HttpAgent(t.app).get(`/registrations/manage/${link}`);
    expect(page.body).toContain('<h2 id="files-heading">Your files</h2>');
    expect(page.body).toContain(`<p class="file-answer__sent" id="sent-q_${ids.question}">Sent: letter.pdf (1 KB)</p>`);
    expect(page.body).toContain('Send it in place of this one</button>');
  });

  it('takes a file in place of the one sent, through the manage link; refuses a wrong one, changing nothing', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300, 0x20)]);
    expect((await post({ filename: 'old letter.pdf', type: 'application/pdf', bytes: pdf }, 'again@embassy.example.jo')).statusCode).toBe(303);
    const [row] = await t.db.select().from(registrations).where(eq(registrations.email, 'again@embassy.example.jo'));
    const link = /\/registrations\/manage\/([A-Za-z0-9_-]{43})/.exec((await t.mail.waitForTo('again@embassy.example.jo')).text!)![1]!;
    const manage = `/registrations/manage/${link}`;
    const action = `${manage}/files/${ids.question}`;
    const agent = new HttpAgent(t.app);
    const page = await agent.get(manage);
    const { _csrf } = hiddenFields(page.body, action);
    expect(_csrf).toMatch(/.{20,}/);
    const send = (file: { filename: string; type: string; bytes: Buffer }, fields: Record<string, string> = { _csrf: _csrf! }, url = action) => {
      const body = multipart(fields, { name: 'file', ...file });
      return t.app.inject({ method: 'POST', url, remoteAddress: agent.remoteAddress, headers: { cookie: agent.cookieHeader, 'content-type': body.contentType, 'accept-language': 'en' }, payload: body.payload });
    };
    const stored = async () => (await t.db.select({ filename: registrationFiles.filename, size: registrationFiles.size, bytes: registrationFiles.bytes }).from(registrationFiles).where(eq(registrationFiles.registrationId, row!.id))).map((f) => ({ ...f, bytes: f.bytes.toString('base64') }));
    const first = await stored();
    expect(first.map((f) => f.filename)).toEqual(['old letter.pdf']);

    // Refused: another type, too big, no file, a forged token, a question that is not this event's or not a file's.
    const fake = await send({ filename: 'letter.pdf', type: 'application/pdf', bytes: Buffer.from('MZ\x90\x00 not a pdf') });
    expect(fake.statusCode).toBe(422);
    expect(fake.body).toContain(`<a href="#field-q_${ids.question}">Letter of introduction: Choose a file of an accepted type.</a>`);
    expect(fake.body).toContain(`aria-invalid="true" aria-describedby="sent-q_${ids.question} types-q_${ids.question} error-q_${ids.question}"`);
    const big = await send({ filename: 'big.pdf', type: 'application/pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(110_000, 0x20)]) });
    expect(big.statusCode).toBe(422);
    expect(big.body).toContain('Choose a file of at most 0.1 MB.');
    const none = await send({ filename: '', type: 'application/octet-stream', bytes: Buffer.alloc(0) });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Choose the file to send for “Letter of introduction”.');
    expect((await send({ filename: 'new.pdf', type: 'application/pdf', bytes: pdf }, { _csrf: 'forged' })).statusCode).toBe(403);
    const [other] = await t.db.insert(registrationQuestions).values({ eventId: event.id, kind: 'text', label: { en: 'Your favourite lab' } }).returning();
    try {
      for (const questionId of [other!.id, '01a21d71-0000-7000-8000-000000000000', 'not-an-id']) {
        expect((await send({ filename: 'new.pdf', type: 'application/pdf', bytes: pdf }, { _csrf: _csrf! }, `${manage}/files/${questionId}`)).statusCode, questionId).toBe(404);
      }
    } finally {
      await t.db.delete(registrationQuestions).where(eq(registrationQuestions.id, other!.id));
    }
    expect(await stored()).toEqual(first);

    // A PDF in its place: one file for the question, the answer naming it, the change audited without the bytes.
    const letter = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2_000, 0x41)]);
    const res = await send({ filename: 'signed letter.pdf', type: 'application/pdf', bytes: letter });
    expect([res.statusCode, res.headers.location]).toEqual([303, `${manage}?done=file`]);
    expect(await stored()).toEqual([{ filename: 'signed letter.pdf', size: letter.length, bytes: letter.toString('base64') }]);
    const [after] = await t.db.select({ answers: registrations.answers }).from(registrations).where(eq(registrations.id, row!.id));
    expect(after!.answers[ids.question!]).toEqual({ file: 'signed letter.pdf', size: letter.length });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, row!.id), eq(auditLog.action, 'registration.update')));
    expect([audit!.before, audit!.after]).toEqual([{ answers: { [ids.question!]: { file: 'old letter.pdf', size: pdf.length } } }, { answers: { [ids.question!]: { file: 'signed letter.pdf', size: letter.length } } }]);
    const done = await agent.get(`${manage}?done=file`);
    expect(done.body).toContain('Your file is saved.');
    expect(done.body).toContain(`<p class="file-answer__sent" id="sent-q_${ids.question}">Sent: signed letter.pdf (2 KB)</p>`);

    // Bigger than any question takes (20 MB): it arrives cut, and is refused with the question's own limit.
    const huge = await send({ filename: 'scan.pdf', type: 'application/pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20 * 1024 * 1024, 0x20)]) });
    expect(huge.statusCode).toBe(422);
    expect(huge.body).toContain('Choose a file of at most 0.1 MB.');
    expect((await stored()).map((f) => f.filename)).toEqual(['signed letter.pdf']);

    // Random files and names: never a 5xx; a file is kept exactly when it is a PDF within the limit, else nothing moves.
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }).map((tail) => Uint8Array.from([...Buffer.from('%PDF-1.4\n'), ...tail]))),
        fc.string({ maxLength: 300 }),
        async (bytes, filename) => {
          const before = await stored();
          const res = await send({ filename: filename.replace(/["\r\n\\]/g, '_'), type: 'application/pdf', bytes: Buffer.from(bytes) });
          const pdfWithin = Buffer.from(bytes).subarray(0, 5).toString('latin1') === '%PDF-';
          expect(res.statusCode, res.body.slice(0, 300)).toBe(pdfWithin ? 303 : 422);
          const now = await stored();
          if (pdfWithin) expect(now.map((f) => f.bytes)).toEqual([Buffer.from(bytes).toString('base64')]);
          else expect(now).toEqual(before);
        },
      ),
      { numRuns: 30 },
    );

    // Once cancelled, nothing more is taken.
    await t.db.update(registrations).set({ status: 'cancelled', holdsSeat: false }).where(eq(registrations.id, row!.id));
    expect((await send({ filename: 'late.pdf', type: 'application/pdf', bytes: pdf })).statusCode).toBe(409);
    expect((await stored()).map((f) => f.bytes)).toHaveLength(1);
  });

  it('refuses a file form without the page’s CSRF token, as any other form', async () => {
    const agent = new HttpAgent(t.app);
    const { hidden } = await formOf(agent);
    const body = multipart({ ...hidden, _csrf: 'forged', ...(person() as Record<string, string>) }, { name: `q_${ids.question}`, filename: 'letter.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.7\n') });
    const before = await rowCount();
    const res = await t.app.inject({ method: 'POST', url: PATH, remoteAddress: agent.remoteAddress, headers: { cookie: agent.cookieHeader, 'content-type': body.contentType }, payload: body.payload });
    expect(res.statusCode).toBe(403);
    expect(await rowCount()).toBe(before);
  });

  it('refuses a file that only claims to be a PDF, and one over the size limit, saying files must be chosen again', async () => {
    const before = await rowCount();
    const fake = await post({ filename: 'letter.pdf', type: 'application/pdf', bytes: Buffer.from('MZ\x90\x00 not a pdf') }, 'fake@embassy.example.jo');
    expect(fake.statusCode).toBe(422);
    expect(fake.body).toContain('Choose a file of an accepted type.');
    expect(fake.body).toContain('files are not kept when the form has errors');
    const big = await post({ filename: 'big.pdf', type: 'application/pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(110_000, 0x20)]) }, 'big@embassy.example.jo');
    expect(big.statusCode).toBe(422);
    expect(big.body).toContain('Choose a file of at most 0.1 MB.');
    expect(await rowCount()).toBe(before);
  });
});

describe('random bodies', () => {
  it('never answers 5xx, and a refused form writes nothing (property)', async () => {
    const agent = new HttpAgent(t.app);
    const { hidden } = await formOf(agent);
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('', 'yes', 'CN', 'other', 'mainland', '11010519491231002X', ids.GUEST!, ids.VIP!, ids.visitA!, '<script>x</script>', '\u0000', 'x'.repeat(5000)),
      fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
    );
    const field = fc.constantFrom('categoryId', 'familyName', 'givenName', 'nameZh', 'organisation', 'country', 'email', 'mobile', 'mobileCountry', 'dietary', 'interpretation', 'residence', 'idNumber', 'nationality', 'consent', 'consentSensitive', 'sessionIds', `q_${ids.question}`, 'formToken', 'code', 'other');
    await fc.assert(
      fc.asyncProperty(fc.dictionary(field, value, { maxKeys: 12 }), fc.boolean(), async (fields, startValid) => {
        const before = await rowCount();
        const body = { ...hidden, formToken: randomBytes(24).toString('base64url'), ...(startValid ? person() : {}), ...fields };
        const res = await agent.post(PATH, body as Record<string, string | string[]>);
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode !== 303) expect(await rowCount()).toBe(before);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses any name with Chinese, Japanese or Korean writing in a Latin name field, shows it back, and writes nothing (property)', async () => {
    const MESSAGES = {
      familyName: 'Write the family name in Latin letters, as in the passport (in pinyin for a Chinese name, e.g. Wang), and put any Chinese characters in “Name in Chinese characters”.',
      givenName: 'Write the given name in Latin letters, as in the passport (in pinyin for a Chinese name, e.g. Fang), and put any Chinese characters in “Name in Chinese characters”.',
    };
    // Ideographs (with extensions A and B), kana, hangul, CJK punctuation and full-width forms; never U+3000 alone,
    // which trims away like any other space.
    const cjk = fc
      .oneof(...[[0x4e00, 0x9fff], [0x3400, 0x4dbf], [0x20000, 0x2a6df], [0x3041, 0x3096], [0x30a1, 0x30fa], [0xac00, 0xd7a3], [0x3001, 0x303f], [0xff01, 0xff5e]].map(([min, max]) => fc.integer({ min: min!, max: max! })))
      .map((code) => String.fromCodePoint(code));
    const latin = fc.string({ unit: fc.constantFrom(...'aeiouWangLiÉüễ-’\' '), maxLength: 12 });
    const name = fc.tuple(latin, cjk, fc.string({ unit: cjk, maxLength: 6 }), latin).map((parts) => parts.join(''));
    const agent = new HttpAgent(t.app);
    const { hidden } = await formOf(agent);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<'familyName' | 'givenName'>('familyName', 'givenName'), name, async (field, value) => {
        const before = await rowCount();
        const res = await agent.post(PATH, { ...hidden, formToken: randomBytes(24).toString('base64url'), ...person({ [field]: value }) });
        expect(res.statusCode, value).toBe(422);
        const summary = /<div class="error-summary"[\s\S]*?<\/ul>/.exec(res.body)![0];
        expect([...summary.matchAll(/<li>(.*)<\/li>/g)].map((m) => m[1])).toEqual([`<a href="#field-${field}">${MESSAGES[field]}</a>`]);
        expect(res.body).toContain(` value="${value.replaceAll("'", '&#x27;')}"`);
        expect(await rowCount()).toBe(before);
      }),
      { numRuns: 60, examples: [['familyName', '王'], ['givenName', '伟'], ['familyName', 'ワタナベ'], ['givenName', '지민'], ['familyName', 'Ｗａｎｇ'], ['givenName', 'Fang，Li']] },
    );
  });
});
