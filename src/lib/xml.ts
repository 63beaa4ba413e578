// Text and attribute values for hand-written XML documents: escaped, and without the characters XML 1.0 forbids.
// Example: `<title>${xmlText('R&D <2026>')}</title>` → <title>R&amp;D &lt;2026&gt;</title>
// Control characters other than tab and line breaks, lone surrogates and U+FFFE/U+FFFF cannot appear in XML 1.0 at all,
// not even escaped; they are dropped (organisers' text may carry them in from pasted documents).
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/** Escapes a value for element text or a quoted attribute. Carriage returns are kept as &#13; (a parser would fold them). */
export function xmlText(value: string | number): string {
  return String(value)
    .replace(FORBIDDEN, '')
    .replace(/[&<>"'\r]/g, (c) => ESCAPES[c]!);
}
