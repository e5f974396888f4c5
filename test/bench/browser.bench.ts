/**
 * Browser rows of `npm run bench` (DESIGN.md "Benchmarks", issue 9 item 1): Debian's Chromium driven with
 * playwright's library API against the demo server, two fresh profiles side by side: one whose page is controlled
 * by the stitchbox worker (registered as the demo page does: /stitchbox-sw.js, scope /, module; the Static Routing
 * API sends everything outside /v1/ to the network), one with no worker. The two sides are interleaved round by
 * round, the order flipped every round, so drift in the machine's speed hits both alike (measure.ts).
 *
 * Build: with STITCHBOX_DIST pointing at a built dist (index.html and stitchbox-sw.js) that one is reused as it
 * is; otherwise a fresh `vite build` goes to a temporary directory, removed afterwards. BENCH_PORT picks the
 * server's port (default: a free loopback port).
 *
 * Every latency is taken inside the page (performance.now() around fetch() and reading the whole body), with
 * `cache: 'no-store'` on both sides, so playwright's own round trips are not in the figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright';
import { startDemoServer } from '../../demo/server/startDemoServer';
import { REPO_ROOT } from '../../demo/server/paths';
import { demoConfig } from '../../demo/demoConfig';
import { median, percentile, type BenchRow } from './measure';

/** The same flags as the e2e fixtures (test/e2e/fixtures.ts CHROMIUM_ARGS; not imported: that file needs the test runner). */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
];
const HLS_JS = path.join(REPO_ROOT, 'node_modules', 'hls.js', 'dist', 'hls.min.js');
const ASSET = 'vod/master.m3u8';
const SESSION_PATH = `/v1/session/bench/demo/${ASSET}`;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const PER_ROUND = 10;
const TTFF_SAMPLES = Number(process.env.BENCH_TTFF ?? 8);

function log(line: string) { process.stderr.write(`  browser: ${line}\n`); }

function distDir(): { dir: string; cleanup: () => void } {
  const given = process.env.STITCHBOX_DIST;
  if (given && existsSync(path.join(given, 'stitchbox-sw.js')) && existsSync(path.join(given, 'index.html'))) {
    log(`reusing the built dist in ${given}`);
    return { dir: path.resolve(given), cleanup: () => undefined };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stitchbox-bench-dist-'));
  log(`vite build into ${dir}`);
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT, env: { ...process.env, STITCHBOX_DIST: dir }, stdio: ['ignore', 'ignore', 'inherit'] });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function profile(): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stitchbox-bench-profile-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close: async () => { await context.close(); rmSync(dir, { recursive: true, force: true, maxRetries: 5 }); } };
}

/** Fetch each URL in turn from the page; ms per fetch, body read to the end. */
function timeFetches(page: Page, urls: readonly string[]): Promise<number[]> {
  return page.evaluate(async (list) => {
    const out: number[] = [];
    for (const u of list) {
      const t0 = performance.now();
      const r = await fetch(u, { cache: 'no-store' });
      await r.arrayBuffer();
      if (!r.ok) throw new Error(`${u}: HTTP ${r.status}`);
      out.push(performance.now() - t0);
    }
    return out;
  }, urls);
}

/** Interleave two sides round by round (order flipped each round); each side gets PER_ROUND fetches of its list per round. */
async function interleave(a: { page: Page; urls: string[] }, b: { page: Page; urls: string[] }, rounds = ROUNDS) {
  const sa: number[] = [];
  const sb: number[] = [];
  // Warm-up round, not counted: connections open, the worker started, beacons of ad segments fired once.
  await timeFetches(a.page, a.urls);
  await timeFetches(b.page, b.urls);
  for (let r = 0; r < rounds; r++) {
    const pick = (urls: string[]) => Array.from({ length: PER_ROUND }, (_, i) => urls[(r * PER_ROUND + i) % urls.length]);
    if (r % 2) { sb.push(...(await timeFetches(b.page, pick(b.urls)))); sa.push(...(await timeFetches(a.page, pick(a.urls)))); }
    else { sa.push(...(await timeFetches(a.page, pick(a.urls)))); sb.push(...(await timeFetches(b.page, pick(b.urls)))); }
  }
  return { a: sa, b: sb };
}

/** Open a server-side-reporting session from the page; its manifestUrl. */
function openSession(page: Page): Promise<string> {
  return page.evaluate(async (p) => {
    const r = await fetch(p, { method: 'POST', body: JSON.stringify({ reportingMode: 'server', adsParams: {} }) });
    if (!r.ok) throw new Error(`session: HTTP ${r.status} ${await r.text()}`);
    return ((await r.json()) as { manifestUrl: string }).manifestUrl;
  }, SESSION_PATH);
}

async function text(page: Page, url: string): Promise<string> {
  return page.evaluate(async (u) => { const r = await fetch(u, { cache: 'no-store' }); if (!r.ok) throw new Error(`${u}: HTTP ${r.status}`); return r.text(); }, url);
}

const uris = (playlist: string) => playlist.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

/**
 * Time to first frame on a fresh page: hls.js (the package's build, added to the page) loads `source` (or, for
 * a stitched sample, opens a session first and loads its manifestUrl: the session POST is part of the stitched
 * figure) and the clock stops at the first requestVideoFrameCallback, i.e. the first frame composited.
 */
async function ttff(context: BrowserContext, origin: string, stitched: boolean): Promise<{ ms: number; parts: Record<string, number> }> {
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/healthz`);
    await page.addScriptTag({ path: HLS_JS });
    return await page.evaluate(async ({ stitched, sessionPath, plain }) => {
      if (stitched && !navigator.serviceWorker.controller) throw new Error('stitched TTFF page is not controlled by the worker');
      const Hls = (window as unknown as { Hls: any }).Hls;
      const video = document.createElement('video');
      video.muted = true;
      document.body.append(video);
      const t0 = performance.now();
      let source = plain;
      if (stitched) {
        const r = await fetch(sessionPath, { method: 'POST', body: JSON.stringify({ reportingMode: 'server', adsParams: {} }) });
        source = ((await r.json()) as { manifestUrl: string }).manifestUrl;
      }
      const hls = new Hls();
      const first = new Promise<number>((resolve, reject) => {
        video.requestVideoFrameCallback(() => resolve(performance.now()));
        hls.on(Hls.Events.ERROR, (_e: unknown, d: { fatal: boolean; details: string }) => { if (d.fatal) reject(new Error(`hls.js: ${d.details}`)); });
        setTimeout(() => reject(new Error('no frame within 30 s')), 30_000);
      });
      hls.loadSource(source);
      hls.attachMedia(video);
      void video.play().catch(() => undefined);
      const t1 = await first;
      hls.destroy();
      // Where the time went: the first request of each kind, from the start of the clock to its last byte.
      const parts: Record<string, number> = {};
      for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
        const p = new URL(e.name).pathname;
        const kind = p.startsWith('/v1/') ? p.split('/')[2] : p.endsWith('master.m3u8') ? 'master' : p.endsWith('.m3u8') ? 'manifest' : p.endsWith('.ts') ? 'segment' : '';
        if (kind && !(kind in parts) && e.startTime >= t0) parts[kind] = e.responseEnd - t0;
      }
      return { ms: t1 - t0, parts };
    }, { stitched, sessionPath: SESSION_PATH, plain: `/origin/${ASSET}` });
  } finally {
    await page.close();
  }
}

export default async function browserBench(): Promise<BenchRow[]> {
  const dist = distDir();
  const server = await startDemoServer({ port: Number(process.env.BENCH_PORT ?? 0), staticDir: dist.dir });
  const origin = server.url;
  log(`demo server on ${origin}`);
  const withSw = await profile();
  const without = await profile();
  try {
    // The worker side: register as the demo page does and wait for control (clients.claim), install `demo`.
    await withSw.page.goto(`${origin}/healthz`);
    await without.page.goto(`${origin}/healthz`);
    await withSw.page.evaluate(async (config) => {
      await navigator.serviceWorker.register('/stitchbox-sw.js', { scope: '/', type: 'module' });
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      const reply = await new Promise<{ ok: boolean; error?: string }>((resolve) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = (e) => resolve(e.data);
        navigator.serviceWorker.controller!.postMessage({ type: 'stitchbox:putConfig', config }, [ch.port2]);
      });
      if (!reply.ok) throw new Error(`putConfig: ${reply.error}`);
    }, demoConfig(origin));

    // One session, warm: master and its first media playlist fetched once, so the plan exists.
    const master = await openSession(withSw.page);
    const variants = uris(await text(withSw.page, master));
    const stitchedMedia = variants[0];
    const stitchedText = await text(withSw.page, stitchedMedia);
    const all = uris(stitchedText);
    const adSegs = all.filter((u) => u.includes('/v1/segment/'));
    const contentSegs = all.filter((u) => u.includes('/origin/')).map((u) => new URL(u, origin).pathname);
    if (!adSegs.length || !contentSegs.length) throw new Error(`stitched playlist has ${adSegs.length} ad and ${contentSegs.length} content segments`);
    const originMedia = `/origin/${path.posix.dirname(ASSET)}/${uris(await text(without.page, `/origin/${ASSET}`))[0]}`;

    // The ad segments' own URLs on the ad CDN: the catalog's renditions, matched by bytes to what /v1/segment serves.
    const candidates: string[] = [];
    for (const id of ['ad6', 'ad10', 'ad15']) {
      const base = `${origin}/ads/media/${id}/`;
      for (const v of uris(await (await fetch(base + 'master.m3u8')).text())) {
        const vUrl = new URL(v, base).href;
        for (const s of uris(await (await fetch(vUrl)).text())) candidates.push(new URL(s, vUrl).href);
      }
    }
    const bytesOf = async (u: string) => Buffer.from(await (await fetch(u)).arrayBuffer());
    const directBytes = new Map<string, Buffer>();
    for (const c of candidates) directBytes.set(c, await bytesOf(c));
    const adPairs: { sw: string; direct: string }[] = [];
    for (const u of adSegs) {
      const got = Buffer.from(await withSw.page.evaluate(async (x) => Array.from(new Uint8Array(await (await fetch(x)).arrayBuffer())), u));
      const hit = [...directBytes].find(([, b]) => b.equals(got));
      if (hit) adPairs.push({ sw: u, direct: new URL(hit[0]).pathname });
    }
    if (!adPairs.length) throw new Error('no /v1/segment answer matched an ad CDN segment byte for byte');
    log(`${contentSegs.length} content, ${adSegs.length} ad segments (${adPairs.length} matched) in ${stitchedMedia}`);

    const rows: BenchRow[] = [];

    const c = await interleave({ page: withSw.page, urls: contentSegs }, { page: without.page, urls: contentSegs });
    rows.push({ id: 'browser.content-segment.with-vs-without', value: median(c.a), unit: 'ms', baseline: median(c.b), ratio: median(c.a) / median(c.b),
      note: `median of ${c.a.length} same-origin /origin content segment fetches per side (${contentSegs.length} distinct); p95 ${percentile(c.a, 95).toFixed(2)} vs ${percentile(c.b, 95).toFixed(2)} ms` });

    // Ad segments: through /v1/segment on the worker page against the same bytes from the ad CDN on the plain page.
    const ad = await interleave({ page: withSw.page, urls: adPairs.map((p) => p.sw) }, { page: without.page, urls: adPairs.map((p) => p.direct) });
    rows.push({ id: 'browser.adsegment.through-worker-ms', value: median(ad.a), unit: 'ms', baseline: median(ad.b), ratio: median(ad.a) / median(ad.b),
      note: `median of ${ad.a.length} /v1/segment fetches (server-side reporting; beacons already in the once-ledger after the warm-up round) against the same bytes fetched directly; p95 ${percentile(ad.a, 95).toFixed(2)} vs ${percentile(ad.b, 95).toFixed(2)} ms` });

    // Manifest: the stitched media playlist (worker: origin fetch, stored plan, stitch) against the origin's own.
    const m = await interleave({ page: withSw.page, urls: [stitchedMedia] }, { page: without.page, urls: [originMedia] });
    const added = m.a.map((x, i) => x - m.b[i]);
    rows.push({ id: 'browser.manifest.added-ms-p95', value: percentile(added, 95), unit: 'ms', baseline: null, ratio: null,
      note: `p95 over ${added.length} paired samples of (stitched ${stitchedMedia.split('/').pop()} − origin ${originMedia}); medians ${median(m.a).toFixed(2)} vs ${median(m.b).toFixed(2)} ms` });
    rows.push({ id: 'browser.manifest.added-ms-median', value: median(added), unit: 'ms', baseline: null, ratio: null });

    // What the worker costs without any origin fetch: /v1/decisions (dispatch, three store reads: session, live
    // timeline, plan; a small JSON) against a plain round trip to the server (/healthz) from the page without a worker.
    const decisions = stitchedMedia.replace('/v1/manifest/', '/v1/decisions/').replace(/\/\d+\.m3u8.*$/, '');
    const st = await interleave({ page: withSw.page, urls: [decisions] }, { page: without.page, urls: ['/healthz'] });
    rows.push({ id: 'browser.worker.store-route-ms', value: median(st.a), unit: 'ms', baseline: median(st.b), ratio: median(st.a) / median(st.b),
      note: `median of ${st.a.length} /v1/decisions answers (worker dispatch + 3 IndexedDB reads, no network) against /healthz from the server; p95 ${percentile(st.a, 95).toFixed(2)} vs ${percentile(st.b, 95).toFixed(2)} ms` });

    // Time to first frame, fresh page each sample, sides alternated.
    const ts: number[] = [];
    const tp: number[] = [];
    const partsS: Record<string, number>[] = [];
    const partsP: Record<string, number>[] = [];
    const stitchedSample = async () => { const r = await ttff(withSw.context, origin, true); ts.push(r.ms); partsS.push(r.parts); };
    const plainSample = async () => { const r = await ttff(without.context, origin, false); tp.push(r.ms); partsP.push(r.parts); };
    await ttff(withSw.context, origin, true); await ttff(without.context, origin, false);
    for (let i = 0; i < TTFF_SAMPLES; i++) {
      if (i % 2) { await plainSample(); await stitchedSample(); }
      else { await stitchedSample(); await plainSample(); }
    }
    const medParts = (ps: Record<string, number>[]) => [...new Set(ps.flatMap((p) => Object.keys(p)))]
      .map((k) => [k, median(ps.map((p) => p[k]).filter((x) => x !== undefined))] as const).sort((x, y) => x[1] - y[1])
      .map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
    rows.push({ id: 'browser.ttff.stitched-vs-plain', value: median(ts), unit: 'ms', baseline: median(tp), ratio: median(ts) / median(tp),
      note: `median of ${ts.length} fresh pages per side; stitched includes the session POST and the VOD plan (ADS + ad playlists) and starts on the pre-roll through /v1/segment; samples stitched ${ts.map((x) => x.toFixed(0)).join(' ')}, plain ${tp.map((x) => x.toFixed(0)).join(' ')} ms; first response of each kind done at (median ms from the start): stitched ${medParts(partsS)}; plain ${medParts(partsP)}` });
    return rows;
  } finally {
    await withSw.close().catch(() => undefined);
    await without.close().catch(() => undefined);
    await server.close();
    dist.cleanup();
  }
}
