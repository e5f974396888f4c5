/**
 * DASH sessions on the session engine (issue 7 item 4; protocols.md §1, §2, §15): the same session records,
 * plans (one ad decision per avail per session, decideAvail), store and beacon outbox as HLS; the MPD is
 * stitched by src/dash.
 *
 * - `GET /v1/dash/…?aws.sessionId=` serves the session's stitched MPD; without a session id it starts one
 *   (implicit init, server-side reporting, `ads.*` player params, §1.2) and serves it directly, its
 *   `<Location>` carrying the session URL (MediaTailor redirects to it; a player that loses the redirect reads
 *   the Location, §2).
 * - Ad Periods' BaseURLs: server-side reporting → the session's `/v1/dashsegment/…` path (absolute), whose
 *   requests fire the beacons due on each segment exactly once (segmentBeacons.ts, shared with /v1/segment);
 *   client-side → the ad's own location. Session `manifestParams` are not carried on dashsegment URLs: a
 *   SegmentTemplate resolved against a BaseURL drops the BaseURL's query.
 * - Fail open (DESIGN invariant 6): no plan, or an MPD the stitcher refuses, serves the origin MPD as it is
 *   (with only the absolute BaseURL added when it can be).
 * Live (MPD@type="dynamic") MPDs are stitched by src/dash/live (serveLive): no plan, one decision per break as
 * it appears; their ad segments are found through the session's live timeline (livePieceOf).
 */
import { ErrorCode, StitchboxError } from '../errors';
import { planDashVod } from '../dash/planDashVod';
import { directoryOf, stitchDashVod } from '../dash/stitchDashVod';
import { slatePeriodId } from '../dash/dashPeriodIds';
import { resolveUrl } from '../dash/mpdModel';
import { effectiveSettings, type EffectiveSettings, type PlaybackConfiguration } from './config';
import type { EngineRequest, EngineResult, EngineResponse } from './http';
import { createSessionRecord, initFromQuery } from './openSession';
import type { AdRendition, PlannedAd, PlannedAvail, SessionPlan } from './plan';
import type { Ports } from './ports';
import { withQuery } from './routes';
import { dashUrls, type DashRoute } from './dashRoute';
import { segmentBeaconJobs } from './segmentBeacons';
import { createDashLiveStitcher, isDynamicMpdText } from '../dash/live/dashLiveStitcher';
import { livePieceOf } from '../dash/live/livePieceOf';
import type { DashLiveBreak } from '../dash/live/dashLiveTimeline';
import type { SessionRecord } from './sessionRecord';

export interface DashDeps {
  ports: Ports;
  scope: string;
  loadConfig(name: string): Promise<PlaybackConfiguration>;
  loadSession(id: string, route: { account: string; config: string }): Promise<SessionRecord>;
  ensurePlan(session: SessionRecord, config: PlaybackConfiguration): Promise<SessionPlan>;
  fetchOrigin(url: string, timeoutMs: number): Promise<{ text: string; url: string }>;
}

export const mpdResponse = (text: string): EngineResponse =>
  ({ kind: 'body', status: 200, headers: { 'Content-Type': 'application/dash+xml', 'Cache-Control': 'no-store' }, body: text });

export function createDashHandler(deps: DashDeps) {
  const { ports, scope } = deps;
  const live = createDashLiveStitcher(ports);
  const originMpdUrl = (config: PlaybackConfiguration, s: SessionRecord) => withQuery(`${config.VideoContentSourceUrl}/${s.assetPath}`, s.originParams);

  /** The plan of a DASH session: the origin MPD read and one decision per avail (engine.ts ensurePlan stores it). */
  async function plan(session: SessionRecord, config: PlaybackConfiguration, settings: EffectiveSettings) {
    const res = await deps.fetchOrigin(originMpdUrl(config, session), settings.originTimeoutMs);
    const out = await planDashVod({ config, settings, session, mpd: { text: res.text, url: res.url }, fetchText: ports.fetchText, now: ports.now });
    for (const p of out.problems) ports.log('info', `MPD marker: ${p.message}`, { sessionId: session.id });
    return out;
  }

  async function serveMpd(req: EngineRequest, route: Extract<DashRoute, { kind: 'dash' }>, u: URL): Promise<EngineResult> {
    const config = await deps.loadConfig(route.config);
    const settings = effectiveSettings(config);
    const sid = u.searchParams.get('aws.sessionId') ?? u.searchParams.get('sessionId');
    let session: SessionRecord;
    if (sid) {
      session = await deps.loadSession(sid, route);
      if (session.format !== 'dash') throw new StitchboxError(ErrorCode.NOT_FOUND, `session ${sid} is not a DASH session`);
    } else {
      session = createSessionRecord({
        init: initFromQuery(u.searchParams, 'server'), account: route.account, configName: route.config, assetPath: route.asset,
        randomBytes: (n) => ports.randomBytes(n), now: ports.now(), userAgent: req.headers['user-agent'] ?? '', referer: req.headers['referer'] ?? '',
      });
      await ports.store.putSession(session);
    }
    const res = await deps.fetchOrigin(originMpdUrl(config, session), settings.originTimeoutMs);
    if (ports.now() - session.lastSeenAt > 60_000) {
      session.lastSeenAt = ports.now();
      await ports.store.putSession(session).catch((e) => ports.log('warn', `session write failed: ${(e as Error).message}`, { sessionId: session.id }));
    }
    const location = new URL(withQuery(dashUrls.mpd(scope, session.account, session.configName, session.assetPath, session.id), session.manifestParams), req.url).href;
    // A dynamic MPD is stitched live (src/dash/live): no up-front plan, one decision per break as it appears.
    if (isDynamicMpdText(res.text)) return { response: mpdResponse(await serveLive(req, session, config, settings, res, location)), background: [] };
    let avails: readonly PlannedAvail[] = [];
    try {
      avails = (await deps.ensurePlan(session, config)).avails;
    } catch (e) {
      ports.log('warn', `serving content without ads: ${(e as Error).message}`, { sessionId: session.id });
    }
    const adBaseUrl = (avail: PlannedAvail, piece: number | 'slate', r: number, periodId: string) => {
      const renditions = piece === 'slate' ? avail.slate!.renditions : avail.ads[piece].renditions;
      if (session.reportingMode !== 'server') return directoryOf(renditions[r].dash!.baseUrl);
      return new URL(dashUrls.segmentBase(scope, session.account, session.configName, session.id, avail.dash!.availId, periodId, r), req.url).href;
    };
    const stitch = (list: readonly PlannedAvail[]) => stitchDashVod(res.text, { mpdUrl: res.url, avails: list, adBaseUrl, location, keepMarkers: settings.adMarkerPassthrough }).text;
    let text: string;
    try {
      text = stitch(avails);
    } catch (e) {
      ports.log('error', `DASH stitching failed, serving content: ${(e as Error).message}`, { sessionId: session.id });
      try { text = stitch([]); } catch { text = res.text; }
    }
    return { response: mpdResponse(text), background: [] };
  }

  /** Live (MPD@type="dynamic"): the stitched MPD, or the origin's (absolute BaseURL only) when stitching fails (invariant 6). */
  async function serveLive(req: EngineRequest, session: SessionRecord, config: PlaybackConfiguration, settings: EffectiveSettings, res: { text: string; url: string }, location: string): Promise<string> {
    const adBaseUrl = (b: DashLiveBreak, piece: number | 'slate', r: number, periodId: string) => {
      const renditions = piece === 'slate' ? b.avail!.slate!.renditions : b.avail!.ads.find((a) => a.index === piece)!.renditions;
      if (session.reportingMode !== 'server') return directoryOf(renditions[r].dash!.baseUrl);
      return new URL(dashUrls.segmentBase(scope, session.account, session.configName, session.id, b.key, periodId, r), req.url).href;
    };
    try {
      return (await live.serve({ session, config, settings, text: res.text, mpdUrl: res.url, adBaseUrl, location })).text;
    } catch (e) {
      ports.log('error', `live DASH stitching failed, serving content: ${(e as Error).message}`, { sessionId: session.id });
      try { return stitchDashVod(res.text, { mpdUrl: res.url, avails: [], adBaseUrl: () => '', location }).text; } catch { return res.text; }
    }
  }

  async function serveSegment(req: EngineRequest, route: Extract<DashRoute, { kind: 'dashsegment' }>, u: URL): Promise<EngineResult> {
    const session = await deps.loadSession(route.sessionId, route);
    const plan = await ports.store.getPlan(session.id);
    const notFound = (): never => { throw new StitchboxError(ErrorCode.NOT_FOUND, 'no such segment in this session\'s ad plan'); };
    const planned = plan?.avails.find((a) => a.dash?.availId === route.availId);
    let avail: PlannedAvail | undefined;
    let ad: PlannedAd | undefined;
    let renditions: AdRendition[] | undefined;
    if (planned?.dash) {
      avail = planned;
      const k = planned.dash.adPeriodIds.indexOf(route.periodId);
      ad = k >= 0 ? planned.ads[k] : undefined;
      const isSlate = !ad && planned.slate !== null && route.periodId.startsWith(slatePeriodId(planned.dash.periodId, planned.dash.offset, 0));
      renditions = ad?.renditions ?? (isSlate ? planned.slate!.renditions : undefined);
    } else {
      // A live session's break (src/dash/live): availId is the replaced Period's id.
      const b = await live.breakOf(session.id, route.availId);
      const piece = b ? livePieceOf(b, route.periodId) : null;
      if (!piece) return notFound();
      avail = piece.avail;
      ad = piece.ad ?? undefined;
      renditions = piece.renditions;
    }
    const rendition = renditions?.[route.rendition];
    if (!rendition?.dash) return notFound();
    // The path as requested (still percent-encoded), after `<r>/`, resolved where the rendition lives.
    const raw = u.pathname.split('/');
    const at = raw.indexOf('dashsegment');
    const rest = at >= 0 ? raw.slice(at + 7).join('/') : route.path;
    const upstream = resolveUrl(directoryOf(rendition.dash.baseUrl), rest + u.search);
    const index = rendition.segments.findIndex((s) => s.uri === upstream);
    if (index < 0 && rendition.segments[0]?.map?.uri !== upstream) return notFound();
    const headers: Record<string, string> = {};
    if (req.headers['range']) headers['Range'] = req.headers['range'];
    const response: EngineResponse = { kind: 'proxy', url: upstream, headers };
    if (ad && index >= 0 && session.reportingMode === 'server') {
      const jobs = segmentBeaconJobs(session.id, avail, ad, rendition.segments.map((s) => s.duration), index, ports.now());
      if (jobs.length) {
        const queued = await ports.store.enqueueBeacons(jobs);
        if (queued.length) return { response, background: [ports.flushBeacons()] };
      }
    }
    return { response, background: [] };
  }

  return {
    plan,
    handle(req: EngineRequest, route: DashRoute, u: URL): Promise<EngineResult> {
      return route.kind === 'dash' ? serveMpd(req, route, u) : serveSegment(req, route, u);
    },
  };
}
