import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createServer as createViteServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoServerPlugin } from '../../../demo/server/vitePlugin';
import { REPO_ROOT } from './fixture';

// The plugin inside real Vite dev and preview servers: the demo routes are answered, the rest is
// left to Vite, and /stitchbox-sw.js is the transformed sw/main.ts in dev.

const DEMO_ROOT = path.join(REPO_ROOT, 'demo');

describe('demoServerPlugin in the dev server', () => {
  let vite: ViteDevServer;
  let http: Server;
  let base: string;

  beforeAll(async () => {
    vite = await createViteServer({
      configFile: false,
      root: DEMO_ROOT,
      appType: 'custom',
      logLevel: 'silent',
      plugins: [demoServerPlugin()],
      server: { middlewareMode: true, hmr: false, watch: null },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    http = createServer(vite.middlewares);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    http?.closeAllConnections();
    await new Promise((r) => http?.close(r));
    await vite?.close();
  });

  it('serves /stitchbox-sw.js as Vite\'s module transform of sw/main.ts, allowed to control /', async () => {
    const res = await fetch(`${base}/stitchbox-sw.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('service-worker-allowed')).toBe('/');
    const body = await res.text();
    // TypeScript is gone and imports point at Vite module URLs the worker can load from its own origin.
    expect(body).not.toMatch(/^import type /m);
    expect(body).toMatch(/from "\/@fs\/[^"]+\.ts"/);
  });

  it('answers the demo routes', async () => {
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok');
    const master = await fetch(`${base}/origin/vod/master.m3u8`);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(await master.text()).toContain('#EXT-X-STREAM-INF');
    const vast = await fetch(`${base}/ads/vast`);
    expect(await vast.text()).toContain('<VAST version="4.2"');
    expect((await fetch(`${base}/beacons/track?event=start`)).status).toBe(204);
  });

  it('leaves everything else to Vite', async () => {
    // A source module is transformed by Vite (the demo handler would have answered 404 for it).
    const mod = await fetch(`${base}/server/route.ts`);
    expect(mod.status).toBe(200);
    expect(mod.headers.get('access-control-allow-origin')).toBeNull();
    // An unknown path reaches the end of Vite's chain, not the demo handler's 404.
    const none = await fetch(`${base}/no-such-page`);
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('demoServerPlugin in the preview server', () => {
  let server: PreviewServer;
  let tmp: string;
  let base: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'stitchbox-preview-'));
    mkdirSync(tmp, { recursive: true });
    writeFileSync(path.join(tmp, 'index.html'), '<!doctype html><title>built</title>');
    writeFileSync(path.join(tmp, 'stitchbox-sw.js'), 'self.addEventListener("fetch", () => {});');
    server = await preview({
      configFile: false,
      root: DEMO_ROOT,
      logLevel: 'silent',
      plugins: [demoServerPlugin()],
      build: { outDir: tmp },
      preview: { port: 0, host: '127.0.0.1', open: false },
    });
    const addr = server.httpServer.address() as AddressInfo;
    base = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('serves the built worker with Service-Worker-Allowed and the page from the build', async () => {
    const sw = await fetch(`${base}/stitchbox-sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('service-worker-allowed')).toBe('/');
    expect(await (await fetch(`${base}/`)).text()).toContain('<title>built</title>');
  });

  it('answers the demo routes', async () => {
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok');
    expect((await fetch(`${base}/origin/content/360p/seg_000.ts`, { method: 'HEAD' })).headers.get('content-type')).toBe('video/mp2t');
  });
});
