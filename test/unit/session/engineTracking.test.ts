/**
 * The MediaTailor tracking endpoint end to end (protocols.md §3.2, §4, §5, §1.1 manifestParams, §14.3 hybrid):
 * real demo server over loopback (its sample ADS with companions, icons, verifications, extensions, VPAID and
 * SIMID files, VMAP break tracking and overlay breaks), real IndexedDB store on fake-indexeddb, real fetch
 * port; only beacon delivery is a recorder (enginePorts.ts).
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/session/engine';
import type { EngineResult } from '../../../src/session/http';
import type { Store } from '../../../src/session/ports';
import { parseConfig } from '../../../src/session/config';
import { parseMedia } from '../../../src/hls/parseMedia';
import { decodeNextToken, encodeNextToken } from '../../../src/tracking/nextToken';
import type { MediaTailorAd, MediaTailorTracking } from '../../../src/tracking/mediaTailorTypes';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts } from './enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
let store: Store;
let engine: Engine;
let adsRequests: string[];
let delivered: string[];

async function call(method: string, path: string, body = ''): Promise<EngineResult> {
  const r = await engine.handle({ method, url: `http://localhost${path}`, headers: { 'user-agent': 'vitest' }, body: async () => body });
  if (!r) throw new Error(`not handled: ${path}`);
  await Promise.allSettled(r.background);
  return r;
}
const bodyOf = (r: EngineResult) => { if (r.response.kind !== 'body') throw new Error('expected a body'); return r.response.body; };
const statusOf = (r: EngineResult) => (r.response.kind === 'body' ? r.response.status : 0);
const tracking = async (path: string, method = 'GET', body = ''): Promise<MediaTailorTracking> => {
  const r = await call(method, path, body);
  expect(statusOf(r), bodyOf(r)).toBe(200);
  return JSON.parse(bodyOf(r)) as MediaTailorTracking;
};

async function install(ads: string, name = 'plain', origin = 'origin') {
  await store.putConfig(parseConfig({ Name: name, VideoContentSourceUrl: `${server.url}/${origin}`, AdDecisionServerUrl: `${server.url}/ads/${ads}` }));
}

async function open(body: Record<string, unknown> = {}, asset = 'content/master.m3u8', name = 'plain') {
  const r = await call('POST', `/v1/session/acct/${name}/${asset}`, JSON.stringify(body));
  expect(statusOf(r)).toBe(200);
  const s = JSON.parse(bodyOf(r)) as { manifestUrl: string; trackingUrl: string };
  return { ...s, sid: new URL(s.trackingUrl, 'http://x').pathname.split('/').pop()! };
}

/** The stitched media playlists of a session, by URL (what the player gets). */
async function mediaPlaylists(manifestUrl: string): Promise<{ url: string; text: string }[]> {
  const master = bodyOf(await call('GET', manifestUrl));
  const out = [];
  for (const url of master.split('\n').filter((l) => l.startsWith('/v1/manifest/'))) out.push({ url, text: bodyOf(await call('GET', url)) });
  return out;
}

function expectSortedKeys(v: unknown, path = '$'): void {
  if (Array.isArray(v)) return v.forEach((x, i) => expectSortedKeys(x, `${path}[${i}]`));
  if (v === null || typeof v !== 'object') return;
  const keys = Object.keys(v);
  expect(keys, path).toEqual([...keys].sort());
  for (const k of keys) expectSortedKeys((v as Record<string, unknown>)[k], `${path}.${k}`);
}

beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });
beforeEach(() => {
  store = createIdbStore();
  adsRequests = []; delivered = [];
  engine = createEngine(recordingPorts(store, { get adsRequests() { return adsRequests; }, get delivered() { return delivered; }, logs: [] }), { scope: '/' });
});

const RICH = 'companion=1&icon=1&verification=1&extension=1&interactive=1&skip=5';

describe('VOD: every field of the ads (protocols.md §4.3, §4.4)', () => {
  it('companions, icons, verifications, extensions, VPAID media files, skipOffset and ids come from the ADS answer', async () => {
    await install(`vast?pod=2&${RICH}&sid=[session.id]`);
    const s = await open();
    const t = await tracking(s.trackingUrl);
    expectSortedKeys(t);
    expect(t.avails).toHaveLength(1);
    const ads = t.avails[0].ads;
    expect(ads).toHaveLength(2);
    const o = server.url;
    ads.forEach((ad: MediaTailorAd, i) => {
      const id = `${s.sid}-a0-${i + 1}-ad${[6, 10][i]}`;
      expect(ad).toMatchObject({ vastAdId: id, adSystem: 'stitchbox-demo', skipOffset: '00:00:05.000', creativeSequence: '1' });
      expect(ad.creativeId).toMatch(/^creative-/);
      expect(ad.companionAds.map((c) => [c.attributes.id, c.attributes.width, c.attributes.height, c.staticResource, c.htmlResource !== null])).toEqual([
        [`${id}-static`, '300', '250', `${o}/ads/banner.svg?w=300&h=250`, false],
        [`${id}-html`, '728', '90', null, true],
      ]);
      expect(ad.companionAds[0].companionClickThrough).toBe(`${o}/ads/landing?ad=${encodeURIComponent(id)}&from=companion`);
      expect(ad.companionAds[0].trackingEvents).toEqual([{ beaconUrls: [`${o}/beacons/track?event=creativeView&ad=${encodeURIComponent(`${id}-static`)}&cb=[CACHEBUSTING]`], eventType: 'creativeView' }]);
      // The icon shows 1 s into the ad for 5 s, on the session timeline.
      expect(ad.icons).toHaveLength(1);
      expect(ad.icons[0]).toMatchObject({ startTimeInSeconds: ad.startTimeInSeconds + 1, durationInSeconds: 5, duration: 'PT5S', iconClickThrough: `${o}/ads/landing?ad=${encodeURIComponent(id)}&from=icon` });
      expect(ad.icons[0].attributes[0]).toMatchObject({ program: 'AdChoices', xPosition: 'right', yPosition: 'top', width: '20' });
      expect(ad.adVerifications).toEqual([{
        executableResource: [], javaScriptResource: [{ apiFramework: 'omid', browserOptional: 'true', uri: `${o}/ads/omid.js` }],
        trackingEvents: [{ event: 'verificationNotExecuted', uri: `${o}/beacons/track?event=verificationNotExecuted&ad=${encodeURIComponent(id)}&cb=[CACHEBUSTING]` }],
        vendor: 'stitchbox-demo-verifier', verificationParameters: `{"ad":"${id}"}`,
      }]);
      expect(ad.extensions.map((e) => e.type)).toEqual(['stitchbox-demo', 'InteractiveCreativeFile']);
      expect(ad.extensions[1].content).toBe(`<InteractiveCreativeFile type="text/html" apiFramework="SIMID" variableDuration="false">${o}/ads/simid.html?ad=${encodeURIComponent(id)}</InteractiveCreativeFile>`);
      // Only the VPAID file is listed: the HLS and MP4 files are what was stitched.
      expect(ad.mediaFiles.mediaFilesList.map((m) => [m.apiFramework, m.mediaType, m.mediaFileUri])).toEqual([['VPAID', 'application/javascript', `${o}/ads/vpaid.js?ad=${encodeURIComponent(id)}`]]);
      expect(ad.mediaFiles.mezzanine).toMatch(/\.mp4$/);
    });
    // ids are stitched media sequence numbers, unique per ad (Shaka keys played ads on adId: players.md §1.5).
    expect(new Set(ads.map((a) => a.adId)).size).toBe(2);
  });

  it('the same ADS without the options: empty arrays and strings, never missing keys (§4.7)', async () => {
    await install('vast?pod=1&sid=[session.id]');
    const t = await tracking((await open()).trackingUrl);
    const ad = t.avails[0].ads[0];
    expect(ad).toMatchObject({ adVerifications: [], companionAds: [], extensions: [], icons: [], mediaFiles: { mediaFilesList: [], mezzanine: '' }, skipOffset: null, adParameters: '' });
    expect(t.avails[0]).toMatchObject({ adBreakTrackingEvents: [], nonLinearAdsList: [] });
  });
});

describe('VMAP: break tracking and overlays (protocols.md §4.1, §4.2, §1.1 overlayAvails)', () => {
  const VMAP = 'vmap?breaks=start,00:00:31.500&overlays=start,00:00:10,00:00:41&pod=1&nonlinear=1&sid=[session.id]';

  it('adBreakTrackingEvents are the VMAP break\'s breakStart, breakEnd and error URLs', async () => {
    await install(VMAP);
    const t = await tracking((await open({ overlayAvails: 'on' })).trackingUrl);
    expect(t.avails.map((a) => a.adBreakTrackingEvents)).toEqual([0, 1].map((i) => [
      { beaconUrls: [`${server.url}/beacons/track?event=breakStart&break=break-${i}&cb=[CACHEBUSTING]`], eventType: 'breakStart' },
      { beaconUrls: [`${server.url}/beacons/track?event=breakEnd&break=break-${i}&cb=[CACHEBUSTING]`], eventType: 'breakEnd' },
      { beaconUrls: [`${server.url}/beacons/error?break=break-${i}&code=[ERRORCODE]`], eventType: 'error' },
    ]));
  });

  it('with overlayAvails on: nonlinear breaks are nonLinearAvails at their stitched time and segment; linear avails list their NonLinearAds', async () => {
    await install(VMAP);
    const s = await open({ overlayAvails: 'on' });
    const t = await tracking(s.trackingUrl);
    expectSortedKeys(t);
    // After the 6 s pre-roll at the same boundary; content 10 s + the pre-roll; content 40 s (41 rounded down to
    // the 2 s boundary) + pre-roll + mid-roll.
    expect(t.nonLinearAvails.map((a) => a.startTimeInSeconds)).toEqual([6, 16, 52]);
    // availId is the sequence number of the stitched segment the overlay starts on, read from the playlist the player gets.
    const { text } = (await mediaPlaylists(s.manifestUrl))[0];
    const pl = parseMedia(text).playlist;
    let at = 0;
    const seqAt = new Map<number, number>();
    pl.segments.forEach((seg, i) => { seqAt.set(Math.round(at * 1000), pl.mediaSequence + i); at += seg.duration; });
    expect(t.nonLinearAvails.map((a) => a.availId)).toEqual(t.nonLinearAvails.map((a) => String(seqAt.get(Math.round(a.startTimeInSeconds * 1000)))));
    for (const a of t.nonLinearAvails) {
      expect(a).toMatchObject({ ads: [], duration: 'PT0S', durationInSeconds: 0, adMarkerDuration: null, meta: null });
      expect(a.nonLinearAdsList).toHaveLength(1);
      const nl = a.nonLinearAdsList[0].nonLinearAdList[0];
      expect(nl).toMatchObject({ width: '480', height: '60', staticResource: `${server.url}/ads/banner.svg?w=480&h=60`, staticResourceCreativeType: 'image/svg+xml', minSuggestedDuration: '00:00:10', scalable: true, maintainAspectRatio: true });
      expect(a.nonLinearAdsList[0].trackingEvents.map((e) => e.eventType)).toEqual(['creativeView', 'close']);
      expect(a.adBreakTrackingEvents.map((e) => e.eventType)).toEqual(['breakStart', 'breakEnd', 'error']);
    }
    // nonlinear=1 puts an overlay creative in every linear ad too: listed on its avail.
    expect(t.avails.map((a) => a.nonLinearAdsList.length)).toEqual([1, 1]);
  });

  it('without overlayAvails: no overlays listed, and the nonlinear breaks report VMAP error 1003', async () => {
    await install(VMAP);
    const t = await tracking((await open()).trackingUrl);
    expect(t.nonLinearAvails).toEqual([]);
    expect(t.avails.map((a) => a.nonLinearAdsList)).toEqual([[], []]);
    expect(delivered.filter((u) => u.includes('break=overlay-'))).toEqual([0, 1, 2].map((i) => `${server.url}/beacons/error?break=overlay-${i}&code=1003`));
  });
});

describe('live: the same builders on the live timeline (protocols.md §4, §5.1)', () => {
  it('a live break lists every field of its ads, and a token inside the break pages to the later beacons', async () => {
    await install(`vast?pod=1&${RICH}&nonlinear=1&dur=[session.avail_duration_secs]`, 'live');
    // Stream time 100 s: the window holds the break at 70 s (16 s long), as in engineLiveScte.test.ts.
    const s = await open({ cue: 'daterange', t0: String(Date.now() - 100_000), overlayAvails: 'on' }, 'live/master.m3u8', 'live');
    const [first] = await mediaPlaylists(s.manifestUrl);
    expect(first.text).toContain('/v1/segment/');
    const t = await tracking(s.trackingUrl);
    expectSortedKeys(t);
    expect(t.avails).toHaveLength(1);
    const ad = t.avails[0].ads[0];
    expect(ad.companionAds).toHaveLength(2);
    expect(ad.icons[0].startTimeInSeconds).toBe(ad.startTimeInSeconds + 1);
    expect(ad.adVerifications[0].vendor).toBe('stitchbox-demo-verifier');
    expect(ad.extensions.map((e) => e.type)).toEqual(['stitchbox-demo', 'InteractiveCreativeFile']);
    expect(ad.mediaFiles.mediaFilesList).toHaveLength(1);
    // The ad's overlay creative, listed because the session asked for overlay avails.
    expect(t.avails[0].nonLinearAdsList.map((n) => n.nonLinearAdList[0].staticResource)).toEqual([`${server.url}/ads/banner.svg?w=480&h=60`]);
    expect(t.nextToken).not.toBeNull();
    const firstQuartile = ad.trackingEvents.find((e) => e.eventType === 'firstQuartile')!;
    const token = encodeNextToken({ positionMs: Math.round(firstQuartile.startTimeInSeconds * 1000), issuedAt: Date.now(), page: 1 });
    const page = await tracking(`${s.trackingUrl}?nextToken=${token}`);
    expect(page.avails[0].ads[0].trackingEvents.map((e) => e.eventType)).toEqual(['midpoint', 'thirdQuartile', 'complete']);
    expect((await tracking(`${s.trackingUrl}?nextToken=${page.nextToken}`)).nextToken).toBe(page.nextToken);
  });
});

describe('nextToken paging (protocols.md §3.2)', () => {
  it('no token: everything and a token; the token back: nothing new and the same token; a token mid-way: only later beacons', async () => {
    await install('vmap?breaks=start,00:00:31.500,end&pod=2&sid=[session.id]');
    const s = await open();
    const all = await tracking(s.trackingUrl);
    expect(all.avails).toHaveLength(3);
    expect(all.nextToken).toMatch(/^[A-Za-z0-9+/]+(%3D){0,2}$/);
    const again = await tracking(`${s.trackingUrl}?nextToken=${all.nextToken}`);
    expect(again.avails).toEqual([]);
    expect(again.nextToken).toBe(all.nextToken);

    // A cursor inside the second ad of the mid-roll: its third quartile and complete, and the post-roll, remain.
    const mid = all.avails[1];
    const ad1 = mid.ads[1];
    const midpoint = ad1.trackingEvents.find((e) => e.eventType === 'midpoint')!;
    const token = encodeNextToken({ positionMs: Math.round(midpoint.startTimeInSeconds * 1000), issuedAt: Date.now(), page: 1 });
    const page = await tracking(`${s.trackingUrl}?nextToken=${token}`);
    expect(page.avails.map((a) => a.availId)).toEqual([mid.availId, all.avails[2].availId]);
    expect(page.avails[0].ads.map((a) => a.adId)).toEqual([ad1.adId]);
    expect(page.avails[0].ads[0].trackingEvents.map((e) => e.eventType)).toEqual(
      ad1.trackingEvents.filter((e) => e.startTimeInSeconds > midpoint.startTimeInSeconds).map((e) => e.eventType));
    expect(page.avails[0].ads[0].trackingEvents.map((e) => e.eventType)).toEqual(expect.arrayContaining(['thirdQuartile', 'complete']));
    expect(page.avails[1]).toEqual(all.avails[2]);
    // The new token points at the latest beacon returned, the post-roll's complete, as the first one did.
    const pos = (tk: string | null) => { const d = decodeNextToken(tk ?? '', Date.now()); return d.ok ? d.cursor.positionMs : NaN; };
    expect(pos(page.nextToken)).toBe(pos(all.nextToken));
    expect(page.nextToken).not.toBe(token);
    // The doc's POST form, both casings, and the query's other casing give the same page.
    for (const [method, path, body] of [
      ['POST', s.trackingUrl, JSON.stringify({ NextToken: decodeURIComponent(token) })],
      ['POST', s.trackingUrl, JSON.stringify({ nextToken: token })],
      ['GET', `${s.trackingUrl}?NextToken=${token}`, ''],
    ] as const) {
      expect((await tracking(path, method, body)).avails, `${method} ${body || path}`).toEqual(page.avails);
    }
  });

  it('an unreadable or expired token is HTTP 400 with a message saying to poll without it', async () => {
    await install('vast?pod=1');
    const s = await open();
    for (const bad of ['garbage!', btoa('PT1S_not-a-date_1'), encodeNextToken({ positionMs: 0, issuedAt: Date.now() - 25 * 3600_000, page: 1 })]) {
      const r = await call('GET', `${s.trackingUrl}?nextToken=${encodeURIComponent(bad)}`);
      expect(statusOf(r), bad).toBe(400);
      expect(JSON.parse(bodyOf(r)).message).toMatch(/nextToken.*poll again without a token/);
    }
    const r = await call('POST', s.trackingUrl, '{not json');
    expect(statusOf(r)).toBe(400);
  });
});

describe('hybrid mode (protocols.md §14.3): reportingMode server plus tracking', () => {
  it('the full tracking JSON is served and the worker fires the beacons itself, once, break tracking included', async () => {
    await install('vmap?breaks=start&pod=1&sid=[session.id]');
    const s = await open({ reportingMode: 'server' });
    const t = await tracking(s.trackingUrl);
    const ad = t.avails[0].ads[0];
    expect(ad.trackingEvents.map((e) => e.eventType)).toEqual(expect.arrayContaining(['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete', 'clickThrough']));
    expect(t.avails[0].adBreakTrackingEvents.map((e) => e.eventType)).toEqual(['breakStart', 'breakEnd', 'error']);
    expect(delivered).toEqual([]);
    const [first] = await mediaPlaylists(s.manifestUrl);
    const adSegments = first.text.split('\n').filter((l) => l.startsWith('/v1/segment/'));
    expect(adSegments.length).toBeGreaterThan(1);
    for (const seg of [...adSegments, ...adSegments]) await call('GET', seg); // twice: a refetch fires nothing again
    const events = delivered.map((u) => new URL(u).searchParams.get('event'));
    expect(events.sort()).toEqual(['breakEnd', 'breakStart', 'complete', 'firstQuartile', 'impression', 'midpoint', 'start', 'thirdQuartile']);
    // Each beacon is one the tracking JSON lists for the player's UI (the cache-buster filled in).
    const listed = [...ad.trackingEvents.flatMap((e) => e.beaconUrls), ...t.avails[0].adBreakTrackingEvents.flatMap((e) => e.beaconUrls)];
    for (const u of delivered) expect(listed.map((l) => l.replace('[CACHEBUSTING]', ''))).toContain(u.replace(/cb=[^&]*/, 'cb='));
  });

  it('client mode: the same segment requests fire nothing', async () => {
    await install('vmap?breaks=start&pod=1&sid=[session.id]');
    const s = await open();
    const [first] = await mediaPlaylists(s.manifestUrl);
    for (const seg of first.text.split('\n').filter((l) => l.startsWith('/v1/segment/'))) await call('GET', seg);
    expect(delivered).toEqual([]);
  });
});

describe('manifestParams (protocols.md §1.1)', () => {
  it('are copied onto the multivariant, tracking and segment URLs; the tracking URL answers with them', async () => {
    await install('vast?pod=1');
    const s = await open({ manifestParams: { test: '123', 'b c': 'd&e' } });
    const q = 'test=123&b%20c=d%26e';
    expect(s.trackingUrl.endsWith(`?${q}`)).toBe(true);
    expect(s.manifestUrl).toContain(`&${q}`);
    const master = bodyOf(await call('GET', s.manifestUrl));
    const media = master.split('\n').filter((l) => l.startsWith('/v1/manifest/'));
    expect(media.length).toBeGreaterThan(0);
    for (const m of media) expect(m.endsWith(`?${q}`)).toBe(true);
    const text = bodyOf(await call('GET', media[0]));
    const segs = text.split('\n').filter((l) => l.startsWith('/v1/segment/'));
    expect(segs.length).toBeGreaterThan(0);
    for (const seg of segs) expect(seg.endsWith(`?${q}`)).toBe(true);
    const t = await tracking(s.trackingUrl);
    expect(t.avails).toHaveLength(1);
  });
});
