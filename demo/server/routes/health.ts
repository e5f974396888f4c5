import type { DemoRoute } from '../route';
import { send } from '../send';

/** Liveness probe for scripts and Playwright's `webServer` wait. */
export const healthRoute: DemoRoute = {
  match: (p) => p === '/healthz',
  handle(_req, res) {
    send(res, 200, 'ok', { 'Cache-Control': 'no-store' });
  },
};
