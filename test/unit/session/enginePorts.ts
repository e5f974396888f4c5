/**
 * Engine ports for tests in Node: the real fetch port and the real IndexedDB store (on fake-indexeddb), with
 * ADS requests and beacon deliveries recorded. Only beacon delivery is replaced, at the network boundary:
 * the worker's outbox runs, and its send records the URL (macros filled) instead of making the request.
 */
import { randomBytes } from 'node:crypto';
import type { Ports, Store } from '../../../src/session/ports';
import { fetchText } from '../../../sw/fetchText';
import { createOutbox } from '../../../sw/outbox';

export interface Recorded {
  adsRequests: string[];
  delivered: string[];
  logs: string[];
}

export function recordingPorts(store: Store, rec: Recorded): Ports {
  const outbox = createOutbox({ send: async (url) => { rec.delivered.push(url); return true; }, now: () => Date.now() });
  return {
    fetchText: async (url, opts) => { if (/\/ads\/(vast|vmap)/.test(url)) rec.adsRequests.push(url); return fetchText(url, opts); },
    store,
    now: () => Date.now(),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    // The worker's outbox (sw/outbox.ts) over the same IndexedDB, its send recorded instead of made.
    flushBeacons: () => outbox.flush(),
    log: (level, message) => { rec.logs.push(`${level}: ${message}`); },
  };
}
