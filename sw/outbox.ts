/**
 * Beacon delivery from the IndexedDB outbox (workbox-background-sync's pattern: the queue is durable and is
 * replayed on the next start). An entry leaves the outbox only once its request went out (DESIGN invariant 5:
 * not lost when the network is down).
 *
 * When a send fails the entry backs off (1 s, 2 s, 4 s ... 5 min) and a Background Sync is registered where the
 * browser has one, so the browser wakes the worker when it is online again. A sign that the network is back
 * (a send that went through, any successful fetch of the worker's, the page's `online` event relayed by the
 * client) retries every waiting entry at once instead of waiting out its backoff.
 */
import { expandMacros } from '../src/vast/expandMacros';
import { db, type OutboxEntry } from './db';

export const MAX_BACKOFF_MS = 5 * 60_000;
export const SYNC_TAG = 'stitchbox-beacons';

export interface OutboxDeps {
  /** Sends one beacon; false when the network refused it (the entry stays). */
  send(url: string): Promise<boolean>;
  now(): number;
  /** Asks the browser to wake the worker when it is online again (Background Sync); may be absent. */
  registerSync?(): Promise<void>;
}

/** Backoff after `attempts` failed sends: 1 s, 2 s, 4 s, ... at most MAX_BACKOFF_MS. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** Entries to send now, in the order they became due; `retryNow` also takes those still backing off. */
export function pickReady(entries: readonly OutboxEntry[], now: number, retryNow: boolean): OutboxEntry[] {
  return entries.filter((e) => retryNow || e.notBefore <= now).sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
}

export interface Outbox {
  /**
   * Deliver what is due. `retryNow`: the network is known to be back, so entries waiting out a backoff go too.
   * Concurrent calls join the running pass and trigger one more pass after it (no entry is sent twice at once).
   */
  flush(opts?: { retryNow?: boolean }): Promise<void>;
  /** Whether the last pass left entries waiting for the network. */
  readonly waiting: boolean;
}

export function createOutbox(deps: OutboxDeps): Outbox {
  let running: Promise<void> | null = null;
  let again = false;
  let againRetryNow = false;
  let waiting = false;

  async function drain(retryNow: boolean): Promise<void> {
    const d = await db();
    let up = retryNow;
    let failed = 0;
    const all = await d.getAll('outbox');
    // An entry marked in flight by a worker that was stopped before it heard back: its request was dispatched with
    // keepalive, which the browser completes after the worker is gone, so it counts as sent. Sending it again would
    // fire the beacon twice (invariant 5; seen in the worker-stopped e2e run). Within one worker, passes never
    // overlap (`running`), so no live pass owns a marked entry here.
    for (const e of all.filter((x) => x.inFlightAt !== undefined)) await d.delete('outbox', e.key);
    for (const entry of pickReady(all.filter((x) => x.inFlightAt === undefined), deps.now(), retryNow)) {
      // Macros are filled at send time with the time the beacon was due (VAST 4.1 §6.1 [TIMESTAMP]), so a beacon
      // sent late still carries its original time.
      const url = expandMacros(entry.url, { timestamp: entry.dueAt });
      await d.put('outbox', { ...entry, inFlightAt: deps.now() });
      if (await deps.send(url)) {
        await d.delete('outbox', entry.key);
        if (!up && failed === 0) {
          // The network works: entries backing off from an earlier outage go in the next pass.
          up = true;
          again = true;
          againRetryNow = true;
        }
      } else {
        failed++;
        const attempts = entry.attempts + 1;
        await d.put('outbox', { ...entry, attempts, notBefore: deps.now() + backoffMs(attempts), inFlightAt: undefined });
        // The network is down: the rest would fail the same way. They stay due and go with the next pass.
        break;
      }
    }
    waiting = (await d.count('outbox')) > 0 && failed > 0;
    if (failed > 0 && deps.registerSync) await deps.registerSync().catch(() => undefined);
  }

  return {
    get waiting() { return waiting; },
    flush(opts = {}) {
      if (running) {
        again = true;
        againRetryNow ||= opts.retryNow === true;
        return running;
      }
      running = (async () => {
        try {
          let retryNow = opts.retryNow === true;
          do {
            again = false;
            againRetryNow = false;
            await drain(retryNow);
            retryNow = againRetryNow;
          } while (again);
        } finally {
          running = null;
        }
      })();
      return running;
    },
  };
}

/** The worker's beacon send: a GET, no-cors (ad servers rarely answer CORS for pixels; an opaque answer still means the hit was made). */
export async function sendBeacon(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: 'GET', mode: 'no-cors', credentials: 'omit', cache: 'no-store', keepalive: true });
    return true;
  } catch {
    return false; // network down: keep it for later
  }
}
