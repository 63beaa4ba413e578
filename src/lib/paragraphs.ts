// Text typed in a box (a bio, an organiser's message) as its paragraphs, to show each as its own <p>, never as HTML.
// Example: splitParagraphs('First line\nsame paragraph\n\n  Second  ') → ['First line\nsame paragraph', 'Second']

/** Split at blank lines, each paragraph trimmed, none empty. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
