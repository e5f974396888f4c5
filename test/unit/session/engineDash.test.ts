/**
 * DASH VOD sessions end to end in Node (issue 7 item 4): the real demo server (its `/origin/dash/vod.mpd`
 * with SCTE-35 cue-outs at 0, 30 and 60 s, its sample ADS with DASH creatives `/ads/media/<ad>/manifest.mpd`),
 * the real IndexedDB store on fake-indexeddb, the real fetch port; only beacon delivery is recorded.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/session/engine';
import type { EngineResult } from '../../../src/session/http';
import type { Ports, Store } from '../../../src/session/ports';
import { parseConfig } from '../../../src/session/config';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts } from './enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';
import { adaptationSetsOf, parseMpd, periodsOf, periodTimings, representationsOf, resolveRepresentation, segmentTemplateOf } from '../../../src/dash/mpdModel';
import { attrValue, element, textContent } from '../../../src/dash/mpdXml';
import { findDashBreaks } from '../../../src/scte35/dashBreaks';
import type { MediaTailorTracking } from '../../../src/tracking/mediaTailorTypes';

let server: { url: string; close(): Promise<void> | void };
let store: Store;
let engine: Engine;
let adsRequests: string[];
let delivered: string[];
let logs: string[];

const HOST = 'http://localhost';

function mkPorts(): Ports {
  return recordingPorts(store, { get adsRequests() { return adsRequests; }, get delivered() { return delivered; }, get logs() { return logs; } });
}

async function call(method: string, path: string, body = ''): Promise<EngineResult> {
  const url = path.startsWith('http') ? path : `${HOST}${path}`;
  const r = await engine.handle({ method, url, headers: { 'user-agent': 'vitest' }, body: async () => body });
  if (!r) throw new Error(`not handled: ${path}`);
  await Promise.allSettled(r.background);
  return r;
}

function bodyOf(r: EngineResult): string {
  if (r.response.kind !== 'body') throw new Error(`expected a body response, got ${JSON.stringify(r.response)}`);
  return r.response.body;
}

beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });
beforeEach(async () => {
  store = createIdbStore();
  engine = createEngine(mkPorts(), { scope: '/' });
  adsRequests = []; delivered = []; logs = [];
  await store.putConfig(parseConfig({
    Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`,
    AdDecisionServerUrl: `${server.url}/ads/vast?pod=[player_params.pod]&fail=[player_params.fail]&sid=[session.id]&avail=[avail.index]`,
  }));
});

async function openSession(body: object) {
  const r = await call('POST', '/v1/session/acct/demo/dash/vod.mpd', JSON.stringify(body));
  expect(r.response).toMatchObject({ kind: 'body', status: 200 });
  return JSON.parse(bodyOf(r)) as { manifestUrl: string; trackingUrl: string };
}

/** Every segment URL (init first) of every Representation of the ad Periods, as a player resolves them. */
function adSegmentUrls(text: string, mpdUrl: string): Map<string, string[]> {
  const mpd = parseMpd(text)!;
  const timings = periodTimings(mpd.root);
  const out = new Map<string, string[]>();
  periodsOf(mpd.root).forEach((p, i) => {
    const id = attrValue(p, 'id')!;
    if (!/_PT\d+S_\d+$/.test(id)) return;
    const urls: string[] = [];
    for (const as of adaptationSetsOf(p)) {
      for (const rep of representationsOf(as)) {
        const r = resolveRepresentation(mpdUrl, mpd.root, p, as, rep, timings[i].duration)!;
        urls.push(r.init!.uri, ...r.segments.map((s) => s.uri));
      }
    }
    out.set(id, urls);
  });
  return out;
}

describe('engine: DASH VOD', () => {
  it('a session on an .mpd answers a /v1/dash/ manifestUrl; the MPD has one ad Period per ad at each of the three breaks, ids and starts per protocols.md §15', async () => {
    const s = await openSession({ adsParams: { pod: '2' }, reportingMode: 'server' });
    expect(s.manifestUrl).toMatch(/^\/v1\/dash\/acct\/demo\/dash\/vod\.mpd\?aws\.sessionId=[0-9a-f]{32}$/);
    const [a, b] = await Promise.all([call('GET', s.manifestUrl), call('GET', s.manifestUrl)]);
    const text = bodyOf(a);
    expect(a.response).toMatchObject({ headers: { 'Content-Type': 'application/dash+xml' } });
    // One ad decision per avail, however many requests asked at once (the same plan serves both).
    expect(adsRequests).toHaveLength(3);
    expect(bodyOf(b)).toBe(text);
    const mpd = parseMpd(text)!;
    const periods = periodsOf(mpd.root);
    const ids = periods.map((p) => attrValue(p, 'id'));
    expect(ids).toEqual(['vod-0_PT0S_0', 'vod-0_PT0S_1', 'vod-0', 'vod-30_PT0S_0', 'vod-30_PT0S_1', 'vod-30', 'vod-60_PT0S_0', 'vod-60_PT0S_1']);
    // Periods follow each other without gap or overlap; the ads are the sample ADS's 6 s and 10 s creatives.
    const t = periodTimings(mpd.root);
    for (let i = 1; i < t.length; i++) expect(t[i].start).toBeCloseTo(t[i - 1].start! + t[i - 1].duration!, 6);
    expect(t.map((x) => x.duration)).toEqual([6, 10, 30, 6, 10, 30, 6, 10]);
    expect(attrValue(mpd.root, 'mediaPresentationDuration')).toBe('PT108S');
    // The markers are consumed; the content's media is the origin's (absolute BaseURL), the Location the session's.
    expect(findDashBreaks(text).breaks).toEqual([]);
    expect(textContent(element(mpd.root, 'BaseURL'))).toBe(`${server.url}/origin/dash/`);
    expect(textContent(element(mpd.root, 'Location'))).toBe(`${HOST}${s.manifestUrl}`);
  });

  it('the tracking JSON uses the DASH time base and ids: availId/adId are Period ids, ad startTime = its Period@start, eventId = ptsTime', async () => {
    const s = await openSession({ adsParams: { pod: '2' } });
    const text = bodyOf(await call('GET', s.manifestUrl));
    const tracking = JSON.parse(bodyOf(await call('GET', s.trackingUrl))) as MediaTailorTracking;
    expect(tracking.dashAvailabilityStartTime).toBeNull();
    expect(tracking.avails.map((a) => a.availId)).toEqual(['vod-0_PT0S', 'vod-30_PT0S', 'vod-60_PT0S']);
    const mpd = parseMpd(text)!;
    const startOf = new Map(periodsOf(mpd.root).map((p, i) => [attrValue(p, 'id'), periodTimings(mpd.root)[i].start]));
    const ads = tracking.avails.flatMap((a) => a.ads);
    expect(ads).toHaveLength(6);
    for (const ad of ads) {
      expect(ad.startTimeInSeconds).toBeCloseTo(startOf.get(ad.adId)!, 3);
      for (const e of ad.trackingEvents) expect(e.eventId).toBe(String(Math.round(startOf.get(ad.adId)! * 90000)));
    }
    expect(tracking.avails.map((a) => a.startTimeInSeconds)).toEqual([0, 46, 92]);
  });

  it('server-side reporting: ad Periods point at /v1/dashsegment; each segment request fires the beacons due on it once, refetches fire nothing', async () => {
    const s = await openSession({ adsParams: { pod: '1' }, reportingMode: 'server' });
    const mpdUrl = `${HOST}${s.manifestUrl}`;
    const byPeriod = adSegmentUrls(bodyOf(await call('GET', s.manifestUrl)), mpdUrl);
    expect([...byPeriod.keys()]).toEqual(['vod-0_PT0S_0', 'vod-30_PT0S_0', 'vod-60_PT0S_0']);
    const preroll = byPeriod.get('vod-0_PT0S_0')!;
    for (const u of preroll) expect(u).toMatch(new RegExp(`^${HOST}/v1/dashsegment/acct/demo/[0-9a-f]{32}/vod-0_PT0S/vod-0_PT0S_0/\\d+/`));
    const events = () => delivered.map((u) => new URL(u).searchParams.get('event'));
    for (const u of preroll) {
      const r = await call('GET', u);
      expect(r.response).toMatchObject({ kind: 'proxy' });
      expect((r.response as { url: string }).url).toMatch(new RegExp(`^${server.url}/ads/media/ad6/`));
      // The upstream is real media.
    }
    const upstream = (await call('GET', preroll[1])).response as { url: string };
    expect((await fetch(upstream.url)).status).toBe(200);
    // Every rendition's requests count: each event once for the ad, whichever rendition fired it first.
    expect(events().sort()).toEqual(['complete', 'firstQuartile', 'impression', 'midpoint', 'start', 'thirdQuartile']);
    for (const u of preroll) await call('GET', u);
    engine = createEngine(mkPorts(), { scope: '/' });
    for (const u of preroll) await call('GET', u);
    expect(delivered).toHaveLength(6);
  });

  it('fires the quartiles on the segments that hold them (6 s ad, 2 s segments)', async () => {
    const s = await openSession({ adsParams: { pod: '1' }, reportingMode: 'server' });
    const preroll = adSegmentUrls(bodyOf(await call('GET', s.manifestUrl)), `${HOST}${s.manifestUrl}`).get('vod-0_PT0S_0')!;
    const video = preroll.filter((u) => u.includes('/0/'));
    const events = () => delivered.map((u) => new URL(u).searchParams.get('event'));
    await call('GET', video[0]); // init: nothing
    expect(events()).toEqual([]);
    await call('GET', video[1]);
    expect(events()).toEqual(['impression', 'start', 'firstQuartile']);
    await call('GET', video[2]);
    expect(events().slice(3)).toEqual(['midpoint']);
    await call('GET', video[3]);
    expect(events().slice(4)).toEqual(['thirdQuartile', 'complete']);
  });

  it('serves only segments of the plan under /v1/dashsegment', async () => {
    const s = await openSession({ adsParams: { pod: '1' }, reportingMode: 'server' });
    const sid = s.trackingUrl.split('/').pop()!;
    await call('GET', s.manifestUrl);
    for (const p of [`/v1/dashsegment/acct/demo/${sid}/vod-0_PT0S/vod-0_PT0S_0/0/fmp4/360p/seg_999.m4s`, `/v1/dashsegment/acct/demo/${sid}/nope/vod-0_PT0S_0/0/fmp4/360p/seg_000.m4s`,
      `/v1/dashsegment/acct/demo/${sid}/vod-0_PT0S/vod-0_PT0S_7/0/fmp4/360p/seg_000.m4s`, `/v1/dashsegment/acct/demo/${sid}/vod-0_PT0S/vod-0_PT0S_0/9/fmp4/360p/seg_000.m4s`,
      `/v1/dashsegment/acct/other/${sid}/vod-0_PT0S/vod-0_PT0S_0/0/fmp4/360p/seg_000.m4s`, `/v1/dashsegment/acct/demo/${sid}/vod-0_PT0S/vod-0_PT0S_0/0/..%2F..%2Fsecret`]) {
      // Refused: an error answer, or (a path that climbs) not stitchbox's route at all.
      const r = await engine.handle({ method: 'GET', url: `${HOST}${p}`, headers: {}, body: async () => '' });
      if (r === null) continue;
      expect(r.response, p).toMatchObject({ kind: 'body' });
      expect((r.response as { status: number }).status, p).toBeGreaterThanOrEqual(400);
    }
    expect(delivered).toEqual([]);
  });

  it('client-side reporting: ad Periods point at the ad\'s own location and nothing fires through the engine', async () => {
    const s = await openSession({ adsParams: { pod: '1' } });
    const byPeriod = adSegmentUrls(bodyOf(await call('GET', s.manifestUrl)), `${HOST}${s.manifestUrl}`);
    for (const u of byPeriod.get('vod-0_PT0S_0')!) expect(u).toMatch(new RegExp(`^${server.url}/ads/media/ad6/`));
    expect(delivered).toEqual([]);
  });

  it('implicit session start: GET /v1/dash/… without a session id serves a stitched MPD whose Location is the new session\'s URL', async () => {
    const r = await call('GET', '/v1/dash/acct/demo/dash/vod.mpd?ads.pod=1');
    const mpd = parseMpd(bodyOf(r))!;
    const location = textContent(element(mpd.root, 'Location'));
    expect(location).toMatch(/^http:\/\/localhost\/v1\/dash\/acct\/demo\/dash\/vod\.mpd\?aws\.sessionId=[0-9a-f]{32}$/);
    expect(periodsOf(mpd.root).map((p) => attrValue(p, 'id'))).toEqual(['vod-0_PT0S_0', 'vod-0', 'vod-30_PT0S_0', 'vod-30', 'vod-60_PT0S_0']);
    // The session exists and reports server-side.
    const again = parseMpd(bodyOf(await call('GET', location)))!;
    expect(textContent(element(again.root, 'BaseURL'))).toBe(`${server.url}/origin/dash/`);
    expect(adsRequests).toHaveLength(3);
  });

  it('fails open: an ADS failure leaves the content Periods as they are, in a valid MPD with its media reachable', async () => {
    const s = await openSession({ adsParams: { pod: '1', fail: '500' }, reportingMode: 'server' });
    const text = bodyOf(await call('GET', s.manifestUrl));
    const mpd = parseMpd(text)!;
    expect(periodsOf(mpd.root).map((p) => attrValue(p, 'id'))).toEqual(['vod-0', 'vod-30']);
    const p0 = periodsOf(mpd.root)[0];
    const as = adaptationSetsOf(p0)[0];
    const r = resolveRepresentation(`${HOST}${s.manifestUrl}`, mpd.root, p0, as, representationsOf(as)[0], 30)!;
    expect((await fetch(r.segments[0].uri)).status).toBe(200);
    const tracking = JSON.parse(bodyOf(await call('GET', s.trackingUrl))) as MediaTailorTracking;
    expect(tracking.avails).toEqual([]);
  });

  it('the urn:scte:scte35:2013:xml form of the markers (origin ?scheme=xml, forwarded from the session body) stitches alike', async () => {
    expect(await (await fetch(`${server.url}/origin/dash/vod.mpd?scheme=xml`)).text()).toContain('urn:scte:scte35:2013:xml');
    const s = await openSession({ adsParams: { pod: '1' }, scheme: 'xml' });
    const text = bodyOf(await call('GET', s.manifestUrl));
    expect(periodsOf(parseMpd(text)!.root).map((p) => attrValue(p, 'id'))).toEqual(['vod-0_PT0S_0', 'vod-0', 'vod-30_PT0S_0', 'vod-30', 'vod-60_PT0S_0']);
    expect(text).not.toContain('urn:scte:scte35:2013:xml');
  });

  it('a session opened on an .m3u8 is not served as DASH', async () => {
    const r = await call('POST', '/v1/session/acct/demo/vod/master.m3u8', '{}');
    const sid = (JSON.parse(bodyOf(r)) as { trackingUrl: string }).trackingUrl.split('/').pop();
    const d = await call('GET', `/v1/dash/acct/demo/dash/vod.mpd?aws.sessionId=${sid}`);
    expect(d.response).toMatchObject({ kind: 'body', status: 404 });
  });
});

describe('engine: DASH VOD, SINGLE_PERIOD input (DashConfiguration.OriginManifestType, protocols.md §15)', () => {
  /** A configuration `single` on the same origin and ADS, reading origin MPDs as single-period. */
  async function openSingle(body: object, type: 'SINGLE_PERIOD' | 'MULTI_PERIOD' = 'SINGLE_PERIOD') {
    await store.putConfig(parseConfig({
      Name: 'single', VideoContentSourceUrl: `${server.url}/origin`, DashConfiguration: { OriginManifestType: type },
      AdDecisionServerUrl: `${server.url}/ads/vast?pod=[player_params.pod]&sid=[session.id]&avail=[avail.index]`,
    }));
    // `periods` in the body is not a MediaTailor key: it goes to the origin (?periods=single, one Period).
    const r = await call('POST', '/v1/session/acct/single/dash/vod.mpd', JSON.stringify({ periods: 'single', ...body }));
    return JSON.parse(bodyOf(r)) as { manifestUrl: string; trackingUrl: string };
  }

  it('every cue-out of the one Period is an avail: the Period is split at 30 s, ads inserted at 0, 30 and 60 s, PTOs moved on', async () => {
    const s = await openSingle({ adsParams: { pod: '1' }, reportingMode: 'server' });
    const text = bodyOf(await call('GET', s.manifestUrl));
    expect(adsRequests).toHaveLength(3);
    const mpd = parseMpd(text)!;
    const periods = periodsOf(mpd.root);
    expect(periods.map((p) => attrValue(p, 'id'))).toEqual(['vod_PT0S_0', 'vod', 'vod_PT30S_0', 'vod_PT30S', 'vod_PT60S_0']);
    const t = periodTimings(mpd.root);
    for (let i = 1; i < t.length; i++) expect(t[i].start).toBeCloseTo(t[i - 1].start! + t[i - 1].duration!, 6);
    expect(t.map((x) => x.duration)).toEqual([6, 30, 6, 30, 6]);
    expect(attrValue(mpd.root, 'mediaPresentationDuration')).toBe('PT78S');
    expect(findDashBreaks(text, { originManifestType: 'SINGLE_PERIOD' }).breaks).toEqual([]);
    // Each content part plays its own half of the content: the segments a player takes from the (whole, copied)
    // SegmentTimeline are those overlapping [PTO, PTO + 30 s): 0-14, then 15-29 (PTO moved on by 30 s; the AAC
    // segments, whole frames, overlap the cut by one).
    const mpdUrl = `${HOST}${s.manifestUrl}`;
    for (const [i, first] of [[1, 0], [3, 15]] as const) {
      for (const as of adaptationSetsOf(periods[i])) {
        const rep = representationsOf(as)[0];
        const id = attrValue(rep, 'id');
        const { presentationTimeOffset: pto, timescale } = segmentTemplateOf(periods[i], as, rep)!;
        expect(pto, id).toBe(Math.round(first * 2 * timescale));
        const r = resolveRepresentation(mpdUrl, mpd.root, periods[i], as, rep, 30)!;
        const inside = r.segments.filter((x) => x.time! + x.duration * timescale > pto && x.time! < pto + 30 * timescale);
        // The first one holds the cut; for video (on the 2 s grid) it is exactly segment `first`, and 15 in all.
        expect(inside[0].time!, id).toBeLessThanOrEqual(pto);
        expect(inside[0].time! + inside[0].duration * timescale, id).toBeGreaterThan(pto);
        if (id === '360p') {
          expect(inside.map((x) => x.uri)).toEqual(Array.from({ length: 15 }, (_, k) => `${server.url}/origin/dash/vod/360p/seg_${String(first + k).padStart(3, '0')}.m4s`));
        }
        expect(inside.length, id).toBeGreaterThanOrEqual(15);
        expect(inside.length, id).toBeLessThanOrEqual(16);
      }
    }
    // Tracking: availIds <periodId>_PT<offset>S, ad startTime = its Period@start.
    const tracking = JSON.parse(bodyOf(await call('GET', s.trackingUrl))) as MediaTailorTracking;
    expect(tracking.avails.map((a) => a.availId)).toEqual(['vod_PT0S', 'vod_PT30S', 'vod_PT60S']);
    expect(tracking.avails.flatMap((a) => a.ads.map((ad) => [ad.adId, ad.startTimeInSeconds]))).toEqual([['vod_PT0S_0', 0], ['vod_PT30S_0', 36], ['vod_PT60S_0', 72]]);
    // The mid-roll's segments fire its beacons once through /v1/dashsegment.
    const mid = adSegmentUrls(text, mpdUrl).get('vod_PT30S_0')!;
    for (const u of [...mid, ...mid]) expect((await call('GET', u)).response).toMatchObject({ kind: 'proxy' });
    expect(delivered.map((u) => new URL(u).searchParams.get('event')).sort()).toEqual(['complete', 'firstQuartile', 'impression', 'midpoint', 'start', 'thirdQuartile']);
  });

  it('the same single-period origin read as MULTI_PERIOD has one avail (its first Event): a pre-roll only', async () => {
    const s = await openSingle({ adsParams: { pod: '1' } }, 'MULTI_PERIOD');
    const text = bodyOf(await call('GET', s.manifestUrl));
    expect(adsRequests).toHaveLength(1);
    expect(periodsOf(parseMpd(text)!.root).map((p) => attrValue(p, 'id'))).toEqual(['vod_PT0S_0', 'vod']);
  });
});
