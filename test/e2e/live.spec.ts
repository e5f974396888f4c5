/**
 * Issue 5, end to end: hls.js plays the demo's live simulator through the real worker, through several
 * breaks, with server-side beacons counted by the real sink.
 */
import { test, expect, clearBeacons, beaconLog, noticeableErrors, openDemo, startPlayback, type BeaconHit } from './fixtures';
import type { Page } from '@playwright/test';

const LINEAR = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];

/** ad id -> event -> hits, for the sample ADS's beacon URLs. */
function byAd(log: BeaconHit[], baseURL: string) {
  const out = new Map<string, Map<string, number>>();
  for (const h of log) {
    if (!h.url.startsWith('/beacons/track')) continue;
    const q = new URL(h.url, baseURL).searchParams;
    const ad = q.get('ad')!;
    const ev = q.get('event')!;
    if (!out.has(ad)) out.set(ad, new Map());
    out.get(ad)!.set(ev, (out.get(ad)!.get(ev) ?? 0) + 1);
  }
  return out;
}

async function hlsErrors(page: Page) {
  return page.evaluate(() => (window as unknown as { __stitchbox: { events: string[] } }).__stitchbox.events.filter((e) => e.startsWith('hls.js')));
}

// The demuxed variant (fMP4 video + audio group) gets the sample ads' demuxed fMP4 ladder: audio ad segments in
// the audio playlist, video ones in the video playlists (src/ads/contentShape.ts, chooseAdRendition.ts).
interface Case { cue: string; variant: string; stopWorker?: boolean }
const CASES: Case[] = [
  ...['cueout', 'daterange', 'splicepoint', 'oatcls'].flatMap((cue) => [{ cue, variant: 'muxed' }, { cue, variant: 'demuxed' }]),
  { cue: 'cueout', variant: 'encrypted' },
  { cue: 'cueout', variant: 'muxed', stopWorker: true },
];

for (const { cue, variant, stopWorker } of CASES) {
  const title = `live (${cue}, ${variant}${stopWorker ? ', worker stopped during ads' : ''}): hls.js plays through three breaks; every beacon once`;
  test(title, async ({ page, baseURL }) => {
    await clearBeacons(baseURL!);
    // The simulator's clock runs at 4x and the player plays at 4x. hls.js reloads a live playlist once per target
    // duration of wall-clock time (2 s: level-helper.ts computeReloadInterval), in which 8 s of media are played:
    // at its default distance from the live edge (3 segments = 6 s) it would run dry before every reload, a stall
    // of the test's making. 8 segments (16 s of media, 4 s of wall-clock time) keeps a reload's margin.
    await openDemo(page, `?stream=live/master.m3u8&origin.cue=${cue}&origin.variant=${variant}&origin.speed=4&ads.pod=1&hls.liveSyncDurationCount=8`);
    await startPlayback(page, 4);
    if (stopWorker) {
      // Stop the worker (Chrome DevTools Protocol) each time an ad has started, while its beacons are due.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      let stops = 0;
      await expect.poll(async () => {
        const log = await beaconLog(baseURL!);
        const started = log.filter((h) => h.url.includes('event=start')).length;
        if (started > stops) { stops = started; await cdp.send('ServiceWorker.stopAllWorkers'); }
        return stops;
      }, { timeout: 150_000, intervals: [500] }).toBeGreaterThanOrEqual(3);
    }
    // Three ads played from their first segment to their last means the player went through three breaks.
    // (An ad the player joined in its middle fires only the events of the segments it fetched, like
    // MediaTailor's server-side reporting: protocols.md §14.1.)
    await expect.poll(async () => {
      const ads = byAd(await beaconLog(baseURL!), baseURL!);
      return [...ads.values()].filter((m) => m.get('impression') && m.get('complete')).length;
    }, { timeout: 150_000, intervals: [2000] }).toBeGreaterThanOrEqual(3);
    const errors = await hlsErrors(page);
    console.log(`${title}: hls.js errors seen: ${JSON.stringify(errors)}`);
    // Without a stall or a fatal error (issue 5): see noticeableErrors.
    expect(noticeableErrors(errors)).toEqual([]);
    // Breaks start 30 s apart, so three whole ads span at least 60 s of stream; server-side beacons fire when the
    // segments are fetched, which runs up to the buffer ahead of the playhead (8 segments, 16 s) — so the playhead
    // has moved at least ~44 s of the stream by now.
    const played = await page.evaluate(() => document.querySelector('video')!.currentTime);
    expect(played).toBeGreaterThan(40);
    for (const [ad, events] of byAd(await beaconLog(baseURL!), baseURL!)) {
      for (const [ev, n] of events) expect(n, `${ev} of ${ad}`).toBe(1);
      if (events.get('impression') && events.get('complete')) for (const ev of LINEAR) expect(events.get(ev), `${ev} of ${ad}`).toBe(1);
    }
  });
}
