import type { DemoRoute } from '../route';
import { send } from '../send';
import { rawPath } from './static';

/** One recorded hit, as DESIGN.md "The demo server" specifies the log. */
export interface BeaconHit {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  /** Arrival time, epoch milliseconds. */
  time: number;
}

const LOG_PATH = '/beacons/log';
/** A long live session fires a few beacons a minute; the cap only stops a forgotten demo from growing forever. */
const MAX_HITS = 100_000;

/**
 * The beacon sink: every request under /beacons/ (any method but the CORS preflight, which the handler
 * answers before routing) is recorded in arrival order and answered 204. `GET /beacons/log` lists the
 * hits, `DELETE /beacons/log` clears them. The log lives in this route's closure: one per handler.
 */
export function beaconRoute(): DemoRoute {
  const hits: BeaconHit[] = [];
  return {
    match: (p) => p.startsWith('/beacons/'),
    handle(req, res) {
      if (rawPath(req.url) === LOG_PATH) {
        if (req.method === 'GET' || req.method === 'HEAD') {
          send(res, 200, JSON.stringify(hits), { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        } else if (req.method === 'DELETE') {
          hits.length = 0;
          send(res, 204, '');
        } else {
          send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD, DELETE, OPTIONS' });
        }
        return;
      }
      const received = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '';
      // Recorded before the body is read, so the log keeps arrival order even for slow POST bodies.
      hits.push({ method: req.method ?? 'GET', url: received, time: Date.now() });
      if (hits.length > MAX_HITS) hits.splice(0, hits.length - MAX_HITS);
      req.resume();
      const done = () => send(res, 204, '', { 'Cache-Control': 'no-store' });
      if (req.readableEnded) done();
      else req.once('end', done).once('error', () => res.destroy());
    },
  };
}
