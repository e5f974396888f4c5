/**
 * Issue 7, SINGLE_PERIOD input (protocols.md §15: every qualifying Event is an avail): dash.js and Shaka play a DASH
 * VOD session whose origin MPD is one Period (`/origin/dash/vod.mpd?periods=single`, cue-outs at 0, 30 and 60 s)
 * under a configuration with `DashConfiguration.OriginManifestType: SINGLE_PERIOD`, through the stitchbox worker.
 *
 * The demo page registers the worker (demo/dash.html worker mode); the test then installs its own configuration
 * `single` through the worker's message API (the `stitchbox:putConfig` message src/client sends), opens a session
 * with server-side reporting and a one-ad pod at each break, and plays its manifestUrl on the same page origin.
 * Checked: the stitched Periods (the one content Period split at 30 s, an ad Period at each cue), the element
 * ends, nothing fatal, one played range over the whole stitched duration (the split parts keep the whole
 * SegmentTimeline: a player that took segments outside a part's window would overlap or stall), and every ad's
 * impression..complete at the beacon sink exactly once (fired by /v1/dashsegment requests, protocols.md §14.1).
 */
import { test, expect, clearBeacons, beaconLog, startPlayback } from './fixtures';
import type { Page } from '@playwright/test';

interface DashPageState { errors: { fatal: boolean; message: string }[]; periods: string[]; loaded: boolean }

const EVENTS = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];
const IDS = ['vod_PT0S_0', 'vod', 'vod_PT30S_0', 'vod_PT30S', 'vod_PT60S_0'];

const loaded = (page: Page) => page.waitForFunction(() => {
  const s = (window as unknown as { __dash?: DashPageState }).__dash;
  if (s?.errors.some((e) => e.fatal)) throw new Error(JSON.stringify(s.errors));
  return s?.loaded;
}, undefined, { timeout: 60_000 });

for (const player of ['dashjs', 'shaka']) {
  test(`${player} plays a SINGLE_PERIOD DASH VOD split at each cue-out to the end; server-side beacons once each`, async ({ page, baseURL }) => {
    test.setTimeout(240_000);
    await clearBeacons(baseURL!);
    // Worker mode registers the worker and makes it control the page (the session it opens is not used).
    await page.goto(`/dash.html?player=${player}&sw=1&asset=dash/vod.mpd`);
    await loaded(page);
    const manifestUrl = await page.evaluate(async () => {
      const config = {
        Name: 'single', VideoContentSourceUrl: `${location.origin}/origin`, DashConfiguration: { OriginManifestType: 'SINGLE_PERIOD' },
        AdDecisionServerUrl: `${location.origin}/ads/vast?pod=1&durations=6&sid=[session.id]&avail=[avail.index]`,
      };
      const channel = new MessageChannel();
      const reply = new Promise<{ ok: boolean; error?: string }>((resolve) => { channel.port1.onmessage = (e) => resolve(e.data); });
      navigator.serviceWorker.controller!.postMessage({ type: 'stitchbox:putConfig', config }, [channel.port2]);
      const r = await reply;
      if (!r.ok) throw new Error(`putConfig: ${r.error}`);
      // `periods` is not a MediaTailor key: it goes to the origin (?periods=single).
      const res = await fetch('/v1/session/any/single/dash/vod.mpd', { method: 'POST', body: JSON.stringify({ reportingMode: 'server', periods: 'single' }) });
      return ((await res.json()) as { manifestUrl: string }).manifestUrl;
    });
    const mpd = await page.evaluate(async (u) => (await fetch(u)).text(), manifestUrl);
    expect([...mpd.matchAll(/<Period id="([^"]*)"/g)].map((m) => m[1])).toEqual(IDS);

    await page.goto(`/dash.html?player=${player}&src=${encodeURIComponent(manifestUrl)}`);
    await loaded(page);
    await startPlayback(page, 4);
    await page.waitForFunction(() => {
      const s = (window as unknown as { __dash: DashPageState }).__dash;
      if (s.errors.some((e) => e.fatal)) throw new Error(JSON.stringify(s.errors));
      return document.querySelector('video')!.ended;
    }, undefined, { timeout: 180_000, polling: 500 });
    const ranges = await page.evaluate(() => {
      const p = document.querySelector('video')!.played;
      return Array.from({ length: p.length }, (_, i) => [p.start(i), p.end(i)]);
    });
    expect(ranges).toHaveLength(1);
    expect(ranges[0][0]).toBeLessThan(0.3);
    expect(ranges[0][1]).toBeGreaterThan(77.5);
    if (player === 'dashjs') expect(await page.evaluate(() => (window as unknown as { __dash: DashPageState }).__dash.periods)).toEqual(expect.arrayContaining(IDS));
    const hits = async () => (await beaconLog(baseURL!)).map((h) => new URL(h.url, baseURL).searchParams).filter((q) => EVENTS.includes(q.get('event') ?? ''));
    await expect.poll(async () => (await hits()).length, { timeout: 15_000 }).toBe(18);
    const byAd = new Map<string, string[]>();
    for (const q of await hits()) byAd.set(q.get('ad')!, [...(byAd.get(q.get('ad')!) ?? []), q.get('event')!]);
    expect(byAd.size).toBe(3);
    for (const events of byAd.values()) expect(events.slice().sort()).toEqual(EVENTS.slice().sort());
  });
}
