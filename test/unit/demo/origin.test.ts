import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Parser } from 'm3u8-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../demo/server/startDemoServer';
import { cuePairTimes, rawRequest } from './fixture';

// The demo server over real HTTP: sample origin, static page, CORS, path traversal
// (DESIGN.md "The demo server").

let server: DemoServer;
let tmp: string;

beforeAll(async () => {
  // A stand-in for dist/demo, with a secret next to it that must never be served.
  tmp = mkdtempSync(path.join(os.tmpdir(), 'stitchbox-demo-'));
  const staticDir = path.join(tmp, 'site');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(path.join(staticDir, 'stitchbox-sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(path.join(staticDir, 'assets', 'main-abc.js'), 'console.log(1);');
  writeFileSync(path.join(tmp, 'secret.txt'), 'SECRET');
  server = await startDemoServer({ port: 0, staticDir });
});

afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function parse(text: string) {
  const p = new Parser();
  p.push(text);
  p.end();
  return p.manifest;
}

describe('sample origin', () => {
  it('serves the cue-marked VOD: master, both media playlists with 3 cue pairs, and every segment', async () => {
    const masterUrl = `${server.url}/origin/vod/master.m3u8`;
    const res = await fetch(masterUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const master = parse(await res.text());
    expect(master.playlists).toHaveLength(2);

    for (const variant of master.playlists!) {
      const mediaUrl = new URL(variant.uri, masterUrl).href;
      const text = await (await fetch(mediaUrl)).text();
      const media = parse(text);
      // m3u8-parser sees the two cues that sit on a segment; the post-roll pair has no segment after it.
      const cued = media.segments.filter((s) => s.cueOut !== undefined);
      expect(cued.map((s) => [s.cueOut, s.cueIn])).toEqual([['0', ''], ['0', '']]);
      expect(cuePairTimes(text)).toEqual({ times: [0, 30, 60], unpaired: 0 });

      const segmentUrls = media.segments.map((s) => new URL(s.uri, mediaUrl).href);
      expect(segmentUrls).toHaveLength(30);
      expect(new Set(segmentUrls).size).toBe(30);
      for (const u of segmentUrls) expect(new URL(u).pathname).toMatch(/^\/origin\/content\/(360p|180p)\/seg_\d{3}\.ts$/);
      const heads = await Promise.all(segmentUrls.map((u) => fetch(u, { method: 'HEAD' })));
      for (const h of heads) {
        expect(h.status).toBe(200);
        expect(h.headers.get('content-type')).toBe('video/mp2t');
        expect(Number(h.headers.get('content-length'))).toBeGreaterThan(10_000);
      }
    }
  });

  it('serves the same stream without markers under /origin/content/', async () => {
    const text = await (await fetch(`${server.url}/origin/content/360p/index.m3u8`)).text();
    expect(text).not.toContain('CUE');
    expect(parse(text).segments).toHaveLength(30);
    const seg = await fetch(`${server.url}/origin/content/180p/seg_029.ts`);
    expect(new Uint8Array(await seg.arrayBuffer())[0]).toBe(0x47);
  });

  it('answers 404 for streams and files it does not have', async () => {
    expect((await fetch(`${server.url}/origin/nope/master.m3u8`)).status).toBe(404);
    expect((await fetch(`${server.url}/origin/vod/720p/index.m3u8`)).status).toBe(404);
    expect((await fetch(`${server.url}/origin/vod/360p`)).status).toBe(404);
  });

  it('answers CORS preflights on demo routes', async () => {
    const res = await fetch(`${server.url}/origin/vod/master.m3u8`, {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-player' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('x-player');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('serves byte ranges (progressive MP4 in a <video> element)', async () => {
    const res = await fetch(`${server.url}/ads/media/ad6/ad6.mp4`, { headers: { Range: 'bytes=4-7' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toMatch(/^bytes 4-7\/\d+$/);
    expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toBe('ftyp');
    const bad = await fetch(`${server.url}/ads/media/ad6/ad6.mp4`, { headers: { Range: 'bytes=99999999-' } });
    expect(bad.status).toBe(416);
  });

  it('refuses other methods on files', async () => {
    const res = await fetch(`${server.url}/origin/vod/master.m3u8`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
  });
});

describe('health and static page', () => {
  it('answers /healthz', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });

  it('serves the page and its assets with their content types', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>demo</title>');
    const js = await fetch(`${server.url}/assets/main-abc.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${server.url}/nope.html`)).status).toBe(404);
  });

  it('serves the worker script with Service-Worker-Allowed: / and no-cache', async () => {
    const res = await fetch(`${server.url}/stitchbox-sw.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('service-worker-allowed')).toBe('/');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });
});

describe('path traversal', () => {
  const attempts = [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/origin/vod/..%2f..%2f..%2fpackage.json',
    '/origin/content/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/ads/media/..%2f..%2f..%2f..%2fpackage.json',
    '/ads/media/ad6%2f..%2f..%2f..%2f..%2fpackage.json',
    '/ads/media/..%5c..%5cpackage.json',
    '/origin/vod/master.m3u8%00.txt',
  ];
  it.each(attempts)('refuses %s', async (p) => {
    const res = await rawRequest(server.url, p);
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('SECRET');
    expect(res.body).not.toContain('"name"');
  });

  it('refuses `..` even where it would stay inside the served folder', async () => {
    // Browsers normalise dot segments before sending, so a raw `..` is never a legitimate request.
    const res = await rawRequest(server.url, '/origin/vod/360p/../master.m3u8');
    expect(res.status).toBe(403);
  });
});
