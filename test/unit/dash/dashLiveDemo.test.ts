/**
 * The live DASH stitcher over the demo's own live MPD (demo/server/dash/dashLiveMpd.ts: a Period per break
 * start and return, SCTE-35 splice_insert Events, PTOs in each track's timescale) and the demo's DASH ad
 * renditions (dashAdMpd.ts), refreshed every 2 s of a virtual clock: the first break of the session's first
 * MPD plays content (joined mid-stream), the next breaks are replaced by ad Periods `<id>_1`, `<id>_2` at
 * the break start and the break start + the first ad, the return Period follows at the origin's time, the
 * origin's Period ids, starts and PTOs pass through, and the tracking JSON agrees with the MPD.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDashLadder } from '../../../demo/server/dash/dashLadder';
import { dashLiveMpd } from '../../../demo/server/dash/dashLiveMpd';
import { dashAdMpd } from '../../../demo/server/dash/dashAdMpd';
import { parseDashLiveOptions } from '../../../demo/server/dash/dashLiveOptions';
import { createDashLiveStitcher } from '../../../src/dash/live/dashLiveStitcher';
import { buildDashLiveTracking } from '../../../src/dash/live/dashLiveTracking';
import { adaptationSetsOf, parseMpd, periodsOf, periodTimings, representationsOf, segmentTemplateOf } from '../../../src/dash/mpdModel';
import { attrValue, element, textContent } from '../../../src/dash/mpdXml';
import { effectiveSettings, parseConfig } from '../../../src/session/config';
import { createSessionRecord, initFromBody } from '../../../src/session/openSession';
import type { HttpResult, Ports } from '../../../src/session/ports';
import { VirtualClock, memoryStore } from '../session/liveHarness';
import { MEDIA_DIR } from '../demo/fixture';

const content = readDashLadder(path.join(MEDIA_DIR, 'content-fmp4'))!;
const adMpds = new Map(['ad6', 'ad10'].map((ad) => [ad, dashAdMpd(readDashLadder(path.join(MEDIA_DIR, 'ads', ad, 'fmp4'))!)]));

function vast(): string {
  const ad = (id: string, k: number) => `<Ad id="${id}" sequence="${k + 1}"><InLine><AdSystem>demo</AdSystem><AdTitle>${id}</AdTitle>
<Impression><![CDATA[https://beacons.test/imp?ad=${id}]]></Impression><Creatives><Creative id="creative-${id}"><Linear><Duration>00:00:10</Duration>
<MediaFiles><MediaFile delivery="streaming" type="application/dash+xml" width="640" height="360"><![CDATA[https://demo.test/ads/media/${id}/manifest.mpd]]></MediaFile></MediaFiles>
</Linear></Creative></Creatives></InLine></Ad>`;
  return `<?xml version="1.0"?><VAST version="4.2">${ad('ad6', 0)}${ad('ad10', 1)}</VAST>`;
}

describe('live DASH over the demo live MPD', () => {
  it('replaces the breaks after the join with ad Periods at the break start, keeps every listed Period stable, resumes at the return', async () => {
    const clock = new VirtualClock();
    const store = memoryStore();
    // Stream time 36 s at the first refresh: the break at 10 s (10-26) is in the window, the next starts at 40 s.
    const t0 = clock.t - 36_000;
    const o = parseDashLiveOptions(new URLSearchParams(`t0=${t0}`), 0);
    const ok = (url: string, text: string): HttpResult => ({ status: 200, url, headers: {}, text });
    const ports: Ports = {
      fetchText: async (url) => {
        const u = new URL(url);
        if (u.pathname === '/ads/vast') { await clock.sleep(300); return ok(url, vast()); }
        const m = /^\/ads\/media\/(\w+)\/manifest\.mpd$/.exec(u.pathname);
        if (m && adMpds.has(m[1])) return ok(url, adMpds.get(m[1])!);
        return { status: 404, url, headers: {}, text: '' };
      },
      store, now: clock.now, sleep: clock.sleep, randomBytes: (n) => new Uint8Array(n).fill(7), flushBeacons: async () => undefined, log: () => undefined,
    };
    const config = parseConfig({ Name: 'demo', VideoContentSourceUrl: 'https://demo.test/origin', AdDecisionServerUrl: 'https://demo.test/ads/vast' });
    const session = createSessionRecord({ init: initFromBody('{}'), account: 'a', configName: 'demo', assetPath: 'dash/live.mpd', randomBytes: ports.randomBytes, now: clock.t, userAgent: '', referer: '' });
    const stitcher = createDashLiveStitcher(ports);

    const seen = new Map<string, string>();
    let last = '';
    for (let i = 0; i < 44; i++) {
      const origin = dashLiveMpd(clock.t, content, o);
      const { value } = await clock.drive(stitcher.serve({
        session, config, settings: effectiveSettings(config), text: origin, mpdUrl: 'https://demo.test/origin/dash/live.mpd',
        adBaseUrl: (b, piece, r) => `https://sw.test/v1/dashsegment/a/demo/${session.id}/${b.key}/${piece}/${r}/`,
      }));
      last = value.text;
      const mpd = parseMpd(last)!;
      const starts = periodTimings(mpd.root);
      periodsOf(mpd.root).forEach((p, k) => {
        const ptos = adaptationSetsOf(p).flatMap((as) => representationsOf(as).map((r) => segmentTemplateOf(p, as, r)?.presentationTimeOffset));
        const sig = `${starts[k].start} ${ptos.join(',')}`;
        const id = attrValue(p, 'id')!;
        expect(seen.get(id) ?? sig, id).toBe(sig);
        seen.set(id, sig);
      });
      expect(element(mpd.root, 'BaseURL') && textContent(element(mpd.root, 'BaseURL'))).toBe('https://demo.test/origin/dash/');
      await clock.advance(2000);
    }
    // Stream time 36 → 124 s: breaks at 10 (joined after its start: content), 40, 70 and 100 s.
    expect(seen.has('live-10')).toBe(true);
    expect(seen.has('live-10_1')).toBe(false);
    for (const b of [40, 70, 100]) {
      expect(seen.has(`live-${b}`), `live-${b} is replaced`).toBe(false);
      expect(seen.get(`live-${b}_1`)?.split(' ')[0]).toBe(String(b));
      expect(seen.get(`live-${b}_2`)?.split(' ')[0]).toBe(String(b + 6));
      // The return Period (16 s break) at its origin time, with its origin id.
      expect(seen.get(`live-${b + 16}`)?.split(' ')[0]).toBe(String(b + 16));
    }
    // Ad Periods: PTO = the creative's first segment time, BaseURL per Representation under /v1/dashsegment.
    expect(last).toMatch(/<Period id="live-100_1" start="PT100S" duration="PT6S">/);
    expect(last).toContain(`<BaseURL>https://sw.test/v1/dashsegment/a/demo/${session.id}/live-100/0/0/</BaseURL>`);

    const tl = await store.getLiveTimeline(session.id);
    const tracking = buildDashLiveTracking(tl!.dash!, clock.t);
    expect(tracking.dashAvailabilityStartTime).toBe(new Date(t0).toISOString());
    const a100 = tracking.avails.find((a) => a.availId === 'live-100')!;
    expect(a100.ads.map((ad) => [ad.adId, ad.startTimeInSeconds, ad.durationInSeconds])).toEqual([['live-100_1', 100, 6], ['live-100_2', 106, 10]]);
    expect(a100.ads[0].trackingEvents.find((e) => e.eventType === 'impression')!.eventId).toBe(String(100 * 90_000));
    expect(a100.availProgramDateTime).toBeNull();
  });
});
