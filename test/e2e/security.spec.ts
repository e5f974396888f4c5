/**
 * Issue 9 item 4, in the browser: the worker answers only stitchbox's own routes on its own origin. A page fetch of a
 * same-origin URL outside them (the origin, the beacon sink, a /v1/ path that is no route) and of a cross-origin URL
 * with a stitchbox-looking path are left to the network: Playwright's Response.fromServiceWorker() is false for them
 * (it is true for a response the worker made, the control case). And the worker never fetches what such a request
 * names: a session route with an absolute URL smuggled into its path or query is refused or left alone.
 * (Companions render in a sandboxed iframe without allow-same-origin: demoTool.spec.ts.)
 */
import { test, expect, openDemo } from './fixtures';
import type { Page } from '@playwright/test';

/** Fetch `url` from the page; the response as Playwright saw it. */
async function fetchFromPage(page: Page, url: string) {
  const href = new URL(url, page.url()).href;
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === href),
    page.evaluate(async (u) => { try { await (await fetch(u)).arrayBuffer(); } catch { /* cross-origin failures still have a response */ } }, url),
  ]);
  return { status: response.status(), fromWorker: response.fromServiceWorker() };
}

test('the worker answers its own routes and leaves every other request alone', async ({ page, baseURL }) => {
  await openDemo(page, '?ads.pod=1');
  const session = await page.evaluate(() => (window as unknown as { __stitchbox: { session: { trackingUrl: string; manifestUrl: string } } }).__stitchbox.session);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  // Control: the worker's own answers are marked as such.
  expect(await fetchFromPage(page, session.trackingUrl)).toEqual({ status: 200, fromWorker: true });
  expect(await fetchFromPage(page, session.manifestUrl)).toEqual({ status: 200, fromWorker: true });

  // Same origin, outside stitchbox's routes: the network answers.
  for (const path of ['/healthz', '/origin/vod/master.m3u8', '/beacons/log', '/v1/nosuchroute/a/b/c', '/v1x/session/a/demo/x.m3u8', '/v1/session/a/demo/..%2F..%2Fx.m3u8']) {
    expect(await fetchFromPage(page, path), path).toMatchObject({ fromWorker: false });
  }
  // Another origin (127.0.0.1 is not localhost) with a stitchbox path: not the worker's either.
  const other = new URL(baseURL!);
  other.hostname = '127.0.0.1';
  expect(await fetchFromPage(page, `${other.origin}/healthz`)).toMatchObject({ fromWorker: false });
  const tracking = new URL(session.trackingUrl, baseURL);
  expect(await fetchFromPage(page, `${other.origin}${tracking.pathname}${tracking.search}`)).toMatchObject({ fromWorker: false });

  // Absolute URLs smuggled into a route's path are not routes; in its query they change nothing the worker fetches.
  const smuggled = await fetchFromPage(page, `/v1/master/a/demo/http%3A%2F%2Fevil.example%2Fmaster.m3u8`);
  expect(smuggled.fromWorker).toBe(false);
  const q = await fetchFromPage(page, `${tracking.pathname}${tracking.search ? `${tracking.search}&` : '?'}url=http://evil.example/&redirect=http://evil.example/`);
  expect(q).toEqual({ status: 200, fromWorker: true });

  // Every answer of the worker is hardened: never sniffed into a document, sandboxed if opened as one.
  const headers = await page.evaluate(async (u) => {
    const master = await (await fetch(u)).text();
    const media = master.split('\n').find((l) => l.startsWith('/v1/manifest/'))!;
    const mediaRes = await fetch(media);
    const seg = (await mediaRes.text()).split('\n').find((l) => l.startsWith('/v1/segment/') && l.includes('.ts'))!;
    const segRes = await fetch(seg);
    await segRes.arrayBuffer();
    const pick = (r: Response) => ({ nosniff: r.headers.get('x-content-type-options'), csp: r.headers.get('content-security-policy') });
    return [pick(mediaRes), pick(segRes)];
  }, session.manifestUrl);
  for (const h of headers) expect(h).toEqual({ nosniff: 'nosniff', csp: "sandbox; default-src 'none'" });
});
