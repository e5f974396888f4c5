/**
 * Session expiry (issue 5 item 7): a session not seen for `idleMs` is gone, and its IndexedDB records with
 * it. MediaTailor expires a session after 10× the manifest duration of inactivity (protocols.md §1.5);
 * stitchbox makes the idle time a setting (Stitchbox.SessionIdleTimeoutSeconds) because the worker cannot
 * know every session's manifest duration without loading it.
 */
import type { Store } from './ports';

/** Delete every session idle since before `now - idleMs`; returns the ids deleted. */
export async function collectExpiredSessions(store: Store, now: number, idleMs: number): Promise<string[]> {
  const expired = (await store.listSessions()).filter((s) => now - (s.lastSeenAt ?? s.createdAt) > idleMs).map((s) => s.id);
  for (const id of expired) await store.deleteSession(id);
  return expired;
}
