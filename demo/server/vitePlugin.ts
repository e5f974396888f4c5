import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { normalizePath, type Plugin } from 'vite';
import { createDemoHandler } from './createDemoHandler';
import { rawPath, SW_SCRIPT_PATH } from './routes/static';

/** Headers the worker script needs: scope `/` (Service Workers spec §4.2 max scope) and no stale copies. */
function setWorkerHeaders(res: ServerResponse): void {
  res.setHeader('Service-Worker-Allowed', '/');
  res.setHeader('Cache-Control', 'no-cache');
}

/**
 * Mounts the demo routes in Vite's dev and preview servers, so `npm run dev` and `vite preview` answer
 * /origin, /ads, /beacons and /healthz like `npm start` does. Vite keeps serving the page itself
 * (`/`, `/index.html`, `/src/...`, `/@...`, `/node_modules/...`): the handler gets no staticDir and
 * passes every path it does not own to `next`.
 *
 * In dev there is no built /stitchbox-sw.js: the request is rewritten to Vite's module URL of
 * sw/main.ts before Vite's transform middleware sees it (middlewares added directly in
 * `configureServer` run before Vite's own), so the page registers the same URL in dev and in production.
 */
export function demoServerPlugin(): Plugin {
  return {
    name: 'stitchbox-demo-server',
    configureServer(server) {
      const root = server.config.root; // demo/
      const workerModule = `/@fs/${normalizePath(path.resolve(root, '..', 'sw', 'main.ts')).replace(/^\/+/, '')}`;
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        if (rawPath(req.url) === SW_SCRIPT_PATH) {
          const q = (req.url ?? '').indexOf('?');
          req.url = workerModule + (q < 0 ? '' : (req.url ?? '').slice(q));
          setWorkerHeaders(res);
        }
        next();
      });
      server.middlewares.use(createDemoHandler({ mediaDir: path.resolve(root, 'media') }));
    },
    configurePreviewServer(server) {
      const root = server.config.root;
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        if (rawPath(req.url) === SW_SCRIPT_PATH) setWorkerHeaders(res);
        next();
      });
      server.middlewares.use(createDemoHandler({ mediaDir: path.resolve(root, 'media') }));
    },
  };
}
