/**
 * Per-session serialisation of state updates (protocols.md §1.5: MediaTailor answers parallel playlist loads of one
 * session with 409; stitchbox serialises them instead). In memory: it only orders work inside one worker; the state
 * itself is in IndexedDB (DESIGN invariant 7). Shared by the HLS and DASH live stitchers.
 */
export type SessionLock = <T>(id: string, fn: () => Promise<T>) => Promise<T>;

export function createSessionLock(): SessionLock {
  const locks = new Map<string, Promise<unknown>>();
  return function locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = locks.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    locks.set(id, tail);
    void tail.then(() => { if (locks.get(id) === tail) locks.delete(id); });
    return next;
  };
}
