// Keeps "return to" addresses on this site, so a crafted link cannot send people elsewhere.
// Example: safeRedirectPath('//evil.example') → '/'; safeRedirectPath('/events/x/agenda?q=刘') → '/events/x/agenda?q=%E5%88%98'
export function safeRedirectPath(next: string | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f]/.test(next)) return fallback;
  // A Location header holds visible ASCII only: anything else (a search for 刘, a space) goes percent-encoded as UTF-8.
  return next.replace(/[^\x21-\x7e]+/g, percentEncoded);
}

/** Every UTF-8 byte of the text as %XX (a lone surrogate as U+FFFD, as browsers do). */
function percentEncoded(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}
