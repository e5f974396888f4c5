import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ErrorCode, StitchboxError } from '../errors';
import type { FetchTextOptions, HttpResult } from '../session/ports';

/**
 * The command line's fetch port (ports.ts Ports.fetchText): `file:` URLs are read from disk, so a manifest, a VAST
 * document and even ad playlists can be previewed without a server; `http:`/`https:` go through Node's fetch with
 * the worker's timeout semantics (TIMEOUT on abort, which decideAvail reports as ERROR_ADS_TIMEOUT). A file that
 * cannot be read rejects with its errno code in the message, which the engine passes on ("origin request ... failed").
 */
export async function cliFetchText(url: string, opts: FetchTextOptions = {}): Promise<HttpResult> {
  if (/^file:/i.test(url)) {
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch (e) {
      throw new Error(`${url}: ${(e as Error).message}`);
    }
    try {
      return { status: 200, url, headers: {}, text: await readFile(path, 'utf8') };
    } catch (e) {
      throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (!/^https?:/i.test(url)) throw new Error(`${url}: only file:, http: and https: URLs can be read`);
  const ctrl = new AbortController();
  const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => ctrl.abort(), opts.timeoutMs);
  try {
    const res = await fetch(url, { headers: opts.headers, signal: ctrl.signal });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => { headers[k] = v; });
    return { status: res.status, url: res.url || url, headers, text: await res.text() };
  } catch (e) {
    if (ctrl.signal.aborted) throw new StitchboxError(ErrorCode.TIMEOUT, `${url} did not answer within ${opts.timeoutMs} ms`);
    throw new Error(`${url}: ${(e as Error).message}`, { cause: e });
  } finally {
    clearTimeout(timer);
  }
}
