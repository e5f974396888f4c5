import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One route of the demo server, in the shape of workbox-routing's Route (style.md): a synchronous
 * `match` on the path, and a `handle` that answers. A request no route matches is left to the caller
 * (Vite's middlewares, or a 404).
 */
export interface DemoRoute {
  /** `path` is the URL pathname as received (still percent-encoded). */
  match(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void>;
}
