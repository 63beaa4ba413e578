// Small helpers: UUID v7 ids, localized text choice, safe redirects, file sizes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFileSize } from '../../src/lib/file-size.ts';
import { uuidv7 } from '../../src/lib/ids.ts';
import { pickLocalized } from '../../src/lib/localized.ts';
import { safeRedirectPath } from '../../src/lib/redirect.ts';

describe('uuidv7', () => {
  it('is a version 7, variant 1 UUID carrying the time', () => {
    const id = uuidv7(Date.UTC(2026, 10, 25, 12, 0, 0));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 10, 25, 12, 0, 0));
  });

  it('sorts in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(5000);
  });
});

describe('pickLocalized', () => {
  it('prefers the reader’s language and marks fallbacks', () => {
    expect(pickLocalized({ en: 'Forum', 'zh-CN': '论坛' }, 'zh-CN')).toEqual({ text: '论坛', lang: 'zh-CN', fallback: false });
    expect(pickLocalized({ en: 'Forum' }, 'zh-CN')).toEqual({ text: 'Forum', lang: 'en', fallback: true });
    expect(pickLocalized({ en: '  ', 'zh-CN': '论坛' }, 'en')).toEqual({ text: '论坛', lang: 'zh-CN', fallback: true });
    expect(pickLocalized({}, 'en')).toBeUndefined();
    expect(pickLocalized(null, 'en')).toBeUndefined();
  });
});

describe('safeRedirectPath', () => {
  it('keeps local paths and refuses everything else', () => {
    expect(safeRedirectPath('/events/x?y=1')).toBe('/events/x?y=1');
    expect(safeRedirectPath('//evil.example')).toBe('/');
    expect(safeRedirectPath('/\\evil.example')).toBe('/');
    expect(safeRedirectPath('https://evil.example')).toBe('/');
    expect(safeRedirectPath('/a\nLocation: x')).toBe('/');
    expect(safeRedirectPath(undefined, '/home')).toBe('/home');
  });

  it('percent-encodes what a Location header cannot carry, as UTF-8', () => {
    expect(safeRedirectPath('/events/x/agenda?q=刘')).toBe('/events/x/agenda?q=%E5%88%98');
    expect(safeRedirectPath('/events/x/agenda?q=Li Na&tz=Europe/Rome')).toBe('/events/x/agenda?q=Li%20Na&tz=Europe/Rome');
    expect(safeRedirectPath('/a?q=%E5%88%98')).toBe('/a?q=%E5%88%98');
    expect(safeRedirectPath('/a\ud800')).toBe('/a%EF%BF%BD');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (input) => {
        const out = safeRedirectPath(`/${input}`);
        expect(out).toMatch(/^[\x21-\x7e]*$/);
        // Kept (not refused) and free of '%' of its own: decoding gives back exactly what was asked for.
        const kept = !/[\u0000-\u001f]/.test(input) && !input.startsWith('/') && !input.startsWith('\\');
        if (kept && !input.includes('%') && input.isWellFormed()) expect(decodeURIComponent(out)).toBe(`/${input}`);
      }),
    );
  });

  it('never yields anything a browser would treat as another host', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (input) => {
        const out = safeRedirectPath(input);
        expect(out.startsWith('/')).toBe(true);
        expect(new URL(out, 'https://forum.example.org').host).toBe('forum.example.org');
      }),
    );
  });
});

describe('formatFileSize', () => {
  it('gives whole kilobytes under a megabyte (never 0) and megabytes with one decimal above, in the reader’s format', () => {
    expect(formatFileSize(81, 'en')).toBe('1 KB');
    expect(formatFileSize(0, 'zh-CN')).toBe('1 KB');
    expect(formatFileSize(350 * 1024 + 100, 'zh-CN')).toBe('350 KB');
    expect(formatFileSize(1024 * 1024 - 200, 'en')).toBe('1.0 MB');
    expect(formatFileSize(5_452_595, 'en')).toBe('5.2 MB');
    expect(formatFileSize(50 * 1024 * 1024, 'zh-CN')).toBe('50.0 MB');
  });
});
