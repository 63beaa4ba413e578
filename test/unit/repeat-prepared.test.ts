// Which query texts get prepared: from their second use on, among a bounded number remembered.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RepeatedTexts } from '../../src/db/repeat-prepared.ts';

describe('RepeatedTexts', () => {
  it('says "repeated" from the second use of a text on', () => {
    const texts = new RepeatedTexts(10);
    expect([texts.use('a'), texts.use('b'), texts.use('a'), texts.use('a'), texts.use('b')]).toEqual([false, false, true, true, true]);
  });

  it('forgets the least recently used text beyond its capacity, so one-off texts cannot grow it', () => {
    const texts = new RepeatedTexts(3);
    texts.use('hot');
    for (const text of ['x1', 'hot', 'x2', 'hot', 'x3', 'hot', 'x4']) texts.use(text);
    expect(texts.size).toBe(3);
    expect(texts.use('hot')).toBe(true);
    expect(texts.use('x1')).toBe(false);
  });

  it('never remembers more than its capacity, whatever the texts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.string({ maxLength: 3 }), { maxLength: 200 }), (capacity, uses) => {
        const texts = new RepeatedTexts(capacity);
        for (const text of uses) texts.use(text);
        expect(texts.size).toBe(Math.min(capacity, new Set(uses).size));
      }),
    );
  });
});
