/**
 * Live DASH sessions through the engine (issue 7): the real demo server (its /origin/dash/live.mpd simulator at
 * 8x, its sample ADS with DASH creatives), the real IndexedDB store on fake-indexeddb, the real fetch port; only
 * beacon delivery is recorded. The session's MPD is refreshed every 250 ms of wall clock (2 s of stream time)
 * from stream time ~36 s to ~80 s: the break at 10 s plays content (under way at the join), the break at 40 s
 * (16 s) becomes `live-40_1` (6 s) and `live-40_2` (10 s), the return `live-56` follows at 56 s, every listed
 * Period keeps its @start and PTOs, the ad segments fetched through /v1/dashsegment (twice) fire each
 * server-side beacon once, and the tracking JSON lists the avail with the DASH live ids and times.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/session/engine';
import type { EngineResult } from '../../../src/session/http';
import { parseConfig } from '../../../src/session/config';
import { createIdbStore } from '../../../sw/idbStore';
import { recordingPorts, type Recorded } from './enginePorts';
import { startDemoServer } from '../../../demo/server/startDemoServer';
import { adaptationSetsOf, parseMpd, periodsOf, periodTimings, representationsOf, resolveRepresentation, segmentTemplateOf } from '../../../src/dash/mpdModel';
import { attrValue } from '../../../src/dash/mpdXml';
import type { MediaTailorTracking } from '../../../src/tracking/mediaTailorTypes';

let server: { url: string; close(): Promise<void> | void };
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

const HOST = 'http://localhost';

describe('live DASH through the engine', () => {
  it('replaces a break of the demo live MPD with ad Periods, stable over refreshes; beacons once; tracking ids and times', async () => {
    const store = createIdbStore();
    const rec: Recorded = { adsRequests: [], delivered: [], logs: [] };
    const engine = createEngine(recordingPorts(store, rec), { scope: '/' });
    const call = async (method: string, path: string, body = ''): Promise<EngineResult> => {
      const r = await engine.handle({ method, url: path.startsWith('http') ? path : `${HOST}${path}`, headers: {}, body: async () => body });
      if (!r) throw new Error(`not handled: ${path}`);
      await Promise.allSettled(r.background);
      return r;
    };
    const text = (r: EngineResult) => (r.response.kind === 'body' ? r.response.body : '');
    await store.putConfig(parseConfig({
      Name: 'demo', VideoContentSourceUrl: `${server.url}/origin`,
      AdDecisionServerUrl: `${server.url}/ads/vast?pod=2&durations=6,10&sid=[session.id]&avail=[avail.index]`,
    }));
    const t0 = Date.now() - 36_000 / 8;
    const s = JSON.parse(text(await call('POST', '/v1/session/acct/demo/dash/live.mpd', JSON.stringify({ reportingMode: 'server', t0: String(t0), speed: '8' })))) as { manifestUrl: string; trackingUrl: string };

    const seen = new Map<string, string>();
    let last = '';
    const deadline = t0 + 80_000 / 8;
    while (Date.now() < deadline) {
      const r = await call('GET', s.manifestUrl);
      expect(r.response).toMatchObject({ status: 200, headers: { 'Content-Type': 'application/dash+xml' } });
      last = text(r);
      const mpd = parseMpd(last)!;
      expect(attrValue(mpd.root, 'type')).toBe('dynamic');
      const starts = periodTimings(mpd.root);
      periodsOf(mpd.root).forEach((p, k) => {
        const ptos = adaptationSetsOf(p).flatMap((as) => representationsOf(as).map((rep) => segmentTemplateOf(p, as, rep)?.presentationTimeOffset));
        const sig = `${starts[k].start} ${ptos.join(',')}`;
        const id = attrValue(p, 'id')!;
        expect(seen.get(id) ?? sig, id).toBe(sig);
        seen.set(id, sig);
      });
      await new Promise((res) => setTimeout(res, 250));
    }
    expect(seen.has('live-10')).toBe(true);
    expect(seen.has('live-10_1')).toBe(false);
    expect(seen.has('live-40')).toBe(false);
    expect(seen.get('live-40_1')?.split(' ')[0]).toBe('40');
    expect(seen.get('live-40_2')?.split(' ')[0]).toBe('46');
    expect(seen.get('live-56')?.split(' ')[0]).toBe('56');
    expect(rec.adsRequests.filter((u) => u.includes('avail=1'))).toHaveLength(1);

    // Every segment of both ad Periods, as a player resolves them, fetched twice through /v1/dashsegment.
    const mpd = parseMpd(last)!;
    const timings = periodTimings(mpd.root);
    const urls: string[] = [];
    periodsOf(mpd.root).forEach((p, i) => {
      if (!/^live-40_\d$/.test(attrValue(p, 'id')!)) return;
      for (const as of adaptationSetsOf(p)) {
        for (const rep of representationsOf(as)) {
          const res = resolveRepresentation(`${HOST}${s.manifestUrl}`, mpd.root, p, as, rep, timings[i].duration)!;
          urls.push(res.init!.uri, ...res.segments.map((x) => x.uri));
        }
      }
    });
    expect(urls.length).toBeGreaterThan(4);
    expect(urls.every((u) => u.startsWith(`${HOST}/v1/dashsegment/`))).toBe(true);
    for (let pass = 0; pass < 2; pass++) {
      for (const u of urls) expect((await call('GET', u)).response, u).toMatchObject({ kind: 'proxy' });
    }
    await new Promise((res) => setTimeout(res, 300));
    const fired = rec.delivered.map((u) => new URL(u).searchParams).filter((q) => q.get('event'));
    for (const ev of ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']) {
      const byAd = fired.filter((q) => q.get('event') === ev).map((q) => q.get('ad'));
      expect(byAd.length, ev).toBe(2);
      expect(new Set(byAd).size, ev).toBe(2);
    }

    const tracking = JSON.parse(text(await call('GET', s.trackingUrl))) as MediaTailorTracking;
    expect(tracking.dashAvailabilityStartTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    const avail = tracking.avails.find((a) => a.availId === 'live-40')!;
    expect(avail.ads.map((a) => [a.adId, a.startTimeInSeconds, a.durationInSeconds])).toEqual([['live-40_1', 40, 6], ['live-40_2', 46, 10]]);
    expect(avail.ads[1].trackingEvents.every((e) => e.eventId === String(46 * 90_000))).toBe(true);
  }, 60_000);
});
