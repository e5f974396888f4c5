/**
 * Issue 2, end to end: the demo page registers the real worker in Chromium, opens a session, hls.js plays the
 * stitched VOD from the real demo origin with ads from the real sample ADS, and the real beacon sink counts
 * the beacons.
 */
import { test, expect, clearBeacons, beaconLog, openDemo, playToEnd } from './fixtures';
import type { Page } from '@playwright/test';

const LINEAR = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'] as const;

interface Avail { ads: { adId: string; vastAdId: string; adTitle: string; startTimeInSeconds: number; durationInSeconds: number }[] }

const avails = (page: Page) => page.evaluate(() => (window as unknown as { __stitchbox: { avails: Avail[] } }).__stitchbox.avails);

/** Mean colour and spread of the current video frame, drawn to a small canvas. */
async function frameColour(page: Page) {
  return page.evaluate(() => {
    const v = document.querySelector('video')!;
    const c = document.createElement('canvas');
    c.width = 64; c.height = 36;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(v, 0, 0, c.width, c.height);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let r = 0, g = 0, b = 0;
    const n = d.length / 4;
    for (let i = 0; i < d.length; i += 4) { r += d[i]; g += d[i + 1]; b += d[i + 2]; }
    r /= n; g /= n; b /= n;
    let spread = 0;
    for (let i = 0; i < d.length; i += 4) spread += Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b);
    return { r, g, b, spread: spread / n, time: v.currentTime };
  });
}

test('hls.js plays the stitched VOD to the end; ads show; every beacon reaches the sink exactly once', async ({ page, baseURL }) => {
  await clearBeacons(baseURL!);
  await openDemo(page, '?ads.pod=2');
  const plan = await avails(page);
  // Pre-roll, mid-roll and post-roll, each a pod of two.
  expect(plan.map((a) => a.ads.length)).toEqual([2, 2, 2]);
  const ads = plan.flatMap((a) => a.ads);
  expect(new Set(ads.map((a) => a.adId)).size).toBe(ads.length);

  // Seek into the middle of the mid-roll's first ad, paused, and look at the picture.
  const mid = plan[1].ads[0];
  await page.evaluate((t) => { const v = document.querySelector('video')!; v.pause(); v.currentTime = t; }, mid.startTimeInSeconds + mid.durationInSeconds / 2);
  await page.waitForFunction(() => { const v = document.querySelector('video')!; return !v.seeking && v.readyState >= 2; }, undefined, { timeout: 30_000 });
  await expect(page.locator('#ad-status')).toHaveAttribute('data-state', 'ad');
  await page.locator('video').screenshot({ path: test.info().outputPath('during-ad.png') });
  const adFrame = await frameColour(page);
  // Then a content frame, ten seconds after the mid-roll.
  await page.evaluate((t) => { document.querySelector('video')!.currentTime = t; }, mid.startTimeInSeconds + plan[1].ads.reduce((s, a) => s + a.durationInSeconds, 0) + 10);
  await page.waitForFunction(() => { const v = document.querySelector('video')!; return !v.seeking && v.readyState >= 2; }, undefined, { timeout: 30_000 });
  await expect(page.locator('#ad-status')).toHaveAttribute('data-state', 'content');
  const contentFrame = await frameColour(page);
  // Ads are a solid colour with a label; content is a busy test pattern: the ad frame is far flatter.
  expect(adFrame.spread).toBeLessThan(contentFrame.spread / 2);
  expect(Math.abs(adFrame.r - contentFrame.r) + Math.abs(adFrame.g - contentFrame.g) + Math.abs(adFrame.b - contentFrame.b)).toBeGreaterThan(60);
  // The first ad of each pod is the 6 s creative, drawn on red (scripts/make-media.sh); content is tinted blue.
  expect(mid.adTitle).toContain('6s');
  expect(adFrame.r).toBeGreaterThan(adFrame.g + 60);
  expect(adFrame.r).toBeGreaterThan(adFrame.b + 60);
  expect(contentFrame.b).toBeGreaterThan(contentFrame.r);

  // Play everything from the start to `ended`.
  await page.evaluate(() => { document.querySelector('video')!.currentTime = 0; });
  const fatal = await playToEnd(page, 4);
  expect(fatal).toEqual([]);

  // The beacon sink holds each linear event exactly once per ad played.
  const log = await beaconLog(baseURL!);
  const tracked = log.filter((h) => h.url.startsWith('/beacons/track'));
  for (const ad of ads) {
    for (const ev of LINEAR) {
      const hits = tracked.filter((h) => { const q = new URL(h.url, baseURL).searchParams; return q.get('ad') === ad.vastAdId && q.get('event') === ev; });
      expect(hits, `${ev} of ${ad.vastAdId}`).toHaveLength(1);
    }
  }
  expect(tracked.length).toBe(ads.length * LINEAR.length);

  // Fetching an ad segment again (a player retry or a seek back) adds nothing.
  const before = (await beaconLog(baseURL!)).length;
  const refetched = await page.evaluate(async () => {
    const s = (window as unknown as { __stitchbox: { session: { manifestUrl: string } } }).__stitchbox.session;
    const master = await (await fetch(s.manifestUrl)).text();
    const media = master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
    const playlist = await (await fetch(media)).text();
    const segs = playlist.split('\n').filter((l) => l.startsWith('/v1/segment/'));
    for (const seg of segs) await (await fetch(seg)).arrayBuffer();
    return segs.length;
  });
  expect(refetched).toBeGreaterThan(0);
  await page.waitForTimeout(1500);
  expect((await beaconLog(baseURL!)).length).toBe(before);

  // Stop the worker (the browser may do so at any time); a fresh worker instance answers the same
  // session from IndexedDB and still fires nothing again.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  const again = await page.evaluate(async () => {
    const s = (window as unknown as { __stitchbox: { session: { manifestUrl: string; trackingUrl: string } } }).__stitchbox.session;
    const master = await (await fetch(s.manifestUrl)).text();
    const media = master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
    const segs = (await (await fetch(media)).text()).split('\n').filter((l) => l.startsWith('/v1/segment/'));
    const statuses = [];
    for (const seg of segs) statuses.push((await fetch(seg)).status);
    const tracking = await (await fetch(s.trackingUrl)).json();
    return { statuses, avails: tracking.avails.length };
  });
  expect(again.avails).toBe(3);
  expect(again.statuses.every((x) => x === 200)).toBe(true);
  await page.waitForTimeout(1500);
  expect((await beaconLog(baseURL!)).length).toBe(before);
});

for (const fail of ['500', 'malformed']) {
  test(`ADS answering ${fail}: the stream plays to the end with content in the breaks`, async ({ page, baseURL }) => {
    await clearBeacons(baseURL!);
    await openDemo(page, `?ads.fail=${fail}`);
    expect(await avails(page)).toEqual([]);
    const stitched = await page.evaluate(async () => {
      const s = (window as unknown as { __stitchbox: { session: { manifestUrl: string } } }).__stitchbox.session;
      const master = await (await fetch(s.manifestUrl)).text();
      const media = master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
      return (await fetch(media)).text();
    });
    expect(stitched).not.toContain('/v1/segment/');
    expect(stitched).not.toContain('#EXT-X-CUE-OUT');
    const fatal = await playToEnd(page, 4);
    expect(fatal).toEqual([]);
    const duration = await page.evaluate(() => document.querySelector('video')!.duration);
    expect(duration).toBeGreaterThan(59);
    expect(duration).toBeLessThan(61.5);
    expect((await beaconLog(baseURL!)).filter((h) => h.url.startsWith('/beacons/track'))).toEqual([]);
  });
}
