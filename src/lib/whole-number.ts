// A whole number an organiser typed into a form (seats, a count of codes): as people type it, with full-width
// digits from a Chinese keyboard (１２０) or thousands separators (1,200 / 1，200), within the field's bounds.
// Example: parseWholeNumber(' １,２００ ', { min: 1, max: 1_000_000 }) → 1200; parseWholeNumber('12.5', …) → undefined

/** The number, or undefined when the text is not a whole number between `min` and `max` (both included). */
export function parseWholeNumber(text: string, bounds: { min: number; max: number }): number | undefined {
  const plain = text.normalize('NFKC').trim();
  if (!/^\d{1,3}(,\d{3})+$|^\d{1,9}$/.test(plain)) return undefined;
  const n = Number(plain.replaceAll(',', ''));
  return n >= bounds.min && n <= bounds.max ? n : undefined;
}
