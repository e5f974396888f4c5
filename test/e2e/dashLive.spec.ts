/**
 * Issue 7, live DASH: dash.js 5 and Shaka 5 play a stitched live DASH session through the worker (demo/dash.html
 * in worker mode: the page registers the worker, installs the `demo` configuration and opens a server-side
 * reporting session on /origin/dash/live.mpd) across two ad breaks, in Chromium, at 1x (a live MPD cannot be
 * played faster than the wall clock).
 *
 * The simulator runs a 12 s break every 20 s from 4 s (offset=4, every=20, breakdur=12: no break spans the
 * content's loop point at 60 s, where the simulator starts a new Period), with t0 so that the session joins at
 * stream time ~8 s: the break at 4 s was under way (content), the breaks at 24 and 44 s are replaced by two
 * 6 s ads each (pod=2, durations=6). Checked: no fatal player error; the playhead passes the end of the second
 * break (56 s of MPD time); the stitched MPD lists the ad Periods `live-24_1`, `live-24_2`, `live-44_1`,
 * `live-44_2` at 24, 30, 44, 50 s and the return Periods at 36 and 56 s; every ad of both breaks
 * has its impression, start, quartiles and complete at the beacon sink exactly once (server-side beacons fired
 * by the /v1/dashsegment requests the player made, protocols.md §14.1).
 */
import { test, expect, clearBeacons, beaconLog, startPlayback } from './fixtures';
import type { Page } from '@playwright/test';

interface DashPageState { errors: { fatal: boolean; message: string }[]; log: string[]; loaded: boolean; session?: { manifestUrl: string; trackingUrl: string } }

const pageState = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { __dash: DashPageState }).__dash)) as DashPageState);

const EVENTS = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];

for (const player of ['dashjs', 'shaka']) {
  test(`${player} plays a stitched live DASH session through two breaks, server-side beacons once each`, async ({ page, baseURL }) => {
    test.setTimeout(180_000);
    await clearBeacons(baseURL!);
    const t0 = Date.now() - 8_000;
    const body = JSON.stringify({ reportingMode: 'server', t0: String(t0), offset: '4', every: '20', breakdur: '12', adsParams: { pod: '2', durations: '6' } });
    await page.goto(`/dash.html?player=${player}&sw=1&asset=dash/live.mpd&session=${encodeURIComponent(body)}`);
    await page.waitForFunction(() => {
      const s = (window as unknown as { __dash?: DashPageState }).__dash;
      if (s?.errors.some((e) => e.fatal)) throw new Error(JSON.stringify(s.errors));
      return s?.loaded;
    }, undefined, { timeout: 60_000 });
    await startPlayback(page, 1);
    // Past the end of the second replaced break (44 + 12 s of MPD time), failing early on a fatal error.
    await page.waitForFunction(() => {
      const s = (window as unknown as { __dash: DashPageState }).__dash;
      if (s.errors.some((e) => e.fatal)) throw new Error(JSON.stringify(s.errors));
      return document.querySelector('video')!.currentTime > 57;
    }, undefined, { timeout: 120_000, polling: 500 });
    const s = await pageState(page);
    expect(s.errors.filter((e) => e.fatal)).toEqual([]);

    // The stitched MPD as the session serves it now (the worker answers the page's fetch).
    const mpd = await page.evaluate((u) => fetch(u).then((r) => r.text()), s.session!.manifestUrl);
    const starts = new Map([...mpd.matchAll(/<Period id="([^"]+)" start="PT([\d.]+)S"/g)].map((m) => [m[1], Number(m[2])]));
    expect([...starts.entries()].filter(([id]) => /^live-(24|44)_/.test(id))).toEqual([['live-24_1', 24], ['live-24_2', 30], ['live-44_1', 44], ['live-44_2', 50]]);
    expect(starts.get('live-36')).toBe(36);
    expect(starts.get('live-56')).toBe(56);
    expect(starts.has('live-24') || starts.has('live-44')).toBe(false);

    // Server-side beacons: each event of each of the four ads once (a little time for the outbox to deliver).
    await expect.poll(async () => {
      const hits = (await beaconLog(baseURL!)).map((h) => new URL(h.url, baseURL).searchParams).filter((q) => EVENTS.includes(q.get('event') ?? ''));
      const ads = new Set(hits.map((q) => q.get('ad')));
      return ads.size >= 4 && [...ads].every((ad) => EVENTS.every((ev) => hits.filter((q) => q.get('ad') === ad && q.get('event') === ev).length === 1));
    }, { timeout: 15_000, intervals: [1000] }).toBe(true);
    const hits = (await beaconLog(baseURL!)).map((h) => new URL(h.url, baseURL).searchParams).filter((q) => EVENTS.includes(q.get('event') ?? ''));
    const counts = new Map<string, number>();
    for (const q of hits) counts.set(`${q.get('ad')} ${q.get('event')}`, (counts.get(`${q.get('ad')} ${q.get('event')}`) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1), JSON.stringify([...counts])).toBe(true);
    expect(new Set(hits.map((q) => q.get('ad'))).size).toBe(4);

    // The tracking JSON of the session: DASH live time base and ids (protocols.md §4.1, §5.1, §5.2).
    const tracking = await page.evaluate((u) => fetch(u).then((r) => r.json()), s.session!.trackingUrl) as {
      dashAvailabilityStartTime: string; avails: { availId: string; ads: { adId: string; startTimeInSeconds: number }[] }[];
    };
    expect(tracking.dashAvailabilityStartTime).toBe(new Date(t0).toISOString());
    const a44 = tracking.avails.find((x) => x.availId === 'live-44');
    expect(a44?.ads.map((ad) => [ad.adId, ad.startTimeInSeconds])).toEqual([['live-44_1', 44], ['live-44_2', 50]]);
  });
}
