import { readFile } from 'node:fs/promises';
import type { CliIo } from './cliIo';
import { ErrorCode, StitchboxError } from '../errors';
import { parseAdResponse } from '../vast/parseAdResponse';
import { resolveVast, type WrapperFetch } from '../vast/resolveWrappers';

export const vastUsage = 'usage: stitchbox vast <file | http(s) url>';

/** Per request, and for the whole chain: MediaTailor's 3 s per ADS request and 10 s per manifest (protocols.md §12). */
const REQUEST_TIMEOUT_MS = 3000;
const BUDGET_MS = 10_000;

/** The CLI's fetch port (Node's fetch), with the worker's timeout semantics: TIMEOUT on abort. */
const nodeFetch: WrapperFetch = async (url, opts) => {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs);
  try {
    const res = await fetch(url, { headers: opts.headers, signal: ctrl.signal });
    return { status: res.status, url: res.url || url, text: await res.text() };
  } catch (e) {
    if (ctrl.signal.aborted) throw new StitchboxError(ErrorCode.TIMEOUT, `${url} did not answer within ${opts.timeoutMs} ms`);
    throw new StitchboxError(ErrorCode.ADS_FAILED, `${url}: ${(e as Error).message}`, { cause: e });
  } finally {
    clearTimeout(timer);
  }
};

function fail(io: CliIo, message: string): number {
  io.stderr(`stitchbox: vast: ${message}\n`);
  return 1;
}

/**
 * `stitchbox vast <file | url>` (DESIGN.md "The command line"): the normalized ads as JSON. A file is read
 * as it is (VAST or VMAP, wrappers listed with their VASTAdTagURI); a URL is asked like an ADS and its
 * wrappers are followed (7 levels, 3 s a request, 10 s in all), each ad listing the wrapper URLs that led
 * to it, with the Error URLs a player would fire and why (a VMAP answer is printed as its breaks). An
 * `http:`/`https:` scheme says it is a URL.
 */
export async function vastCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length !== 1 || args[0].trim() === '') {
    io.stderr(`stitchbox: vast: expected one argument\n${vastUsage}\n`);
    return 2;
  }
  const target = args[0].trim();
  if (/^https?:\/\//i.test(target)) {
    const deadline = Date.now() + BUDGET_MS;
    let res: { status: number; url: string; text: string };
    try {
      res = await nodeFetch(target, { timeoutMs: REQUEST_TIMEOUT_MS, headers: { Accept: 'application/xml, text/xml, */*' } });
    } catch (e) {
      return fail(io, (e as Error).message);
    }
    if (res.status < 200 || res.status > 299) return fail(io, `${target} answered HTTP ${res.status}`);
    let answer;
    try {
      answer = parseAdResponse(res.text);
    } catch (e) {
      if (!(e instanceof StitchboxError)) throw e;
      return fail(io, `${target}: ${e.message} (VAST error ${e.vastErrorCode ?? 100})`);
    }
    if (answer.kind === 'vmap') {
      io.stdout(`${JSON.stringify({ kind: 'vmap', url: target, ...answer.vmap, problems: answer.problems }, null, 2)}\n`);
      return 0;
    }
    const r = await resolveVast({ vast: answer.vast, url: res.url }, { fetchText: nodeFetch, now: Date.now, requestTimeoutMs: REQUEST_TIMEOUT_MS, deadline });
    const out = {
      kind: 'vast', url: target, version: r.version,
      ads: r.ads.map((a) => ({ ...a.ad, wrapperUrls: a.wrapperUrls, rootAdId: a.rootAdId })),
      errors: r.rootErrors, wrapperFailures: r.failures, errorsToFire: r.errors, problems: [...answer.problems, ...r.problems],
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  let text: string;
  try {
    text = await readFile(target, 'utf8');
  } catch (e) {
    return fail(io, `cannot read ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const r = parseAdResponse(text);
    const out = r.kind === 'vast' ? { kind: 'vast', ...r.vast, problems: r.problems } : { kind: 'vmap', ...r.vmap, problems: r.problems };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof StitchboxError)) throw e;
    return fail(io, `${target}: ${e.message} (VAST error ${e.vastErrorCode ?? 100})`);
  }
}
