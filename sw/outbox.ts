/**
 * Beacon delivery from the IndexedDB outbox (workbox-background-sync's pattern: the queue is durable and is
 * replayed on the next start). An entry leaves the outbox only once its request went out.
 */
import { expandMacros } from '../src/vast/expandMacros';
import { db, type OutboxEntry } from './db';

const MAX_BACKOFF_MS = 5 * 60_000;

let running: Promise<void> | null = null;
let again = false;

async function send(entry: OutboxEntry): Promise<boolean> {
  // Macros are filled at send time with the time the beacon was due (VAST 4.1 §6.1 [TIMESTAMP]).
  const url = expandMacros(entry.url, { timestamp: entry.dueAt });
  try {
    // no-cors: ad servers rarely answer CORS for pixels; an opaque response still means the hit was made.
    await fetch(url, { method: 'GET', mode: 'no-cors', credentials: 'omit', cache: 'no-store', keepalive: true });
    return true;
  } catch {
    return false; // network down: keep it for later
  }
}

/** Outbox entries ready to go at `now`, in the order they became due. */
export async function readyEntries(now: number): Promise<OutboxEntry[]> {
  const d = await db();
  return (await d.getAll('outbox')).filter((e) => e.notBefore <= now).sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
}

async function drain(): Promise<void> {
  const d = await db();
  const entries = await readyEntries(Date.now());
  for (const entry of entries) {
    if (await send(entry)) {
      await d.delete('outbox', entry.key);
    } else {
      const attempts = entry.attempts + 1;
      await d.put('outbox', { ...entry, attempts, notBefore: Date.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts) });
    }
  }
}

/** Deliver what is due; concurrent calls join the running pass and trigger one more pass after it. */
export function flushOutbox(): Promise<void> {
  if (running) { again = true; return running; }
  running = (async () => {
    try {
      do { again = false; await drain(); } while (again);
    } finally {
      running = null;
    }
  })();
  return running;
}
