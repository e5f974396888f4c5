/**
 * decideAvail against the real sample ADS over loopback HTTP, with the worker's fetch port: wrapper chains
 * (wrap=N, wrap=loop), companions, overlays, VMAP answers, and the Error URLs to fire with their codes.
 * Also checks the sample ADS documents themselves with the VAST and VMAP readers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAvail, type AvailSlot, type DecideArgs } from '../../../src/ads/decideAvail';
import { effectiveSettings, parseConfig } from '../../../src/session/config';
import type { SessionRecord } from '../../../src/session/sessionRecord';
import { parseVast } from '../../../src/vast/parseVast';
import { parseVmap } from '../../../src/vast/parseVmap';
import { fetchText } from '../../../sw/fetchText';
import { startDemoServer, type DemoServer } from '../../../demo/server/startDemoServer';

let server: DemoServer;
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

const session: SessionRecord = {
  id: '1234', uuid: 'u', account: 'a', configName: 'demo', assetPath: 'vod/master.m3u8', format: 'hls', reportingMode: 'client',
  playerParams: {}, manifestParams: {}, originParams: {}, overlayAvails: false, userAgent: 'vitest', referer: '', createdAt: 0, lastSeenAt: 0, playlists: null,
};
const insertion: AvailSlot = { index: 0, breakOrdinal: 0, contentTime: 0, originSegment: 0, replaceCount: 0, replacedDuration: 0, signalledDuration: null };

function args(adsQuery: string, over: Partial<DecideArgs> = {}): DecideArgs {
  const config = parseConfig({ Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/${adsQuery}` });
  return {
    config, settings: effectiveSettings(config), session, slot: insertion, scte: {}, asset: {}, deadline: Date.now() + 8000,
    deps: { fetchText, now: () => Date.now(), loadSlate: async () => null }, ...over,
  };
}
const rel = (u: string) => u.replace(server.url, '');

describe('decideAvail follows the sample ADS wrapper chains', () => {
  for (const n of [1, 3, 7]) {
    it(`wrap=${n}: the pod arrives with every wrapper's impression, tracking and error URLs`, async () => {
      const { avail, errorBeacons } = await decideAvail(args(`vast?pod=2&sid=s&wrap=${n}`));
      expect(avail.failure).toBeNull();
      expect(avail.ads.map((a) => a.vastAdId)).toEqual(['s-a0-1-ad6', 's-a0-2-ad10']);
      for (const ad of avail.ads) {
        const wrappers = Array.from({ length: n }, (_, k) => `s-a0-w${n - k}`);
        expect(ad.tracking.impression.map(rel)).toEqual([...wrappers, ad.vastAdId].map((id) => `/beacons/track?event=impression&ad=${id}&cb=[CACHEBUSTING]`));
        expect(ad.tracking.start).toHaveLength(n + 1);
        expect(ad.clickTracking).toHaveLength(n + 1);
        expect(ad.errorUrls.map(rel)).toEqual([...wrappers, ad.vastAdId].map((id) => `/beacons/error?ad=${id}&code=[ERRORCODE]`));
        expect(ad.wrapperUrls).toHaveLength(n);
        expect(ad.duration).toBeGreaterThan(0);
      }
      expect(errorBeacons).toEqual([]);
    });
  }

  it('wrap=8 is one level too many: the break plays content, 302 goes to every wrapper (protocols.md §12: 7 levels)', async () => {
    const { avail, errorBeacons } = await decideAvail(args('vast?pod=2&sid=s&wrap=8'));
    expect(avail.ads).toEqual([]);
    expect(avail.failure).toBe('no ad could be stitched');
    expect(avail.skipped).toEqual([{ vastAdId: 's-a0-w8', creativeId: '', reason: 'INVALID_VAST_WRAPPER_AD', message: expect.stringMatching(/^VAST 302: /) }]);
    expect(errorBeacons.map((b) => [rel(b.url), b.errorCode])).toEqual(Array.from({ length: 8 }, (_, k) => [`/beacons/error?ad=s-a0-w${8 - k}&code=[ERRORCODE]`, 302]));
  });

  it('wrap=loop: cut at the second visit of the same URL, 302', async () => {
    const { avail, errorBeacons } = await decideAvail(args('vast?sid=s&wrap=loop'));
    expect(avail.failure).toBe('no ad could be stitched');
    expect(avail.skipped[0].message).toMatch(/loop/);
    expect(new Set(errorBeacons.map((b) => b.errorCode))).toEqual(new Set([302]));
  });

  it('a chain that ends in an empty answer: 303 to every wrapper', async () => {
    const { avail, errorBeacons } = await decideAvail(args('vast?sid=s&wrap=2&fail=empty'));
    expect(avail.ads).toEqual([]);
    expect(errorBeacons.map((b) => [rel(b.url), b.errorCode])).toEqual([['/beacons/error?ad=s-a0-w2&code=[ERRORCODE]', 303], ['/beacons/error?ad=s-a0-w1&code=[ERRORCODE]', 303]]);
  });

  it('a chain that ends in a timeout: 301, within the per-request timeout', async () => {
    const a = args('vast?sid=s&wrap=1&fail=timeout');
    a.settings = { ...a.settings, adsRequestTimeoutMs: 300 };
    const t0 = Date.now();
    const { avail, errorBeacons } = await decideAvail(a);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(avail.skipped.map((s) => s.reason)).toEqual(['ADS_TIMEOUT']);
    expect(errorBeacons.map((b) => b.errorCode)).toEqual([301]);
  });

  it('a chain that ends in a malformed answer: 100; in HTTP 500: 301', async () => {
    expect((await decideAvail(args('vast?sid=s&wrap=1&fail=malformed'))).errorBeacons.map((b) => b.errorCode)).toEqual([100]);
    expect((await decideAvail(args('vast?sid=s&wrap=1&fail=500'))).errorBeacons.map((b) => b.errorCode)).toEqual([301]);
  });
});

describe('decideAvail carries companions, overlays and progress offsets into the plan', () => {
  it('companion=1: static and HTML companions on each planned ad', async () => {
    const { avail } = await decideAvail(args('vast?pod=1&sid=s&companion=1'));
    const [ad] = avail.ads;
    expect(ad.companionAds!.map((c) => [c.id, c.width, c.height])).toEqual([['s-a0-1-ad6-static', 300, 250], ['s-a0-1-ad6-html', 728, 90]]);
    expect(rel(ad.companionAds![0].staticResources[0].uri)).toBe('/ads/banner.svg?w=300&h=250');
    expect(ad.companionAds![1].htmlResources[0]).toMatch(/^<a href=".*\/ads\/landing\?ad=s-a0-1-ad6" target="_blank">/);
    expect(ad.companionAds![0].tracking.map((t) => t.event)).toEqual(['creativeView']);
    const banner = await fetch(ad.companionAds![0].staticResources[0].uri.replace(/^http:\/\/[^/]+/, server.url));
    expect(banner.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('nonlinear=1: the overlay is listed on the avail, not stitched', async () => {
    const { avail } = await decideAvail(args('vast?pod=2&sid=s&nonlinear=1'));
    expect(avail.ads).toHaveLength(2);
    expect(avail.nonLinearAds!.map((n) => [n.vastAdId, n.nonLinears[0].width, n.tracking.map((t) => t.event)])).toEqual([
      ['s-a0-1-ad6', 480, ['creativeView', 'close']], ['s-a0-2-ad10', 480, ['creativeView', 'close']],
    ]);
  });

  it('with wrap=2 and companion=1 the wrappers\' tracking reaches the companions\' ads too', async () => {
    const { avail } = await decideAvail(args('vast?pod=1&sid=s&wrap=2&companion=1'));
    expect(avail.ads[0].companionAds).toHaveLength(2);
    expect(avail.ads[0].tracking.impression).toHaveLength(3);
  });
});

describe('decideAvail with a VMAP answer or a given source', () => {
  it('a cue-marked break asked for VMAP takes the first linear break, and keeps its tracking', async () => {
    const { avail } = await decideAvail(args('vmap?breaks=start,end&pod=1&sid=s'));
    expect(avail.ads.map((a) => a.vastAdId)).toEqual(['s-a0-1-ad6']);
    expect(avail.breakTracking!.map((t) => t.event)).toEqual(['breakStart', 'breakEnd', 'error']);
  });

  it('an AdTagURI break is asked for as is', async () => {
    const { avail } = await decideAvail(args('vmap?breaks=start&source=tag&pod=2&sid=s'));
    expect(avail.ads).toHaveLength(2);
    expect(rel(avail.adsRequestUrl!)).toMatch(/^\/ads\/vast\?.*avail=0/);
  });

  it('a failed VMAP break fires its error tracking with a VMAP code (1008 retrieval error)', async () => {
    const { avail, errorBeacons } = await decideAvail(args('vast?pod=1', { source: { kind: 'url', url: `${server.url}/ads/vast?fail=500` }, breakTracking: [{ event: 'error', url: 'http://e/[ERRORCODE]' }] }));
    expect(avail.failure).toMatch(/^ERROR_ADS_INVALID_RESPONSE/);
    expect(errorBeacons).toEqual([{ subject: 'vmap-break', url: 'http://e/[ERRORCODE]', errorCode: 1008 }]);
  });
});

describe('the sample ADS documents', () => {
  const get = async (path: string) => (await fetch(`${server.url}${path}`)).text();

  it('a wrapper level is valid VAST 4.2 whose URI asks for one level less, query kept', async () => {
    const { vast, problems } = parseVast(await get('/ads/vast?pod=3&sid=q&wrap=2&durations=6'));
    expect(problems).toEqual([]);
    expect(vast.ads).toHaveLength(1);
    expect(vast.ads[0]).toMatchObject({ id: 'q-a0-w2', kind: 'wrapper', wrapper: { allowMultipleAds: true, followAdditionalWrappers: true, fallbackOnNoAd: null } });
    expect(rel(vast.ads[0].wrapperUri!)).toBe('/ads/vast?pod=3&sid=q&durations=6&wrap=1');
    const last = parseVast(await get('/ads/vast?pod=3&sid=q&wrap=1&durations=6')).vast.ads[0];
    expect(rel(last.wrapperUri!)).toBe('/ads/vast?pod=3&sid=q&durations=6');
  });

  it('/ads/vmap answers VMAP 1.0, one break per offset, inline or by AdTagURI', async () => {
    const inline = parseVmap(await get('/ads/vmap?breaks=start,00:00:30.000,end&pod=2&sid=v'));
    expect(inline.problems).toEqual([]);
    expect(inline.vmap.breaks.map((b) => [b.breakId, b.timeOffsetText, b.breakTypes])).toEqual([
      ['break-0', 'start', ['linear']], ['break-1', '00:00:30.000', ['linear']], ['break-2', 'end', ['linear']],
    ]);
    expect(inline.vmap.breaks.map((b) => b.adSource!.vast!.ads.map((a) => a.id))).toEqual([
      ['v-a0-1-ad6', 'v-a0-2-ad10'], ['v-a1-1-ad6', 'v-a1-2-ad10'], ['v-a2-1-ad6', 'v-a2-2-ad10'],
    ]);
    const tag = parseVmap(await get('/ads/vmap?breaks=start,50%25&source=tag&sid=v'));
    expect(tag.vmap.breaks.map((b) => rel(b.adSource!.adTagUri!))).toEqual(['/ads/vast?sid=v&avail=0', '/ads/vast?sid=v&avail=1']);
    // Unusable offsets are dropped; none left means one pre-roll.
    expect(parseVmap(await get('/ads/vmap?breaks=soon')).vmap.breaks.map((b) => b.timeOffsetText)).toEqual(['start']);
  });
});
