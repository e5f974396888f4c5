/**
 * Page-side entry: register the stitchbox worker (workbox-window) and wait until it controls the page, so
 * that the player's very first manifest request already goes through it.
 */
// Type only: workbox-window is loaded when a page registers (below), so that importing `stitchbox` in Node
// (server-side rendering, tests) works: its package has no ESM entry Node can read (a UMD `main` only).
import type { Workbox } from 'workbox-window';
import type { PlaybackConfiguration } from '../session/config';
import type { ClientMessage, PageBeacon, WorkerReply } from '../session/messages';
import type { PrefetchSchedule } from '../session/prefetch/prefetchSchedule';

export interface Stitchbox {
  workbox: Workbox;
  /** Install (or replace) a playback configuration in the worker; rejects with the validation messages. */
  putConfig(config: unknown): Promise<PlaybackConfiguration>;
  listConfigs(): Promise<PlaybackConfiguration[]>;
  /**
   * Install (or replace) a prefetch schedule (MediaTailor CreatePrefetchSchedule shape: protocols.md §10);
   * rejects with the validation messages (StitchboxConfigError). Resolves with the stored form (epoch seconds).
   */
  putPrefetchSchedule(schedule: unknown): Promise<PrefetchSchedule>;
  /** The installed schedules, all or those of one configuration. */
  listPrefetchSchedules(configName?: string): Promise<PrefetchSchedule[]>;
  /** Delete a schedule; resolves with whether there was one. Ads sessions already retrieved stay theirs. */
  deletePrefetchSchedule(configName: string, name: string): Promise<boolean>;
  /**
   * Hand beacons to the worker's outbox (client-side reporting): written to IndexedDB before they are sent,
   * retried with backoff, kept while offline, each key queued once. Resolves with how many were new.
   */
  sendBeacons(beacons: PageBeacon[]): Promise<number>;
  /** Tell the worker the network is back (the page's `online` event): waiting beacons go at once. */
  flushBeacons(): Promise<void>;
  /**
   * A `fireBeacons` for attachAdTimeline that sends through the worker's outbox; `sessionId` scopes the keys.
   * It also relays the page's `online` events to the worker while the page lives.
   */
  beaconSender(sessionId: string): (url: string, key: string) => void;
}

export class StitchboxConfigError extends Error {
  readonly errors: string[];
  constructor(message: string, errors: string[]) {
    super(message);
    this.name = 'StitchboxConfigError';
    this.errors = errors;
  }
}

async function digest(text: string): Promise<string> {
  const h = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function untilControlled(): Promise<void> {
  if (navigator.serviceWorker.controller) return;
  await new Promise<void>((resolve) => {
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true });
  });
}

export async function registerStitchbox(opts: { url?: string; scope?: string } = {}): Promise<Stitchbox> {
  if (!('serviceWorker' in navigator)) throw new Error('stitchbox needs service workers (a secure context: https or localhost)');
  const { Workbox: WorkboxClass } = await import('workbox-window');
  const wb = new WorkboxClass(opts.url ?? '/stitchbox-sw.js', { scope: opts.scope ?? '/', type: 'module' });
  await wb.register();
  await navigator.serviceWorker.ready;
  await untilControlled();
  const send = async (msg: ClientMessage): Promise<WorkerReply> => (await wb.messageSW(msg)) as WorkerReply;
  let onlineRelay = false;
  async function sendBeacons(beacons: PageBeacon[]): Promise<number> {
    const r = await send({ type: 'stitchbox:sendBeacons', beacons });
    if (!r.ok) throw new Error(r.error);
    return r.queued ?? 0;
  }
  async function flushBeacons(): Promise<void> {
    const r = await send({ type: 'stitchbox:flushBeacons' });
    if (!r.ok) throw new Error(r.error);
  }
  return {
    workbox: wb,
    async putConfig(config) {
      const r = await send({ type: 'stitchbox:putConfig', config });
      if (!r.ok) throw new StitchboxConfigError(r.error, r.errors ?? [r.error]);
      return r.config!;
    },
    async listConfigs() {
      const r = await send({ type: 'stitchbox:listConfigs' });
      if (!r.ok) throw new Error(r.error);
      return r.configs ?? [];
    },
    async putPrefetchSchedule(schedule) {
      const r = await send({ type: 'stitchbox:putPrefetchSchedule', schedule });
      if (!r.ok) throw new StitchboxConfigError(r.error, r.errors ?? [r.error]);
      return r.schedule!;
    },
    async listPrefetchSchedules(configName) {
      const r = await send({ type: 'stitchbox:listPrefetchSchedules', ...(configName !== undefined ? { configName } : {}) });
      if (!r.ok) throw new Error(r.error);
      return r.schedules ?? [];
    },
    async deletePrefetchSchedule(configName, name) {
      const r = await send({ type: 'stitchbox:deletePrefetchSchedule', configName, name });
      if (!r.ok) throw new Error(r.error);
      return r.deleted === true;
    },
    sendBeacons,
    flushBeacons,
    beaconSender(sessionId) {
      if (!onlineRelay) { onlineRelay = true; addEventListener('online', () => { void flushBeacons().catch(() => undefined); }); }
      return (url, key) => {
        const dueAt = Date.now();
        // The key holds the beacon URL as listed, which can be long: the ledger keeps a digest of it.
        void digest(`${sessionId}\n${key}`)
          .then((k) => sendBeacons([{ key: k, url, dueAt }]))
          .catch((e) => console.error('[stitchbox] beacon not handed to the worker', e));
      };
    },
  };
}
