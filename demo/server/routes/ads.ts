import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { loadAdCatalog } from '../adCatalog';
import type { DemoRoute } from '../route';
import { send } from '../send';
import { serveBelow } from '../sendFile';
import type { AdCreative } from '../adCatalog';
import { buildEmptyVast, buildMalformedVast, buildOverlayVast, buildVast, buildVmap, buildWrapper, VAST_CONTENT_TYPE } from '../vastBuilder';
import { choosePod, parseAdServerExtras, parseVastQuery, parseVmapQuery, withParam } from '../vastQuery';
import { rawPath } from './static';
import { adMediaFault, adMediaFaultPrefix } from '../faults';

/** `fail=timeout` holds the answer this long: past MediaTailor's 3 s per request and 10 s per manifest budget (protocols.md §12). */
export const TIMEOUT_HOLD_MS = 15_000;

const MEDIA_PREFIX = '/ads/media/';

/** The Host header, if it looks like one; it ends up in XML and URLs, so anything else becomes localhost. */
function originOf(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return `http://${/^[A-Za-z0-9.:[\]-]{1,255}$/.test(host) ? host : 'localhost'}`;
}

function escHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Waits `ms`, or less if the client goes away; resolves whether the client is still there. */
function wait(res: ServerResponse, ms: number): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!res.destroyed);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(!res.destroyed);
    }, ms);
    timer.unref();
    res.once('close', onClose);
  });
}

/** The raw query string of a request (with its `?`), as received, so wrapper URIs keep every byte. */
function rawQuery(reqUrl: string | undefined): string {
  const u = reqUrl ?? '';
  const q = u.indexOf('?');
  return q === -1 ? '' : u.slice(q);
}

/** A plain banner for companions and overlays, sized by `w` and `h`. */
function banner(url: URL): string {
  const n = (k: string, d: number) => Math.min(2000, Math.max(1, Math.floor(Number(url.searchParams.get(k)) || d)));
  const w = n('w', 300);
  const h = n('h', 250);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="100%" height="100%" fill="#c62828"/>`
    + `<text x="50%" y="50%" fill="#fff" font-family="sans-serif" font-size="${Math.max(10, Math.round(h / 5))}" text-anchor="middle" dominant-baseline="middle">stitchbox demo ad</text></svg>\n`;
}

/**
 * The VAST a query asks for, apart from the HTTP-level failures (500, timeout, delay): a wrapper when
 * `wrap` says so (each level's URI is this URL with `wrap` one less; `wrap=loop` points at itself), else
 * the pod, empty or malformed answer.
 */
function vastAnswer(query: string, params: URLSearchParams, origin: string, catalog: readonly AdCreative[]): string {
  const q = parseVastQuery(params);
  const extras = parseAdServerExtras(params);
  const idBase = `${q.sid || 'x'}-a${q.avail || '0'}`;
  if (extras.wrap === 'loop') return buildWrapper(`${idBase}-wloop`, `${origin}/ads/vast${query}`, { origin });
  if (extras.wrap > 0) {
    const next = withParam(query, 'wrap', extras.wrap > 1 ? String(extras.wrap - 1) : null);
    return buildWrapper(`${idBase}-w${extras.wrap}`, `${origin}/ads/vast${next}`, { origin });
  }
  if (q.fail === 'malformed') return buildMalformedVast({ origin, skipSeconds: q.skipSeconds });
  if (q.fail === 'empty') return buildEmptyVast();
  return buildVast(choosePod(q, catalog), {
    origin, skipSeconds: q.skipSeconds, mediaPrefix: adMediaFaultPrefix(params.get('segfail')), companion: extras.companion, nonlinear: extras.nonlinear,
    icon: extras.icon, verification: extras.verification, extension: extras.extension, interactive: extras.interactive,
  });
}

/**
 * The sample ADS (DESIGN.md "The demo server"): `/ads/vast` answers VAST 4.2 pods (wrapper chains,
 * companions, overlays and failures by query), `/ads/vmap` answers VMAP 1.0 with one break per offset of
 * `breaks=` (inline VAST, or with `source=tag` an AdTagURI back to /ads/vast), `/ads/landing` is the
 * click-through target, `/ads/banner.svg` the companion image, `/ads/media/` serves the creatives and the
 * slate from demo/media/ads.
 */
export function adsRoute(mediaDir: string): DemoRoute {
  const catalog = loadAdCatalog(mediaDir);
  const adsDir = path.join(mediaDir, 'ads');
  return {
    match: (p) => p.startsWith('/ads/'),
    async handle(req, res, url) {
      const p = rawPath(req.url);
      if (p.startsWith(MEDIA_PREFIX)) {
        // Fault switch (faults.ts): /ads/media/fail-<rendition>-<n>/… answers 404 for that one segment.
        const fault = adMediaFault(p.slice(MEDIA_PREFIX.length));
        if (fault?.notFound) return send(res, 404, 'ad media: injected 404\n', { 'Cache-Control': 'no-store' });
        return serveBelow(req, res, adsDir, fault ? `/${fault.path}` : p.slice(MEDIA_PREFIX.length - 1));
      }
      if (p === '/ads/landing') {
        const ad = escHtml(url.searchParams.get('ad') ?? '');
        send(res, 200, `<!doctype html><meta charset="utf-8"><title>Advertiser landing page</title><h1>Advertiser landing page for ad ${ad}</h1>\n`, {
          'Content-Type': 'text/html; charset=utf-8',
        });
        return;
      }
      if (p === '/ads/banner.svg') {
        send(res, 200, banner(url), { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=3600' });
        return;
      }
      if (p !== '/ads/vast' && p !== '/ads/vmap') {
        send(res, 404, 'not found\n');
        return;
      }
      const q = parseVastQuery(url.searchParams);
      const query = rawQuery(req.url);
      const origin = originOf(req);
      const headers = { 'Content-Type': VAST_CONTENT_TYPE, 'Cache-Control': 'no-store' };
      if (p === '/ads/vmap') {
        if (!(await wait(res, q.delayMs))) return;
        const vq = parseVmapQuery(url.searchParams);
        // Each break asks for its own pod: the same query, without the VMAP parameters, with avail = its index.
        const base = withParam(withParam(withParam(withParam(query, 'breaks', null), 'source', null), 'delay', null), 'overlays', null);
        const breaks = vq.breaks.map((timeOffset, i) => {
          const own = withParam(base, 'avail', String(i));
          const params = new URLSearchParams(own);
          // A failure inside a VMAP is an empty break, never a broken VMAP.
          if (params.get('fail')) params.set('fail', 'empty');
          return vq.source === 'tag'
            ? { id: `break-${i}`, timeOffset, adTagUri: `${origin}/ads/vast${own}` }
            : { id: `break-${i}`, timeOffset, vast: vastAnswer(own, params, origin, catalog) };
        });
        // Overlay breaks (breakType nonlinear): an overlay-only VAST each, inline.
        const overlays = vq.overlays.map((timeOffset, i) => ({
          id: `overlay-${i}`, timeOffset, breakType: 'nonlinear' as const, vast: buildOverlayVast(`${q.sid || 'x'}-o${i}`, { origin }),
        }));
        send(res, 200, buildVmap([...breaks, ...overlays], { origin }), headers);
        return;
      }
      const wrapping = parseAdServerExtras(url.searchParams).wrap !== 0;
      // Wrappers answer at once; the failure modes and the delay belong to the end of the chain.
      const hold = wrapping ? 0 : q.delayMs + (q.fail === 'timeout' ? TIMEOUT_HOLD_MS : 0);
      if (!(await wait(res, hold))) return;
      if (!wrapping && q.fail === '500') send(res, 500, 'ad server error\n', { 'Cache-Control': 'no-store' });
      // A timed-out request still gets its pod in the end, like a slow real ADS.
      else send(res, 200, vastAnswer(query, url.searchParams, origin, catalog), headers);
    },
  };
}
