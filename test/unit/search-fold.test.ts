// Folding texts for search in the application (the public agenda’s search): accents dropped, the apostrophes phones
// type made plain ones, full-width letters unified, lower-cased; the agenda’s search through it; and the speakers
// page's order, which passes over titles before names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PublishedSession, PublishedSpeaker } from '../../src/db/schema/index.ts';
import { arrangeAgenda } from '../../src/features/agenda/public-agenda.ts';
import { sortSpeakers } from '../../src/features/agenda/public-pages.ts';
import { foldForSearch } from '../../src/lib/search-fold.ts';

describe('foldForSearch', () => {
  it('drops accents, unifies apostrophes, quotes and full-width letters, lower-cases, and leaves Chinese alone', () => {
    expect(foldForSearch('Dr. Elena Márquez')).toBe('dr. elena marquez');
    expect(foldForSearch('Nguyễn Thị Lan')).toBe('nguyen thi lan');
    expect(foldForSearch('Dr. Michael O’Connor')).toBe("dr. michael o'connor");
    expect(foldForSearch('ʼIolani ‘Ōlelo')).toBe("'iolani 'olelo");
    expect(foldForSearch('“Digital” Silk Road')).toBe('"digital" silk road');
    expect(foldForSearch('ＷＡＮＧ Ｌｅｉ')).toBe('wang lei');
    expect(foldForSearch('埃琳娜·马尔克斯')).toBe('埃琳娜·马尔克斯');
    // Letters that are not a letter and an accent stay what they are, as in the database's folding.
    expect(foldForSearch('Łukasz Đorđević')).toBe('łukasz đorđevic');
  });

  it('is idempotent: a folded text folds to itself, so typed words and stored texts meet', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })), (text) => {
        const folded = foldForSearch(text);
        expect(foldForSearch(folded)).toBe(folded);
      }),
    );
  });
});

describe('the public agenda search', () => {
  const session = (id: string, title: string, person: string): PublishedSession => ({
    id,
    title: { en: title },
    startsAt: '2027-03-28T02:00:00.000Z',
    endsAt: '2027-03-28T03:00:00.000Z',
    roomId: null,
    status: 'scheduled',
    people: [{ name: { en: person }, role: 'speaker' }],
  });
  const sessions = [session('a', 'Open labs', 'Dr. Elena Márquez'), session('b', 'Foresight', "Dr. Michael O'Connor"), session('c', 'Café science', 'Laura Gómez')];
  const found = (query: string) => arrangeAgenda(sessions, { view: 'day', query, zone: 'Asia/Shanghai', locale: 'en' }).flatMap((group) => group.sessions.map((s) => s.id));

  it('finds speakers and titles without their accents, and with the apostrophe a phone types', () => {
    expect(found('marquez')).toEqual(['a']);
    expect(found('MÁRQUEZ')).toEqual(['a']);
    expect(found('gomez')).toEqual(['c']);
    expect(found('cafe')).toEqual(['c']);
    expect(found('O’Connor')).toEqual(['b']);
    expect(found("o'connor")).toEqual(['b']);
    expect(found('quantum')).toEqual([]);
  });
});

describe('the speakers page’s order', () => {
  const speaker = (name: string): PublishedSpeaker => ({ id: name, name: { en: name }, title: {}, organisation: {}, country: null });
  it('passes over titles before names, and sorts accented letters with their base letter', () => {
    const people = [speaker('Prof. Hannah Lindqvist'), speaker('Dr. Elena Márquez'), speaker('Zhao Min'), speaker('H.E. Ahmed Al-Sayed'), speaker('Émile Dubois'), speaker('Fatima Al Suwaidi'), speaker('Dr. Chen Xiaoyu'), speaker('He Xin'), speaker('Hon Lam'), speaker('Mr Dai Wei')];
    // He and Hon are surnames here: only "H.E." and "Hon." (with their dots) are titles.
    expect(sortSpeakers(people, 'en').map((p) => p.name.en)).toEqual([
      'H.E. Ahmed Al-Sayed',
      'Dr. Chen Xiaoyu',
      'Mr Dai Wei',
      'Dr. Elena Márquez',
      'Émile Dubois',
      'Fatima Al Suwaidi',
      'Prof. Hannah Lindqvist',
      'He Xin',
      'Hon Lam',
      'Zhao Min',
    ]);
  });
});
