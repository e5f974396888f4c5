/**
 * Open a playback session in each dialect stitchbox speaks and return absolute manifest and tracking
 * URLs (protocols.md §1, §2). The answers' URLs are relative; they are resolved against the session URL,
 * as Shaka and Bitmovin do (players.md §1.3), and the session URL itself against the page.
 */
import type { AvailSuppression } from '../session/live/availSuppression';

export interface SessionUrls {
  manifestUrl: string;
  /** Where the tracking JSON is polled (broadpeak: the manifest URL with `bk-ml`, §16). */
  trackingUrl: string;
}

export interface MediaTailorSessionOptions {
  /** `[player_params.<k>]` in the ADS template (§1.1). */
  adsParams?: Record<string, string>;
  playerParams?: Record<string, string>;
  /** Copied onto the session's manifest, tracking and segment URLs. */
  manifestParams?: Record<string, string>;
  /** Absent = `client` on the server (§1.1); `server` with the tracking URL is hybrid mode (§14.3). */
  reportingMode?: 'client' | 'server';
  /** Live only (§8). */
  availSuppression?: { mode: AvailSuppression['mode']; value?: string; fillPolicy?: string };
  /** Overlay (non-linear) avails for this session: sent as `"on"`. */
  overlayAvails?: boolean;
  /** Matches prefetch schedules (§10). */
  streamId?: string;
  /** Other top-level keys: forwarded to the origin as query parameters (§1.1, e.g. `origin_access_token`). */
  originParams?: Record<string, string>;
  fetch?: typeof fetch;
}

const RESERVED = new Set(['adsParams', 'playerParams', 'manifestParams', 'reportingMode', 'availSuppression', 'overlayAvails', 'adSignaling', 'streamId']);

/** The POST body MediaTailor reads (§1.1). Throws on an origin parameter that would shadow a reserved key. */
export function mediaTailorSessionBody(o: MediaTailorSessionOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o.originParams ?? {})) {
    if (RESERVED.has(k)) throw new Error(`originParams.${k}: "${k}" is a MediaTailor session key, not an origin parameter`);
    body[k] = v;
  }
  if (o.adsParams) body.adsParams = o.adsParams;
  if (o.playerParams) body.playerParams = o.playerParams;
  if (o.manifestParams) body.manifestParams = o.manifestParams;
  if (o.reportingMode) body.reportingMode = o.reportingMode;
  if (o.availSuppression) body.availSuppression = o.availSuppression;
  if (o.overlayAvails) body.overlayAvails = 'on';
  if (o.streamId !== undefined) body.streamId = o.streamId;
  return body;
}

function absolute(url: string): string {
  const base = typeof location !== 'undefined' ? location.href : undefined;
  return new URL(url, base).href;
}

async function postSession(sessionUrl: string, body: unknown, f: typeof fetch): Promise<SessionUrls> {
  const url = absolute(sessionUrl);
  const res = await f(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`session init at ${url} failed: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  const answer = (await res.json()) as Partial<SessionUrls>;
  // Shaka needs both (players.md §1.3); so does every caller of this helper.
  if (typeof answer.manifestUrl !== 'string' || !answer.manifestUrl || typeof answer.trackingUrl !== 'string' || !answer.trackingUrl) {
    throw new Error(`session init at ${url}: the answer lacks manifestUrl or trackingUrl`);
  }
  return { manifestUrl: new URL(answer.manifestUrl, url).href, trackingUrl: new URL(answer.trackingUrl, url).href };
}

/** MediaTailor explicit session: `POST /v1/session/<account>/<origin>/<asset>` (§1.1). */
export function openMediaTailorSession(sessionUrl: string, opts: MediaTailorSessionOptions = {}): Promise<SessionUrls> {
  return postSession(sessionUrl, mediaTailorSessionBody(opts), opts.fetch ?? globalThis.fetch.bind(globalThis));
}

/**
 * Tencent StreamPackage: `POST /v1/ssai/session/{channel}/{file}.m3u8` → master URL with `session_id` and
 * `/v1/ssai/tracking/{channel}/{sessionId}` (§1.3). Its tracking is incremental (§17): the poller's merge
 * keeps what earlier polls returned. Body: the same keys as MediaTailor's (the Tencent page shows none).
 */
export function openStreamPackageSession(sessionUrl: string, opts: MediaTailorSessionOptions = {}): Promise<SessionUrls> {
  return postSession(sessionUrl, mediaTailorSessionBody(opts), opts.fetch ?? globalThis.fetch.bind(globalThis));
}

/**
 * broadpeak.io (§1.4, §16): the first GET of the service URL is redirected (307) to the session's URL,
 * which carries `bpkio_sessionid`; the redirect is followed and `Response.url` read.
 * - `metadata: '1.0'` (fast-start, default): that first GET is the session's first manifest request; the
 *   tracking URL is the session URL with `bk-ml=1.0`, to be asked after that manifest was served.
 * - `metadata: '2.0'` (metadata-first): the first GET already carries `bk-ml=2.0`, so the session starts
 *   and the ADS is asked before any manifest; the answer is the metadata itself, and the manifest URL is
 *   the session URL without `bk-ml`.
 * The tracking answer is broadpeak's `adpods` JSON: poll it with
 * `createTrackingPoller({ trackingUrl, read: readBroadpeakTracking })`.
 */
export async function openBroadpeakSession(serviceUrl: string, opts: { metadata?: '1.0' | '2.0'; fetch?: typeof fetch } = {}): Promise<SessionUrls> {
  const f = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const metadata = opts.metadata ?? '1.0';
  const first = new URL(absolute(serviceUrl));
  if (metadata === '2.0') first.searchParams.set('bk-ml', '2.0');
  const res = await f(first.href, { redirect: 'follow' });
  if (!res.ok) throw new Error(`broadpeak session at ${first.href} failed: HTTP ${res.status}`);
  void res.body?.cancel().catch(() => undefined);
  const landed = new URL(res.url || first.href);
  if (!landed.searchParams.has('bpkio_sessionid')) throw new Error(`broadpeak session at ${first.href}: no bpkio_sessionid in ${landed.href}`);
  landed.searchParams.delete('bk-ml');
  const tracking = new URL(landed.href);
  tracking.searchParams.set('bk-ml', metadata);
  return { manifestUrl: landed.href, trackingUrl: tracking.href };
}
