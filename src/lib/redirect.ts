// Keeps "return to" addresses on this site, so a crafted link cannot send people elsewhere.
// Example: safeRedirectPath('//evil.example') → '/'
export function safeRedirectPath(next: string | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f]/.test(next)) return fallback;
  return next;
}
