/**
 * Wrapper resolution (VAST 4.2 `Wrapper`): follow each wrapper's VASTAdTagURI until
 * InLine ads, merge what every wrapper adds into them (mergeWrapper), and say which Error URLs to fire
 * with which code. Pure: the fetch is a port, and nothing is sent from here; the caller queues the
 * returned errors to its beacon outbox with `[ERRORCODE]` filled in.
 *
 * Limits (MediaTailor's, protocols.md §12): at most `maxDepth` (7) wrappers in a chain, `requestTimeoutMs`
 * (3 s) per request, and nothing starts after `deadline` (the decision budget, wrapper hops included).
 *
 * VAST error codes (VAST 4.2 §2.3.6.3):
 * - 300 "General Wrapper error": a wrapper without a VASTAdTagURI;
 * - 301 "Timeout of VAST URI provided in Wrapper element ... URI was either unavailable or reached a
 *   timeout": the request failed, timed out, answered non-2xx, or the budget was spent;
 * - 302 "Wrapper limit reached ... too many Wrapper responses have been received with no InLine response":
 *   more than `maxDepth` wrappers; a chain that asks a URL it already asked (a loop never reaches an InLine,
 *   so it is the same condition found early); a wrapper whose parent said followAdditionalWrappers="false"
 *   (the parent set the limit at its own level);
 * - 303 "No VAST response after one or more Wrappers": the answer had no Ad;
 * - 100 / 101 / 102 for an answer that is not XML, not VAST, or VAST 1.0 (what parseVast throws).
 *
 * Pods (VAST 4.2 §2.3.1): the first document's pod is resolved ad by ad in parallel, in play order. A
 * wrapper resolves to the ads of its answer in their play order, all of them only with
 * allowMultipleAds="true" (the default is false: the first stand-alone ad, else the first ad; VAST 2
 * answers predate the attribute and keep every ad, as @dailymotion/vast-client does). A pod wrapper whose
 * chain ends without an ad is replaced by the next stand-alone ad of the same response unless it says
 * fallbackOnNoAd="false" (VAST 4.2 `Wrapper@fallbackOnNoAd`: "the media player should select from any stand-alone ads available").
 */
import { ErrorCode, StitchboxError, type Problem } from '../errors';
import { resolveUri } from '../hls/resolveUri';
import { expandMacros } from './expandMacros';
import { mergeWrapper } from './mergeWrapper';
import { parseVast } from './parseVast';
import { adsInPlayOrder } from './podOrder';
import type { VastAd, VastDocument } from './vastModel';

export type WrapperFetch = (
  url: string,
  opts: { timeoutMs: number; headers?: Record<string, string> },
) => Promise<{ status: number; url: string; text: string }>;

export interface ResolveVastOptions {
  fetchText: WrapperFetch;
  /** Epoch ms. */
  now(): number;
  /** Per request (MediaTailor AdsRequestTimeoutMilliseconds: 3000). */
  requestTimeoutMs?: number;
  /** Epoch ms after which no request starts and running ones are cut short. */
  deadline: number;
  /** Wrappers followed in one chain (MediaTailor: 7). */
  maxDepth?: number;
}

/** An InLine ad with everything its wrappers added. */
export interface ResolvedAd {
  ad: VastAd;
  /** The wrapper URLs followed to reach it, outermost first ([] for an ad of the first document). */
  wrapperUrls: string[];
  /** `Ad@id` of the ad of the first document this one came from. */
  rootAdId: string;
}

/** An Error URL to fire, with the code for `[ERRORCODE]`, and the top-level ad it is about. */
export interface VastErrorReport {
  url: string;
  code: number;
  rootAdId: string;
}

/** An ad of the first document that yielded nothing, and why. */
export interface WrapperFailure {
  rootAdId: string;
  code: number;
  message: string;
  /** The chain broke on a request that ran out of time (per request, or the decision budget). */
  timedOut: boolean;
}

/** The first document could not be had at all (only for a `{ url }` input). */
export interface RootFailure {
  kind: 'timeout' | 'http' | 'network' | 'parse';
  message: string;
  vastErrorCode: number;
}

export interface ResolveVastResult {
  version: string;
  ads: ResolvedAd[];
  errors: VastErrorReport[];
  failures: WrapperFailure[];
  problems: Problem[];
  /** VAST-level Error URLs of the first document (for 303 when nothing is left). */
  rootErrors: string[];
  rootFailure: RootFailure | null;
}

export type ResolveVastInput = { url: string } | { text: string; url?: string } | { vast: VastDocument; url?: string };

const ACCEPT = { Accept: 'application/xml, text/xml, */*' };

interface Ctx {
  opts: Required<Pick<ResolveVastOptions, 'requestTimeoutMs' | 'maxDepth'>> & ResolveVastOptions;
  errors: VastErrorReport[];
  failures: WrapperFailure[];
  problems: Problem[];
}

interface Level {
  /** The wrappers above, outermost first. */
  above: VastAd[];
  /** Document URLs of the chain so far, first document first ('' when unknown). */
  chain: string[];
  rootAdId: string | null;
}

type Fetched = { ok: true; vast: VastDocument; url: string } | { ok: false; code: number; message: string; kind: RootFailure['kind'] };

async function fetchVast(ctx: Ctx, url: string): Promise<Fetched> {
  const remaining = ctx.opts.deadline - ctx.opts.now();
  if (remaining <= 0) return { ok: false, code: 301, kind: 'timeout', message: `the decision budget was spent before ${url} could be asked` };
  let res: { status: number; url: string; text: string };
  try {
    res = await ctx.opts.fetchText(url, { timeoutMs: Math.max(1, Math.min(ctx.opts.requestTimeoutMs, remaining)), headers: ACCEPT });
  } catch (e) {
    const code = (e as StitchboxError).code;
    const timeout = code === ErrorCode.TIMEOUT || code === ErrorCode.ADS_TIMEOUT;
    return { ok: false, code: 301, kind: timeout ? 'timeout' : 'network', message: `${url}: ${(e as Error).message}` };
  }
  if (res.status < 200 || res.status > 299) return { ok: false, code: 301, kind: 'http', message: `${url} answered HTTP ${res.status}` };
  try {
    const { vast, problems } = parseVast(res.text);
    for (const p of problems) ctx.problems.push({ ...p, message: `${res.url || url}: ${p.message}` });
    return { ok: true, vast, url: res.url || url };
  } catch (e) {
    return { ok: false, code: (e as StitchboxError).vastErrorCode ?? 100, kind: 'parse', message: `${url}: ${(e as Error).message}` };
  }
}

function fail(ctx: Ctx, level: Level, wrapper: VastAd, code: number, message: string, extraUrls: readonly string[] = [], timedOut = false): ResolvedAd[] {
  const rootAdId = level.rootAdId ?? wrapper.id;
  ctx.failures.push({ rootAdId, code, message, timedOut });
  for (const w of [...level.above, wrapper]) for (const url of w.errors) ctx.errors.push({ url, code, rootAdId });
  for (const url of extraUrls) ctx.errors.push({ url, code, rootAdId });
  return [];
}

/** VAST 2 answers carry no allowMultipleAds and keep all their ads. */
function versionBelow3(version: string): boolean {
  const n = parseFloat(version);
  return Number.isFinite(n) && n < 3;
}

async function resolveAd(ctx: Ctx, ad: VastAd, docUrl: string, level: Level): Promise<ResolvedAd[]> {
  const rootAdId = level.rootAdId ?? ad.id;
  if (ad.kind === 'inline') {
    let merged = ad;
    for (let i = level.above.length - 1; i >= 0; i--) merged = mergeWrapper(merged, level.above[i]);
    return [{ ad: merged, wrapperUrls: level.chain.slice(1), rootAdId }];
  }
  const parent = level.above[level.above.length - 1];
  if (parent && parent.wrapper?.followAdditionalWrappers === false) {
    return fail(ctx, level, ad, 302, `ad "${ad.id}" is a wrapper, and the wrapper that asked for it said followAdditionalWrappers="false"`);
  }
  if (level.above.length + 1 > ctx.opts.maxDepth) {
    return fail(ctx, level, ad, 302, `more than ${ctx.opts.maxDepth} wrappers in a chain without an InLine ad`);
  }
  if (!ad.wrapperUri) return fail(ctx, level, ad, 300, `wrapper ad "${ad.id}" has no VASTAdTagURI`);
  const url = docUrl ? resolveUri(docUrl, ad.wrapperUri) : ad.wrapperUri;
  if (level.chain.includes(url)) return fail(ctx, level, ad, 302, `wrapper loop: ${url} was already asked in this chain`);

  // Ad tags carry macros like the other URIs (VAST 4.1 macros: [CACHEBUSTING], [TIMESTAMP], ...); the
  // chain remembers the URI as written, so a cache-buster cannot hide a loop.
  const got = await fetchVast(ctx, expandMacros(url, { timestamp: ctx.opts.now() }));
  if (!got.ok) return fail(ctx, level, ad, got.code, got.message, [], got.kind === 'timeout');
  // The empty answer's own VAST-level Error URLs hear about it too.
  if (!got.vast.ads.length) return fail(ctx, level, ad, 303, `${url} answered no ad`, got.vast.errors);
  const next: Level = { above: [...level.above, ad], chain: [...level.chain, url], rootAdId };
  const single = ad.wrapper?.allowMultipleAds !== true && !versionBelow3(got.vast.version);
  const resolved = await resolveDocument(ctx, got.vast, got.url, next, single);
  // One ad of a wrapper keeps the wrapper's place in the pod (as @dailymotion/vast-client does).
  return resolved.map((r) => ({ ...r, ad: { ...r.ad, sequence: ad.sequence } }));
}

async function resolveDocument(ctx: Ctx, doc: VastDocument, docUrl: string, level: Level, single: boolean): Promise<ResolvedAd[]> {
  let list = adsInPlayOrder(doc);
  const pool = list.length < doc.ads.length ? doc.ads.filter((a) => a.sequence === null) : [];
  if (single && doc.ads.length > 1) {
    const first = doc.ads.find((a) => a.sequence === null) ?? list[0];
    ctx.problems.push({ code: 'VAST_WRAPPER_SINGLE_AD', message: `${docUrl}: ${doc.ads.length} ads where the wrapper allows one; ad "${first.id}" is used` });
    list = [first];
    pool.length = 0;
  }
  const results = await Promise.all(list.map((ad) => resolveAd(ctx, ad, docUrl, level)));
  // Fallbacks in order, one at a time, so which stand-alone ad replaces which pod ad is deterministic.
  for (let i = 0; i < list.length; i++) {
    const ad = list[i];
    while (!results[i].length && ad.kind === 'wrapper' && ad.wrapper?.fallbackOnNoAd !== false && pool.length) {
      const fallback = pool.shift()!;
      const got = await resolveAd(ctx, fallback, docUrl, level);
      results[i] = got.map((r) => ({ ...r, ad: { ...r.ad, sequence: ad.sequence } }));
    }
  }
  return results.flat();
}

export async function resolveVast(input: ResolveVastInput, options: ResolveVastOptions): Promise<ResolveVastResult> {
  const ctx: Ctx = {
    opts: { requestTimeoutMs: 3000, maxDepth: 7, ...options },
    errors: [], failures: [], problems: [],
  };
  const empty = (rootFailure: RootFailure | null): ResolveVastResult => ({
    version: '', ads: [], errors: [], failures: [], problems: ctx.problems, rootErrors: [], rootFailure,
  });
  let vast: VastDocument;
  let url = input.url ?? '';
  if ('vast' in input) vast = input.vast;
  else if ('text' in input) {
    try {
      const parsed = parseVast(input.text);
      vast = parsed.vast;
      ctx.problems.push(...parsed.problems);
    } catch (e) {
      return empty({ kind: 'parse', message: (e as Error).message, vastErrorCode: (e as StitchboxError).vastErrorCode ?? 100 });
    }
  } else {
    const got = await fetchVast(ctx, input.url);
    if (!got.ok) return empty({ kind: got.kind, message: got.message, vastErrorCode: got.code });
    vast = got.vast;
    url = got.url;
  }
  const ads = await resolveDocument(ctx, vast, url, { above: [], chain: [url], rootAdId: null }, false);
  return { version: vast.version, ads, errors: ctx.errors, failures: ctx.failures, problems: ctx.problems, rootErrors: vast.errors, rootFailure: null };
}
