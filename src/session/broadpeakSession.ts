/**
 * The broadpeak.io session flow (protocols.md §1.4, §16) on the session engine:
 *
 * - `GET /v1/bpk/{config}/{asset}?…` without `bpkio_sessionid` opens a session and answers HTTP 307 to the same
 *   URL (its query kept) plus `bpkio_sessionid=<id>` (BPK:session-management). The query is read as the
 *   MediaTailor query form (openSession.ts initFromQuery): `ads.k` feed `[player_params.k]`, other parameters go
 *   to the origin; `bk-ml` and `bpkio_*` are broadpeak's and go nowhere. Reporting mode is `client` (the player
 *   fires the trackers of the JSON below) unless `aws.reportingMode=server` says otherwise.
 * - With `bpkio_sessionid`: the session's stitched HLS multivariant playlist (its media playlists and ad segments
 *   are the engine's `/v1/manifest` and `/v1/segment` routes, account `bpk`). Serving it records that the session's
 *   first manifest was served, and starts the ad decision, as the MediaTailor master does.
 * - With `bpkio_sessionid` and `bk-ml=1.0` or `bk-ml=2.0`: the Session Tracking JSON (buildBroadpeakTracking.ts).
 *   1.0 "fast-start": before the first manifest was served the answer has no ads and nothing is started (the ADS
 *   is not asked), unless the session was started otherwise (a 2.0 call: its plan is stored). 2.0
 *   "metadata-first": the session starts at once, the VOD ad decision runs now and the answer waits for it, so
 *   ads are known before playback. After the first manifest both answer the same. A live
 *   session's breaks are decided as they appear in its playlists (src/session/live), so for live 2.0 starts the
 *   session but has nothing to ask the ADS about before a break shows up. [INFERRED] "first manifest" is the
 *   multivariant playlist: for HLS the page says "the first manifest (or variant playlist)", and a media playlist
 *   is only ever requested after it.
 * - `refresh_delay_ms` ([UNCERTAIN], §16 gives no cadence): the origin's EXT-X-TARGETDURATION, MediaTailor's
 *   polling cadence (§3.1), read once per session from the first variant and kept on the session record;
 *   1000 ms while a 1.0 answer is still empty because no manifest was served yet, or when the origin cannot say.
 *
 * Session state is on the stored session record (DESIGN invariant 7), so a restarted worker answers the same.
 */
import { ErrorCode, StitchboxError } from '../errors';
import { parseMedia } from '../hls/parseMedia';
import { buildBroadpeakLive, buildBroadpeakVod, type BroadpeakTracking } from '../tracking/buildBroadpeakTracking';
import { BPK_ML_PARAM, BPK_SESSION_PARAM, type BroadpeakRoute } from './broadpeakRoute';
import { effectiveSettings, type PlaybackConfiguration } from './config';
import { json, m3u8, type EngineRequest, type EngineResult } from './http';
import { createSessionRecord, initFromQuery } from './openSession';
import type { SessionPlan } from './plan';
import type { Ports } from './ports';
import { withQuery } from './routes';
import type { PlaylistRef, SessionRecord } from './sessionRecord';

/** The account token of broadpeak sessions in the engine's `/v1/manifest` and `/v1/segment` URLs. */
export const BPK_ACCOUNT = 'bpk';
/** The refresh delay while nothing better is known. */
export const DEFAULT_REFRESH_MS = 1000;

/** What a broadpeak session keeps besides the common record (stored with it). */
export interface BroadpeakState {
  /** Epoch ms when the session's first manifest was served; null before (bk-ml=1.0 answers no ads until then). */
  manifestServedAt: number | null;
  /** The origin's EXT-X-TARGETDURATION in ms, once read (refresh_delay_ms). */
  targetDurationMs?: number;
}

export type BroadpeakSessionRecord = SessionRecord & { broadpeak?: BroadpeakState };

export interface BroadpeakDeps {
  ports: Ports;
  loadConfig(name: string): Promise<PlaybackConfiguration>;
  /** The stitched multivariant playlist of a session, and its media playlists (engine.ts loadMaster). */
  loadMaster(session: SessionRecord, config: PlaybackConfiguration): Promise<{ text: string; playlists: PlaylistRef[] }>;
  /** The session's VOD ad plan, decided now if need be (engine.ts ensurePlan). */
  ensurePlan(session: SessionRecord, config: PlaybackConfiguration): Promise<SessionPlan>;
}

export type BkMlVersion = '1.0' | '2.0';

/** `bk-ml` as given: exactly `1.0` or `2.0` (BPK:session-tracking-api); anything else is a clear 400. */
export function bkMlVersion(v: string | null): BkMlVersion | null {
  if (v === null) return null;
  if (v === '1.0' || v === '2.0') return v;
  throw new StitchboxError(ErrorCode.BAD_REQUEST, `bk-ml must be 1.0 (fast-start) or 2.0 (metadata-first), not ${JSON.stringify(v)}`);
}

/** The session's URL: the request's own (query kept) with `bpkio_sessionid` set. */
export function sessionUrl(requestUrl: string, sessionId: string): string {
  const u = new URL(requestUrl);
  u.searchParams.set(BPK_SESSION_PARAM, sessionId);
  return u.toString();
}

export function createBroadpeakHandler(deps: BroadpeakDeps) {
  const { ports } = deps;

  async function loadBpkSession(id: string, route: BroadpeakRoute): Promise<BroadpeakSessionRecord> {
    const s = (await ports.store.getSession(id)) as BroadpeakSessionRecord | undefined;
    // A session answers only on the service URL it was opened with.
    if (!s || !s.broadpeak || s.configName !== route.config || s.assetPath !== route.asset) {
      throw new StitchboxError(ErrorCode.SESSION_NOT_FOUND, `broadpeak session ${id} not found on this service URL`);
    }
    return s;
  }

  async function open(req: EngineRequest, route: BroadpeakRoute, u: URL): Promise<EngineResult> {
    const init = initFromQuery(u.searchParams, 'client');
    for (const k of Object.keys(init.originParams)) if (k === BPK_ML_PARAM || k.startsWith('bpkio_')) delete init.originParams[k];
    const session: BroadpeakSessionRecord = createSessionRecord({
      init, account: BPK_ACCOUNT, configName: route.config, assetPath: route.asset, randomBytes: (n) => ports.randomBytes(n),
      now: ports.now(), userAgent: req.headers['user-agent'] ?? '', referer: req.headers['referer'] ?? '',
    });
    session.broadpeak = { manifestServedAt: null };
    await ports.store.putSession(session);
    // An absolute Location: the worker's Response has no URL of its own to resolve a relative one against.
    return {
      response: { kind: 'body', status: 307, headers: { Location: sessionUrl(u.toString(), session.id), 'Cache-Control': 'no-store' }, body: '' },
      background: [],
    };
  }

  async function manifest(session: BroadpeakSessionRecord, config: PlaybackConfiguration): Promise<EngineResult> {
    const { text, playlists } = await deps.loadMaster(session, config);
    session.playlists = playlists;
    session.lastSeenAt = ports.now();
    session.broadpeak!.manifestServedAt ??= ports.now();
    await ports.store.putSession(session);
    const warm = deps.ensurePlan(session, config).catch((e) => ports.log('warn', `ad plan failed: ${(e as Error).message}`, { sessionId: session.id }));
    return { response: m3u8(text), background: [warm] };
  }

  /** EXT-X-TARGETDURATION of the first variant in ms, read once per session; null when the origin cannot say. */
  async function targetDurationMs(session: BroadpeakSessionRecord, config: PlaybackConfiguration): Promise<number | null> {
    if (session.broadpeak!.targetDurationMs) return session.broadpeak!.targetDurationMs;
    const ref = session.playlists?.find((p) => p.kind === 'variant') ?? session.playlists?.[0];
    if (!ref) return null;
    try {
      const res = await ports.fetchText(withQuery(ref.url, session.originParams), { timeoutMs: effectiveSettings(config).originTimeoutMs });
      const td = res.status >= 200 && res.status < 300 ? parseMedia(res.text).playlist.targetDuration : 0;
      if (!(td > 0)) return null;
      const fresh = ((await ports.store.getSession(session.id)) ?? session) as BroadpeakSessionRecord;
      fresh.broadpeak = { ...(fresh.broadpeak ?? { manifestServedAt: null }), targetDurationMs: td * 1000 };
      await ports.store.putSession(fresh);
      return td * 1000;
    } catch (e) {
      ports.log('warn', `broadpeak refresh delay: ${(e as Error).message}`, { sessionId: session.id });
      return null;
    }
  }

  async function tracking(session: BroadpeakSessionRecord, config: PlaybackConfiguration, version: BkMlVersion): Promise<EngineResult> {
    const answer = (t: BroadpeakTracking): EngineResult => ({ response: json(200, t), background: [] });
    const timeline = await ports.store.getLiveTimeline(session.id);
    // Fast-start: nothing is started before the first manifest, and the answer has no ads (§16). A stored plan or
    // live timeline also means the session has started: the mark can be lost when two requests of one session
    // write its record at once (each writes the copy it read), and then the ads are known anyway.
    if (version === '1.0' && session.broadpeak!.manifestServedAt === null && !timeline && !(await ports.store.getPlan(session.id))) {
      return answer({ adpods: [], refresh_delay_ms: DEFAULT_REFRESH_MS });
    }
    let plan: SessionPlan | null = null;
    if (!timeline) {
      try {
        plan = await deps.ensurePlan(session, config);
      } catch (e) {
        // Fail open (invariant 6): the stream plays content, the answer lists nothing.
        ports.log('warn', `broadpeak tracking without a plan: ${(e as Error).message}`, { sessionId: session.id });
      }
    }
    const refresh = (await targetDurationMs(session, config)) ?? DEFAULT_REFRESH_MS;
    if (timeline) return answer(buildBroadpeakLive(timeline, refresh));
    return answer(plan ? buildBroadpeakVod(plan, refresh) : { adpods: [], refresh_delay_ms: refresh });
  }

  return {
    async handle(req: EngineRequest, route: BroadpeakRoute, u: URL): Promise<EngineResult> {
      if (req.method !== 'GET') return { response: json(405, { message: 'use GET' }), background: [] };
      const config = await deps.loadConfig(route.config);
      const version = bkMlVersion(u.searchParams.get(BPK_ML_PARAM));
      const sid = u.searchParams.get(BPK_SESSION_PARAM);
      if (!sid) return open(req, route, u);
      const session = await loadBpkSession(sid, route);
      return version === null ? manifest(session, config) : tracking(session, config, version);
    },
  };
}
