import type { ServerResponse } from 'node:http';

/** Answers with a complete body. HEAD requests get the same headers and no body. */
export function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.statusCode = status;
  if (!res.hasHeader('Content-Type') && !('Content-Type' in headers) && status !== 204) {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  }
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (status === 204 || status === 304) {
    res.end();
    return;
  }
  res.setHeader('Content-Length', String(bytes.byteLength));
  res.end(res.req?.method === 'HEAD' ? undefined : bytes);
}
