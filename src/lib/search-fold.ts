// A text as a search compares it, in the application (the public agenda's search; the database folds the
// registrations' stored search text the same way, see foldedForSearch): compatibility forms unified (full-width
// letters), accents dropped ("marquez" finds Márquez), the apostrophes and quotes phones type unified with the
// plain ones ("O’Connor" finds O'Connor), lower-cased.
// Example: foldForSearch('Dr. Elena Márquez') === 'dr. elena marquez'
const APOSTROPHES = /[\u2018\u2019\u02bc\u2032`]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u2033]/g;

export const foldForSearch = (text: string): string =>
  text.normalize('NFKD').replace(/\p{Mn}/gu, '').replace(APOSTROPHES, "'").replace(DOUBLE_QUOTES, '"').normalize('NFC').toLocaleLowerCase();
