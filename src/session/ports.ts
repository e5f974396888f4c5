/**
 * The engine's I/O, as ports (DESIGN.md "Three rings"). The worker, the CLI and the unit tests each
 * provide their own implementation; the core never touches fetch, indexedDB, caches or self.
 */
import type { PlaybackConfiguration } from './config';
import type { SessionPlan } from './plan';
import type { LiveTimeline } from './live/liveTimeline';
import type { SessionRecord } from './sessionRecord';
import type { PrefetchRecord } from './prefetch/prefetchRecord';
import type { PrefetchSchedule } from './prefetch/prefetchSchedule';

export interface HttpResult {
  status: number;
  /** Final URL after redirects (base for relative URIs). */
  url: string;
  headers: Record<string, string>;
  text: string;
}

export interface FetchTextOptions {
  /** Abort after this many ms and reject with a StitchboxError(ADS_TIMEOUT / ORIGIN_FAILED). */
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** A beacon to deliver: `key` identifies the (session, avail, ad, event) so it is sent once. */
export interface BeaconJob {
  key: string;
  url: string;
  /** Epoch ms when the beacon became due (macros use it). */
  dueAt: number;
}

export interface Store {
  getConfig(name: string): Promise<PlaybackConfiguration | undefined>;
  putConfig(config: PlaybackConfiguration): Promise<void>;
  listConfigs(): Promise<PlaybackConfiguration[]>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  putSession(session: SessionRecord): Promise<void>;
  getPlan(sessionId: string): Promise<SessionPlan | undefined>;
  putPlan(sessionId: string, plan: SessionPlan): Promise<void>;
  /**
   * Atomically record that these beacons are due and queue them for delivery. Jobs whose key was
   * already recorded are dropped (DESIGN invariant 5). Returns the jobs newly queued.
   */
  enqueueBeacons(jobs: BeaconJob[]): Promise<BeaconJob[]>;
  /**
   * Atomically record keys in the same once-ledger, without queueing anything; returns the keys that were
   * not recorded before, in order. Two concurrent calls never both get a key. Keys start with
   * `<sessionId>/` so deleteSession removes them (StreamPackage's "already returned" set, protocols.md §17).
   */
  claimOnce(keys: string[], at: number): Promise<string[]>;
  /** The live timeline of a session (src/session/live), persisted after every change (invariant 7). */
  getLiveTimeline(sessionId: string): Promise<LiveTimeline | undefined>;
  putLiveTimeline(timeline: LiveTimeline): Promise<void>;
  /** Every stored session (for expiry, src/session/collectExpiredSessions.ts). */
  listSessions(): Promise<SessionRecord[]>;
  /**
   * Delete a session's records: the session, its plan, its live timeline, its prefetched ads and its entries
   * in the beacon ledger. Beacons still waiting in the outbox are kept and still delivered.
   */
  deleteSession(sessionId: string): Promise<void>;
  /** Prefetch schedules (src/session/prefetch), keyed by (PlaybackConfigurationName, Name); a put replaces. */
  putPrefetchSchedule(schedule: PrefetchSchedule): Promise<void>;
  /** Every schedule, or those of one configuration. */
  listPrefetchSchedules(configName?: string): Promise<PrefetchSchedule[]>;
  /** Whether a schedule was there to delete. */
  deletePrefetchSchedule(configName: string, name: string): Promise<boolean>;
  /** A session's prefetched ads, one record per schedule (keyed `<sessionId>/<schedule>`). */
  getPrefetch(key: string): Promise<PrefetchRecord | undefined>;
  putPrefetch(record: PrefetchRecord): Promise<void>;
  listPrefetches(sessionId: string): Promise<PrefetchRecord[]>;
}

export interface Ports {
  fetchText(url: string, opts?: FetchTextOptions): Promise<HttpResult>;
  store: Store;
  /** Epoch milliseconds. */
  now(): number;
  /** Cryptographically strong random bytes. */
  randomBytes(n: number): Uint8Array;
  /** Deliver queued beacons (the outbox); the engine calls it after enqueueBeacons. */
  flushBeacons(): Promise<void>;
  log(level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>): void;
  /** Resolve after `ms` (tests pass a controllable clock); default setTimeout. */
  sleep?(ms: number): Promise<void>;
}
