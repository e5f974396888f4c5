/**
 * Prefetch schedules end to end (protocols.md §10): the real engine against the demo server's live simulator
 * and sample ADS over HTTP, the IndexedDB store on fake-indexeddb, ADS requests recorded at the network
 * boundary (enginePorts.ts).
 *
 * The simulator runs at 16x with a 20 s window and a 16 s break every 60 s (offset 10 s): break k starts at
 * segment 5 + 30k with event id 1000 + k (demo/server/live/breakSignal.ts). The session starts at stream time
 * 50 s, when the window (30-50 s) holds no break; break 1 appears ~1.4 s later, break 2 ~5.1 s later.
 *
 * The ADS template sends [scte.event_id] as `avail` and [scte.avail_num] as `sid`, which the sample ADS
 * echoes into the ad ids (`<sid>-a<avail>-<n>-ad6`): the schedules set `scte.avail_num` to `pf`, so an ad
 * whose id starts `pf-` came from the prefetch request, never from a break's own.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src/session/engine';
import { parseConfig } from '../../../../src/session/config';
import { collectExpiredSessions } from '../../../../src/session/collectExpiredSessions';
import { installPrefetchSchedule } from '../../../../src/session/prefetch/installPrefetchSchedule';
import type { LiveBreak, LiveTimeline } from '../../../../src/session/live/liveTimeline';
import type { Ports } from '../../../../src/session/ports';
import { createIdbStore } from '../../../../sw/idbStore';
import { startDemoServer } from '../../../../demo/server/startDemoServer';
import { recordingPorts, type Recorded } from '../enginePorts';

let server: { url: string; close(): Promise<void> | void };
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

const SPEED = 16;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface World {
  ports: Ports;
  rec: Recorded;
  engine: Engine;
  sessionId: string;
  mediaPath: string;
  trackingPath: string;
  /** The ADS answers to the prefetch requests are held until released (a gate at the network boundary). */
  release(): void;
  /** GET through the current engine; its background work is returned, not awaited. */
  get(path: string): Promise<{ text: string; background: Promise<unknown>[] }>;
  timeline(): Promise<LiveTimeline>;
  /** Every break the timeline has held, latest state (breaks that left the window may be pruned from it). */
  seen: Map<string, LiveBreak>;
  /** Refresh the media playlist until `done` holds for the breaks seen (or give up after `ms`). */
  until(done: (breaks: LiveBreak[]) => boolean, ms?: number): Promise<LiveBreak[]>;
}

/** Each test has its own configuration (the IndexedDB of the file is shared), named `config`. */
async function world(config: string, schedules: Record<string, unknown>[], streamId = 'sports'): Promise<World> {
  const store = createIdbStore();
  const rec: Recorded = { adsRequests: [], delivered: [], logs: [] };
  const base = recordingPorts(store, rec);
  let open!: () => void;
  const gate = new Promise<void>((r) => { open = r; });
  const ports: Ports = {
    ...base,
    fetchText: async (url, opts) => { const res = base.fetchText(url, opts); if (url.includes('sid=pf')) await gate; return res; },
  };
  await store.putConfig(parseConfig({
    Name: config, VideoContentSourceUrl: `${server.url}/origin`,
    AdDecisionServerUrl: `${server.url}/ads/vast?pod=2&durations=6&avail=[scte.event_id]&sid=[scte.avail_num]`,
    SlateAdUrl: `${server.url}/ads/media/slate/master.m3u8`,
  }));
  for (const s of schedules) await installPrefetchSchedule(store, { ...s, PlaybackConfigurationName: config }, Date.now());
  const w: World = {
    ports, rec, engine: createEngine(ports, { scope: '/' }), sessionId: '', mediaPath: '', trackingPath: '', release: open, seen: new Map(),
    async get(path) {
      const r = await w.engine.handle({ method: 'GET', url: `http://localhost${path}`, headers: {}, body: async () => '' });
      return { text: r!.response.kind === 'body' ? String(r!.response.body) : '', background: r!.background };
    },
    async timeline() { return (await store.getLiveTimeline(w.sessionId))!; },
    async until(done, ms = 15_000) {
      const stop = Date.now() + ms;
      for (;;) {
        const { background } = await w.get(w.mediaPath);
        await Promise.allSettled(background);
        for (const b of (await w.timeline()).breaks) w.seen.set(b.key, b);
        const breaks = [...w.seen.values()].sort((a, b) => a.startMsn - b.startMsn);
        if (done(breaks)) return breaks;
        if (Date.now() > stop) throw new Error(`timed out; breaks ${JSON.stringify(breaks.map((b) => [b.key, b.state, b.failure]))}; ${w.rec.logs.join('\n')}`);
        await sleep(100);
      }
    },
  };
  const body = JSON.stringify({ streamId, cue: 'daterange', speed: String(SPEED), every: '60', window: '20', t0: String(Date.now() - 50_000 / SPEED) });
  const r = await w.engine.handle({ method: 'POST', url: `http://localhost/v1/session/a/${config}/live/master.m3u8`, headers: {}, body: async () => body });
  const { manifestUrl, trackingUrl } = JSON.parse(String((r!.response as { body: string }).body)) as { manifestUrl: string; trackingUrl: string };
  w.sessionId = new URL(manifestUrl, 'http://localhost').searchParams.get('aws.sessionId')!;
  w.trackingPath = trackingUrl;
  const master = await w.get(manifestUrl);
  w.mediaPath = master.text.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
  return w;
}

const secs = (msFromNow: number) => Math.floor((Date.now() + msFromNow) / 1000);
const query = (url: string) => new URL(url).searchParams;
const adIds = (b: LiveBreak) => b.avail!.ads.map((a) => a.vastAdId);
const ready = (breaks: LiveBreak[]) => breaks.filter((b) => b.state === 'ready');

describe('prefetch schedules on a live session', () => {
  it('retrieves once in the background before the break; the first break in the window uses the ads without an ADS request, also after a restart', async () => {
    const w = await world('first', [
      { Name: 'first-break', PlaybackConfigurationName: 'live', StreamId: 'sports',
        Retrieval: { EndTime: secs(60_000), DynamicVariables: { 'scte.event_id': '7777', 'scte.avail_num': 'pf' } }, Consumption: { EndTime: secs(120_000) } },
      // Another stream's schedule: not this session's.
      { Name: 'news-only', PlaybackConfigurationName: 'live', StreamId: 'news',
        Retrieval: { EndTime: secs(60_000), DynamicVariables: { 'scte.avail_num': 'pf' } }, Consumption: { EndTime: secs(120_000) } },
    ]);

    // The first media playlist is answered while the prefetch's ADS answer is still held at the gate.
    const first = await w.get(w.mediaPath);
    let retrieved = false;
    void Promise.allSettled(first.background).then(() => { retrieved = true; });
    await sleep(0);
    expect(retrieved).toBe(false);
    expect(first.text).toContain('#EXTINF');
    expect(first.text).not.toContain('/v1/segment/');
    for (let i = 0; w.rec.adsRequests.length === 0; i++) { if (i > 300) throw new Error(w.rec.logs.join('\n')); await sleep(10); }
    const pending = await w.ports.store.getPrefetch(`${w.sessionId}/first-break`);
    expect(pending?.state).toBe('retrieving');
    // Refreshes in the retrieval window do not ask again (while it runs, nor after).
    const more: Promise<unknown>[] = [];
    for (let i = 0; i < 3; i++) more.push(...(await w.get(w.mediaPath)).background);
    w.release();
    await Promise.allSettled([...first.background, ...more]);
    expect(w.rec.adsRequests).toHaveLength(1);
    const q = query(w.rec.adsRequests[0]);
    expect(q.get('avail')).toBe('7777');
    expect(q.get('sid')).toBe('pf');
    const stored = (await w.ports.store.getPrefetch(`${w.sessionId}/first-break`))!;
    expect(stored.state).toBe('ready');
    expect(stored.avail!.ads.map((a) => a.vastAdId)).toEqual(['pf-a7777-1-ad6', 'pf-a7777-2-ad6']);
    expect(await w.ports.store.getPrefetch(`${w.sessionId}/news-only`)).toBeUndefined();
    // Before the break: the session has seen none yet.
    expect((await w.timeline()).breaks).toHaveLength(0);

    // A new worker over the same IndexedDB.
    w.engine = createEngine(w.ports, { scope: '/' });
    const [b1] = ready(await w.until((bs) => ready(bs).length >= 1));
    expect(b1.scte?.event_id).toBe('1001');
    expect(stored.retrievedAt!).toBeLessThanOrEqual(b1.pendingSince);
    expect(w.rec.adsRequests).toHaveLength(1);
    expect(adIds(b1)).toEqual(['pf-a7777-1-ad6', 'pf-a7777-2-ad6']);
    // Filled as usual: 12 s of ads in a 16 s break, slate for the rest.
    expect(b1.avail!.slate?.duration).toBeCloseTo(4, 1);
    expect((await w.ports.store.getPrefetch(`${w.sessionId}/first-break`))!.consumedBy).toBe(b1.key);
    const stitched = await w.get(w.mediaPath);
    expect(stitched.text).toContain(`/v1/segment/a/first/${w.sessionId}/${b1.index}/0/`);
    // Tracking as usual: the avail lists the prefetched ads.
    const tracking = JSON.parse((await w.get(w.trackingPath)).text) as { avails: { ads: { adId: string }[] }[] };
    expect(JSON.stringify(tracking)).toContain('pf-a7777-1-ad6');

    // One prefetch fills one break: the next break asks the ADS with its own values.
    const b2 = ready(await w.until((bs) => ready(bs).length >= 2))[1];
    expect(b2.scte?.event_id).toBe('1002');
    expect(w.rec.adsRequests).toHaveLength(2);
    expect(query(w.rec.adsRequests[1]).get('avail')).toBe('1002');
    expect(adIds(b2).every((id) => !id.startsWith('pf-'))).toBe(true);

    // The session's prefetched ads go with it.
    expect(await w.ports.store.listPrefetches(w.sessionId)).toHaveLength(1);
    expect(await collectExpiredSessions(w.ports.store, Date.now() + 7_200_000, 3_600_000)).toContain(w.sessionId);
    expect(await w.ports.store.listPrefetches(w.sessionId)).toEqual([]);
  }, 30_000);

  it('AvailMatchingCriteria on scte.event_id: the non-matching break asks the ADS, the matching one uses the prefetch', async () => {
    const w = await world('criteria', [{
      Name: 'event-1002', PlaybackConfigurationName: 'live',
      Retrieval: { EndTime: secs(60_000), DynamicVariables: { 'scte.event_id': '1002', 'scte.avail_num': 'pf' } },
      Consumption: { EndTime: secs(120_000), AvailMatchingCriteria: [{ DynamicVariable: 'scte.event_id', Operator: 'EQUALS' }] },
    }]);
    w.release();
    await Promise.allSettled((await w.get(w.mediaPath)).background);
    expect(w.rec.adsRequests.map((u) => query(u).get('avail'))).toEqual(['1002']);

    const [b1, b2] = ready(await w.until((bs) => ready(bs).length >= 2));
    expect([b1.scte?.event_id, b2.scte?.event_id]).toEqual(['1001', '1002']);
    // Break 1001 did not match: its own ADS request. Break 1002 matched: no request of its own.
    expect(w.rec.adsRequests.map((u) => query(u).get('avail'))).toEqual(['1002', '1001']);
    expect(adIds(b1).some((id) => id.startsWith('pf-'))).toBe(false);
    expect(adIds(b2)).toEqual(['pf-a1002-1-ad6', 'pf-a1002-2-ad6']);
    expect((await w.ports.store.getPrefetch(`${w.sessionId}/event-1002`))!.consumedBy).toBe(b2.key);
  }, 30_000);

  it('no retrieval outside the retrieval window, nor for a session of another stream', async () => {
    const later = { Name: 'later', PlaybackConfigurationName: 'live', Retrieval: { StartTime: secs(600_000), EndTime: secs(900_000), DynamicVariables: { 'scte.avail_num': 'pf' } }, Consumption: { EndTime: secs(960_000) } };
    const other = { Name: 'other', PlaybackConfigurationName: 'live', StreamId: 'sports', Retrieval: { EndTime: secs(60_000), DynamicVariables: { 'scte.avail_num': 'pf' } }, Consumption: { EndTime: secs(120_000) } };
    const w = await world('outside', [later, other], 'news');
    w.release();
    await Promise.allSettled((await w.get(w.mediaPath)).background);
    expect(w.rec.adsRequests).toEqual([]);
    expect(await w.ports.store.listPrefetches(w.sessionId)).toEqual([]);
  });
});
