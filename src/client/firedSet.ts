/**
 * What the page has already fired, so nothing fires twice (protocols.md §19 "Beacon accuracy").
 *
 * In memory by default: enough for seeks back, replays and re-polled tracking within one page. With
 * `storage` (e.g. `sessionStorage`) under a key per session (the tracking URL), a reload of the same
 * session in the same tab keeps the set too. A storage that throws (quota, privacy mode) or holds garbage
 * leaves the in-memory set working: fail open.
 */
export interface FiredSet {
  has(key: string): boolean;
  add(key: string): void;
}

/** Keys kept per session; a long live session drops its oldest entries beyond this (they are behind the playhead). */
const MAX_KEYS = 5000;

export function createFiredSet(opts: { storage?: Pick<Storage, 'getItem' | 'setItem'>; storageKey?: string } = {}): FiredSet {
  const keys = new Set<string>();
  const { storage, storageKey } = opts;
  if (storage && storageKey) {
    try {
      const saved: unknown = JSON.parse(storage.getItem(storageKey) ?? '[]');
      if (Array.isArray(saved)) for (const k of saved) if (typeof k === 'string') keys.add(k);
    } catch { /* unreadable: start empty */ }
  }
  return {
    has: (k) => keys.has(k),
    add(k) {
      if (keys.has(k)) return;
      keys.add(k);
      if (keys.size > MAX_KEYS) keys.delete(keys.values().next().value as string);
      if (storage && storageKey) {
        try { storage.setItem(storageKey, JSON.stringify([...keys])); } catch { /* memory still holds it */ }
      }
    },
  };
}
