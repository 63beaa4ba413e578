// A per-process cache whose entries are valid for one content version (read from the database) and until a time,
// so several processes stay correct without talking to each other.
// Example: cache.get('home', version, now) ?? cache.set('home', version, validUntil, await load())
export interface VersionedEntry<T> {
  version: number;
  validUntil: number;
  value: T;
}

export class VersionedCache<T> {
  readonly #entries = new Map<string, VersionedEntry<T>>();
  readonly #maxEntries: number;

  constructor(maxEntries = 500) {
    this.#maxEntries = maxEntries;
  }

  /** Whether anything is kept under `key`, of whatever version: a cheap test before reading the version. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, version: number, now: Date): T | undefined {
    const entry = this.#entries.get(key);
    if (!entry || entry.version !== version || now.getTime() >= entry.validUntil) return undefined;
    return entry.value;
  }

  set(key: string, version: number, validUntil: Date | number, value: T): T {
    if (this.#entries.size >= this.#maxEntries && !this.#entries.has(key)) {
      // Oldest first: Map keeps insertion order.
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { version, validUntil: typeof validUntil === 'number' ? validUntil : validUntil.getTime(), value });
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
