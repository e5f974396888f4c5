import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerPreflight, setCorsHeaders } from './cors';
import type { DemoRoute } from './route';
import { adsRoute } from './routes/ads';
import { beaconRoute } from './routes/beacons';
import { dashAdRoute, dashOriginRoute } from './routes/dash';
import { healthRoute } from './routes/health';
import { liveRoute } from './routes/live';
import { originRoute } from './routes/origin';
import { rawPath, staticRoute } from './routes/static';
import { send } from './send';

export interface DemoHandlerOptions {
  /** The built page (dist/demo). Without it the handler owns only the demo routes (Vite serves the page). */
  staticDir?: string;
  /** demo/media, as written by scripts/make-media.sh. */
  mediaDir: string;
}

/** A Node `http` request listener that is also Connect middleware. */
export type DemoHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/**
 * The demo server's routes (DESIGN.md "The demo server"): sample origin, sample ADS, ad media, beacon
 * sink, health, and with `staticDir` the built page. A path no route owns goes to `next` when there is
 * one (Vite's own middlewares), or gets a 404.
 */
export function createDemoHandler(opts: DemoHandlerOptions): DemoHandler {
  // The live simulator owns /origin/live/ and the DASH origin /origin/dash/: both must be asked before the
  // static origin (first match wins), as the ads' DASH renditions before the ad files.
  const routes: DemoRoute[] = [
    liveRoute(opts.mediaDir), dashOriginRoute(opts.mediaDir), originRoute(opts.mediaDir),
    dashAdRoute(opts.mediaDir), adsRoute(opts.mediaDir), beaconRoute(), healthRoute,
  ];
  if (opts.staticDir !== undefined) routes.push(staticRoute(opts.staticDir));

  return (req, res, next) => {
    const p = rawPath(req.url);
    const route = routes.find((r) => r.match(p));
    if (!route) {
      if (next) return next();
      setCorsHeaders(res);
      send(res, 404, 'not found\n');
      return;
    }
    setCorsHeaders(res);
    if (req.method === 'OPTIONS') {
      answerPreflight(req, res);
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      send(res, 400, 'bad request URL\n');
      return;
    }
    Promise.resolve()
      .then(() => route.handle(req, res, url))
      .catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, `demo server error: ${(err as Error)?.message ?? String(err)}\n`);
        else res.destroy();
      });
  };
}
