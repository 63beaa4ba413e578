// schema.org data as a JSON-LD <script> body that cannot end the script early or be read as markup.
// Example: {{{jsonLd}}} in a template, with jsonLd = jsonLdScript({ '@context': 'https://schema.org', '@type': 'Event' })

/** JSON with <, > and & escaped as \u003c, \u003e, \u0026 (still the same JSON to any parser), wrapped in its script tag. */
export function jsonLdScript(data: unknown): string {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `<script type="application/ld+json">${json}</script>`;
}
