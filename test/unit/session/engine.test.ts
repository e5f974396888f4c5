/**
 * The engine end to end in Node: the real demo server (origin, sample ADS, media) over real HTTP on
 * loopback, the real IndexedDB store (on fake-indexeddb), the real fetch port. Only beacon delivery is
 * replaced by a recorder at the network boundary.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Parser } from 'm3u8-parser';
import { createEngine, type Engine } from '../../../src/session/engine';
import type { EngineResult } from '../../../src/session/http';
import type { Ports, Store } from '../../../src/session/ports';
import { parseConfig } from '../../../src/session/config';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts } from './enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
let store: Store;
let engine: Engine;
let adsRequests: string[];
let delivered: string[];
let logs: string[];

function mkPorts(): Ports {
  // Getters: the test resets the arrays after the engine is made.
  return recordingPorts(store, { get adsRequests() { return adsRequests; }, get delivered() { return delivered; }, get logs() { return logs; } });
}

async function call(method: string, path: string, body = ''): Promise<EngineResult> {
  const r = await engine.handle({ method, url: `http://localhost${path}`, headers: { 'user-agent': 'vitest' }, body: async () => body });
  if (!r) throw new Error(`not handled: ${path}`);
  await Promise.allSettled(r.background);
  return r;
}

function bodyOf(r: EngineResult): string {
  if (r.response.kind !== 'body') throw new Error('expected a body response');
  return r.response.body;
}

async function installDemo(adsQuery = '') {
  await store.putConfig(parseConfig({
    Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`,
    AdDecisionServerUrl: `${server.url}/ads/vast?pod=[player_params.pod]&fail=[player_params.fail]&sid=[session.id]&avail=[avail.index]${adsQuery}`,
    SlateAdUrl: `${server.url}/ads/media/slate/master.m3u8`,
  }));
}

beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });
beforeEach(async () => {
  store = createIdbStore();
  engine = createEngine(mkPorts(), { scope: '/' });
  adsRequests = []; delivered = []; logs = [];
  await installDemo();
});

async function openSession(body: object) {
  const r = await call('POST', '/v1/session/acct/demo/vod/master.m3u8', JSON.stringify(body));
  expect(r.response).toMatchObject({ kind: 'body', status: 200 });
  return JSON.parse(bodyOf(r)) as { manifestUrl: string; trackingUrl: string };
}

function parse(text: string) {
  const p = new Parser();
  p.push(text);
  p.end();
  return p.manifest;
}

describe('engine: HLS VOD', () => {
  it('opens a session, rewrites the master, stitches every variant at the same places', async () => {
    const s = await openSession({ adsParams: { pod: '2' }, reportingMode: 'server' });
    expect(s.manifestUrl).toMatch(/^\/v1\/master\/acct\/demo\/vod\/master\.m3u8\?aws\.sessionId=[0-9a-f]{32}$/);
    expect(s.trackingUrl).toMatch(/^\/v1\/tracking\/acct\/demo\/[0-9a-f]{32}$/);
    const master = bodyOf(await call('GET', s.manifestUrl));
    const variants = master.split('\n').filter((l) => l.startsWith('/v1/manifest/'));
    expect(variants.length).toBeGreaterThanOrEqual(2);
    const playlists = await Promise.all(variants.map(async (v) => parse(bodyOf(await call('GET', v)))));
    // One ADS request per avail, however many playlists asked at once.
    expect(adsRequests).toHaveLength(3);
    const shapes = playlists.map((p) => p.segments.map((seg: { uri: string; discontinuity?: boolean; duration: number }) =>
      `${seg.uri.startsWith('/v1/segment/') ? 'ad' : 'content'}${seg.discontinuity ? '|' : ''}:${seg.duration}`));
    expect(shapes[1]).toEqual(shapes[0]);
    const kinds = shapes[0].map((x: string) => x.split(':')[0]);
    // pre-roll (2 ads), content, mid-roll, content, post-roll; discontinuity at each boundary.
    expect(kinds[0]).toBe('ad');
    expect(kinds[kinds.length - 1]).toBe('ad');
    const boundaries = kinds.filter((k: string, i: number) => i > 0 && k.replace('|', '') !== kinds[i - 1].replace('|', '')).length;
    expect(boundaries).toBe(4);
    const contentUris = playlists[0].segments.filter((x: { uri: string }) => !x.uri.startsWith('/v1/')).map((x: { uri: string }) => x.uri);
    expect(contentUris.every((u: string) => u.startsWith(`${server.url}/`))).toBe(true);
    expect(contentUris).toHaveLength(30);
  });

  it('answers tracking JSON whose times match the stitched playlist', async () => {
    const s = await openSession({ adsParams: { pod: '2' } });
    const tracking = JSON.parse(bodyOf(await call('GET', s.trackingUrl)));
    expect(Object.keys(tracking)).toEqual(['avails', 'dashAvailabilityStartTime', 'hlsAnchorMediaSequenceNumber', 'nextToken', 'nonLinearAvails']);
    expect(tracking.avails).toHaveLength(3);
    const master = bodyOf(await call('GET', s.manifestUrl));
    const first = master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
    const segs = parse(bodyOf(await call('GET', first))).segments as { uri: string; duration: number }[];
    let t = 0;
    const starts = new Map<number, number>();
    segs.forEach((seg, i) => { starts.set(i, t); t += seg.duration; });
    for (const avail of tracking.avails) {
      for (const ad of avail.ads) {
        // adId is the media sequence number of the ad's first segment (protocols.md §5.2); sequence starts at 0.
        const idx = Number(ad.adId);
        expect(segs[idx].uri).toMatch(/^\/v1\/segment\//);
        expect(ad.startTimeInSeconds).toBeCloseTo(starts.get(idx)!, 2);
        for (const key of ['trackingEvents', 'companionAds', 'extensions', 'icons', 'adVerifications']) expect(Array.isArray(ad[key])).toBe(true);
      }
      expect(avail.nonLinearAdsList).toEqual([]);
      expect(avail.adBreakTrackingEvents).toEqual([]);
    }
  });

  it('fires each beacon once on the segment that holds it, never again on a refetch (server-side mode)', async () => {
    const s = await openSession({ adsParams: { pod: '1' }, reportingMode: 'server' });
    const master = bodyOf(await call('GET', s.manifestUrl));
    const first = master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
    const text = bodyOf(await call('GET', first));
    const adSegs = text.split('\n').filter((l) => l.startsWith('/v1/segment/'));
    const preroll = adSegs.filter((u) => u.split('/')[6] === '0');
    const first1 = await call('GET', preroll[0]);
    expect(first1.response).toMatchObject({ kind: 'proxy' });
    expect((first1.response as { url: string }).url).toMatch(/^http:\/\/.*\/ads\/media\//);
    const events = () => delivered.map((u) => new URL(u).searchParams.get('event'));
    // The 6 s pre-roll has three 2 s segments: 25 % (1.5 s) falls in the first, 50 % in the second,
    // 75 % and the end in the third.
    expect(preroll).toHaveLength(3);
    expect(events()).toEqual(['impression', 'start', 'firstQuartile']);
    await call('GET', preroll[1]);
    expect(events().slice(3)).toEqual(['midpoint']);
    await call('GET', preroll[2]);
    expect(events().slice(4)).toEqual(['thirdQuartile', 'complete']);
    expect(events().sort()).toEqual(['complete', 'firstQuartile', 'impression', 'midpoint', 'start', 'thirdQuartile']);
    for (const u of preroll) await call('GET', u);
    // A second engine (a restarted worker) on the same store fires nothing again either.
    engine = createEngine(mkPorts(), { scope: '/' });
    for (const u of preroll) await call('GET', u);
    expect(delivered).toHaveLength(6);
  });

  it('fires nothing on segment requests in client-side mode', async () => {
    const s = await openSession({ adsParams: { pod: '1' } });
    const master = bodyOf(await call('GET', s.manifestUrl));
    const text = bodyOf(await call('GET', master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!));
    for (const u of text.split('\n').filter((l) => l.startsWith('/v1/segment/'))) await call('GET', u);
    expect(delivered).toEqual([]);
  });

  it('serves only segments of the session\'s plan', async () => {
    const s = await openSession({ adsParams: { pod: '1' } });
    const sid = s.trackingUrl.split('/').pop()!;
    await call('GET', s.trackingUrl);
    for (const p of [`/v1/segment/acct/demo/${sid}/9/0/0/0.ts`, `/v1/segment/acct/demo/${sid}/0/5/0/0.ts`, `/v1/segment/acct/demo/${sid}/0/0/7/0.ts`,
      `/v1/segment/acct/demo/${sid}/0/0/0/999.ts`, `/v1/segment/acct/other/${sid}/0/0/0/0.ts`, '/v1/segment/acct/demo/00000000000000000000000000000000/0/0/0/0.ts']) {
      expect((await call('GET', p)).response, p).toMatchObject({ kind: 'body', status: 404 });
    }
  });

  it('implicit session: /v1/master without a session id opens one with server-side reporting and ads.* player params', async () => {
    const master = bodyOf(await call('GET', '/v1/master/acct/demo/vod/master.m3u8?ads.pod=1'));
    const first = master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
    const sid = first.split('/')[5];
    const session = await store.getSession(sid);
    expect(session).toMatchObject({ reportingMode: 'server', playerParams: { pod: '1' } });
    expect(adsRequests.every((u) => u.includes('pod=1'))).toBe(true);
  });

  for (const fail of ['500', 'malformed', 'empty', 'timeout']) {
    it(`fails open when the ADS answers ${fail}: the breaks play content, the reason is logged`, async () => {
      if (fail === 'timeout') await store.putConfig(parseConfig({ ...(await store.getConfig('demo'))!, Stitchbox: { AdsRequestTimeoutMs: 300 } }));
      const s = await openSession({ adsParams: { fail } });
      const master = bodyOf(await call('GET', s.manifestUrl));
      const text = bodyOf(await call('GET', master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!));
      expect(text).not.toContain('/v1/segment/');
      expect(text).not.toContain('CUE-OUT');
      expect(parse(text).segments).toHaveLength(30);
      const tracking = JSON.parse(bodyOf(await call('GET', s.trackingUrl)));
      expect(tracking.avails).toEqual([]);
      expect(logs.some((l) => l.includes('plays content'))).toBe(true);
    });
  }

  it('answers clear errors for unknown configurations and sessions, and bad bodies', async () => {
    expect((await call('POST', '/v1/session/acct/nope/vod/master.m3u8')).response).toMatchObject({ status: 404 });
    expect((await call('GET', '/v1/tracking/acct/demo/ffffffffffffffffffffffffffffffff')).response).toMatchObject({ status: 404 });
    const bad = await call('POST', '/v1/session/acct/demo/vod/master.m3u8', '{not json');
    expect(bad.response).toMatchObject({ status: 400 });
    expect(bodyOf(bad)).toContain('not JSON');
    expect(await engine.handle({ method: 'GET', url: 'http://localhost/origin/vod/master.m3u8', headers: {}, body: async () => '' })).toBeNull();
  });
});
