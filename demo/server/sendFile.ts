import { createReadStream, promises as fsp } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentTypeOf, isManifest } from './contentTypeOf';

/**
 * Maps a URL path (percent-encoded, as received) to a file below `root`, or returns null when the path
 * is malformed or would leave `root`. `..` segments are refused outright, encoded or not, and the
 * resolved path is checked against `root` as a second guard.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').includes('..')) return null;
  const base = path.resolve(root);
  const full = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  return full;
}

/** A single `bytes=` range (RFC 9110 §14.1.2); null means "serve the whole file", 'bad' means 416. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'bad' {
  if (!header || !header.startsWith('bytes=') || header.includes(',')) return null;
  const spec = header.slice(6).trim();
  const dash = spec.indexOf('-');
  if (dash < 0) return null;
  const a = spec.slice(0, dash);
  const b = spec.slice(dash + 1);
  if (a === '') {
    const n = Number(b);
    if (!Number.isInteger(n) || n <= 0) return 'bad';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start > end || start >= size) return 'bad';
  return { start, end };
}

/**
 * Streams `file` with its Content-Type, honouring a single Range (progressive MP4 in a <video> element
 * asks for ranges) and HEAD. Resolves false, having sent nothing, when there is no such regular file.
 */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  headers: Record<string, string> = {},
): Promise<boolean> {
  let size: number;
  try {
    const st = await fsp.stat(file);
    if (!st.isFile()) return false;
    size = st.size;
  } catch {
    return false;
  }
  res.setHeader('Content-Type', contentTypeOf(file));
  res.setHeader('Cache-Control', isManifest(file) ? 'no-store' : 'no-cache');
  res.setHeader('Accept-Ranges', 'bytes');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);

  const range = parseRange(req.headers.range, size);
  if (range === 'bad') {
    res.statusCode = 416;
    res.setHeader('Content-Range', `bytes */${size}`);
    res.end();
    return true;
  }
  const start = range ? range.start : 0;
  const end = range ? range.end : size - 1;
  res.statusCode = range ? 206 : 200;
  if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  res.setHeader('Content-Length', String(size === 0 ? 0 : end - start + 1));
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file, { start, end });
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
  return true;
}

/**
 * Serves the file that `urlPath` names below `root`: 403 for a path that tries to leave `root`, 405 for
 * methods other than GET/HEAD, 404 when there is no such file.
 */
export async function serveBelow(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  urlPath: string,
  headers: Record<string, string> = {},
): Promise<void> {
  const file = resolveInside(root, urlPath);
  if (file === null) {
    sendText(res, 403, 'forbidden path\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD, OPTIONS');
    sendText(res, 405, 'method not allowed\n');
    return;
  }
  if (!(await sendFile(req, res, file, headers))) sendText(res, 404, 'not found\n');
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.end(text);
}
