/**
 * Issue 6 item 5, end to end: the demo page in client reporting mode (`?mode=client`) plays the stitched VOD
 * (pre-, mid- and post-roll, two ads each) with hls.js through the real worker; the page-side ad timeline
 * (src/client/attachAdTimeline.ts) emits its events in order for each break, at the cues' times, and fires
 * every client-side beacon itself: each reaches the demo's beacon sink exactly once, and the worker sends
 * none (client mode: no /v1/segment hop, protocols.md §2). Seeking back into a played ad and clicking
 * through fires only ClickTracking, once.
 */
import { test, expect, clearBeacons, beaconLog, openDemo, playToEnd, startPlayback } from './fixtures';
import type { Page } from '@playwright/test';

interface AdEvent { type: string; availId: string; adId?: string; time: number; beacons: string[]; adStartTime?: number; adDuration?: number }
interface Ad { adId: string; vastAdId: string; startTimeInSeconds: number; durationInSeconds: number }
interface Avail { availId: string; ads: Ad[] }

const LINEAR = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];
const ORDERED = new Set(['breakStart', 'adStart', 'firstQuartile', 'midpoint', 'thirdQuartile', 'adEnd', 'breakEnd']);
const FRACTION: Record<string, number> = { adStart: 0, firstQuartile: 0.25, midpoint: 0.5, thirdQuartile: 0.75, adEnd: 1 };

const demo = (page: Page) => page.evaluate(() => {
  const s = (window as unknown as { __stitchbox: { avails: Avail[]; adEvents: AdEvent[] } }).__stitchbox;
  return JSON.parse(JSON.stringify({ avails: s.avails, adEvents: s.adEvents })) as { avails: Avail[]; adEvents: AdEvent[] };
});

test('client mode: the ad timeline\'s events arrive in order for each break, and every client beacon reaches the sink once', async ({ page, baseURL }) => {
  await clearBeacons(baseURL!);
  await openDemo(page, '?mode=client&ads.pod=2');
  const { avails } = await demo(page);
  expect(avails.map((a) => a.ads.length)).toEqual([2, 2, 2]);

  const fatal = await playToEnd(page, 4);
  expect(fatal).toEqual([]);
  const { adEvents } = await demo(page);

  // Per break: breakStart, then per ad adStart, the three quartiles, adEnd; then breakEnd.
  const expected = avails.flatMap((a) => [
    `breakStart ${a.availId}`,
    ...a.ads.flatMap((ad) => ['adStart', 'firstQuartile', 'midpoint', 'thirdQuartile', 'adEnd'].map((t) => `${t} ${ad.adId}`)),
    `breakEnd ${a.availId}`,
  ]);
  expect(adEvents.filter((e) => ORDERED.has(e.type)).map((e) => `${e.type} ${e.type.startsWith('break') ? e.availId : e.adId}`)).toEqual(expected);

  // At the right times: never before the cue; shortly after it (4x playback samples every frame where
  // requestVideoFrameCallback exists). The pre-roll starts at the attach, wherever the playhead was then.
  const ads = new Map(avails.flatMap((a) => a.ads).map((ad) => [ad.adId, ad]));
  for (const e of adEvents.filter((x) => x.type in FRACTION)) {
    const ad = ads.get(e.adId!)!;
    const due = ad.startTimeInSeconds + FRACTION[e.type] * ad.durationInSeconds;
    if (due === 0) continue;
    expect(e.time, `${e.type} of ${e.adId}`).toBeGreaterThanOrEqual(due - 0.05);
    expect(e.time, `${e.type} of ${e.adId}`).toBeLessThan(due + 1.5);
  }

  // Every beacon the page sent reached the sink exactly once, and nothing else did (the worker fires none).
  await expect.poll(async () => (await beaconLog(baseURL!)).filter((h) => h.url.startsWith('/beacons/track')).length, { timeout: 10_000 })
    .toBe(ads.size * LINEAR.length);
  const log = (await beaconLog(baseURL!)).filter((h) => h.url.startsWith('/beacons/'));
  const sent = adEvents.flatMap((e) => e.beacons).map((u) => { const x = new URL(u); return x.pathname + x.search; });
  expect(sent).toHaveLength(ads.size * LINEAR.length);
  expect(log.map((h) => h.url).sort()).toEqual(sent.slice().sort());
  for (const ad of ads.values()) {
    for (const ev of LINEAR) {
      const hits = log.filter((h) => { const q = new URL(h.url, baseURL).searchParams; return q.get('ad') === ad.vastAdId && q.get('event') === ev; });
      expect(hits, `${ev} of ${ad.vastAdId}`).toHaveLength(1);
      // [CACHEBUSTING] was filled by the page.
      expect(new URL(hits[0].url, baseURL).searchParams.get('cb')).toMatch(/^\d{8}$/);
    }
  }

  // Seek back into the mid-roll's first ad (paused): the panel shows it, nothing fires again; clicking
  // through opens the landing page and fires ClickTracking once, however often it is clicked.
  const mid = avails[1].ads[0];
  await page.evaluate((t) => { const v = document.querySelector('video')!; v.pause(); v.currentTime = t; }, mid.startTimeInSeconds + 1);
  await expect(page.locator('#ad-panel .ad-label')).toHaveText(/^Ad 1 of 2 · 0:0\d/, { timeout: 30_000 });
  const link = page.locator('#ad-panel .ad-click');
  await expect(link).toHaveAttribute('href', new RegExp(`/ads/landing\\?ad=${mid.vastAdId}$`));
  for (let i = 0; i < 2; i++) {
    const [landing] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await landing.waitForLoadState();
    expect(new URL(landing.url()).pathname).toBe('/ads/landing');
    await landing.close();
  }
  await page.waitForTimeout(1000);
  const after = (await beaconLog(baseURL!)).filter((h) => h.url.startsWith('/beacons/'));
  const clicks = after.filter((h) => new URL(h.url, baseURL).searchParams.get('event') === 'clickTracking');
  expect(clicks.map((h) => new URL(h.url, baseURL).searchParams.get('ad'))).toEqual([mid.vastAdId]);
  expect(after.length).toBe(log.length + 1);
});

test('live, client mode: the page fires each break\'s events in order, and each of its beacons reaches the sink once', async ({ page, baseURL }) => {
  await clearBeacons(baseURL!);
  // The simulator at 4x, played at 4x, 8 segments from the edge: see live.spec.ts for why.
  await openDemo(page, '?mode=client&stream=live/master.m3u8&origin.cue=cueout&origin.speed=4&ads.pod=1&hls.liveSyncDurationCount=8');
  await startPlayback(page, 4);
  // Two breaks played by the page from their first frame: breakStart ... breakEnd. (A break the player
  // joined in its middle starts with the ad under the playhead and skips what was before it: cuesDue.ts.)
  const whole = (events: AdEvent[]) => events.filter((e) => e.type === 'breakEnd').map((e) => e.availId).filter((id) => {
    const start = events.find((e) => e.type === 'adStart' && e.availId === id);
    return start && start.time - start.adStartTime! < 1.5;
  });
  await expect.poll(async () => whole((await demo(page)).adEvents).length, { timeout: 150_000, intervals: [2000] }).toBeGreaterThanOrEqual(2);
  const { adEvents } = await demo(page);
  const ended = new Set(adEvents.filter((e) => e.type === 'breakEnd').map((e) => e.availId));
  for (const availId of ended) {
    const seq = adEvents.filter((e) => e.availId === availId && ORDERED.has(e.type)).map((e) => e.type);
    const full = ['breakStart', 'adStart', 'firstQuartile', 'midpoint', 'thirdQuartile', 'adEnd', 'breakEnd'];
    const fired = adEvents.filter((e) => e.availId === availId).flatMap((e) => e.beacons).map((u) => new URL(u).searchParams.get('event')!);
    if (whole(adEvents).includes(availId)) {
      // One ad per break (ads.pod=1), played from its start.
      expect(seq, availId).toEqual(full);
      expect(fired.sort(), availId).toEqual(LINEAR.slice().sort());
    } else {
      // Joined: in order, without the quartiles before the join point.
      expect(full.filter((t) => seq.includes(t)), availId).toEqual(seq);
      expect(seq.slice(0, 2)).toEqual(['breakStart', 'adStart']);
    }
  }
  // At the tracking JSON's times on hls.js's live timeline (protocols.md §5.1): never early, shortly after.
  // (Played avails leave the poller's state once behind the playhead, so the ad's times come with the event.)
  let checked = 0;
  for (const e of adEvents.filter((x) => x.type in FRACTION && x.type !== 'adStart' && ended.has(x.availId))) {
    const due = e.adStartTime! + FRACTION[e.type] * e.adDuration!;
    expect(e.time, `${e.type} of ${e.adId}`).toBeGreaterThanOrEqual(due - 0.05);
    expect(e.time, `${e.type} of ${e.adId}`).toBeLessThan(due + 1.5);
    checked++;
  }
  expect(checked).toBeGreaterThanOrEqual(2 * 4);
  await expect.poll(async () => {
    const sent = (await demo(page)).adEvents.flatMap((e) => e.beacons).map((u) => { const x = new URL(u); return x.pathname + x.search; });
    const log = (await beaconLog(baseURL!)).filter((h) => h.url.startsWith('/beacons/')).map((h) => h.url);
    return { extra: log.filter((u) => !sent.includes(u)), missing: sent.filter((u) => !log.includes(u)), dup: log.length - new Set(log).size };
  }, { timeout: 15_000 }).toEqual({ extra: [], missing: [], dup: 0 });
});
