/** The engine's Store port on IndexedDB (records layer over sw/db.ts). */
import type { BeaconJob, Store } from '../src/session/ports';
import { db } from './db';

export function createIdbStore(): Store {
  return {
    async getConfig(name) { return (await db()).get('configs', name); },
    async putConfig(config) { await (await db()).put('configs', config); },
    async listConfigs() { return (await db()).getAll('configs'); },
    async getSession(id) { return (await db()).get('sessions', id); },
    async putSession(session) { await (await db()).put('sessions', session); },
    async getPlan(sessionId) { return (await (await db()).get('plans', sessionId))?.plan; },
    async putPlan(sessionId, plan) { await (await db()).put('plans', { sessionId, plan }); },
    async getLiveTimeline(sessionId) { return (await db()).get('timelines', sessionId); },
    async putLiveTimeline(timeline) { await (await db()).put('timelines', timeline); },
    async listSessions() { return (await db()).getAll('sessions'); },
    async deleteSession(sessionId) {
      const d = await db();
      const tx = d.transaction(['sessions', 'plans', 'timelines', 'fired', 'prefetches'], 'readwrite');
      // Ledger and prefetch keys start with `<sessionId>/` (engine.ts, prefetchRecord.ts); '\uffff' sorts after every key character used.
      const ofSession = IDBKeyRange.bound(`${sessionId}/`, `${sessionId}/\uffff`);
      await Promise.all([
        tx.objectStore('sessions').delete(sessionId),
        tx.objectStore('plans').delete(sessionId),
        tx.objectStore('timelines').delete(sessionId),
        tx.objectStore('fired').delete(ofSession),
        tx.objectStore('prefetches').delete(ofSession),
        tx.done,
      ]);
    },
    async putPrefetchSchedule(schedule) { await (await db()).put('prefetchSchedules', schedule); },
    async listPrefetchSchedules(configName) {
      const all = await (await db()).getAll('prefetchSchedules');
      return configName === undefined ? all : all.filter((s) => s.PlaybackConfigurationName === configName);
    },
    async deletePrefetchSchedule(configName, name) {
      const d = await db();
      const tx = d.transaction('prefetchSchedules', 'readwrite');
      const had = (await tx.store.getKey([configName, name])) !== undefined;
      if (had) await tx.store.delete([configName, name]);
      await tx.done;
      return had;
    },
    async getPrefetch(key) { return (await db()).get('prefetches', key); },
    async putPrefetch(record) { await (await db()).put('prefetches', record); },
    async listPrefetches(sessionId) { return (await db()).getAll('prefetches', IDBKeyRange.bound(`${sessionId}/`, `${sessionId}/\uffff`)); },
    async claimOnce(keys, at) {
      // One readwrite transaction, as in enqueueBeacons: overlapping claims are serialised by IndexedDB.
      const tx = (await db()).transaction('fired', 'readwrite');
      const claimed: string[] = [];
      for (const key of keys) {
        if (await tx.store.getKey(key)) continue;
        await tx.store.put({ key, at });
        claimed.push(key);
      }
      await tx.done;
      return claimed;
    },
    async enqueueBeacons(jobs) {
      // One readwrite transaction over the ledger and the outbox: IndexedDB serialises overlapping
      // readwrite transactions, so two requests racing for the same beacon cannot both queue it.
      // Nothing but IndexedDB work is awaited inside it (idb "transaction lifetime").
      const d = await db();
      const tx = d.transaction(['fired', 'outbox'], 'readwrite');
      const fired = tx.objectStore('fired');
      const outbox = tx.objectStore('outbox');
      const queued: BeaconJob[] = [];
      let seq = Date.now() * 1000;
      for (const job of jobs) {
        if (await fired.getKey(job.key)) continue;
        await fired.put({ key: job.key, at: job.dueAt });
        await outbox.put({ ...job, seq: seq++, attempts: 0, notBefore: 0 });
        queued.push(job);
      }
      await tx.done;
      return queued;
    },
  };
}
