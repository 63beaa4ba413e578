// The starred session ids a browser sends in the personal agenda's address (?s=a,b,c) or in a form: comma- or
// space-separated UUIDs; anything else in the list is dropped, duplicates kept once, in the order given.
// Example: parseStarIds('0190…-…,nonsense, 0190…-…') → ['0190…-…']
import { isUuid } from '../../lib/ids.ts';

/** More stars than any agenda has sessions is a crafted address; the rest is ignored. */
export const MAX_STARS = 500;

export function parseStarIds(raw: string | undefined): string[] {
  if (!raw) return [];
  const ids = new Set<string>();
  for (const part of raw.split(/[\s,]+/)) {
    const id = part.toLowerCase();
    if (isUuid(id)) ids.add(id);
    if (ids.size === MAX_STARS) break;
  }
  return [...ids];
}

/** The form the address and hidden fields carry: the ids joined by commas. */
export const formatStarIds = (ids: readonly string[]) => ids.join(',');
