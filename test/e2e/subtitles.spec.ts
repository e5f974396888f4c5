/**
 * Issue 5 item 5, end to end: hls.js plays the stitched sample VOD with its WebVTT subtitle rendition turned on,
 * through the mid-roll. The ads' stand-in WebVTT segments (the /v1/segment route's `.vtt` form) load, hls.js
 * reports no error, and the content cues ("content 00:xx", scripts/make-subtitles.ts) sit at content time xx
 * mapped through the stitched timeline (plus the pre-roll, and after the break the mid-roll too): hls.js maps
 * each discontinuity's cues by that discontinuity's first video timestamps (players.md §3.2), so the subtitle
 * playlist must have the video's discontinuities (DESIGN invariant 2).
 */
import { test, expect, openDemo, startPlayback } from './fixtures';
import type { Page } from '@playwright/test';

interface Avail { ads: { startTimeInSeconds: number; durationInSeconds: number }[] }
interface Cue { start: number; end: number; text: string; mode: string }
interface DemoHls { subtitleDisplay: boolean; subtitleTrack: number; subtitleTracks: { name: string; lang?: string }[] }

const avails = (page: Page) => page.evaluate(() => (window as unknown as { __stitchbox: { avails: Avail[] } }).__stitchbox.avails);

/** The cues of the text tracks hls.js turned on. */
const cuesOf = (page: Page) => page.evaluate(() => {
  const out: { start: number; end: number; text: string; mode: string }[] = [];
  for (const t of Array.from(document.querySelector('video')!.textTracks)) {
    if (t.mode === 'disabled') continue;
    for (const c of Array.from(t.cues ?? [])) out.push({ start: c.startTime, end: c.endTime, text: (c as VTTCue).text, mode: t.mode });
  }
  return out;
});

test('hls.js shows the content subtitles at their stitched times through a mid-roll; the ads get WebVTT stand-ins', async ({ page }) => {
  const vtt: { url: string; status: number }[] = [];
  page.on('response', (r) => { if (/\.vtt(\?|$)/.test(r.url())) vtt.push({ url: new URL(r.url()).pathname, status: r.status() }); });
  await openDemo(page, '?ads.pod=2');
  const plan = await avails(page);
  expect(plan).toHaveLength(3);
  const pre = plan[0].ads.reduce((s, a) => s + a.durationInSeconds, 0);
  const mid = plan[1].ads.reduce((s, a) => s + a.durationInSeconds, 0);
  const midStart = plan[1].ads[0].startTimeInSeconds;
  // The mid-roll sits at content 30 s, after the pre-roll.
  expect(midStart).toBeCloseTo(pre + 30, 1);

  // Subtitles on: the master's one subtitle rendition, rendered into the video's text track.
  const tracks = await page.evaluate(() => {
    const hls = (window as unknown as { __stitchbox: { hls: DemoHls } }).__stitchbox.hls;
    hls.subtitleDisplay = true;
    hls.subtitleTrack = 0;
    // Record how each subtitle fragment was processed (a failure is a subtitle that never shows).
    const processed: string[] = [];
    (window as unknown as { __subtitleFrags: string[] }).__subtitleFrags = processed;
    const on = (hls as unknown as { on(e: string, f: (e: string, d: { frag: { sn: number; cc: number; url: string; start: number; type: string }; success: boolean; error?: Error }) => void): void }).on.bind(hls);
    on('hlsSubtitleFragProcessed', (_e, d) => processed.push(`sn ${d.frag.sn} cc ${d.frag.cc}: ${d.success ? 'ok' : d.error?.message}`));
    // Where hls.js put each buffered video segment (by its timestamps), by content segment file name.
    const placed: Record<string, number> = {};
    (window as unknown as { __videoPlaced: Record<string, number> }).__videoPlaced = placed;
    on('hlsFragBuffered', (_e, d) => { const m = /\/(seg_\d{3})\.ts$/.exec(d.frag.url); if (d.frag.type === 'main' && m) placed[m[1]] = d.frag.start; });
    return hls.subtitleTracks.map((t) => ({ name: t.name, lang: t.lang }));
  });
  expect(tracks).toEqual([{ name: 'English', lang: 'en' }]);

  // From 6 s before the mid-roll, play through it and 10 s of the content after it. hls.js reports from here on
  // are this test's (the page started playing at 0 before, with its own start-up reports).
  const eventsBefore = await page.evaluate(() => (window as unknown as { __stitchbox: { events: string[] } }).__stitchbox.events.length);
  // Subtitle fragments are counted from the seek on too: before it, hls.js was playing the pre-roll from 0 and, on
  // a loaded machine, its subtitle loader can reach a pre-roll stand-in of the next discontinuity before the main
  // stream has ("Subtitle discontinuity domain does not match main": a 1 ms placeholder cue that is dropped).
  await page.evaluate((t) => {
    (window as unknown as { __subtitleFrags: string[] }).__subtitleFrags.length = 0;
    document.querySelector('video')!.currentTime = t;
  }, midStart - 6);
  await startPlayback(page, 2);
  await page.waitForFunction((t) => document.querySelector('video')!.currentTime > t, midStart + mid + 10, { timeout: 120_000, polling: 250 });

  const cues: Cue[] = await cuesOf(page);
  // Every subtitle fragment was processed, ads' stand-ins included.
  const frags = await page.evaluate(() => (window as unknown as { __subtitleFrags: string[] }).__subtitleFrags);
  expect(frags.filter((f) => !f.endsWith(': ok')), frags.join('\n')).toEqual([]);
  // Cues: the content's, and the stand-ins' placeholders (no text, 1 ms: subtitleSegments.ts), nothing else.
  const placeholders = cues.filter((c) => c.text === '');
  for (const p of placeholders) expect(p.end - p.start).toBeLessThan(0.002);
  const content = cues.map((c) => ({ ...c, at: /^content (\d\d):(\d\d)$/.exec(c.text) })).filter((c) => c.at !== null);
  expect(content.length + placeholders.length, JSON.stringify(cues)).toBe(cues.length);
  expect(cues.every((c) => c.mode === 'showing')).toBe(true);
  const placed = await page.evaluate(() => (window as unknown as { __videoPlaced: Record<string, number> }).__videoPlaced);
  const seen = content.map((c) => `${c.text} at ${c.start.toFixed(3)}-${c.end.toFixed(3)}`).join('\n');
  let aligned = 0;
  for (const c of content) {
    const t = Number(c.at![1]) * 60 + Number(c.at![2]);
    // Content time t on the stitched timeline (sums of EXTINF): after the pre-roll, and from 30 s on after the
    // mid-roll too. hls.js places each discontinuity's media by its timestamps, a little after that position (the
    // ads' media runs some ms past their EXTINF: 60 ms before the break, 160 ms after it, seen), and the cues move
    // with the picture: so within 0.3 s of the EXTINF position, and within 50 ms of where hls.js put the video
    // segment that shows content time t (its burned-in clock), when it was buffered while the test watched.
    const expected = t + pre + (t >= 30 ? mid : 0);
    expect(Math.abs(c.start - expected), `${c.text}: expected near ${expected.toFixed(3)}\n${seen}`).toBeLessThan(0.3);
    const video = placed[`seg_${String(t / 2).padStart(3, '0')}`];
    if (video !== undefined) {
      expect(Math.abs(c.start - video), `${c.text}: its video segment starts at ${video.toFixed(3)}\n${seen}`).toBeLessThan(0.05);
      aligned++;
    }
    expect(c.end - c.start, `${c.text}\n${seen}`).toBeCloseTo(2, 2);
    // No content cue runs into the break.
    expect(c.end <= midStart + 0.3 || c.start >= midStart + mid - 0.3, `${c.text} overlaps the mid-roll`).toBe(true);
  }
  // The picture check covered cues on both sides of the break.
  expect(aligned).toBeGreaterThanOrEqual(8);
  const seconds = content.map((c) => Number(c.at![1]) * 60 + Number(c.at![2]));
  // Cues from before the break and after it (at least 10 s of content after it was played).
  expect(seconds.some((s) => s < 30)).toBe(true);
  expect(seconds.filter((s) => s >= 30).length).toBeGreaterThanOrEqual(5);

  // The subtitle playlist's mid-roll segments are stitchbox's empty WebVTT stand-ins; all loaded fine.
  const standIns = vtt.filter((r) => r.url.startsWith('/v1/segment/'));
  expect(standIns.length, JSON.stringify(vtt)).toBeGreaterThan(0);
  expect(vtt.filter((r) => r.url.startsWith('/origin/content/subs/')).length).toBeGreaterThan(5);
  expect(vtt.every((r) => r.status === 200), JSON.stringify(vtt)).toBe(true);

  // No hls.js error while playing through the break with subtitles on, but `aborted`: hls.js cancelling its own
  // loads when the test seeks.
  const errors = await page.evaluate((n) => (window as unknown as { __stitchbox: { events: string[] } }).__stitchbox.events.slice(n).filter((e) => e.startsWith('hls.js')), eventsBefore);
  expect(errors.filter((e) => !/ aborted at /.test(e))).toEqual([]);
});
