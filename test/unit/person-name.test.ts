// Names print as their script writes them: "Fang Wang", but "王伟" (not "伟 王") for a name typed in Chinese
// characters, as Chinese guest lists and spreadsheets have it; the Chinese name is not printed twice.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personName, personNames } from '../../src/lib/person-name.ts';

describe('personName', () => {
  it.each([
    ['Fang', 'Wang', 'Fang Wang'],
    ['Fatima Zahra', 'Benali', 'Fatima Zahra Benali'],
    ['伟', '王', '王伟'],
    ['小雨', '欧阳', '欧阳小雨'],
    ['민호', '김', '김민호'],
    ['はるか', '佐藤', '佐藤はるか'],
    ['Wei', '王', 'Wei 王'],
    ['', 'Wang', 'Wang'],
    [' Anna ', ' Berg ', 'Anna Berg'],
  ])('given %j, family %j: %j', (given, family, expected) => {
    expect(personName(given, family)).toBe(expected);
  });

  it('keeps every character of both parts, in one of the two orders', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), (given, family) => {
        const name = personName(given, family);
        const g = given.trim();
        const f = family.trim();
        expect([`${g} ${f}`.trim(), `${f}${g}`]).toContain(name);
      }),
    );
  });
});

describe('personNames', () => {
  it('gives the Chinese name only when it says more than the name itself', () => {
    expect(personNames('伟', '王', '王伟')).toEqual({ name: '王伟', nameZh: null });
    expect(personNames('伟', '王', '王 伟')).toEqual({ name: '王伟', nameZh: null });
    expect(personNames('Fang', 'Wang', '王芳')).toEqual({ name: 'Fang Wang', nameZh: '王芳' });
    expect(personNames('Fang', 'Wang', '  ')).toEqual({ name: 'Fang Wang', nameZh: null });
    expect(personNames('Fang', 'Wang', null)).toEqual({ name: 'Fang Wang', nameZh: null });
  });
});
