// An e-mail address shown on a page that anyone at the screen may read: enough for people to recognise their own
// address, not enough to harvest it. Example: maskEmail('guo.hua@example.org') → 'g•••a@example.org'
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const chars = [...local];
  const shown = chars.length <= 2 ? `${chars[0] ?? ''}•••` : `${chars[0]}•••${chars[chars.length - 1]}`;
  return `${shown}@${domain}`;
}
