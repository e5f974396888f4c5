/**
 * The broadpeak.io dialect (protocols.md §1.4, §16) on the real engine, against the real demo server (origin,
 * sample ADS, ad media) over loopback HTTP and the real IndexedDB store (fake-indexeddb): the 307 that names the
 * session, the stitched manifest behind it, and the bk-ml 1.0 / 2.0 Session Tracking answers for VOD.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/session/engine';
import type { EngineResult } from '../../../src/session/http';
import type { Store } from '../../../src/session/ports';
import { parseConfig } from '../../../src/session/config';
import type { BroadpeakTracking } from '../../../src/tracking/buildBroadpeakTracking';
import type { MediaTailorTracking } from '../../../src/tracking/mediaTailorTypes';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts, type Recorded } from './enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
let store: Store;
let rec: Recorded;
let engine: Engine;

const newEngine = () => createEngine(recordingPorts(store, rec), { scope: '/' });

async function call(path: string, method = 'GET'): Promise<EngineResult> {
  const r = await engine.handle({ method, url: path.startsWith('http') ? path : `http://localhost${path}`, headers: { 'user-agent': 'vitest' }, body: async () => '' });
  if (!r) throw new Error(`not handled: ${path}`);
  await Promise.allSettled(r.background);
  return r;
}

function body(r: EngineResult): string {
  if (r.response.kind !== 'body') throw new Error('expected a body response');
  return r.response.body;
}

async function bkml(sessionUrl: string, v: string): Promise<BroadpeakTracking> {
  const r = await call(`${sessionUrl}&bk-ml=${v}`);
  expect(r.response).toMatchObject({ kind: 'body', status: 200 });
  return JSON.parse(body(r)) as BroadpeakTracking;
}

/** Open a session through the 307 and return the session URL (Location). */
async function open(query = 'ads.pod=2&ads.skip=5'): Promise<string> {
  const r = await call(`/v1/bpk/demo/vod/master.m3u8?${query}`);
  expect(r.response).toMatchObject({ kind: 'body', status: 307 });
  if (r.response.kind !== 'body') throw new Error('unreachable');
  return r.response.headers.Location;
}

/** Seconds from the start of a stitched media playlist to each ad segment run's first segment. */
function adRunStarts(playlist: string): number[] {
  const starts: number[] = [];
  let t = 0;
  let prevAd = false;
  let dur = 0;
  for (const line of playlist.split('\n')) {
    if (line.startsWith('#EXTINF:')) dur = parseFloat(line.slice(8));
    else if (line && !line.startsWith('#')) {
      const ad = line.includes('/v1/segment/');
      if (ad && !prevAd) starts.push(t);
      prevAd = ad;
      t += dur;
    }
  }
  return starts;
}

beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });
beforeEach(async () => {
  store = createIdbStore();
  rec = { adsRequests: [], delivered: [], logs: [] };
  engine = newEngine();
  await store.putConfig(parseConfig({
    Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`,
    AdDecisionServerUrl: `${server.url}/ads/vast?pod=[player_params.pod]&skip=[player_params.skip]&durations=6,10&sid=[session.id]&avail=[avail.index]`,
    SlateAdUrl: `${server.url}/ads/media/slate/master.m3u8`,
  }));
});

describe('broadpeak.io: session by HTTP 307 (protocols.md §1.4)', () => {
  it('answers the service URL with 307 to itself plus bpkio_sessionid, and the stitched manifest there', async () => {
    const location = await open('ads.pod=2&zipcode=25267');
    const u = new URL(location);
    expect(u.pathname).toBe('/v1/bpk/demo/vod/master.m3u8');
    expect(u.searchParams.get('ads.pod')).toBe('2');
    expect(u.searchParams.get('zipcode')).toBe('25267');
    expect(u.searchParams.get('bpkio_sessionid')).toMatch(/^[0-9a-f]{32}$/);
    // Opening a session asks nothing of the ADS.
    expect(rec.adsRequests).toEqual([]);

    const master = await call(location);
    expect(master.response).toMatchObject({ kind: 'body', status: 200, headers: { 'Content-Type': 'application/vnd.apple.mpegurl' } });
    const sid = u.searchParams.get('bpkio_sessionid')!;
    const variants = body(master).split('\n').filter((l) => l.startsWith('/v1/manifest/'));
    expect(variants.length).toBeGreaterThanOrEqual(2);
    for (const v of variants) expect(v.startsWith(`/v1/manifest/bpk/demo/${sid}/`)).toBe(true);
    const media = body(await call(variants[0]));
    expect(media).toContain('/v1/segment/bpk/demo/');
    // The ADS got the service URL's ads.* values, and the origin the rest (not bk-ml, not bpkio_*).
    expect(rec.adsRequests.length).toBeGreaterThan(0);
    for (const a of rec.adsRequests) expect(new URL(a).searchParams.get('pod')).toBe('2');

    // A request without the id is a new session.
    const again = new URL(await open('ads.pod=2&zipcode=25267'));
    expect(again.searchParams.get('bpkio_sessionid')).not.toBe(sid);
  });

  it('keeps bk-ml across the 307, so a metadata-first call may start at the service URL', async () => {
    const r = await call('/v1/bpk/demo/vod/master.m3u8?ads.pod=1&bk-ml=2.0');
    expect(r.response).toMatchObject({ kind: 'body', status: 307 });
    const location = (r.response as { headers: Record<string, string> }).headers.Location;
    expect(new URL(location).searchParams.get('bk-ml')).toBe('2.0');
    const answer = JSON.parse(body(await call(location))) as BroadpeakTracking;
    expect(answer.adpods.length).toBeGreaterThan(0);
  });

  it('rejects what it does not know: a bad bk-ml (400), an unknown or foreign session (404), other methods (405)', async () => {
    const location = await open();
    expect((await call(`${location}&bk-ml=3.0`)).response).toMatchObject({ status: 400 });
    expect(body(await call(`${location}&bk-ml=1`))).toContain('bk-ml must be 1.0');
    expect((await call('/v1/bpk/demo/vod/master.m3u8?bpkio_sessionid=0123456789abcdef0123456789abcdef&bk-ml=1.0')).response).toMatchObject({ status: 404 });
    const sid = new URL(location).searchParams.get('bpkio_sessionid')!;
    // A MediaTailor session id is not a broadpeak session, and a broadpeak session answers only on its own asset.
    expect((await call(`/v1/bpk/demo/vod/other.m3u8?bpkio_sessionid=${sid}`)).response).toMatchObject({ status: 404 });
    expect((await call(location, 'POST')).response).toMatchObject({ status: 405 });
    expect(engine.owns('/v1/bpk/demo/vod/master.mpd')).toBe(false);
  });
});

describe('broadpeak.io: Session Tracking API, VOD (protocols.md §16)', () => {
  it('bk-ml=1.0 lists no ads before the first manifest and asks nothing; after it, every pod where the playlist has it', async () => {
    const location = await open();
    const early = await bkml(location, '1.0');
    expect(early.adpods).toEqual([]);
    expect(rec.adsRequests).toEqual([]);

    const master = body(await call(location));
    const variant = master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
    const media = body(await call(variant));
    const answer = await bkml(location, '1.0');
    const starts = adRunStarts(media);
    expect(answer.adpods.length).toBe(starts.length);
    expect(answer.adpods.length).toBeGreaterThan(0);
    answer.adpods.forEach((pod, i) => {
      // Pods start where the stitched playlist's ad segments start (ms from the first segment, §5.1).
      expect(pod.starttime_ms).toBe(Math.floor(starts[i] * 1000 + 1e-6));
      expect(pod.ads.length).toBeGreaterThan(0);
      let t = pod.starttime_ms;
      for (const ad of pod.ads) {
        expect(ad.starttime_ms).toBe(t);
        t += ad.duration_ms;
      }
      expect(pod.duration_ms).toBe(t - pod.starttime_ms);
    });
    // The same ads as the MediaTailor tracking JSON of the same session, with their trackers and clicks.
    const sid = new URL(location).searchParams.get('bpkio_sessionid')!;
    const mt = JSON.parse(body(await call(`/v1/tracking/bpk/demo/${sid}`))) as MediaTailorTracking;
    const mtAds = mt.avails.flatMap((a) => a.ads);
    const bpAds = answer.adpods.flatMap((p) => p.ads.filter((a) => a.adid !== 'SLATE'));
    expect(bpAds.length).toBe(mtAds.length);
    bpAds.forEach((ad, i) => {
      const m = mtAds[i];
      expect(ad.adid).toBe(m.vastAdId);
      expect(ad.starttime_ms).toBe(Math.round(m.startTimeInSeconds * 1000));
      expect(ad.duration_ms).toBe(Math.round(m.durationInSeconds * 1000));
      for (const ev of ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']) {
        const mine = ad.trackers.find((x) => x.event === ev)!;
        const theirs = m.trackingEvents.find((x) => x.eventType === ev)!;
        expect(mine.urls).toEqual(theirs.beaconUrls);
        expect(mine.starttime_ms).toBe(Math.round(theirs.startTimeInSeconds * 1000));
      }
      expect(ad.clicks.clickthrough).toBe(m.trackingEvents.find((x) => x.eventType === 'clickThrough')?.beaconUrls[0] ?? null);
      // The sample ADS was asked for skipoffset 5 s.
      expect(ad.skippability).toEqual({ skippable: true, skipoffset_ms: 5000 });
      expect(ad.creativeid).toBe(m.creativeId);
    });
    // The refresh delay is the origin's target duration.
    const originMedia = (await (await fetch(`${server.url}/origin/vod/master.m3u8`)).text()).split('\n').find((l) => l && !l.startsWith('#'))!;
    const td = /#EXT-X-TARGETDURATION:(\d+)/.exec(await (await fetch(new URL(originMedia, `${server.url}/origin/vod/master.m3u8`))).text())![1];
    expect(answer.refresh_delay_ms).toBe(Number(td) * 1000);
  });

  it('bk-ml=2.0 before any manifest starts the session and asks the ADS at once; the first answers of 1.0 and 2.0 differ only so', async () => {
    const fast = await open();
    const first = await open();
    const fastFirst = await bkml(fast, '1.0');
    expect(rec.adsRequests).toEqual([]);
    const metaFirst = await bkml(first, '2.0');
    // Metadata-first: the ADS was asked (once per break) before any manifest was requested.
    expect(rec.adsRequests.length).toBe(metaFirst.adpods.length);
    expect(new Set(rec.adsRequests.map((u) => new URL(u).searchParams.get('sid'))).size).toBe(1);
    expect(fastFirst.adpods).toEqual([]);
    expect(metaFirst.adpods.length).toBeGreaterThan(0);
    // A session started by 2.0 has its ads known: fast-start on it lists them too, before any manifest.
    expect(await bkml(first, '1.0')).toEqual(metaFirst);

    // Playback afterwards does not ask again, and both workflows then describe the same ads at the same times.
    const asked = rec.adsRequests.length;
    const variant = body(await call(first)).split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
    const media = body(await call(variant));
    expect(rec.adsRequests.length).toBe(asked);
    expect(metaFirst.adpods.map((p) => p.starttime_ms)).toEqual(adRunStarts(media).map((s) => Math.floor(s * 1000 + 1e-6)));
    expect(await bkml(first, '1.0')).toEqual(metaFirst);
    expect(await bkml(first, '2.0')).toEqual(metaFirst);
    body(await call(fast));
    const fastAfter = await bkml(fast, '1.0');
    const shape = (t: BroadpeakTracking) => t.adpods.map((p) => ({ id: p.id, start: p.starttime_ms, ads: p.ads.map((a) => [a.starttime_ms, a.duration_ms]) }));
    expect(shape(fastAfter)).toEqual(shape(metaFirst));
  });

  it('gives the same answer after a worker restart, without asking the ADS again', async () => {
    const location = await open();
    body(await call(location));
    const before = await bkml(location, '1.0');
    const asked = rec.adsRequests.length;
    engine = newEngine();
    // The served-manifest mark is on the stored session: fast-start still lists the ads.
    expect(await bkml(location, '1.0')).toEqual(before);
    expect(await bkml(location, '2.0')).toEqual(before);
    expect(rec.adsRequests.length).toBe(asked);
  });

  it('fails open: an ADS failure lists no pods, and the manifest still plays', async () => {
    const location = await open('ads.pod=2&ads.skip=5&ads.fail=500');
    await store.putConfig(parseConfig({
      Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/vast?fail=500`,
    }));
    const answer = await bkml(location, '2.0');
    expect(answer.adpods).toEqual([]);
    expect(body(await call(location))).toContain('#EXT-X-STREAM-INF');
  });
});
