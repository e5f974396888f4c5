/**
 * Issue 6 item 4, end to end: beacons while the network is down. Client reporting mode (the page's ad timeline
 * fires the beacons, handing them to the worker's IndexedDB outbox: sw/outbox.ts). The browser goes offline
 * (Playwright offline mode, which Chromium applies to the worker's fetches too) while the mid-roll plays from
 * the buffer; its beacons cannot leave. When the network is back they all arrive, once each, and every beacon of
 * the session reaches the sink exactly once.
 */
import { test, expect, clearBeacons, beaconLog, openDemo, startPlayback } from './fixtures';
import type { Page } from '@playwright/test';

interface Ad { adId: string; vastAdId: string; startTimeInSeconds: number; durationInSeconds: number }
interface Avail { availId: string; startTimeInSeconds: number; durationInSeconds: number; ads: Ad[] }
interface AdEvent { type: string; availId: string; adId?: string; beacons: string[] }

const LINEAR = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];
const state = (page: Page) => page.evaluate(() => {
  const s = (window as unknown as { __stitchbox: { avails: Avail[]; adEvents: AdEvent[] } }).__stitchbox;
  return JSON.parse(JSON.stringify({ avails: s.avails, adEvents: s.adEvents })) as { avails: Avail[]; adEvents: AdEvent[] };
});
const video = (page: Page) => page.evaluate(() => {
  const v = document.querySelector('video')!;
  let ahead = 0;
  for (let i = 0; i < v.buffered.length; i++) if (v.buffered.start(i) <= v.currentTime + 0.1) ahead = Math.max(ahead, v.buffered.end(i));
  return { t: v.currentTime, bufferedTo: ahead, ended: v.ended };
});
const hitsOf = (log: { url: string; time: number }[], baseURL: string, ad: string) =>
  log.filter((h) => h.url.startsWith('/beacons/track') && new URL(h.url, baseURL).searchParams.get('ad') === ad);

test('client mode, offline during an ad: its beacons wait in the outbox and all arrive after reconnect, once each', async ({ page, context, baseURL }) => {
  await clearBeacons(baseURL!);
  await openDemo(page, '?mode=client&ads.pod=1');
  const { avails } = await state(page);
  expect(avails.map((a) => a.ads.length)).toEqual([1, 1, 1]);
  const mid = avails[1].ads[0];
  const midEnd = mid.startTimeInSeconds + mid.durationInSeconds;

  // Play until just before the mid-roll with the whole mid-roll already buffered, then cut the network.
  await startPlayback(page, 2);
  await expect.poll(async () => { const v = await video(page); return v.t >= mid.startTimeInSeconds - 3 && v.bufferedTo >= midEnd + 1; },
    { timeout: 90_000, intervals: [200] }).toBe(true);
  expect((await video(page)).t, 'still before the mid-roll when going offline').toBeLessThan(mid.startTimeInSeconds);
  await context.setOffline(true);

  // The mid-roll plays from the buffer and the page fires all its events, but nothing reaches the sink.
  await expect.poll(async () => (await state(page)).adEvents.some((e) => e.type === 'adEnd' && e.adId === mid.adId), { timeout: 60_000 }).toBe(true);
  const firedOffline = (await state(page)).adEvents.filter((e) => e.adId === mid.adId).flatMap((e) => e.beacons);
  expect(firedOffline.length, 'the page fired the mid-roll ad\'s beacons while offline').toBe(LINEAR.length);
  expect(hitsOf(await beaconLog(baseURL!), baseURL!, mid.vastAdId)).toEqual([]);

  // Back online: everything waiting goes, once.
  const reconnectedAt = Date.now();
  await context.setOffline(false);
  await expect.poll(async () => hitsOf(await beaconLog(baseURL!), baseURL!, mid.vastAdId).length, { timeout: 30_000 }).toBe(LINEAR.length);
  const midHits = hitsOf(await beaconLog(baseURL!), baseURL!, mid.vastAdId);
  for (const ev of LINEAR) expect(midHits.filter((h) => new URL(h.url, baseURL).searchParams.get('event') === ev), ev).toHaveLength(1);
  // They arrived after the reconnect, with the URLs the page fired while offline (macros filled then).
  for (const h of midHits) expect(h.time).toBeGreaterThanOrEqual(reconnectedAt - 1000);
  expect(midHits.map((h) => h.url).sort()).toEqual(firedOffline.map((u) => { const x = new URL(u); return x.pathname + x.search; }).sort());

  // The rest of the session plays out; every beacon of every ad reached the sink exactly once.
  await page.waitForFunction(() => document.querySelector('video')!.ended, undefined, { timeout: 120_000, polling: 500 });
  await expect.poll(async () => (await beaconLog(baseURL!)).filter((h) => h.url.startsWith('/beacons/track')).length, { timeout: 15_000 })
    .toBe(3 * LINEAR.length);
  const log = await beaconLog(baseURL!);
  for (const a of avails) {
    for (const ev of LINEAR) {
      expect(hitsOf(log, baseURL!, a.ads[0].vastAdId).filter((h) => new URL(h.url, baseURL).searchParams.get('event') === ev), `${ev} of ${a.ads[0].vastAdId}`).toHaveLength(1);
    }
  }
});
