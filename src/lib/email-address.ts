// Checks e-mail addresses as forms receive them, and parses "Name <address>" settings.
// Example: isEmailAddress('zhang.wei@example.cn') → true; parseMailbox('Forum <a@b.org>') → { name: 'Forum', address: 'a@b.org' }

// Practical rather than RFC-complete: one @, a dotted domain, no spaces, quotes, angle brackets or control characters.
const ADDRESS = /^[^\s@<>"(),;:\\[\]\u0000-\u001f\u007f]+@[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff-]*[A-Za-z0-9\u00a1-\uffff])?(?:\.[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff-]*[A-Za-z0-9\u00a1-\uffff])?)+$/;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value) && (value.split('@')[0]?.length ?? 0) <= 64;
}

export interface Mailbox {
  name?: string;
  address: string;
}

export function parseMailbox(value: string): Mailbox {
  const match = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (!match) return { address: value.trim() };
  const name = match[1]!.replace(/^"|"$/g, '').trim();
  return name ? { name, address: match[2]!.trim() } : { address: match[2]!.trim() };
}

/** Removes line breaks and other control characters from text bound for a mail header (names, subjects). */
export function headerSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}
