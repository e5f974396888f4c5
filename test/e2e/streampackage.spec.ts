/**
 * Issue 6 item 2, end to end: the demo page in the Tencent StreamPackage dialect (`?dialect=streampackage`)
 * opens its session with POST /v1/ssai/session/..., hls.js plays the stitched VOD through the real worker,
 * the page polls the tracking URL (protocols.md §17); during an ad, "Learn more" opens the ad's landing page
 * from the sample ADS, and later polls return no event already returned.
 */
import { test, expect, startPlayback } from './fixtures';
import type { Page } from '@playwright/test';

interface Click { availId: string; adId: string; startTimeInSeconds: number; durationInSeconds: number; clickThrough: string }
interface SpState {
  session?: { manifestUrl: string; trackingUrl: string };
  error?: string;
  streamPackage?: { answers: { avails: { ads: { adId: string; trackingEvents: { eventType: string }[] }[] }[] }[]; clicks: Click[] };
}

const state = (page: Page) => page.evaluate(() => {
  const s = (window as unknown as { __stitchbox: SpState }).__stitchbox;
  if (s.error) throw new Error(s.error);
  return JSON.parse(JSON.stringify({ session: s.session, streamPackage: s.streamPackage })) as SpState;
});

test('StreamPackage: poll, click the ad, the landing page opens; a later poll returns no event already returned', async ({ page, context }) => {
  await page.goto('/?dialect=streampackage&ads.pod=2');
  // The first poll after the first media playlist: the click-throughs of the six inserted ads (three pods of two).
  await expect.poll(async () => (await state(page)).streamPackage?.clicks.length ?? 0, { timeout: 60_000 }).toBe(6);
  const first = await state(page);
  expect(first.session!.manifestUrl).toMatch(/^\/v1\/ssai\/master\/demo\/main\.m3u8\?session_id=[0-9a-f]{32}$/);
  expect(first.session!.trackingUrl).toMatch(/^\/v1\/ssai\/tracking\/demo\/[0-9a-f]{32}$/);
  const clicks = first.streamPackage!.clicks;
  expect(clicks.every((c) => new URL(c.clickThrough).pathname === '/ads/landing')).toBe(true);

  // Play the stitched stream, then seek into the mid-roll's first ad.
  await startPlayback(page, 1);
  const mid = clicks.filter((c) => c.availId === clicks.map((x) => x.availId).filter((v, i, a) => a.indexOf(v) === i)[1])[0];
  await page.evaluate((t) => { document.querySelector('video')!.currentTime = t; }, mid.startTimeInSeconds + 1);
  const learnMore = page.locator('#learn-more');
  // The link becomes the playing ad's clickThrough (the mid-roll's first or, if playback moved on, second ad).
  // Polled: until the seek lands, the pre-roll that was playing is still the ad on screen.
  const midClicks = clicks.filter((c) => c.availId === mid.availId).map((c) => c.clickThrough);
  await expect.poll(async () => midClicks.includes((await learnMore.getAttribute('href')) ?? ''), { timeout: 30_000 }).toBe(true);
  await expect(page.locator('#ad-status')).toHaveAttribute('data-state', 'ad');
  await expect(learnMore).toBeVisible();
  const href = (await learnMore.getAttribute('href'))!;

  const [landing] = await Promise.all([context.waitForEvent('page'), learnMore.click()]);
  await landing.waitForLoadState();
  expect(landing.url()).toBe(href);
  await expect(landing.locator('h1')).toContainText('Advertiser landing page');
  await landing.close();

  // Wait for two more polls: they return no event already returned (nothing new is inserted in a VOD).
  const polled = first.streamPackage!.answers.length;
  await expect.poll(async () => (await state(page)).streamPackage!.answers.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(polled + 2);
  const after = await state(page);
  const returned = after.streamPackage!.answers.flatMap((a) => a.avails.flatMap((av) => av.ads.map((ad) => ad.adId)));
  expect(returned.sort()).toEqual(clicks.map((c) => c.adId).sort());
  for (const a of after.streamPackage!.answers.slice(polled)) expect(a.avails).toEqual([]);
  // Playback went on through the worker (the playhead moved past the seek target).
  expect(await page.evaluate(() => document.querySelector('video')!.currentTime)).toBeGreaterThan(mid.startTimeInSeconds);
});
