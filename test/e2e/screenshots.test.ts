// Full-page screenshots of the public pages in both languages at phone and laptop width, for reviewing the design.
// Written to screenshots/<page>-<lang>-<width>.png (gitignored); the run fails only if a page does not render.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findPublishedAgenda } from '../../src/features/agenda/publish.ts';
import { findPublishedEventBySlug } from '../../src/features/events/queries.ts';
import { expectNoAxeViolations, startBrowserApp, VIEWPORTS, type BrowserApp } from '../helpers/browser.ts';

const OUT_DIR = fileURLToPath(new URL('../../screenshots/', import.meta.url));

let b: BrowserApp;
// A published session and speaker of the Belt and Road demo agenda, for their pages.
const demoIds = { session: '', speaker: '' };
/** The narrowest phone the public pages must fit without scrolling sideways. */
const NARROW = { width: 360, height: 740 };

beforeAll(async () => {
  b = await startBrowserApp();
  await mkdir(OUT_DIR, { recursive: true });
  const event = await findPublishedEventBySlug(b.testApp.db, b.demo['belt-and-road']!.slug);
  const agenda = await findPublishedAgenda(b.testApp.db, event!.id);
  const withPeople = agenda!.sessions.find((s) => (s.abstract?.en || s.abstract?.['zh-CN']) && s.people?.length) ?? agenda!.sessions.find((s) => s.people?.length);
  demoIds.session = withPeople!.id;
  demoIds.speaker = withPeople!.people![0]!.speakerId!;
});
afterEach(() => b.closeContexts());
afterAll(() => b?.close());

const pages = [
  { name: 'home', status: 200, path: () => '/' },
  // A forum with a sub-forum and a venue with several rooms.
  { name: 'event', status: 200, path: () => `/events/${b.demo.zgc!.slug}` },
  { name: 'sub-forum', status: 200, path: () => `/events/${b.demo['belt-and-road']!.slug}` },
  { name: 'agenda', status: 200, path: () => `/events/${b.demo['belt-and-road']!.slug}/agenda` },
  { name: 'agenda-rome', status: 200, path: () => `/events/${b.demo['belt-and-road']!.slug}/agenda?tz=Europe/Rome` },
  // The time-zone page, from the conference's grid day in Rome time: the event's zone, the common cities, all the others.
  { name: 'time-zone', status: 200, path: () => `/events/${b.demo.conference!.slug}/time-zone?return=${encodeURIComponent(`/events/${b.demo.conference!.slug}/agenda?view=grid&day=${secondDay(b.demo.conference!)}`)}&tz=Europe/Rome` },
  { name: 'session', status: 200, path: () => `/events/${b.demo['belt-and-road']!.slug}/sessions/${demoIds.session}` },
  { name: 'speakers', status: 200, path: () => `/events/${b.demo['belt-and-road']!.slug}/speakers` },
  { name: 'speaker', status: 200, path: () => `/events/${b.demo['belt-and-road']!.slug}/speakers/${demoIds.speaker}` },
  { name: 'changes', status: 200, path: () => `/events/${b.demo['belt-and-road']!.slug}/agenda/changes` },
  { name: 'calendars', status: 200, path: () => `/events/${b.demo.conference!.slug}/agenda/calendars` },
  // The five-day demo conference: strands with colours, visits, parallel sessions, interpretation.
  { name: 'conference-agenda', status: 200, path: () => `/events/${b.demo.conference!.slug}/agenda` },
  { name: 'conference-agenda-by-track', status: 200, path: () => `/events/${b.demo.conference!.slug}/agenda?view=track` },
  // The same agenda’s first full day as a time grid: rooms across, times down, scrolling sideways inside its box on a phone.
  { name: 'conference-agenda-grid', status: 200, path: () => `/events/${b.demo.conference!.slug}/agenda?view=grid&day=${secondDay(b.demo.conference!)}` },
  { name: 'register', status: 200, path: () => `/events/${b.demo.conference!.slug}/register` },
  { name: 'not-found', status: 404, path: () => '/events/no-such-event' },
];

/** The event’s second day in its zone (the demo conference's first day of talks, with breaks for everyone). */
function secondDay(event: { startsAt: Date; timezone?: string }): string {
  return DateTime.fromJSDate(event.startsAt, { zone: event.timezone ?? 'Asia/Shanghai' }).plus({ days: 1 }).toISODate()!;
}

describe('screenshots', () => {
  for (const { name, status, path } of pages) {
    for (const lang of ['en', 'zh-CN']) {
      for (const viewport of [NARROW, VIEWPORTS.phone, VIEWPORTS.desktop]) {
        it(`${name}, ${lang}, ${viewport.width}px`, async () => {
          const page = await b.newPage({ locale: lang === 'en' ? 'en-GB' : 'zh-CN', ...viewport });
          const response = await page.goto(path());
          expect(response?.status()).toBe(status);
          await page.evaluate(async () => {
            await document.fonts.ready;
          });
          await page.screenshot({ path: `${OUT_DIR}${name}-${lang}-${viewport.width}.png`, fullPage: true });
          // Nothing wider than the screen: no sideways scrolling on the narrowest phone either.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
          await expectNoAxeViolations(page);
        });
      }
    }
  }
});
