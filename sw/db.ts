/**
 * The IndexedDB schema (idb's typed DBSchema, one lazily opened connection, a versioned upgrade).
 * Everything a later request needs lives here, never only in worker memory (DESIGN invariant 7).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { PlaybackConfiguration } from '../src/session/config';
import type { LiveTimeline } from '../src/session/live/liveTimeline';
import type { SessionPlan } from '../src/session/plan';
import type { BeaconJob } from '../src/session/ports';
import type { PrefetchRecord } from '../src/session/prefetch/prefetchRecord';
import type { PrefetchSchedule } from '../src/session/prefetch/prefetchSchedule';
import type { SessionRecord } from '../src/session/sessionRecord';

export interface OutboxEntry extends BeaconJob {
  /** Enqueue order, so beacons of one moment go out in the order they were due (impression before start). */
  seq: number;
  attempts: number;
  /** Epoch ms before which the entry is not retried (backoff). */
  notBefore: number;
  /** Set while its request is being sent (sw/outbox.ts): a worker stopped mid-send leaves it, and it counts as sent. */
  inFlightAt?: number;
}

export interface StitchboxDB extends DBSchema {
  configs: { key: string; value: PlaybackConfiguration };
  sessions: { key: string; value: SessionRecord };
  plans: { key: string; value: { sessionId: string; plan: SessionPlan } };
  /** Keys of beacons already due once: the exactly-once ledger (invariant 5). */
  fired: { key: string; value: { key: string; at: number } };
  outbox: { key: string; value: OutboxEntry };
  /** Live sessions' timelines (version 2). */
  timelines: { key: string; value: LiveTimeline };
  /** Prefetch schedules, keyed [PlaybackConfigurationName, Name] (version 3). */
  prefetchSchedules: { key: [string, string]; value: PrefetchSchedule };
  /** Sessions' prefetched ads, keyed `<sessionId>/<schedule Name>` (version 3). */
  prefetches: { key: string; value: PrefetchRecord };
}

export const DB_NAME = 'stitchbox';
export const DB_VERSION = 3;

let dbPromise: Promise<IDBPDatabase<StitchboxDB>> | null = null;

export function db(): Promise<IDBPDatabase<StitchboxDB>> {
  dbPromise ??= openDB<StitchboxDB>(DB_NAME, DB_VERSION, {
    // Each step only adds: a database left at an older version by a previous worker keeps its stores.
    upgrade(d, oldVersion) {
      if (oldVersion < 1) {
        d.createObjectStore('configs', { keyPath: 'Name' });
        d.createObjectStore('sessions', { keyPath: 'id' });
        d.createObjectStore('plans', { keyPath: 'sessionId' });
        d.createObjectStore('fired', { keyPath: 'key' });
        d.createObjectStore('outbox', { keyPath: 'key' });
      }
      if (oldVersion < 2) {
        d.createObjectStore('timelines', { keyPath: 'sessionId' });
      }
      if (oldVersion < 3) {
        d.createObjectStore('prefetchSchedules', { keyPath: ['PlaybackConfigurationName', 'Name'] });
        d.createObjectStore('prefetches', { keyPath: 'key' });
      }
    },
    terminated() { dbPromise = null; },
  }).catch((e) => { dbPromise = null; throw e; });
  return dbPromise;
}
