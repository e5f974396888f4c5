/**
 * Issue 7: dash.js and Shaka each play the stitched DASH VOD through its breaks to the end, in Chromium, through
 * the stitchbox worker (demo/dash.html worker mode: POST /v1/session on dash/vod.mpd, play the manifestUrl).
 *
 * The session reports server-side with a one-ad pod at each of the origin's three breaks (0, 30, 60 s), so the
 * stitched MPD is 6 s ad · 30 s content · 6 s ad · 30 s content · 6 s ad (protocols.md §15). Checked: the
 * element ends, nothing fatal, what was played is one range covering the whole stitched duration (a stall or
 * a gap at a Period boundary would split it or stop short), and every ad's impression..complete reached the
 * demo's beacon sink exactly once (fired by /v1/dashsegment requests, protocols.md §14.1).
 */
import { test, expect, clearBeacons, beaconLog, startPlayback } from './fixtures';
import type { Page } from '@playwright/test';

interface DashPageState { errors: { fatal: boolean; message: string }[]; periods: string[]; loaded: boolean; session?: { manifestUrl: string } }

const EVENTS = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];

const pageState = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { __dash: DashPageState }).__dash)) as DashPageState);

const played = (page: Page) => page.evaluate(() => {
  const p = document.querySelector('video')!.played;
  return Array.from({ length: p.length }, (_, i) => [p.start(i), p.end(i)]);
});

for (const player of ['dashjs', 'shaka']) {
  test(`${player} plays the stitched DASH VOD through its three breaks to the end; server-side beacons once each`, async ({ page, baseURL }) => {
    test.setTimeout(240_000);
    await clearBeacons(baseURL!);
    const body = JSON.stringify({ reportingMode: 'server', adsParams: { pod: '1', durations: '6' } });
    await page.goto(`/dash.html?player=${player}&sw=1&asset=dash/vod.mpd&session=${encodeURIComponent(body)}`);
    await page.waitForFunction(() => {
      const s = (window as unknown as { __dash?: DashPageState }).__dash;
      if (s?.errors.some((e) => e.fatal)) throw new Error(JSON.stringify(s.errors));
      return s?.loaded;
    }, undefined, { timeout: 60_000 });
    const s0 = await pageState(page);
    expect(s0.session?.manifestUrl).toMatch(/^\/v1\/dash\/any\/demo\/dash\/vod\.mpd\?aws\.sessionId=/);
    const mpd = await page.evaluate(async (u) => (await fetch(u)).text(), s0.session!.manifestUrl);
    const ids = [...mpd.matchAll(/<Period id="([^"]*)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['vod-0_PT0S_0', 'vod-0', 'vod-30_PT0S_0', 'vod-30', 'vod-60_PT0S_0']);
    await startPlayback(page, 4);
    await page.waitForFunction(() => {
      const s = (window as unknown as { __dash: DashPageState }).__dash;
      if (s.errors.some((e) => e.fatal)) throw new Error(JSON.stringify(s.errors));
      return document.querySelector('video')!.ended;
    }, undefined, { timeout: 180_000, polling: 500 });
    const s = await pageState(page);
    expect(s.errors.filter((e) => e.fatal)).toEqual([]);
    const ranges = await played(page);
    expect(ranges).toHaveLength(1);
    expect(ranges[0][0]).toBeLessThan(0.3);
    expect(ranges[0][1]).toBeGreaterThan(77.5);
    if (player === 'dashjs') expect(s.periods).toEqual(expect.arrayContaining(['vod-0_PT0S_0', 'vod-0', 'vod-30_PT0S_0', 'vod-30', 'vod-60_PT0S_0']));
    // Beacons go through the worker's outbox after the segment is served: give the last ones a moment.
    const hits = async () => (await beaconLog(baseURL!)).map((h) => new URL(h.url, baseURL).searchParams).filter((q) => EVENTS.includes(q.get('event') ?? ''));
    await expect.poll(async () => (await hits()).length, { timeout: 15_000 }).toBe(18);
    const byAd = new Map<string, string[]>();
    for (const q of await hits()) byAd.set(q.get('ad')!, [...(byAd.get(q.get('ad')!) ?? []), q.get('event')!]);
    expect(byAd.size).toBe(3);
    for (const events of byAd.values()) expect(events.slice().sort()).toEqual(EVENTS.slice().sort());
  });
}
