import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Every demo route is CORS-open: the demo page, players on other origins and the service worker
 * (which fetches ad media with `mode: 'cors'`) all read these answers.
 */
export function setCorsHeaders(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Content-Type');
}

/** Answers a preflight (fetch spec §3.2.2 "CORS-preflight request"): any method, the headers asked for. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  setCorsHeaders(res);
  res.statusCode = 204;
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '*');
  res.setHeader('Access-Control-Max-Age', '600');
  res.end();
}
