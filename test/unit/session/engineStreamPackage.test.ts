/**
 * The Tencent StreamPackage dialect end to end in Node (protocols.md §1.3, §17): the real demo server (origin,
 * sample ADS whose ads carry ClickThrough URLs to /ads/landing), the real IndexedDB store on fake-indexeddb,
 * the real fetch port. Only beacon delivery is recorded instead of sent.
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

interface SpEvent { eventType: string; beaconUrls: string[]; startTimeInSeconds: number }
interface SpAd { adId: string; vastAdId: string; trackingEvents: SpEvent[] }
interface SpAnswer { avails: { availId: string; ads: SpAd[] }[]; nextToken: null; nonLinearAvails: unknown[] }

let server: { url: string; close(): Promise<void> | void };
let store: Store;
let engine: Engine;
let adsRequests: string[];
let delivered: string[];
let logs: string[];

function mkPorts(): Ports {
  return recordingPorts(store, { get adsRequests() { return adsRequests; }, get delivered() { return delivered; }, get logs() { return logs; } });
}

async function call(method: string, path: string, body = '', on = engine): Promise<EngineResult> {
  const r = await on.handle({ method, url: `http://localhost${path}`, headers: { 'user-agent': 'vitest' }, body: async () => body });
  if (!r) throw new Error(`not handled: ${path}`);
  await Promise.allSettled(r.background);
  return r;
}

function bodyOf(r: EngineResult): string {
  if (r.response.kind !== 'body') throw new Error('expected a body response');
  return r.response.body;
}

const statusOf = (r: EngineResult) => (r.response.kind === 'body' ? r.response.status : 0);

async function poll(trackingUrl: string, on = engine): Promise<SpAnswer> {
  const r = await call('GET', trackingUrl, '', on);
  expect(statusOf(r)).toBe(200);
  return JSON.parse(bodyOf(r)) as SpAnswer;
}

const eventsOf = (a: SpAnswer) => a.avails.flatMap((av) => av.ads.flatMap((ad) => ad.trackingEvents.map((ev) => ({ ...ev, adId: ad.adId, vastAdId: ad.vastAdId }))));

beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });
beforeEach(async () => {
  store = createIdbStore();
  engine = createEngine(mkPorts(), { scope: '/' });
  adsRequests = []; delivered = []; logs = [];
  await store.putConfig(parseConfig({
    Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`,
    AdDecisionServerUrl: `${server.url}/ads/vast?pod=[player_params.pod]&sid=[session.id]&avail=[avail.index]`,
    SlateAdUrl: `${server.url}/ads/media/slate/master.m3u8`,
  }));
});

async function openSession(asset: string, body: object) {
  const r = await call('POST', `/v1/ssai/session/demo/${asset}`, JSON.stringify(body));
  expect(statusOf(r)).toBe(200);
  return JSON.parse(bodyOf(r)) as { manifestUrl: string; trackingUrl: string };
}

async function firstMediaPlaylist(manifestUrl: string): Promise<{ path: string; text: string }> {
  const master = bodyOf(await call('GET', manifestUrl));
  const path = master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
  expect(path).toMatch(/^\/v1\/manifest\/ssai\/demo\/[0-9a-f]{32}\/\d+\.m3u8$/);
  return { path, text: bodyOf(await call('GET', path)) };
}

describe('StreamPackage: VOD', () => {
  it('opens a session with StreamPackage URLs and serves the stitched stream under them', async () => {
    const s = await openSession('vod/master.m3u8', { adsParams: { pod: '2' } });
    expect(s.manifestUrl).toMatch(/^\/v1\/ssai\/master\/demo\/main\.m3u8\?session_id=[0-9a-f]{32}$/);
    const sid = new URL(s.manifestUrl, 'http://x').searchParams.get('session_id')!;
    expect(s.trackingUrl).toBe(`/v1/ssai/tracking/demo/${sid}`);
    const { text } = await firstMediaPlaylist(s.manifestUrl);
    expect(text.split('\n').filter((l) => l.startsWith('/v1/segment/ssai/demo/')).length).toBeGreaterThan(0);
    expect(adsRequests).toHaveLength(3);
    // No reportingMode in the body: impressions are fired server-side, on the ad segments (see streamPackage.ts).
    expect((await store.getSession(sid))?.reportingMode).toBe('server');
  });

  it('a poll returns the click-throughs of the inserted ads once; a second poll and a restarted engine return none', async () => {
    const s = await openSession('vod/master.m3u8', { adsParams: { pod: '2' } });
    // Nothing inserted yet: no events, and a poll does not ask the ADS.
    expect(eventsOf(await poll(s.trackingUrl))).toEqual([]);
    expect(adsRequests).toHaveLength(0);
    const master = bodyOf(await call('GET', s.manifestUrl));
    // The plan is decided once the master is served, but no media playlist with the ads has been served.
    expect(eventsOf(await poll(s.trackingUrl))).toEqual([]);
    const media = bodyOf(await call('GET', master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!));
    const segmentLines = media.split('\n').filter((l) => l && !l.startsWith('#'));

    const first = await poll(s.trackingUrl);
    const events = eventsOf(first);
    // Three breaks of two ads; every ad of the sample ADS has one ClickThrough.
    expect(events).toHaveLength(6);
    expect(events.every((e) => e.eventType === 'clickThrough')).toBe(true);
    for (const e of events) {
      expect(e.beaconUrls).toEqual([`${server.url}/ads/landing?ad=${encodeURIComponent(e.vastAdId)}`]);
      // adId is the media sequence number of the ad's first segment in the served playlist (§5.2); it starts at 0.
      expect(segmentLines[Number(e.adId)]).toMatch(/^\/v1\/segment\//);
    }
    expect(new Set(events.map((e) => e.adId)).size).toBe(6);
    expect(Object.keys(first)).toEqual(['avails', 'dashAvailabilityStartTime', 'hlsAnchorMediaSequenceNumber', 'nextToken', 'nonLinearAvails']);

    // The same ads as MediaTailor's full tracking answer for this session.
    const sid = s.trackingUrl.split('/').pop()!;
    const mt = JSON.parse(bodyOf(await call('GET', `/v1/tracking/ssai/demo/${sid}`))) as { avails: { ads: { adId: string }[] }[] };
    expect(events.map((e) => e.adId).sort()).toEqual(mt.avails.flatMap((a) => a.ads.map((ad) => ad.adId)).sort());

    expect(eventsOf(await poll(s.trackingUrl))).toEqual([]);
    // A worker restart: a new engine over the same IndexedDB.
    const restarted = createEngine(mkPorts(), { scope: '/' });
    expect(eventsOf(await poll(s.trackingUrl, restarted))).toEqual([]);
    expect(eventsOf(await poll(s.trackingUrl))).toEqual([]);
  });

  it('concurrent polls never return the same event, in one engine or in two over one store', async () => {
    for (const engines of [[engine, engine, engine], [engine, createEngine(mkPorts(), { scope: '/' }), createEngine(mkPorts(), { scope: '/' })]]) {
      const s = await openSession('vod/master.m3u8', { adsParams: { pod: '2' } });
      await firstMediaPlaylist(s.manifestUrl);
      const answers = await Promise.all(engines.map((e) => poll(s.trackingUrl, e)));
      const ids = answers.flatMap((a) => eventsOf(a).map((e) => e.adId));
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(6);
    }
  });

  it('a body reportingMode is kept; the default is server-side', async () => {
    const s = await openSession('vod/master.m3u8', { reportingMode: 'client' });
    const sid = new URL(s.manifestUrl, 'http://x').searchParams.get('session_id')!;
    expect((await store.getSession(sid))?.reportingMode).toBe('client');
  });
});

describe('StreamPackage: errors in the MediaTailor style', () => {
  const errorOf = async (method: string, path: string) => {
    const r = await call(method, path);
    return { status: statusOf(r), body: JSON.parse(bodyOf(r)) as { message: string; code: string } };
  };

  it('unknown channel, unknown session, another channel\'s session, missing session_id, GET session', async () => {
    expect(await errorOf('POST', '/v1/ssai/session/nochannel/vod/master.m3u8')).toMatchObject({ status: 404, body: { code: 'CONFIG_NOT_FOUND' } });
    expect(await errorOf('GET', '/v1/ssai/tracking/nochannel/abc')).toMatchObject({ status: 404, body: { code: 'CONFIG_NOT_FOUND' } });
    expect(await errorOf('GET', '/v1/ssai/tracking/demo/0123456789abcdef0123456789abcdef')).toMatchObject({ status: 404, body: { code: 'SESSION_NOT_FOUND' } });
    expect(await errorOf('GET', '/v1/ssai/master/demo/main.m3u8?session_id=nosuch')).toMatchObject({ status: 404, body: { code: 'SESSION_NOT_FOUND' } });
    expect(await errorOf('GET', '/v1/ssai/master/demo/main.m3u8')).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect((await errorOf('GET', '/v1/ssai/session/demo/vod/master.m3u8')).status).toBe(405);
    // A session answers only under the channel it was opened on.
    await store.putConfig(parseConfig({ Name: 'other', VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/vast` }));
    const s = await openSession('vod/master.m3u8', {});
    const sid = s.trackingUrl.split('/').pop()!;
    expect(await errorOf('GET', `/v1/ssai/tracking/other/${sid}`)).toMatchObject({ status: 404, body: { code: 'SESSION_NOT_FOUND' } });
    const bad = await call('POST', '/v1/ssai/session/demo/vod/master.m3u8', '{not json');
    expect(statusOf(bad)).toBe(400);
  });
});

describe('StreamPackage: live', () => {
  it('events appear as breaks are served, each once', async () => {
    // The live simulator at 16x: a 16 s break every 30 s from stream time 30 s; the session joins at ~6 s of
    // stream time, 1.5 s of wall-clock time before the first break.
    const speed = 16;
    const t0 = Date.now() - (6_000 / speed);
    const s = await openSession('live/master.m3u8', { adsParams: { pod: '1' }, speed: String(speed), offset: '30', t0: String(t0) });
    const { path, text } = await firstMediaPlaylist(s.manifestUrl);
    expect(text).not.toContain('/v1/segment/');
    expect(eventsOf(await poll(s.trackingUrl))).toEqual([]);

    const seen: string[] = [];
    for (const n of [1, 2]) {
      // Refresh like a player until the n-th break's ad segments are listed.
      const deadline = Date.now() + 20_000;
      let ads = 0;
      while (Date.now() < deadline) {
        const media = bodyOf(await call('GET', path));
        ads = new Set(media.split('\n').filter((l) => l.startsWith('/v1/segment/')).map((l) => l.split('/')[6])).size;
        if (ads >= n) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(ads, `break ${n} listed`).toBeGreaterThanOrEqual(n);
      const fresh = eventsOf(await poll(s.trackingUrl));
      // One new ad (pod=1) per break; nothing already returned comes back.
      expect(fresh.map((e) => e.eventType)).toEqual(['clickThrough']);
      expect(fresh[0].beaconUrls[0]).toMatch(/\/ads\/landing\?ad=/);
      expect(seen).not.toContain(fresh[0].adId);
      seen.push(fresh[0].adId);
      expect(eventsOf(await poll(s.trackingUrl))).toEqual([]);
    }
  }, 60_000);
});
