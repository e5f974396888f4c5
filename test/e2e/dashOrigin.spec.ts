/**
 * Issue 7 item 5: the demo's DASH origin played straight (no worker, no ads) by dash.js 5 and Shaka 5 in
 * Chromium, on demo/dash.html. Proves the origin's MPDs before any stitching: Period@start, PTO and the
 * SegmentTimelines put the media where the players expect it (players.md §4), so playback crosses every
 * Period boundary without a stall or a fatal error.
 *
 * - VOD (/origin/dash/vod.mpd: Periods at 0, 30 and an empty one at 60 for the post-roll) at 4x to the end:
 *   the element ends, nothing fatal, and what was played is one range from 0 to 60 s (a gap jumped over or
 *   a stall at a boundary would split it or stop short).
 * - An ad's DASH rendition (/ads/media/ad10/manifest.mpd, the MediaFile the stitcher will load) to its end.
 * - Live (/origin/dash/live.mpd, a Period change every 14 or 16 s with the default query) for about 30 s at 1x:
 *   the playhead advances with the clock, nothing fatal, and it crosses at least one Period@start of the MPD.
 */
import { test, expect, startPlayback } from './fixtures';
import type { Page } from '@playwright/test';

interface DashPageState { player: string; errors: { fatal: boolean; message: string }[]; periods: string[]; log: string[]; loaded: boolean }

const pageState = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { __dash: DashPageState }).__dash)) as DashPageState);

async function open(page: Page, player: string, src: string): Promise<void> {
  await page.goto(`/dash.html?player=${player}&src=${encodeURIComponent(src)}`);
  await page.waitForFunction(() => {
    const s = (window as unknown as { __dash?: DashPageState }).__dash;
    if (s?.errors.some((e) => e.fatal)) throw new Error(JSON.stringify(s.errors));
    return s?.loaded;
  }, undefined, { timeout: 60_000 });
}

/** video.played as [start, end] pairs. */
const played = (page: Page) => page.evaluate(() => {
  const p = document.querySelector('video')!.played;
  return Array.from({ length: p.length }, (_, i) => [p.start(i), p.end(i)]);
});

/** Period@start values (seconds) of an MPD's text. */
function periodStarts(mpd: string): number[] {
  return [...mpd.matchAll(/<Period id="[^"]*" start="PT([\d.]+)S"/g)].map((m) => Number(m[1]));
}

/** The page's console errors (the players log exceptions they survive there), collected from now on. */
function consoleErrors(page: Page): string[] {
  const out: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') out.push(m.text()); });
  page.on('pageerror', (e) => out.push(e.message));
  return out;
}

for (const player of ['dashjs', 'shaka']) {
  test(`${player} plays the plain DASH VOD through its Period boundaries to the end`, async ({ page }) => {
    const errors = consoleErrors(page);
    await open(page, player, '/origin/dash/vod.mpd');
    await startPlayback(page, 4);
    await page.waitForFunction(() => document.querySelector('video')!.ended, undefined, { timeout: 120_000, polling: 500 });
    const s = await pageState(page);
    expect(s.errors.filter((e) => e.fatal)).toEqual([]);
    const ranges = await played(page);
    expect(ranges).toHaveLength(1);
    expect(ranges[0][0]).toBeLessThan(0.3);
    expect(ranges[0][1]).toBeGreaterThan(59.5);
    if (player === 'dashjs') expect(s.periods).toContain('vod-30');
    expect(errors).toEqual([]);
  });
}

for (const player of ['dashjs', 'shaka']) {
  test(`${player} plays the DASH rendition of an ad (/ads/media/ad10/manifest.mpd) to its end`, async ({ page }) => {
    const errors = consoleErrors(page);
    await open(page, player, '/ads/media/ad10/manifest.mpd');
    await startPlayback(page, 4);
    await page.waitForFunction(() => document.querySelector('video')!.ended, undefined, { timeout: 60_000, polling: 250 });
    expect((await pageState(page)).errors.filter((e) => e.fatal)).toEqual([]);
    const ranges = await played(page);
    expect(ranges).toHaveLength(1);
    expect(ranges[0][1]).toBeGreaterThan(9.5);
    expect(errors).toEqual([]);
  });
}

for (const [player, addressing] of [['dashjs', 'number'], ['shaka', 'time'], ['dashjs', 'time'], ['shaka', 'number']]) {
  test(`${player} plays the plain DASH live MPD ($${addressing === 'time' ? 'Time' : 'Number'}$) for 30 s across a Period change`, async ({ page, baseURL }) => {
    const src = `/origin/dash/live.mpd?addressing=${addressing}`;
    const errors = consoleErrors(page);
    await open(page, player, src);
    await startPlayback(page, 1);
    const t0 = await page.evaluate(() => document.querySelector('video')!.currentTime);
    const wallStart = Date.now();
    await page.waitForTimeout(30_000);
    const t1 = await page.evaluate(() => document.querySelector('video')!.currentTime);
    const wall = (Date.now() - wallStart) / 1000;
    const s = await pageState(page);
    expect(s.errors.filter((e) => e.fatal)).toEqual([]);
    // Played along with the clock: no stall longer than a couple of seconds.
    expect(t1 - t0).toBeGreaterThan(wall - 3);
    const starts = periodStarts(await (await fetch(`${baseURL}${src}`)).text());
    expect(starts.some((p) => p > t0 && p < t1), `Period starts ${starts} between ${t0} and ${t1}`).toBe(true);
    expect(errors).toEqual([]);
  });
}
