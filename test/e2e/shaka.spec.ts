/**
 * Issue 6, proof item 1: Shaka Player's own MediaTailor ad manager (shaka-player 5.2, npm `main` build, nothing
 * patched) against the worker in Chromium, client-side reporting. demo/shaka.html opens the session with
 * `requestMediaTailorStream` (players.md §1.1-1.3), loads the manifest URL it resolves to, and Shaka reads the
 * tracking JSON (once: VOD, §1.4), detects each ad on the playhead (§1.6) and POSTs its beacons (§1.7).
 *
 * Checked: Shaka plays the stitched VOD (pre-, mid- and post-roll, two ads each) to its end without a player
 * error; for every ad of the tracking JSON it read, its ad manager fires impression, ad-started, the three
 * quartiles and ad-complete in order, each within one segment (the playlist's 2 s target duration) after the
 * JSON's time for it (start + {0, .25, .5, .75, 1} × duration); and each of its beacons reaches the demo's sink
 * exactly once, as Shaka's POST, with nothing else arriving there (the worker fires nothing in client mode).
 * Also: Shaka's cue points are the JSON's ads, and seeking back into a played ad makes Shaka jump to its end
 * (it keys played ads on adId, players.md §1.5) without firing anything again. A second test seeks from
 * content over the unplayed mid-roll: Shaka snaps back to the avail's startTimeInSeconds, plays both ads (their
 * beacons reach the sink once) and then goes where the viewer asked.
 *
 * Issue 7: the same page and calls on a DASH session (`?stream=dash/vod.mpd`, the demo origin's multi-period VOD):
 * the session answers a /v1/dash/ manifestUrl, each ad of the tracking JSON is the stitched MPD's Period with its
 * adId as @id and its startTimeInSeconds as @start, Shaka plays it to the end as one played range, and the same
 * per-ad event and beacon checks hold (expectAdEventsAndBeacons).
 */
import { test, expect, clearBeacons, beaconLog, startPlayback } from './fixtures';
import type { Page } from '@playwright/test';

interface ShakaEvent { type: string; time: number; adId?: string; vastAdId?: string; cuepoints?: { start: number; end: number }[] }
interface TrackingEvent { eventType: string; beaconUrls: string[]; startTimeInSeconds: number }
interface Ad { adId: string; vastAdId: string; startTimeInSeconds: number; durationInSeconds: number; trackingEvents: TrackingEvent[] }
interface Avail { availId: string; ads: Ad[] }
interface ShakaState {
  sessionUrl: string; manifestUrl: string; events: ShakaEvent[]; tracking: { avails: Avail[] }[];
  beacons: { method: string; url: string; time: number }[]; log: string[]; error?: string;
}

/** The stitched playlists' segment length (demo/media: EXT-X-TARGETDURATION:2). */
const SEGMENT_S = 2;
/** Shaka's per-ad events (shaka.ads.Utils values) and where in the ad each is due. */
const PER_AD: [string, number][] = [
  ['ad-impression', 0], ['ad-started', 0], ['ad-first-quartile', 0.25], ['ad-midpoint', 0.5], ['ad-third-quartile', 0.75], ['ad-complete', 1],
];
/** The beacons Shaka fires for every linear ad (players.md §1.7) that the sample VAST has URLs for. */
const LINEAR = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];
const perAdTypes = new Set(PER_AD.map(([t]) => t));

const shakaState = (page: Page) => page.evaluate(() => {
  const s = (window as unknown as { __shaka: ShakaState }).__shaka;
  return JSON.parse(JSON.stringify(s)) as ShakaState;
});

/**
 * What both formats must show after Shaka played a stitched VOD to its end (players.md §1.5-1.7): its cue points are
 * the JSON's ads, once; per ad impression, started, quartiles, complete in order, each not before the JSON's time
 * for it and within one segment after; each linear beacon POSTed once and the sink got exactly those requests.
 * Returns the sink's log of beacon requests.
 */
async function expectAdEventsAndBeacons(s: ShakaState, ads: Ad[], baseURL: string) {
  // Shaka's cue points (its seek-bar ad markers) are the JSON's ads, once.
  const cues = s.events.filter((e) => e.type === 'ad-cue-points-changed');
  expect(cues).toHaveLength(1);
  expect(cues[0].cuepoints).toEqual(ads.map((a) => ({ start: a.startTimeInSeconds, end: a.startTimeInSeconds + a.durationInSeconds })));

  // Per ad, in the tracking JSON's order: impression, started, quartiles, complete, nothing twice.
  const seen = s.events.filter((e) => perAdTypes.has(e.type)).map((e) => `${e.type} ${e.adId}`);
  expect(seen).toEqual(ads.flatMap((ad) => PER_AD.map(([t]) => `${t} ${ad.adId}`)));

  // At the right times: not before the JSON's time, and within one segment after it.
  for (const e of s.events.filter((x) => perAdTypes.has(x.type))) {
    const ad = ads.find((a) => a.adId === e.adId)!;
    const due = ad.startTimeInSeconds + PER_AD.find(([t]) => t === e.type)![1] * ad.durationInSeconds;
    expect(e.time, `${e.type} of ${ad.adId} (due ${due})`).toBeGreaterThanOrEqual(due - 0.05);
    expect(e.time, `${e.type} of ${ad.adId} (due ${due})`).toBeLessThan(due + SEGMENT_S);
  }

  // Shaka POSTed each linear beacon of each ad once (players.md §1.7) ...
  expect(s.beacons.every((b) => b.method === 'POST')).toBe(true);
  for (const ad of ads) {
    for (const ev of LINEAR) {
      const urls = ad.trackingEvents.find((t) => t.eventType === ev)!.beaconUrls;
      expect(urls.length, `${ev} of ${ad.vastAdId} has a beacon`).toBeGreaterThan(0);
      for (const u of urls) expect(s.beacons.filter((b) => b.url === u), `${ev} of ${ad.vastAdId}`).toHaveLength(1);
    }
  }
  // ... and the sink received exactly what Shaka sent: every request once, as a POST, nothing else.
  const path = (u: string) => { const x = new URL(u, baseURL); return x.pathname + x.search; };
  await expect.poll(async () => (await beaconLog(baseURL)).filter((h) => h.url.startsWith('/beacons/')).length, { timeout: 10_000 })
    .toBe(s.beacons.length);
  const log = (await beaconLog(baseURL)).filter((h) => h.url.startsWith('/beacons/'));
  expect(log.map((h) => `${h.method} ${path(h.url)}`).sort()).toEqual(s.beacons.map((b) => `POST ${path(b.url)}`).sort());
  for (const ad of ads) {
    for (const ev of LINEAR) {
      const hits = log.filter((h) => { const q = new URL(h.url, baseURL).searchParams; return q.get('ad') === ad.vastAdId && q.get('event') === ev; });
      expect(hits, `${ev} of ${ad.vastAdId} at the sink`).toHaveLength(1);
    }
  }

  return log;
}

/** Wait until the page's session is open, Shaka loaded its manifest and read the tracking JSON. */
const waitLoaded = (page: Page) => page.waitForFunction(() => {
  const s = (window as unknown as { __shaka?: ShakaState }).__shaka;
  if (s?.error) throw new Error(s.error);
  return s?.log.includes('loaded') && s.tracking.length > 0;
}, undefined, { timeout: 60_000 });

test('Shaka Player\'s MediaTailor ad manager plays the stitched VOD: ad events at the tracking JSON\'s times, each beacon reaches the sink once', async ({ page, baseURL }) => {
  await clearBeacons(baseURL!);
  await page.goto('/shaka.html?ads.pod=2');
  await page.waitForFunction(() => {
    const s = (window as unknown as { __shaka?: ShakaState }).__shaka;
    if (s?.error) throw new Error(s.error);
    return s?.log.includes('loaded') && s.tracking.length > 0;
  }, undefined, { timeout: 60_000 });

  const loaded = await shakaState(page);
  // The session answer resolved against the absolute session URL (players.md §1.3): the worker's stitched master.
  expect(new URL(loaded.manifestUrl).pathname).toBe('/v1/master/demo-account/demo/vod/master.m3u8');
  expect(new URL(loaded.manifestUrl).searchParams.get('aws.sessionId')).toMatch(/./);
  const { avails } = loaded.tracking[0];
  expect(avails.map((a) => a.ads.length)).toEqual([2, 2, 2]);
  const ads = avails.flatMap((a) => a.ads);

  // 2x: Shaka samples the playhead on timeupdate, which Chromium fires every 250 ms of wall-clock time, so every
  // 0.5 s of media here, a quarter of a segment (at 4x a busy machine's late timeupdate could cost a segment).
  // Shaka adopts a rate set on the element (Player onRateChange_ -> PlayRateController.set).
  await startPlayback(page, 2);
  await page.waitForFunction(() => document.querySelector('video')!.ended, undefined, { timeout: 150_000, polling: 500 });
  await page.waitForTimeout(500);
  const s = await shakaState(page);
  expect(s.log.filter((l) => l.startsWith('shaka error'))).toEqual([]);
  // Shaka 5.2.12 asks for tracking after the load and once more after its single playlist update tick of a
  // lazily loaded multivariant VOD (hls_parser.js onUpdate_ -> onManifestUpdated; players.md §1.4 says one).
  // Every answer lists the same avails, serialised the same, so Shaka sees no change (§1.5).
  expect(s.tracking.length).toBeGreaterThanOrEqual(1);
  for (const t of s.tracking) expect(JSON.stringify(t.avails)).toBe(JSON.stringify(avails));

  const log = await expectAdEventsAndBeacons(s, ads, baseURL!);

  // Seeking back into a played ad: Shaka knows it by its adId (unique per session, protocols.md §5.2) and jumps
  // to its end (players.md §1.6); nothing fires again.
  const mid = avails[1].ads[0];
  const events = s.events.length;
  await page.evaluate((t) => { const v = document.querySelector('video')!; v.pause(); v.currentTime = t; }, mid.startTimeInSeconds + 1);
  await expect.poll(() => page.evaluate(() => document.querySelector('video')!.currentTime), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(mid.startTimeInSeconds + mid.durationInSeconds - 0.05);
  await page.waitForTimeout(1000);
  const after = await shakaState(page);
  expect(after.events.slice(events).filter((e) => perAdTypes.has(e.type))).toEqual([]);
  expect(after.beacons).toHaveLength(s.beacons.length);
  expect((await beaconLog(baseURL!)).filter((h) => h.url.startsWith('/beacons/'))).toHaveLength(log.length);
});

/** Seconds of an ISO 8601 duration as stitchbox writes Period@start (PT…H…M…S). */
const isoSeconds = (v: string) => {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(v);
  if (!m) throw new Error(`not an ISO duration: ${v}`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
};

test('Shaka Player\'s MediaTailor ad manager on a DASH session: the stitched DASH VOD plays, ad events at the tracking JSON\'s times, each beacon reaches the sink once', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  await clearBeacons(baseURL!);
  // The same page and calls as HLS; only the session URL names the origin's MPD (players.md §1.1).
  await page.goto('/shaka.html?stream=dash/vod.mpd&ads.pod=2');
  await waitLoaded(page);

  const loaded = await shakaState(page);
  expect(new URL(loaded.manifestUrl).pathname).toBe('/v1/dash/demo-account/demo/dash/vod.mpd');
  expect(new URL(loaded.manifestUrl).searchParams.get('aws.sessionId')).toMatch(/./);
  const { avails } = loaded.tracking[0];
  expect(avails.map((a) => a.ads.length)).toEqual([2, 2, 2]);
  const ads = avails.flatMap((a) => a.ads);

  // The MPD and the JSON agree (players.md §4, protocols.md §15): each ad is the Period whose @id is its adId and
  // whose @start is its startTimeInSeconds, the timeline Shaka compares video.currentTime with.
  const mpd = await page.evaluate(async (u) => (await fetch(u)).text(), loaded.manifestUrl);
  const periods = [...mpd.matchAll(/<Period id="([^"]*)" start="([^"]*)"/g)].map((m) => ({ id: m[1], start: isoSeconds(m[2]) }));
  for (const ad of ads) {
    const p = periods.find((x) => x.id === ad.adId);
    expect(p, `ad Period ${ad.adId}`).toBeDefined();
    expect(p!.start).toBeCloseTo(ad.startTimeInSeconds, 3);
  }

  await startPlayback(page, 2);
  await page.waitForFunction(() => document.querySelector('video')!.ended, undefined, { timeout: 180_000, polling: 500 });
  await page.waitForTimeout(500);
  const s = await shakaState(page);
  expect(s.log.filter((l) => l.startsWith('shaka error'))).toEqual([]);
  // A static MPD is not refreshed: one tracking read (players.md §1.4), or more listing the same avails.
  expect(s.tracking.length).toBeGreaterThanOrEqual(1);
  for (const t of s.tracking) expect(JSON.stringify(t.avails)).toBe(JSON.stringify(avails));
  // Played as one range from the start to past the last ad's start: no Period boundary stalled or was skipped.
  const ranges = await page.evaluate(() => {
    const p = document.querySelector('video')!.played;
    return Array.from({ length: p.length }, (_, i) => [p.start(i), p.end(i)]);
  });
  expect(ranges).toHaveLength(1);
  const last = ads.at(-1)!;
  expect(ranges[0][1]).toBeGreaterThan(last.startTimeInSeconds + last.durationInSeconds - 0.5);

  await expectAdEventsAndBeacons(s, ads, baseURL!);
});
