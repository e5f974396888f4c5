import type { DemoRoute } from '../route';
import { serveBelow } from '../sendFile';

/** The service worker's fixed URL at the scope root (vite.config.ts `entryFileNames`). */
export const SW_SCRIPT_PATH = '/stitchbox-sw.js';

/**
 * The built demo page (dist/demo). Matches every path, so it goes last. The worker script may control
 * scope `/` only with `Service-Worker-Allowed` (Service Workers spec §4.2, "max scope"), and must not
 * be cached so that an update is picked up on the next registration check.
 */
export function staticRoute(staticDir: string): DemoRoute {
  return {
    match: () => true,
    handle(req, res) {
      let p = rawPath(req.url);
      if (p.endsWith('/')) p += 'index.html';
      const headers: Record<string, string> =
        p === SW_SCRIPT_PATH ? { 'Service-Worker-Allowed': '/', 'Cache-Control': 'no-cache' } : {};
      return serveBelow(req, res, staticDir, p, headers);
    },
  };
}

/** The path as received, so that `..` in it is seen (and refused) rather than normalised away by URL. */
export function rawPath(reqUrl: string | undefined): string {
  const u = reqUrl ?? '/';
  const q = u.indexOf('?');
  return q < 0 ? u : u.slice(0, q);
}
