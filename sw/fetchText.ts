/** The engine's fetchText port: fetch with a timeout, text body, final URL. */
import { ErrorCode, StitchboxError } from '../src/errors';
import type { FetchTextOptions, HttpResult } from '../src/session/ports';

export async function fetchText(url: string, opts: FetchTextOptions = {}): Promise<HttpResult> {
  const ctrl = new AbortController();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const res = await fetch(url, { headers: opts.headers, signal: ctrl.signal, credentials: 'omit', cache: 'no-store' });
    const text = await res.text();
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => { headers[k] = v; });
    return { status: res.status, url: res.url || url, headers, text };
  } catch (e) {
    if (ctrl.signal.aborted) throw new StitchboxError(ErrorCode.TIMEOUT, `${url} did not answer within ${timeoutMs} ms`);
    throw new StitchboxError(ErrorCode.ORIGIN_FAILED, `${url}: ${(e as Error).message}`, { cause: e });
  } finally {
    clearTimeout(timer);
  }
}
