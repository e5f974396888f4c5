import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { loadAdCatalog } from '../adCatalog';
import type { DemoRoute } from '../route';
import { send } from '../send';
import { serveBelow } from '../sendFile';
import { buildEmptyVast, buildMalformedVast, buildVast, VAST_CONTENT_TYPE } from '../vastBuilder';
import { choosePod, parseVastQuery } from '../vastQuery';
import { rawPath } from './static';

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

/**
 * The sample ADS (DESIGN.md "The demo server"): `/ads/vast` answers VAST 4.2 pods, `/ads/landing` is the
 * click-through target, `/ads/media/` serves the creatives and the slate from demo/media/ads.
 */
export function adsRoute(mediaDir: string): DemoRoute {
  const catalog = loadAdCatalog(mediaDir);
  const adsDir = path.join(mediaDir, 'ads');
  return {
    match: (p) => p.startsWith('/ads/'),
    async handle(req, res, url) {
      const p = rawPath(req.url);
      if (p.startsWith(MEDIA_PREFIX)) return serveBelow(req, res, adsDir, p.slice(MEDIA_PREFIX.length - 1));
      if (p === '/ads/landing') {
        const ad = escHtml(url.searchParams.get('ad') ?? '');
        send(res, 200, `<!doctype html><meta charset="utf-8"><title>Advertiser landing page</title><h1>Advertiser landing page for ad ${ad}</h1>\n`, {
          'Content-Type': 'text/html; charset=utf-8',
        });
        return;
      }
      if (p !== '/ads/vast') {
        send(res, 404, 'not found\n');
        return;
      }
      const q = parseVastQuery(url.searchParams);
      const hold = q.delayMs + (q.fail === 'timeout' ? TIMEOUT_HOLD_MS : 0);
      if (!(await wait(res, hold))) return;
      const headers = { 'Content-Type': VAST_CONTENT_TYPE, 'Cache-Control': 'no-store' };
      const o = { origin: originOf(req), skipSeconds: q.skipSeconds };
      if (q.fail === '500') send(res, 500, 'ad server error\n', { 'Cache-Control': 'no-store' });
      else if (q.fail === 'malformed') send(res, 200, buildMalformedVast(o), headers);
      else if (q.fail === 'empty') send(res, 200, buildEmptyVast(), headers);
      // A timed-out request still gets its pod in the end, like a slow real ADS.
      else send(res, 200, buildVast(choosePod(q, catalog), o), headers);
    },
  };
}
