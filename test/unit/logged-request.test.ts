// The log's addresses keep ids and slugs but never a secret: manage and sign-in tokens, feed secrets, form tokens,
// invitation codes and a "next" that may carry a manage link.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loggedUrl } from '../../src/lib/logged-request.ts';

describe('loggedUrl', () => {
  it('names secret route parameters instead of writing them, and keeps the others', () => {
    expect(loggedUrl('/registrations/manage/:token', { token: 'UgzdWjoLqM2P' }, '/registrations/manage/UgzdWjoLqM2P?lang=en')).toBe('/registrations/manage/:token?lang=en');
    expect(loggedUrl('/events/:slug/my-agenda/:secret.ics', { slug: 'zgc-2027', secret: 'Qx9' }, '/events/zgc-2027/my-agenda/Qx9.ics')).toBe('/events/zgc-2027/my-agenda/:secret.ics');
    expect(loggedUrl('/events/:slug/register/answer/:formToken', { slug: 'zgc-2027', formToken: 'f0rm' }, '/events/zgc-2027/register/answer/f0rm')).toBe('/events/zgc-2027/register/answer/:formToken');
    expect(loggedUrl('/admin/events/:eventId/registrations/:registrationId', { eventId: 'e1', registrationId: 'r1' }, '/admin/events/e1/registrations/r1')).toBe('/admin/events/e1/registrations/r1');
    expect(loggedUrl('/lang/:code', { code: 'zh-CN' }, '/lang/zh-CN?next=%2Fregistrations%2Fmanage%2FUgzd')).toBe('/lang/zh-CN?next=…');
  });

  it('hides secret query values, keeps the rest, and leaves an unrouted path as it came', () => {
    expect(loggedUrl('/events/:slug/register', { slug: 'zgc' }, '/events/zgc/register?code=VIP-7KQ2-M9XD&lang=zh-CN')).toBe('/events/zgc/register?code=…&lang=zh-CN');
    expect(loggedUrl(undefined, undefined, '/no/such/page?q=1&token=abc')).toBe('/no/such/page?q=1&token=…');
    expect(loggedUrl('/sign-in', {}, '/sign-in?ne%78t=%2Fadmin')).toBe('/sign-in?ne%78t=…');
    expect(loggedUrl('/', {}, '/')).toBe('/');
  });

  it('hides token-like segments of an address no route matched, and a scanned ticket code, keeping slugs and ids', () => {
    // A POST-only manage address opened from the history: no GET route matches, the token must not be written.
    expect(loggedUrl(undefined, undefined, '/registrations/manage/UgzdWjoLqM2PxYv3kT8sNq1fG7Uabc/cancel')).toBe('/registrations/manage/…/cancel');
    expect(loggedUrl(undefined, undefined, '/events/zgc/my-agenda/Qx9_aZ7kLmN0pQrStUvWxYz12.ics')).toBe('/events/zgc/my-agenda/…');
    expect(loggedUrl(undefined, undefined, '/events/innovation-spaces-conference-2027/nope')).toBe('/events/innovation-spaces-conference-2027/nope');
    expect(loggedUrl(undefined, undefined, '/admin/events/01a21e13-9d06-7008-a110-228344334db3/x')).toBe('/admin/events/01a21e13-9d06-7008-a110-228344334db3/x');
    expect(loggedUrl('/admin/events/:eventId/check-in/lookup', { eventId: 'e1' }, '/admin/events/e1/check-in/lookup?ticket=ABCDEFGHJKMNPQRSTVWXYZ2345678901&door=East')).toBe(
      '/admin/events/e1/check-in/lookup?ticket=…&door=East',
    );
  });

  it('never writes a token it was given, whatever the token and the rest of the address', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{20,43}$/);
    fc.assert(
      fc.property(token, fc.constantFrom('en', 'zh-CN'), fc.boolean(), (secret, lang, withQuery) => {
        const url = `/registrations/manage/${secret}${withQuery ? `?lang=${lang}&next=%2Fregistrations%2Fmanage%2F${secret}` : ''}`;
        const logged = loggedUrl('/registrations/manage/:token', { token: secret }, url);
        expect(logged).not.toContain(secret);
        expect(logged.startsWith('/registrations/manage/:token')).toBe(true);
      }),
    );
  });
});
