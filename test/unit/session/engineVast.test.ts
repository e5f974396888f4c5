/**
 * The engine with content that has no cue markers (protocols.md §7): the ADS is asked once at session start;
 * a VMAP answer places the breaks at its timeOffsets rounded down to segment boundaries, a plain VAST answer
 * becomes one pre-roll. Real demo server over loopback, real IndexedDB store on fake-indexeddb, real fetch
 * port; only beacon delivery is a recorder. Also the wrapper chains of the sample ADS through the engine.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/session/engine';
import type { EngineResult } from '../../../src/session/http';
import type { Ports, Store } from '../../../src/session/ports';
import { effectiveSettings, parseConfig } from '../../../src/session/config';
import { parseMedia } from '../../../src/hls/parseMedia';
import { stitchMedia } from '../../../src/hls/stitchMedia';
import { buildInsertions } from '../../../src/session/buildInsertions';
import { planVod, vodBreaks } from '../../../src/session/planVod';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts } from './enginePorts';
import { fetchText } from '../../../sw/fetchText';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
let store: Store;
let engine: Engine;
let adsRequests: string[];
let delivered: string[];

function mkPorts(): Ports {
  // Getters: the test resets the arrays after the engine is made.
  return recordingPorts(store, { get adsRequests() { return adsRequests; }, get delivered() { return delivered; }, logs: [] });
}

async function call(method: string, path: string, body = ''): Promise<EngineResult> {
  const r = await engine.handle({ method, url: `http://localhost${path}`, headers: { 'user-agent': 'vitest' }, body: async () => body });
  if (!r) throw new Error(`not handled: ${path}`);
  await Promise.allSettled(r.background);
  return r;
}
const bodyOf = (r: EngineResult) => { if (r.response.kind !== 'body') throw new Error('expected a body'); return r.response.body; };

async function install(ads: string) {
  await store.putConfig(parseConfig({ Name: 'plain', VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/${ads}` }));
}

async function openPlain(): Promise<{ sid: string; trackingUrl: string }> {
  const r = await call('POST', '/v1/session/acct/plain/content/master.m3u8', '{}');
  const s = JSON.parse(bodyOf(r)) as { manifestUrl: string; trackingUrl: string };
  return { sid: s.trackingUrl.split('/').pop()!, trackingUrl: s.trackingUrl };
}

beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });
beforeEach(() => {
  store = createIdbStore();
  engine = createEngine(mkPorts(), { scope: '/' });
  adsRequests = []; delivered = [];
});

describe('content without cue markers', () => {
  it('a VMAP answer places a pre-, mid- and post-roll at its offsets, on segment boundaries, with one ADS request', async () => {
    // 00:00:31.500 rounds down to the segment boundary at 30 s (2 s segments).
    await install('vmap?breaks=start,00:00:31.500,end&pod=1&sid=[session.id]');
    const s = await openPlain();
    const tracking = JSON.parse(bodyOf(await call('GET', s.trackingUrl)));
    expect(adsRequests).toHaveLength(1);
    const plan = (await store.getPlan(s.sid))!;
    expect(plan.avails.map((a) => [a.placement, a.vmapBreakId, a.originSegment, a.contentTime, a.replaceCount, a.failure])).toEqual([
      ['vmap', 'break-0', 0, 0, 0, null], ['vmap', 'break-1', 15, 30, 0, null], ['vmap', 'break-2', 30, 60, 0, null],
    ]);
    expect(plan.avails.map((a) => a.breakTracking!.map((t) => t.event))).toEqual(Array(3).fill(['breakStart', 'breakEnd', 'error']));
    // The 6 s ad of each break: tracking times on the stitched timeline (content 30 s + pre-roll 6 s before the mid-roll).
    expect(tracking.avails.map((a: { startTimeInSeconds: number }) => a.startTimeInSeconds)).toEqual([0, 36, 72]);
    // And the playlists the player gets carry the ads there: every variant, ad segments through /v1/segment.
    const master = bodyOf(await call('GET', `/v1/master/acct/plain/content/master.m3u8?aws.sessionId=${s.sid}`));
    for (const media of master.split('\n').filter((l) => l.startsWith('/v1/manifest/'))) {
      const kinds = bodyOf(await call('GET', media)).split('\n').filter((l) => l && !l.startsWith('#')).map((u) => (u.startsWith('/v1/segment/') ? 'ad' : 'content'));
      const runs = kinds.filter((k, i) => i === 0 || k !== kinds[i - 1]);
      expect(runs).toEqual(['ad', 'content', 'ad', 'content', 'ad']);
      expect(kinds.filter((k) => k === 'content')).toHaveLength(30);
    }
  });

  it('an AdTagURI break is asked when the plan is made; a failing one fires its VMAP error tracking with 1008', async () => {
    await install('vmap?breaks=start,end&source=tag&pod=1&fail=500');
    const s = await openPlain();
    await call('GET', s.trackingUrl);
    const plan = (await store.getPlan(s.sid))!;
    expect(plan.avails.map((a) => a.failure)).toEqual([expect.stringMatching(/^ERROR_ADS_INVALID_RESPONSE/), expect.stringMatching(/^ERROR_ADS_INVALID_RESPONSE/)]);
    expect(adsRequests).toHaveLength(3);
    expect(delivered.map((u) => u.replace(server.url, '')).sort()).toEqual(['/beacons/error?break=break-0&code=1008', '/beacons/error?break=break-1&code=1008']);
  });

  it('a plain VAST answer becomes one pre-roll', async () => {
    await install('vast?pod=2&sid=[session.id]');
    const s = await openPlain();
    const tracking = JSON.parse(bodyOf(await call('GET', s.trackingUrl)));
    const plan = (await store.getPlan(s.sid))!;
    expect(plan.avails.map((a) => [a.placement, a.originSegment, a.ads.length])).toEqual([['vast-preroll', 0, 2]]);
    expect(tracking.avails).toHaveLength(1);
    expect(tracking.avails[0].ads.map((a: { startTimeInSeconds: number }) => a.startTimeInSeconds)).toEqual([0, 6]);
  });

  it('an ADS that fails leaves one content-only avail and plays the content', async () => {
    await install('vast?fail=500');
    const s = await openPlain();
    const tracking = JSON.parse(bodyOf(await call('GET', s.trackingUrl)));
    expect(tracking.avails).toEqual([]);
    expect((await store.getPlan(s.sid))!.avails.map((a) => a.failure)).toEqual([expect.stringMatching(/^ERROR_ADS_INVALID_RESPONSE/)]);
  });

  it('vodBreaks gives every playlist the placed breaks, so stitching inserts the ads there', async () => {
    await install('vmap?breaks=start,00:00:30.000,end&pod=1');
    const config = (await store.getConfig('plain'))!;
    const urls = ['360p', '180p'].map((v) => `${server.url}/origin/content/${v}/index.m3u8`);
    const playlists = await Promise.all(urls.map(async (u) => parseMedia(await (await fetch(u)).text()).playlist));
    const session = { id: '1', uuid: 'u', account: 'a', configName: 'plain', assetPath: 'content/master.m3u8', format: 'hls' as const, reportingMode: 'client' as const,
      playerParams: {}, manifestParams: {}, originParams: {}, overlayAvails: false, userAgent: '', referer: '', createdAt: 0, lastSeenAt: 0, playlists: null };
    const ref = { url: urls[0], kind: 'variant' as const, bandwidth: 600_000 };
    const { plan } = await planVod({ config, settings: effectiveSettings(config), session, first: { ref, playlist: playlists[0], url: urls[0] }, fetchText, now: () => Date.now() });
    const shapes = playlists.map((p, i) => {
      const { insertions } = buildInsertions(plan, vodBreaks(plan, p), { ...ref, url: urls[i] });
      const { text } = stitchMedia(p, insertions, { baseUrl: urls[i], rewriteAdUri: (_p, _i, _s, seg) => seg.uri, stripCues: true });
      return parseMedia(text).playlist.segments.map((seg) => (seg.uri.includes('/ads/media/') ? 'ad' : 'content'));
    });
    expect(shapes[1]).toEqual(shapes[0]);
    const runs = shapes[0].reduce<string[]>((acc, k) => (acc[acc.length - 1] === k ? acc : [...acc, k]), []);
    expect(runs).toEqual(['ad', 'content', 'ad', 'content', 'ad']);
    expect(shapes[0].filter((k) => k === 'content')).toHaveLength(30);
    expect(shapes[0].slice(3 + 15, 3 + 15 + 3)).toEqual(['ad', 'ad', 'ad']);
    // A playlist with cue markers keeps its own breaks.
    const marked = parseMedia(await (await fetch(`${server.url}/origin/vod/360p/index.m3u8`)).text()).playlist;
    expect(vodBreaks({ ...plan, avails: plan.avails.map((a) => ({ ...a, placement: undefined })) }, marked)).toHaveLength(3);
  });
});

describe('wrapper chains through the engine', () => {
  it('the beacons of every wrapper level fire once, and the wrapper errors of a too-long chain go out with [ERRORCODE] filled', async () => {
    await store.putConfig(parseConfig({ Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/vast?pod=1&sid=[session.id]&avail=[avail.index]&wrap=[player_params.wrap]` }));
    const r = await call('POST', '/v1/session/acct/demo/vod/master.m3u8', JSON.stringify({ adsParams: { wrap: '8' } }));
    const s = JSON.parse(bodyOf(r)) as { trackingUrl: string };
    const tracking = JSON.parse(bodyOf(await call('GET', s.trackingUrl)));
    expect(tracking.avails).toEqual([]);
    // Three avails, each a chain of 8 wrappers: 8 error beacons each, code 302.
    expect(delivered).toHaveLength(24);
    expect(delivered.every((u) => /\/beacons\/error\?ad=[0-9a-f]+-a\d-w\d&code=302$/.test(u))).toBe(true);
  });

  it('a chain of 3 lists every level\'s impression in the tracking JSON', async () => {
    await store.putConfig(parseConfig({ Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/vast?pod=1&sid=S&avail=[avail.index]&wrap=3` }));
    const r = await call('POST', '/v1/session/acct/demo/vod/master.m3u8', '{}');
    const s = JSON.parse(bodyOf(r)) as { trackingUrl: string };
    const tracking = JSON.parse(bodyOf(await call('GET', s.trackingUrl)));
    expect(tracking.avails).toHaveLength(3);
    const impression = tracking.avails[0].ads[0].trackingEvents.find((e: { eventType: string }) => e.eventType === 'impression');
    expect(impression.beaconUrls.map((u: string) => new URL(u).searchParams.get('ad'))).toEqual(['S-a0-w3', 'S-a0-w2', 'S-a0-w1', 'S-a0-1-ad6']);
  });
});
