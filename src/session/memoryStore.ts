/**
 * The Store port (ports.ts) in memory: for the `stitchbox stitch` command line (one process, one session, nothing
 * kept) and for tests that run the real engine in Node. Values are cloned on the way in and out, as IndexedDB's
 * structured clone does (sw/idbStore.ts), so the engine cannot come to rely on sharing objects with the store.
 * The once-ledger is a set of keys: single-threaded JavaScript makes enqueueBeacons and claimOnce atomic here.
 */
import type { PlaybackConfiguration } from './config';
import type { LiveTimeline } from './live/liveTimeline';
import type { SessionPlan } from './plan';
import type { Store } from './ports';
import type { PrefetchRecord } from './prefetch/prefetchRecord';
import type { PrefetchSchedule } from './prefetch/prefetchSchedule';
import type { SessionRecord } from './sessionRecord';

export interface MemoryStore extends Store {
  /** The live timelines by session id, held as stored (tests and benchmarks read and seed them directly). */
  readonly timelines: Map<string, LiveTimeline>;
}

export function createMemoryStore(): MemoryStore {
  const configs = new Map<string, PlaybackConfiguration>();
  const sessions = new Map<string, SessionRecord>();
  const plans = new Map<string, SessionPlan>();
  const timelines = new Map<string, LiveTimeline>();
  const fired = new Set<string>();
  const schedules = new Map<string, PrefetchSchedule>();
  const prefetches = new Map<string, PrefetchRecord>();
  const c = <T>(v: T): T => (v === undefined ? v : structuredClone(v));
  return {
    timelines,
    async getConfig(n) { return c(configs.get(n)); },
    async putConfig(v) { configs.set(v.Name, c(v)); },
    async listConfigs() { return [...configs.values()].map(c); },
    async getSession(id) { return c(sessions.get(id)); },
    async putSession(s) { sessions.set(s.id, c(s)); },
    async getPlan(id) { return c(plans.get(id)); },
    async putPlan(id, p) { plans.set(id, c(p)); },
    async enqueueBeacons(jobs) { const q = jobs.filter((j) => !fired.has(j.key)); q.forEach((j) => fired.add(j.key)); return q; },
    async claimOnce(keys) { const q = keys.filter((k) => !fired.has(k)); q.forEach((k) => fired.add(k)); return q; },
    async getLiveTimeline(id) { return c(timelines.get(id)); },
    async putLiveTimeline(t) { timelines.set(t.sessionId, c(t)); },
    async listSessions() { return [...sessions.values()].map(c); },
    async deleteSession(id) {
      sessions.delete(id); plans.delete(id); timelines.delete(id);
      for (const k of [...fired]) if (k.startsWith(`${id}/`)) fired.delete(k);
      for (const k of [...prefetches.keys()]) if (k.startsWith(`${id}/`)) prefetches.delete(k);
    },
    async putPrefetchSchedule(s) { schedules.set(`${s.PlaybackConfigurationName}/${s.Name}`, c(s)); },
    async listPrefetchSchedules(name) { return [...schedules.values()].filter((s) => name === undefined || s.PlaybackConfigurationName === name).map(c); },
    async deletePrefetchSchedule(name, n) { return schedules.delete(`${name}/${n}`); },
    async getPrefetch(key) { return c(prefetches.get(key)); },
    async putPrefetch(r) { prefetches.set(r.key, c(r)); },
    async listPrefetches(id) { return [...prefetches.values()].filter((r) => r.sessionId === id).map(c); },
  };
}
