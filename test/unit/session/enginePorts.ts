/**
 * Engine ports for tests in Node: the real fetch port and the real IndexedDB store (on fake-indexeddb), with
 * ADS requests and beacon deliveries recorded. Only beacon delivery is replaced, at the network boundary:
 * the recorder takes what the outbox holds, in the order the worker would send it.
 */
import { randomBytes } from 'node:crypto';
import type { Ports, Store } from '../../../src/session/ports';
import { fetchText } from '../../../sw/fetchText';
import { db } from '../../../sw/db';
import { readyEntries } from '../../../sw/outbox';

export interface Recorded {
  adsRequests: string[];
  delivered: string[];
  logs: string[];
}

export function recordingPorts(store: Store, rec: Recorded): Ports {
  return {
    fetchText: async (url, opts) => { if (/\/ads\/(vast|vmap)/.test(url)) rec.adsRequests.push(url); return fetchText(url, opts); },
    store,
    now: () => Date.now(),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    async flushBeacons() {
      const d = await db();
      for (const e of await readyEntries(Date.now())) { rec.delivered.push(e.url); await d.delete('outbox', e.key); }
    },
    log: (level, message) => { rec.logs.push(`${level}: ${message}`); },
  };
}
