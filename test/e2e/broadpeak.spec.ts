/**
 * Issue 6 item 3, end to end: the broadpeak.io dialect through the real worker in Chromium. hls.js is given the
 * bare service URL, follows the worker's 307 to the session URL (`bpkio_sessionid`) and plays the stitched VOD;
 * the page asks for the Session Tracking JSON with bk-ml 1.0 (fast-start) and 2.0 (metadata-first) and their
 * first answers are compared (protocols.md §1.4, §16).
 */
import { test, expect, openDemo, noticeableErrors, startPlayback } from './fixtures';
import type { Page } from '@playwright/test';

interface Pod { id: string; starttime_ms: number; duration_ms: number; ads: { adid: string; starttime_ms: number; duration_ms: number }[] }
interface Answer { url: string; status: number; redirected: boolean; body: { adpods: Pod[]; refresh_delay_ms: number } }

const SERVICE = '/v1/bpk/demo/vod/master.m3u8?ads.pod=2';

/** fetch() from the page (through the worker), following the 307 as a browser does. */
function pageFetch(page: Page, url: string): Promise<Answer> {
  return page.evaluate(async (u) => {
    const r = await fetch(u);
    return { url: r.url, status: r.status, redirected: r.redirected, body: r.headers.get('content-type')?.includes('json') ? await r.json() : null };
  }, url);
}

const shape = (a: Answer['body']) => a.adpods.map((p) => ({ start: p.starttime_ms, ads: p.ads.map((x) => [x.starttime_ms, x.duration_ms]) }));

test('broadpeak: hls.js plays the stitched VOD through the 307; bk-ml 1.0 and 2.0 first answers', async ({ page }) => {
  // The demo page registers the worker and installs the `demo` configuration.
  await openDemo(page, '?ads.pod=2');

  // Fast-start, asked first (before any manifest): a session is opened by the 307 and the answer has no ads.
  const fastFirst = await pageFetch(page, `${SERVICE}&bk-ml=1.0`);
  expect(fastFirst.status).toBe(200);
  expect(fastFirst.redirected).toBe(true);
  expect(new URL(fastFirst.url).searchParams.get('bpkio_sessionid')).toMatch(/^[0-9a-f]{32}$/);
  expect(fastFirst.body.adpods).toEqual([]);

  // Metadata-first, asked first: the ADS is asked at once and the ads are known before playback.
  const metaFirst = await pageFetch(page, `${SERVICE}&bk-ml=2.0`);
  expect(metaFirst.status).toBe(200);
  expect(metaFirst.body.adpods.map((p) => p.ads.filter((a) => a.adid !== 'SLATE').length)).toEqual([2, 2, 2]);
  expect(metaFirst.body.adpods[0].starttime_ms).toBe(0);

  // Once the fast-start session's manifest has been served, its answer describes the same pods.
  const fastSession = new URL(fastFirst.url);
  fastSession.searchParams.delete('bk-ml');
  const manifest = await page.evaluate(async (u) => (await fetch(u)).text(), fastSession.href);
  expect(manifest).toContain('#EXT-X-STREAM-INF');
  const fastAfter = await pageFetch(page, `${fastSession.href}&bk-ml=1.0`);
  expect(shape(fastAfter.body)).toEqual(shape(metaFirst.body));

  // hls.js on the bare service URL: the demo's own player is replaced by one built from the same hls.js class.
  await page.evaluate((service) => {
    const s = (window as unknown as { __stitchbox: { hls: { constructor: unknown; destroy(): void; on(e: string, f: (e: string, d: unknown) => void): void }; events: string[] } }).__stitchbox;
    const HlsClass = s.hls.constructor as new (c?: object) => { loadSource(u: string): void; attachMedia(v: HTMLMediaElement): void; on(e: string, f: (e: string, d: never) => void): void };
    s.hls.destroy();
    const video = document.querySelector('video')!;
    video.pause();
    const hls = new HlsClass();
    const w = window as unknown as { __bpk: { manifestUrl?: string; frags: string[] } };
    w.__bpk = { frags: [] };
    hls.on('hlsManifestLoaded', (_e, d: { networkDetails?: { responseURL?: string }; url: string }) => { w.__bpk.manifestUrl = d.networkDetails?.responseURL ?? d.url; });
    hls.on('hlsFragLoaded', (_e, d: { frag: { url: string } }) => { w.__bpk.frags.push(d.frag.url); });
    hls.on('hlsError', (_e, d: { fatal: boolean; type: string; details: string }) => { s.events.push(`hls.js ${d.fatal ? 'FATAL ' : ''}error: ${d.type} ${d.details} at ${video.currentTime.toFixed(2)}`); });
    s.hls = hls as never;
    s.events.length = 0;
    hls.loadSource(service);
    hls.attachMedia(video);
  }, SERVICE);
  await startPlayback(page, 4);
  const bpk = () => page.evaluate(() => (window as unknown as { __bpk: { manifestUrl?: string; frags: string[] } }).__bpk);
  // The multivariant playlist came from the session URL the 307 named.
  const played = new URL((await bpk()).manifestUrl!);
  expect(played.pathname).toBe('/v1/bpk/demo/vod/master.m3u8');
  const sid = played.searchParams.get('bpkio_sessionid');
  expect(sid).toMatch(/^[0-9a-f]{32}$/);
  expect(sid).not.toBe(fastSession.searchParams.get('bpkio_sessionid'));

  // Play past the pre-roll pod and into content: its ad segments came from this session's plan.
  const playedSession = await pageFetch(page, `${played.href}&bk-ml=1.0`);
  const pre = playedSession.body.adpods[0];
  expect(pre.starttime_ms).toBe(0);
  await page.waitForFunction((t) => document.querySelector('video')!.currentTime > t, (pre.starttime_ms + pre.duration_ms) / 1000 + 2, { timeout: 60_000, polling: 250 });
  const frags = (await bpk()).frags.map((u) => new URL(u).pathname);
  expect(frags.some((p) => p.startsWith(`/v1/segment/bpk/demo/${sid}/0/0/`))).toBe(true);
  expect(frags.some((p) => p.startsWith(`/v1/segment/bpk/demo/${sid}/0/1/`))).toBe(true);
  expect(frags.some((p) => p.startsWith('/origin/'))).toBe(true);
  expect(noticeableErrors(await page.evaluate(() => (window as unknown as { __stitchbox: { events: string[] } }).__stitchbox.events))).toEqual([]);
  // The same session answers the same thing again.
  expect((await pageFetch(page, `${played.href}&bk-ml=2.0`)).body).toEqual(playedSession.body);
});
