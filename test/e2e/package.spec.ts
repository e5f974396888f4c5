/**
 * Issue 8 item 2, the browser half of the packed-tarball test (the Node half: test/unit/package): the npm tarball
 * installed into a fresh project, whose site (bundled from that project's node_modules, as a publisher's build
 * would) runs in Chromium with (1) the package's prebuilt standalone worker and (2) the project's own Workbox
 * worker, which adds stitchbox's routes next to a route of its own. In both, the page client opens a session on
 * the demo server's origin and sample ADS, started here on another origin (so origin, ADS and ad media are
 * fetched cross-origin, with CORS, as on a publisher's site), and gets a stitched manifest and ad media back.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { startDemoServer, type DemoServer } from '../../demo/server/startDemoServer';
import { createConsumerProject, type ConsumerProject } from '../unit/package/consumerProject';

const PAGE = `
import { registerStitchbox, openMediaTailorSession } from 'stitchbox';

const q = new URLSearchParams(location.search);
const demo = q.get('demo');
window.stitchboxSession = (async () => {
  const sb = await registerStitchbox({ url: q.get('sw') });
  await sb.putConfig({
    Name: 'pkg',
    VideoContentSourceUrl: demo + '/origin',
    AdDecisionServerUrl: demo + '/ads/vast?pod=2&dur=[session.avail_duration_secs]&sid=[session.id]&avail=[avail.index]',
  });
  return openMediaTailorSession((q.get('routes') ?? '/') + 'v1/session/consumer/pkg/vod/master.m3u8');
})();
`;

/** The publisher's own worker: Workbox routing with a route of its own, stitchbox's routes under /video/. */
const WORKBOX_SW = `
import { registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import { registerStitchboxRoutes } from 'stitchbox/sw';

self.addEventListener('install', () => self.skipWaiting());
clientsClaim();
registerRoute(({ url }) => url.pathname === '/publisher/hello', async () => new Response("the publisher's own route"));
registerStitchboxRoutes(registerRoute, { scope: '/video/' });
`;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

/** The publisher's static site: files only (no /v1/ or /video/ routes: those answers can only come from a worker). */
function serveSite(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const p = path.join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/\/$/, '/index.html'));
    if (!p.startsWith(dir) || !fs.existsSync(p) || !fs.statSync(p).isFile()) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(p)] ?? 'application/octet-stream' }).end(fs.readFileSync(p));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

let consumer: ConsumerProject;
let demo: DemoServer;
let site: { url: string; server: Server };

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  consumer = createConsumerProject();
  const t1 = Date.now();
  const src = path.join(consumer.dir, 'site-src');
  const out = path.join(consumer.dir, 'site');
  fs.mkdirSync(src);
  fs.writeFileSync(path.join(src, 'page.js'), PAGE);
  fs.writeFileSync(path.join(src, 'workbox-sw.js'), WORKBOX_SW);
  // The publisher's bundler, resolving bare imports from the consumer project's node_modules.
  const { build } = await import('vite');
  for (const entry of ['page.js', 'workbox-sw.js']) {
    await build({
      configFile: false, root: consumer.dir, logLevel: 'warn', publicDir: false,
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: { outDir: out, emptyOutDir: false, lib: { entry: path.join(src, entry), formats: ['es'], fileName: () => entry } },
    });
  }
  // The standalone worker as the package ships it, copied to the scope root like a publisher would.
  const standalone = createRequire(path.join(consumer.dir, 'package.json')).resolve('stitchbox/sw/stitchbox-sw.js');
  fs.copyFileSync(standalone, path.join(out, 'stitchbox-sw.js'));
  fs.writeFileSync(path.join(out, 'index.html'), '<!doctype html><title>consumer</title><link rel="icon" href="data:,"><script type="module" src="/page.js"></script>');
  demo = await startDemoServer({ port: 0, host: 'localhost' });
  site = await serveSite(out);
  console.log(`package set-up: pack + install ${((t1 - t0) / 1000).toFixed(1)} s, consumer bundles ${((Date.now() - t1) / 1000).toFixed(1)} s`);
});

test.afterAll(async () => {
  await demo?.close();
  if (site) await new Promise((r) => site.server.close(r));
  consumer?.remove();
});

interface Served {
  urls: { manifestUrl: string; trackingUrl: string };
  master: string;
  media: string;
  adSegment: { url: string; status: number; type: string | null; bytes: number };
  adCount: number;
}

/** Opens the consumer page with a worker, then reads the stitched session through it as a player would. */
async function stitchedSession(page: Page, query: string): Promise<Served> {
  await page.goto(`${site.url}/?demo=${encodeURIComponent(demo.url)}&${query}`);
  return page.evaluate(async () => {
    const urls = await (window as unknown as { stitchboxSession: Promise<{ manifestUrl: string; trackingUrl: string }> }).stitchboxSession;
    const text = async (u: string) => { const r = await fetch(u); if (!r.ok) throw new Error(`${u}: HTTP ${r.status}`); return r.text(); };
    const master = await text(urls.manifestUrl);
    const variant = new URL(master.split('\n').find((l) => l && !l.startsWith('#'))!, urls.manifestUrl).href;
    const media = await text(variant);
    const adUrl = new URL(media.split('\n').find((l) => l.includes('/v1/segment/'))!, variant).href;
    const r = await fetch(adUrl);
    const bytes = (await r.arrayBuffer()).byteLength;
    const tracking = JSON.parse(await text(urls.trackingUrl)) as { avails: { ads: unknown[] }[] };
    return {
      urls, master, media, adSegment: { url: adUrl, status: r.status, type: r.headers.get('content-type'), bytes },
      adCount: tracking.avails.reduce((n, a) => n + a.ads.length, 0),
    };
  });
}

function expectStitched(s: Served, routes: string): void {
  expect(s.urls.manifestUrl.startsWith(`${site.url}${routes}v1/master/consumer/pkg/`), s.urls.manifestUrl).toBe(true);
  expect(s.master).toContain(`${routes}v1/manifest/consumer/pkg/`);
  const uris = s.media.split('\n').filter((l) => l && !l.startsWith('#'));
  // Content from the demo origin (absolute, straight to the network), ads through the worker's segment route.
  expect(uris.filter((u) => u.startsWith(`${demo.url}/origin/`)).length, s.media).toBeGreaterThan(0);
  expect(uris.filter((u) => u.includes(`${routes}v1/segment/consumer/pkg/`)).length).toBeGreaterThan(0);
  expect(s.media).toContain('#EXT-X-DISCONTINUITY');
  // The ad segment: fetched by the worker from the demo server's ad media (named by the sample ADS's VAST).
  expect(s.adSegment).toMatchObject({ status: 200 });
  expect(s.adSegment.type).toMatch(/^video\//);
  expect(s.adSegment.bytes).toBeGreaterThan(1000);
  expect(s.adCount).toBeGreaterThan(0);
}

test('the package\'s standalone worker (stitchbox/sw/stitchbox-sw.js) serves a stitched session', async ({ page }) => {
  const s = await stitchedSession(page, 'sw=/stitchbox-sw.js');
  expectStitched(s, '/');
});

test('the consumer\'s own Workbox worker serves its route and, through registerStitchboxRoutes, a stitched session', async ({ page }) => {
  const s = await stitchedSession(page, 'sw=/workbox-sw.js&routes=/video/');
  expectStitched(s, '/video/');
  const own = await page.evaluate(async () => { const r = await fetch('/publisher/hello'); return { status: r.status, body: await r.text() }; });
  expect(own).toEqual({ status: 200, body: "the publisher's own route" });
  // Not a file on the site: the worker answered it.
  expect((await fetch(`${site.url}/publisher/hello`)).status).toBe(404);
});
