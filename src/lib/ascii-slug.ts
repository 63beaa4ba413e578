// Text made into a plain ASCII slug: decomposed, accents dropped, lower-cased, every run of anything but a-z and 0-9
// one dash, cut to `max` characters with no dash left at either end; '' when nothing Latin is left (Chinese text).
// Example: asciiSlug('Salle Érasme, 3F', 40) === 'salle-erasme-3f'
export const asciiSlug = (text: string, max: number): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, max)
    .replace(/-+$/, '');
