/**
 * Live pre-roll (protocols.md §9, src/session/live/livePreRoll.ts) against the real demo server: its live
 * simulator (2 s segments, EXT-X-TARGETDURATION:2) and its sample ADS, with the engine on the real fetch port
 * and IndexedDB store (fake-indexeddb); only beacon delivery is recorded (enginePorts.ts).
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/session/engine';
import { parseConfig } from '../../../src/session/config';
import { parseMedia, type MediaPlaylist } from '../../../src/hls/parseMedia';
import { preRollDistance, preRollStartMsn } from '../../../src/session/live/livePreRoll';
import type { LiveBreak, LiveTimeline } from '../../../src/session/live/liveTimeline';
import { createIdbStore } from '../../../sw/idbStore';
import { startDemoServer } from '../../../demo/server/startDemoServer';
import { recordingPorts, type Recorded } from './enginePorts';

let server: { url: string; close(): Promise<void> | void };
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SPEED = 16;

interface Listed { msn: number; uri: string; ad: boolean; avail: number | null; disc: boolean; cc: number }

/** A live session of the demo simulator at 16x with a pre-roll configured, and what its windows listed. */
async function preRollSession(o: { preAds: string; max: number; origin?: Record<string, string>; config?: Record<string, unknown> }) {
  const store = createIdbStore();
  const rec: Recorded = { adsRequests: [], delivered: [], logs: [] };
  const ports = recordingPorts(store, rec);
  let engine: Engine = createEngine(ports, { scope: '/' });
  const name = `pre${Math.random().toString(36).slice(2, 8)}`;
  await store.putConfig(parseConfig({
    Name: name, VideoContentSourceUrl: `${server.url}/origin`,
    AdDecisionServerUrl: `${server.url}/ads/vast?pod=1&durations=6&sid=main&avail=[avail.index]`,
    LivePreRollConfiguration: { AdDecisionServerUrl: `${server.url}/ads/vast?${o.preAds}&sid=pre&avail=[avail.index]&max=[session.avail_duration_secs]`, MaxDurationSeconds: o.max },
    ...o.config,
  }));
  const call = async (path: string, body = '') => {
    const r = await engine.handle({ method: body ? 'POST' : 'GET', url: `http://localhost${path}`, headers: {}, body: async () => body });
    await Promise.allSettled(r!.background);
    return r!.response.kind === 'body' ? r!.response.body : '';
  };
  // Stream time 100 s: a 60 s window of msn 20..49.
  const t0 = Date.now() - 100_000 / SPEED;
  const s = JSON.parse(await call(`/v1/session/acct/${name}/live/master.m3u8`, JSON.stringify({ speed: String(SPEED), t0: String(t0), reportingMode: 'server', ...o.origin })));
  const sessionId = new URL(s.manifestUrl, "http://localhost").searchParams.get("aws.sessionId")!;
  const master = await call(s.manifestUrl);
  const media = master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
  const listed = new Map<number, Listed>();
  const windows: MediaPlaylist[] = [];
  /** One refresh; every msn listed again must be listed as before (invariants 1 and 3). */
  const refresh = async () => {
    const { playlist } = parseMedia(await call(media));
    windows.push(playlist);
    let cc = playlist.discontinuitySequence;
    playlist.segments.forEach((seg, i) => {
      if (seg.discontinuity) cc++;
      const m = /\/v1\/segment\/[^/]+\/[^/]+\/[^/]+\/(\d+)\//.exec(seg.uri);
      const now: Listed = { msn: playlist.mediaSequence + i, uri: seg.uri, ad: m !== null, avail: m ? Number(m[1]) : null, disc: seg.discontinuity, cc };
      const before = listed.get(now.msn);
      if (before) expect(now, `msn ${now.msn}`).toEqual(before);
      else listed.set(now.msn, now);
    });
    return playlist;
  };
  const timeline = async () => (await store.getLiveTimeline(sessionId)) as LiveTimeline;
  const preRollOf = async () => (await timeline()).breaks.filter((b) => b.preRoll);
  return {
    rec, call, refresh, windows, listed, sessionId, timeline, preRollOf, trackingUrl: String(s.trackingUrl),
    restart() { engine = createEngine(ports, { scope: '/' }); },
    preRequests: () => rec.adsRequests.filter((u) => u.includes('sid=pre')),
    mainRequests: () => rec.adsRequests.filter((u) => u.includes('sid=main')),
    /** Refresh until `done` holds (the simulator publishes a segment every 125 ms at 16x). */
    async until(done: (p: MediaPlaylist) => boolean | Promise<boolean>, restartBetween = false) {
      for (let i = 0; i < 60; i++) {
        if (restartBetween) this.restart();
        const p = await refresh();
        if (await done(p)) return p;
        await sleep(150);
      }
      throw new Error('the stream did not get there');
    },
  };
}

/** The ad segments listed, by stitched msn, in order. */
const adsListed = (listed: Map<number, Listed>) => [...listed.values()].filter((x) => x.ad).sort((a, b) => a.msn - b.msn);

describe('live pre-roll position (protocols.md §9)', () => {
  const playlist = (header: string[], n: number, d = 2) => parseMedia(['#EXTM3U', '#EXT-X-VERSION:6', `#EXT-X-TARGETDURATION:${d}`, '#EXT-X-MEDIA-SEQUENCE:100', ...header,
    ...Array.from({ length: n }, (_, i) => [`#EXTINF:${d}.000,`, `s${i}.ts`]).flat(), ''].join('\n')).playlist;

  it('2 x TARGETDURATION before the edge, or EXT-X-START:TIME-OFFSET when it asks for more', () => {
    expect(preRollDistance(playlist([], 10))).toBe(4);
    expect(preRollStartMsn(playlist([], 10))).toBe(108);
    // Negative: seconds from the end of the last segment (RFC 8216 §4.3.5.2).
    expect(preRollStartMsn(playlist(['#EXT-X-START:TIME-OFFSET=-9.5'], 10))).toBe(105);
    expect(preRollStartMsn(playlist(['#EXT-X-START:TIME-OFFSET=-1'], 10))).toBe(108);
    // Positive: from the beginning of the playlist, 14 s into 20 s = 6 s before the end.
    expect(preRollDistance(playlist(['#EXT-X-START:TIME-OFFSET=14,PRECISE=YES'], 10))).toBe(6);
    expect(preRollStartMsn(playlist(['#EXT-X-START:TIME-OFFSET=14'], 10))).toBe(107);
  });

  it('no room: the start would be the window\'s first segment or before it', () => {
    expect(preRollStartMsn(playlist([], 2))).toBeNull();
    expect(preRollStartMsn(playlist([], 3))).toBe(101);
    expect(preRollStartMsn(playlist(['#EXT-X-START:TIME-OFFSET=-60'], 10))).toBeNull();
  });
});

describe('live pre-roll with the demo simulator and sample ADS', () => {
  it('ads that fit: placed 2 target durations before the edge, played whole, content resumes, tracked, beacons once', async () => {
    const s = await preRollSession({ preAds: 'pod=2&durations=6', max: 30 });
    const first = await s.refresh();
    const [pre] = await s.preRollOf();
    expect(pre.state).toBe('ready');
    expect(pre.index).toBe(0);
    // The first window: content up to the pre-roll, then the ad segments whose time the origin has reached
    // (4 s after the pre-roll's start = the two origin segments behind the edge, EXT-X-TARGETDURATION:2).
    const segs = first.segments;
    expect(segs.slice(-2).every((x) => x.uri.includes('/v1/segment/'))).toBe(true);
    expect(segs[segs.length - 3].uri.includes('/v1/segment/')).toBe(false);
    expect(first.mediaSequence + segs.length - 2).toBe(pre.startMsn);
    expect(segs[segs.length - 2].discontinuity).toBe(true);
    // The whole pre-roll, then content.
    await s.until(() => [...s.listed.values()].some((x) => x.msn > pre.startMsn && !x.ad));
    const ads = adsListed(s.listed);
    expect(ads.map((x) => x.msn)).toEqual([0, 1, 2, 3, 4, 5].map((k) => pre.startMsn + k));
    expect(ads.every((x) => x.avail === pre.index)).toBe(true);
    expect(ads.filter((x) => x.disc).map((x) => x.msn)).toEqual([pre.startMsn, pre.startMsn + 3]);
    const resumed = s.listed.get(pre.startMsn + 6)!;
    expect(resumed.ad).toBe(false);
    expect(resumed.disc).toBe(true);
    // One request to the pre-roll ADS with the template filled ([avail.index], avail duration = MaxDurationSeconds).
    expect(s.preRequests()).toHaveLength(1);
    const q = new URL(s.preRequests()[0]).searchParams;
    expect(q.get('avail')).toBe('0');
    expect(q.get('max')).toBe('30');
    // Tracking JSON: the pre-roll is an avail of two 6 s ads.
    const tracking = JSON.parse(await s.call(s.trackingUrl)) as { avails: { durationInSeconds: number; ads: { durationInSeconds: number }[] }[] };
    expect(tracking.avails).toHaveLength(1);
    expect(tracking.avails[0].ads.map((a) => a.durationInSeconds)).toEqual([6, 6]);
    // Server-side beacons: fetching the ad segments (twice) fires each ad's impression..complete once.
    for (let pass = 0; pass < 2; pass++) for (const a of ads) await s.call(new URL(a.uri, 'http://localhost').pathname);
    const hits = s.rec.delivered.filter((u) => u.includes('/beacons/track'));
    for (const ev of ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']) {
      expect(hits.filter((u) => u.includes(`event=${ev}&`)), ev).toHaveLength(2);
    }
    expect((await s.preRollOf())).toHaveLength(1);
  }, 30_000);

  it('ads over MaxDurationSeconds are dropped whole, in response order; no slate and no threshold', async () => {
    // 10 s fits, 15 s would make 25 s > 20 s (dropped), 6 s still fits: 16 s of ads, 4 s short of the maximum,
    // which neither a slate (configured) nor the personalization threshold (1 s) touches.
    const s = await preRollSession({
      preAds: 'pod=3&durations=10,15,6', max: 20,
      config: { SlateAdUrl: `${server.url}/ads/media/slate/master.m3u8`, PersonalizationThresholdSeconds: 1 },
    });
    await s.refresh();
    const [pre] = await s.preRollOf();
    expect(pre.state).toBe('ready');
    expect(pre.avail!.ads.map((a) => a.duration)).toEqual([10, 6]);
    expect(pre.avail!.skipped.map((x) => x.reason)).toEqual(['AVAIL_DURATION_EXCEEDED']);
    expect(pre.avail!.slate).toBeNull();
    await s.until(() => [...s.listed.values()].some((x) => x.msn > pre.startMsn && !x.ad));
    // 16 s of ads = 8 segments of 2 s, then content.
    expect(adsListed(s.listed).map((x) => x.msn)).toEqual(Array.from({ length: 8 }, (_, k) => pre.startMsn + k));
    expect(s.listed.get(pre.startMsn + 8)!.ad).toBe(false);
  }, 30_000);

  for (const fail of ['500', 'empty', 'malformed']) {
    it(`ADS failure (${fail}) fails open to content, once`, async () => {
      // Breaks at 20 s and every 60 s: none between the pre-roll (96 s) and 140 s.
      const s = await preRollSession({ preAds: `pod=2&durations=6&fail=${fail}`, max: 30, origin: { offset: '20', every: '60' } });
      const first = await s.refresh();
      const [pre] = await s.preRollOf();
      expect(pre.state).toBe('failed');
      expect(pre.failure).toMatch(/ERROR_ADS_INVALID_RESPONSE|EMPTY_VAST_RESPONSE|ERROR_ADS_RESPONSE_PARSE/);
      await s.until((p) => p.mediaSequence + p.segments.length > pre.startMsn + 8);
      expect(adsListed(s.listed).filter((x) => x.avail === pre.index)).toEqual([]);
      // Nothing held back: the first window lists the origin's window to its edge, as content.
      expect(first.segments[first.segments.length - 1].uri).toMatch(/\/origin\/live\//);
      expect(first.mediaSequence + first.segments.length).toBe(pre.startMsn + 2);
      for (let m = pre.startMsn; m < pre.startMsn + 8; m++) expect(s.listed.get(m)?.ad, `msn ${m}`).toBe(false);
      expect(s.preRequests()).toHaveLength(1);
      expect(await s.preRollOf()).toHaveLength(1);
    }, 30_000);
  }

  it('a signalled break the pre-roll overlaps stays content (protocols.md §9)', async () => {
    // Breaks of 16 s every 18 s: the pre-roll's span (20 s) always holds a cue-out.
    const s = await preRollSession({ preAds: 'pod=1&durations=6', max: 20, origin: { every: '18', breakdur: '16', offset: '0' } });
    await s.refresh();
    const pre = (await s.preRollOf())[0];
    expect(pre.state).toBe('ready');
    // Refresh until a cue-out after the pre-roll's start has been seen.
    await s.until(async () => (await s.timeline()).breaks.some((b) => !b.preRoll && b.startMsn >= pre.startMsn));
    const tl = await s.timeline();
    const span = tl.breaks.find((b) => b.preRoll)!.endMsn ?? Infinity;
    const overlapped = tl.breaks.filter((b: LiveBreak) => !b.preRoll && b.startMsn >= pre.startMsn && b.startMsn <= span);
    expect(overlapped.length).toBeGreaterThan(0);
    for (const b of overlapped) {
      expect(b.state).toBe('failed');
      expect(b.failure).toContain('overlaps the live pre-roll');
    }
    // In the first window, a break behind the pre-roll's start plays content too.
    for (const b of tl.breaks.filter((x) => x.startMsn < pre.startMsn)) expect(b.state).toBe('failed');
    const last = overlapped[overlapped.length - 1];
    await s.until(async () => {
      const b = (await s.timeline()).breaks.find((x) => x.key === last.key)!;
      return b.endMsn !== null && [...s.listed.keys()].some((m) => m >= b.endMsn!);
    });
    const end = (await s.timeline()).breaks.find((x) => x.key === last.key)!.endMsn!;
    // The pre-roll's 6 s of ads, then content through the overlapped breaks (stitched msn = origin msn here).
    expect(adsListed(s.listed).filter((x) => x.msn < end).map((x) => x.msn)).toEqual([pre.startMsn, pre.startMsn + 1, pre.startMsn + 2]);
    for (let m = pre.startMsn + 3; m < end; m++) expect(s.listed.get(m)?.ad, `msn ${m}`).toBe(false);
    // The configured ADS was never asked for the overlapped breaks.
    const asked = s.mainRequests().map((u) => new URL(u).searchParams.get('avail'));
    for (const b of overlapped) expect(asked).not.toContain(String(b.index));
  }, 30_000);

  it('a worker restart between every refresh: the same windows, one decision, one pre-roll', async () => {
    const s = await preRollSession({ preAds: 'pod=2&durations=6,10', max: 30 });
    s.restart();
    await s.refresh();
    const [pre] = await s.preRollOf();
    expect(pre.state).toBe('ready');
    // refresh() checks that every msn listed again is listed as before (URI, flag, discontinuity number).
    await s.until(() => [...s.listed.values()].some((x) => x.msn > pre.startMsn && !x.ad), true);
    expect(adsListed(s.listed).map((x) => x.msn)).toEqual(Array.from({ length: 8 }, (_, k) => pre.startMsn + k));
    expect(s.preRequests()).toHaveLength(1);
    expect(await s.preRollOf()).toHaveLength(1);
    const tracking = JSON.parse(await s.call(s.trackingUrl)) as { avails: { ads: unknown[] }[] };
    expect(tracking.avails[0].ads).toHaveLength(2);
  }, 30_000);
});
