// Choosing a response's compression from Accept-Encoding, as browsers, curl and proxies send it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preferredEncoding } from '../../src/lib/content-encoding.ts';

describe('preferredEncoding', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    ['identity', undefined],
    ['deflate', undefined],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=1, gzip;q=1', 'br'],
    ['gzip;q=0.8, br;q=0.9', 'br'],
    ['br;q=0, gzip;q=0', undefined],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['*;q=0.1, br;q=0', 'gzip'],
    ['br;q=abc, gzip', 'gzip'],
    [' br ; q = 0.7 ', 'br'],
    [',,;,=', undefined],
  ])('%j → %j', (header, expected) => {
    expect(preferredEncoding(header)).toBe(expected);
  });

  it('never throws and only ever names a coding the header accepts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (header) => {
        const chosen = preferredEncoding(header);
        expect([undefined, 'br', 'gzip']).toContain(chosen);
        if (chosen === 'br') expect(header.toLowerCase()).toMatch(/br|\*/);
        if (chosen === 'gzip') expect(header.toLowerCase()).toMatch(/gzip|\*/);
      }),
    );
  });
});
