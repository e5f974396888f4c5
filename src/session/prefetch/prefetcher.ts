/**
 * Prefetch over the ports (see ./index.ts): retrieval in the background of live manifest requests, and the
 * claim a live break makes on a prefetched result when it starts its decision.
 */
import { decideAvail, type ErrorBeacon } from '../../ads/decideAvail';
import type { ContentShape } from '../../ads/contentShape';
import { expandAdsTemplate } from '../../ads/expandAdsTemplate';
import { expandMacros } from '../../vast/expandMacros';
import type { EffectiveSettings, PlaybackConfiguration } from '../config';
import type { PlannedAvail } from '../plan';
import type { Ports } from '../ports';
import type { SessionRecord } from '../sessionRecord';
import { criteriaOf, inRetrievalWindow, pickPrefetch, schedulesForSession, type BreakForPrefetch } from './matchPrefetch';
import { prefetchKey, type PrefetchRecord } from './prefetchRecord';
import type { PrefetchSchedule } from './prefetchSchedule';
import { prefetchTemplateVars } from './prefetchTemplateVars';

export interface RetrieveArgs {
  session: SessionRecord;
  config: PlaybackConfiguration;
  settings: EffectiveSettings;
  contentShape?: ContentShape;
}

export interface Prefetcher {
  /**
   * Start the retrievals this manifest request calls for: once per session and matching schedule whose
   * retrieval window holds `now`. Resolves when they are done; never rejects (failures are logged and
   * recorded). The caller does not wait for it before answering (it goes to the response's background).
   */
  retrieve(args: RetrieveArgs): Promise<void>;
  /**
   * The prefetched ads this break takes, marked as used by it (persisted first), or null: the break asks the
   * ADS as usual. Claims of one session run one at a time, in call order.
   */
  claim(sessionId: string, b: BreakForPrefetch): Promise<{ record: PrefetchRecord; avail: PlannedAvail } | null>;
}

export function createPrefetcher(ports: Ports): Prefetcher {
  const inflight = new Map<string, Promise<void>>();
  const claims = new Map<string, Promise<unknown>>();

  async function retrieveOne(s: PrefetchSchedule, args: RetrieveArgs): Promise<void> {
    const { session, config, settings } = args;
    const key = prefetchKey(session.id, s.Name);
    const now = ports.now();
    const had = await ports.store.getPrefetch(key);
    // Once per session and schedule. A retrieval left 'retrieving' by a worker stopped mid-request is run
    // again once its budget is long over (its answer can no longer come in).
    if (had && !(had.state === 'retrieving' && now - had.startedAt > 2 * settings.decisionBudgetMs)) return;
    const record: PrefetchRecord = {
      key, sessionId: session.id, scheduleName: s.Name, state: 'retrieving', startedAt: now, retrievedAt: null,
      consumeFrom: 0, consumeUntil: s.Consumption.EndTime * 1000, criteria: criteriaOf(s), avail: null, failure: null, consumedBy: null,
    };
    await ports.store.putPrefetch(record);
    const url = expandAdsTemplate(config.AdDecisionServerUrl, prefetchTemplateVars(session, s.Retrieval.DynamicVariables, Math.floor(Math.random() * 10_000_000_000))).url;
    // No break yet: no duration to fill (replaceCount 0 keeps every ad that can be stitched, and no slate).
    const { avail, errorBeacons } = await decideAvail({
      config, settings, session, scte: {}, asset: {}, deadline: now + settings.decisionBudgetMs,
      source: { kind: 'url', url }, contentShape: args.contentShape,
      slot: { index: 0, breakOrdinal: 0, contentTime: 0, originSegment: 0, replaceCount: 0, replacedDuration: 0, signalledDuration: null },
      deps: { fetchText: ports.fetchText, now: ports.now, loadSlate: async () => null },
    });
    const done = ports.now();
    record.retrievedAt = done;
    record.consumeFrom = s.Consumption.StartTime !== undefined ? s.Consumption.StartTime * 1000 : done;
    record.avail = avail;
    if (avail.failure || !avail.ads.length) {
      record.state = 'failed';
      record.failure = avail.failure ?? 'no ads';
      ports.log('warn', `prefetch ${s.Name}: no ads retrieved (${record.failure}); breaks ask the ADS as usual`, { sessionId: session.id, ads: url });
    } else {
      record.state = 'ready';
      ports.log('info', `prefetch ${s.Name}: ${avail.ads.length} ad(s) retrieved`, { sessionId: session.id });
    }
    await ports.store.putPrefetch(record);
    await fireErrorBeacons(session.id, s.Name, errorBeacons);
  }

  async function fireErrorBeacons(sessionId: string, name: string, beacons: ErrorBeacon[]) {
    if (!beacons.length) return;
    const now = ports.now();
    const jobs = beacons.map((b, k) => ({
      key: `${sessionId}/prefetch/${name}/error/${b.subject}/${k}`,
      url: expandMacros(b.url, { errorCode: b.errorCode, timestamp: now }),
      dueAt: now,
    }));
    await ports.store.enqueueBeacons(jobs).then(() => ports.flushBeacons()).catch((e) => ports.log('error', `prefetch error beacons: ${(e as Error).message}`));
  }

  return {
    async retrieve(args) {
      try {
        const now = ports.now();
        const due = schedulesForSession(await ports.store.listPrefetchSchedules(args.session.configName), args.session).filter((s) => inRetrievalWindow(s, now));
        const runs = due.map((s) => {
          const key = prefetchKey(args.session.id, s.Name);
          let p = inflight.get(key);
          if (!p) {
            // Registered before anything is awaited: concurrent manifest requests share one retrieval.
            p = retrieveOne(s, args).catch((e) => ports.log('error', `prefetch ${s.Name} failed: ${(e as Error).message}`, { sessionId: args.session.id }));
            inflight.set(key, p);
            void p.then(() => inflight.delete(key));
          }
          return p;
        });
        await Promise.all(runs);
      } catch (e) {
        ports.log('error', `prefetch schedules not read: ${(e as Error).message}`, { sessionId: args.session.id });
      }
    },

    claim(sessionId, b) {
      const prev = claims.get(sessionId) ?? Promise.resolve();
      const next = prev.then(async () => {
        try {
          const record = pickPrefetch(await ports.store.listPrefetches(sessionId), b);
          if (!record) return null;
          if (record.consumedBy !== b.key) {
            record.consumedBy = b.key;
            await ports.store.putPrefetch(record);
            ports.log('info', `live break ${b.key} uses the ads of prefetch ${record.scheduleName}`, { sessionId });
          }
          return { record, avail: record.avail! };
        } catch (e) {
          // Fail open: the break asks the ADS.
          ports.log('error', `prefetch claim failed: ${(e as Error).message}`, { sessionId });
          return null;
        }
      });
      const tail = next.catch(() => undefined);
      claims.set(sessionId, tail);
      void tail.then(() => { if (claims.get(sessionId) === tail) claims.delete(sessionId); });
      return next;
    },
  };
}
