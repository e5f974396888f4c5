import { request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const MEDIA_DIR = path.join(REPO_ROOT, 'demo', 'media');
export const CORPUS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * An HTTP request whose path goes on the wire exactly as given. fetch() would normalise `..` and
 * `%2e%2e` segments away before sending, which is what a path-traversal test must not do.
 */
export function rawRequest(base: string, rawPath: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: rawPath, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Lines of `text` with their sum of EXTINF before them, and the cue pairs found (for playlists m3u8-parser cannot show fully). */
export function cuePairTimes(text: string): { times: number[]; unpaired: number } {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  let t = 0;
  const times: number[] = [];
  let unpaired = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('#EXTINF:')) t += Number.parseFloat(l.slice(8));
    if (l.startsWith('#EXT-X-CUE-OUT')) {
      if (lines[i + 1] === '#EXT-X-CUE-IN') times.push(Math.round(t * 1000) / 1000);
      else unpaired++;
    }
  }
  return { times, unpaired };
}
