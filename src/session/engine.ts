/**
 * The session engine: turns player requests into responses through ports (DESIGN.md). One engine serves
 * every tab of an origin; all state it needs lives in the store, memory holds only in-flight work so that
 * concurrent requests for one session share one ad decision (invariant 2).
 */
import { ErrorCode, StitchboxError } from '../errors';
import { isMasterPlaylist, parseMaster } from '../hls/parseMaster';
import { parseMedia } from '../hls/parseMedia';
import { dropPartialLine } from '../hls/dropPartialLine';
import { rewriteMaster } from '../hls/rewriteMaster';
import { resolveUri } from '../hls/resolveUri';
import { stitchMedia } from '../hls/stitchMedia';
import { buildMediaTailorTracking } from '../tracking/buildMediaTailorTracking';
import type { MediaTailorTracking } from '../tracking/mediaTailorTypes';
import { pageTracking } from '../tracking/pageTracking';
import { expandMacros } from '../vast/expandMacros';
import { createBroadpeakHandler } from './broadpeakSession';
import { buildInsertions, slateSegments } from './buildInsertions';
import { createLiveStitcher } from './live/liveStitcher';
import { isLivePlaylist } from './live/liveTimeline';
import { buildLiveTracking } from './live/liveTracking';
import { buildDashLiveTracking } from '../dash/live/dashLiveTracking';
import { trackingToken } from './trackingToken';
import { decisionsOfLiveTimeline, decisionsOfPlan } from './describeDecisions';
import { effectiveSettings, type PlaybackConfiguration } from './config';
import { errorResponse, json, m3u8, type EngineRequest, type EngineResult } from './http';
import { createSessionRecord, initFromBody, initFromQuery } from './openSession';
import type { SessionPlan } from './plan';
import { planVod, vodBreaks } from './planVod';
import type { BeaconJob, Ports } from './ports';
import { parseRoute, urls, withQuery, type Route } from './routes';
import { adSegmentExtension, STAND_IN_WEBVTT, isSubtitlesRef } from './subtitleSegments';
import { createStreamPackageHandler } from './streamPackage';
import { createDashHandler } from './dashSession';
import { dashUrls } from './dashRoute';
import { segmentBeaconJobs } from './segmentBeacons';
import type { PlaylistRef, SessionRecord } from './sessionRecord';

export interface Engine {
  /** Null when the request is not stitchbox's (the host lets it go to the network). */
  handle(req: EngineRequest): Promise<EngineResult | null>;
  /** Whether a URL path is one of stitchbox's routes (synchronous, for the worker's fetch handler). */
  owns(pathname: string): boolean;
}

type Scoped<R extends Route['kind']> = Extract<Route, { kind: R }>;

export function createEngine(ports: Ports, opts: { scope: string }): Engine {
  const { scope } = opts;
  const inflightPlans = new Map<string, Promise<SessionPlan>>();
  const live = createLiveStitcher(ports);
  const streamPackage = createStreamPackageHandler({ ports, scope, loadConfig, loadSession, loadMaster, ensurePlan });
  /** lastSeenAt is written at most this often (expiry only needs minutes of precision). */
  const SEEN_WRITE_MS = 60_000;

  async function loadConfig(name: string): Promise<PlaybackConfiguration> {
    const c = await ports.store.getConfig(name);
    if (!c) throw new StitchboxError(ErrorCode.CONFIG_NOT_FOUND, `no playback configuration named "${name}" is installed`);
    return c;
  }

  async function loadSession(id: string, route: { account: string; config: string }): Promise<SessionRecord> {
    const s = await ports.store.getSession(id);
    // A session answers only under the account and configuration it was opened with: its URLs are the only
    // ones that reach its plan (issue 9 item 4; test/unit/security/routeConfinement.test.ts).
    if (!s || s.configName !== route.config || s.account !== route.account) throw new StitchboxError(ErrorCode.SESSION_NOT_FOUND, `session ${id} not found`);
    return s;
  }

  async function fetchOrigin(url: string, timeoutMs: number) {
    let res;
    try {
      res = await ports.fetchText(url, { timeoutMs });
    } catch (e) {
      throw new StitchboxError(ErrorCode.ORIGIN_FAILED, `origin request ${url} failed: ${(e as Error).message}`, { cause: e });
    }
    if (res.status < 200 || res.status > 299) throw new StitchboxError(ErrorCode.ORIGIN_FAILED, `origin ${url} answered HTTP ${res.status}`);
    return res;
  }

  const originUrl = (config: PlaybackConfiguration, s: SessionRecord) =>
    withQuery(`${config.VideoContentSourceUrl}/${s.assetPath}`, s.originParams);

  /** Fetch the origin multivariant playlist and record its media playlists on the session. */
  async function loadMaster(session: SessionRecord, config: PlaybackConfiguration): Promise<{ text: string; playlists: PlaylistRef[] }> {
    const settings = effectiveSettings(config);
    const res = await fetchOrigin(originUrl(config, session), settings.originTimeoutMs);
    const manifestUrl = (i: number) => withQuery(urls.manifest(scope, session.account, session.configName, session.id, i), session.manifestParams);
    if (!isMasterPlaylist(res.text)) {
      // The asset is a media playlist: present it as a one-variant multivariant playlist.
      const playlists: PlaylistRef[] = [{ url: res.url, kind: 'variant', bandwidth: 0 }];
      return { text: `#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n${manifestUrl(0)}\n`, playlists };
    }
    const { playlist } = parseMaster(res.text);
    const { text, uris } = rewriteMaster(res.text, (_uri, i) => manifestUrl(i));
    const playlists = uris.map((uri): PlaylistRef => {
      const url = resolveUri(res.url, uri);
      const v = playlist.variants.find((x) => x.uri === uri);
      if (v) {
        const ref: PlaylistRef = { url, kind: 'variant', bandwidth: v.bandwidth };
        if (v.width !== undefined) ref.width = v.width;
        if (v.height !== undefined) ref.height = v.height;
        if (v.codecs !== undefined) ref.codecs = v.codecs;
        return ref;
      }
      const r = playlist.renditions.find((x) => x.uri === uri);
      if (r) return { url, kind: 'rendition', bandwidth: 0, mediaType: r.type };
      const iv = playlist.iframeVariants.find((x) => x.uri === uri);
      return { url, kind: 'iframe', bandwidth: iv?.bandwidth ?? 0 };
    });
    return { text, playlists };
  }

  async function ensurePlaylists(session: SessionRecord, config: PlaybackConfiguration): Promise<PlaylistRef[]> {
    if (session.playlists) return session.playlists;
    const { playlists } = await loadMaster(session, config);
    session.playlists = playlists;
    await ports.store.putSession(session);
    return playlists;
  }

  /** The session's plan: from the store, or decided now; concurrent callers share one decision. */
  function ensurePlan(session: SessionRecord, config: PlaybackConfiguration): Promise<SessionPlan> {
    const running = inflightPlans.get(session.id);
    if (running) return running;
    const p = (async () => {
      const stored = await ports.store.getPlan(session.id);
      if (stored) return stored;
      const settings = effectiveSettings(config);
      let planned: { plan: SessionPlan; errorBeacons: Awaited<ReturnType<typeof planVod>>['errorBeacons'] };
      if (session.format === 'dash') {
        // DASH (src/dash): the origin MPD, not a multivariant playlist, is what the plan reads.
        planned = await dash.plan(session, config, settings);
      } else {
        const playlists = await ensurePlaylists(session, config);
        let firstIndex = playlists.findIndex((p) => p.kind === 'variant');
        if (firstIndex < 0) firstIndex = 0;
        const ref = playlists[firstIndex];
        const res = await fetchOrigin(withQuery(ref.url, session.originParams), settings.originTimeoutMs);
        const { playlist } = parseMedia(dropPartialLine(res.text));
        // A live session has no up-front plan: its breaks are decided as they appear (src/session/live).
        if (isLivePlaylist(playlist)) return { kind: 'hls-vod', avails: [], timeline: [], decidedAt: ports.now() } satisfies SessionPlan;
        planned = await planVod({
          config, settings, session, first: { ref, playlist, url: res.url }, fetchText: ports.fetchText, now: ports.now,
        });
      }
      const { plan, errorBeacons } = planned;
      await ports.store.putPlan(session.id, plan);
      for (const a of plan.avails) {
        if (a.failure) ports.log('warn', `avail ${a.index} plays content: ${a.failure}`, { sessionId: session.id, ads: a.adsRequestUrl });
        for (const s of a.skipped) ports.log('info', `avail ${a.index}: ad ${s.vastAdId} skipped (${s.reason}): ${s.message}`, { sessionId: session.id });
      }
      const now = ports.now();
      const jobs: BeaconJob[] = errorBeacons.map(({ availIndex, beacon }, k) => ({
        key: `${session.id}/${availIndex}/error/${beacon.subject}/${k}`,
        url: expandMacros(beacon.url, { errorCode: beacon.errorCode, timestamp: now }),
        dueAt: now,
      }));
      if (jobs.length) await ports.store.enqueueBeacons(jobs).then(() => ports.flushBeacons()).catch((e) => ports.log('error', `error beacons: ${(e as Error).message}`));
      return plan;
    })();
    inflightPlans.set(session.id, p);
    const clear = () => { inflightPlans.delete(session.id); };
    p.then(clear, clear);
    return p;
  }

  // broadpeak.io service URLs (protocols.md §1.4, §16): the session flow is broadpeakSession.ts.
  const broadpeak = createBroadpeakHandler({ ports, loadConfig, loadMaster, ensurePlan });

  // DASH sessions (protocols.md §15): the MPD and ad segment routes are dashSession.ts.
  const dash = createDashHandler({ ports, scope, loadConfig, loadSession, ensurePlan, fetchOrigin });

  function sessionAnswer(session: SessionRecord) {
    const manifest = session.format === 'dash' ? dashUrls.mpd : urls.master;
    return json(200, {
      manifestUrl: manifest(scope, session.account, session.configName, session.assetPath, session.id) +
        Object.entries(session.manifestParams).map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join(''),
      trackingUrl: withQuery(urls.tracking(scope, session.account, session.configName, session.id), session.manifestParams),
    });
  }

  async function openSession(req: EngineRequest, route: Scoped<'session'>, u: URL): Promise<EngineResult> {
    await loadConfig(route.config);
    const init = req.method === 'POST' ? initFromBody(await req.body()) : initFromQuery(u.searchParams, 'client');
    const session = createSessionRecord({
      init, account: route.account, configName: route.config, assetPath: route.asset, randomBytes: (n) => ports.randomBytes(n),
      now: ports.now(), userAgent: req.headers['user-agent'] ?? '', referer: req.headers['referer'] ?? '',
    });
    await ports.store.putSession(session);
    return { response: sessionAnswer(session), background: [] };
  }

  async function serveMaster(req: EngineRequest, route: Scoped<'master'>, u: URL): Promise<EngineResult> {
    const config = await loadConfig(route.config);
    const sid = u.searchParams.get('aws.sessionId') ?? u.searchParams.get('sessionId');
    let session: SessionRecord;
    if (sid) {
      session = await loadSession(sid, route);
    } else {
      // Implicit session initialisation: server-side reporting, `ads.*` become player params (§1.2).
      session = createSessionRecord({
        init: initFromQuery(u.searchParams, 'server'), account: route.account, configName: route.config, assetPath: route.asset,
        randomBytes: (n) => ports.randomBytes(n), now: ports.now(), userAgent: req.headers['user-agent'] ?? '', referer: req.headers['referer'] ?? '',
      });
    }
    const { text, playlists } = await loadMaster(session, config);
    session.playlists = playlists;
    session.lastSeenAt = ports.now();
    try {
      await ports.store.putSession(session);
    } catch (e) {
      // Fail open (invariant 6) when the store cannot write (IndexedDB full or gone). A stored session still plays
      // (its playlists are known); a new one cannot be found again, so the player gets the origin's own media
      // playlists: content without ads.
      ports.log('error', `session write failed: ${(e as Error).message}`, { sessionId: session.id });
      if (!sid) return { response: m3u8(rewriteMaster(text, (_uri, i) => withQuery(playlists[i].url, session.originParams)).text), background: [] };
    }
    // Decide the ads while the player fetches its first media playlist.
    const warm = ensurePlan(session, config).catch((e) => ports.log('warn', `ad plan failed: ${(e as Error).message}`, { sessionId: session.id }));
    return { response: m3u8(text), background: [warm] };
  }

  async function serveMedia(route: Scoped<'manifest'>): Promise<EngineResult> {
    const config = await loadConfig(route.config);
    const session = await loadSession(route.sessionId, route);
    const settings = effectiveSettings(config);
    const playlists = await ensurePlaylists(session, config);
    const ref = playlists[route.playlist];
    if (!ref) throw new StitchboxError(ErrorCode.NOT_FOUND, `session ${session.id} has no playlist ${route.playlist}`);
    const res = await fetchOrigin(withQuery(ref.url, session.originParams), settings.originTimeoutMs);
    // The live stitcher's parse reuses the previous refresh of this playlist when its window only slid.
    // An unterminated last line may be half a URI of a response cut short (dropPartialLine.ts).
    const playlist = live.parse(session.id, ref.url, dropPartialLine(res.text));
    const stripCues = !settings.adMarkerPassthrough;
    if (ports.now() - session.lastSeenAt > SEEN_WRITE_MS) {
      session.lastSeenAt = ports.now();
      // Best effort: a store that cannot write (IndexedDB full) must not cost the player its playlist (invariant 6).
      await ports.store.putSession(session).catch((e) => ports.log('warn', `session write failed: ${(e as Error).message}`, { sessionId: session.id }));
    }
    if (isLivePlaylist(playlist)) {
      // Prefetch retrievals (src/session/prefetch) run beside the response, never before it.
      const prefetch = live.prefetch({ session, config, settings, ref, playlist });
      try {
        const text = await live.serve({
          session, config, settings, ref, playlist, url: res.url,
          adUri: (r, s, seg) => withQuery(urls.segment(scope, session.account, session.configName, session.id, r.avail, r.piece, r.rendition, s, adSegmentExtension(ref, seg.uri)), session.manifestParams),
        });
        return { response: m3u8(text), background: [prefetch] };
      } catch (e) {
        // Fail open (invariant 6); the content numbering stays the origin's.
        ports.log('error', `live stitching failed, serving content: ${(e as Error).message}`, { sessionId: session.id });
        return { response: m3u8(stitchMedia(playlist, [], { baseUrl: res.url, rewriteAdUri: (_p, _i, _s, seg) => seg.uri, stripCues }).text), background: [prefetch] };
      }
    }
    const plain = () => stitchMedia(playlist, [], { baseUrl: res.url, rewriteAdUri: (_p, _i, _s, seg) => seg.uri, stripCues }).text;
    let plan: SessionPlan;
    try {
      plan = await ensurePlan(session, config);
    } catch (e) {
      // Fail open (invariant 6): no plan means the breaks play content.
      ports.log('warn', `serving content without ads: ${(e as Error).message}`, { sessionId: session.id });
      return { response: m3u8(plain()), background: [] };
    }
    try {
      const breaks = vodBreaks(plan, playlist);
      // A subtitle playlist mirrors the first variant's ad segments (subtitleSegments.ts).
      const { insertions, refs, unmatched } = buildInsertions(plan, breaks, ref, playlists.find((p) => p.kind === 'variant'));
      for (const b of unmatched) ports.log('warn', `playlist ${route.playlist}: break ${b.ordinal} at ${b.startTime}s matches no avail of the plan; it plays content`, { sessionId: session.id });
      const { text } = stitchMedia(playlist, insertions, {
        baseUrl: res.url, stripCues,
        rewriteAdUri: (p, i, s, seg) => {
          const r = refs[i][p];
          return withQuery(urls.segment(scope, session.account, session.configName, session.id, r.avail, r.piece, r.rendition, (r.firstSegment ?? 0) + s, adSegmentExtension(ref, seg.uri)), session.manifestParams);
        },
      });
      if (insertions.length && session.mediaServedAt === undefined) {
        // From now on the plan's ads count as inserted (StreamPackage tracking, src/session/streamPackage.ts).
        session.mediaServedAt = ports.now();
        await ports.store.putSession(session).catch((e) => ports.log('warn', `session write failed: ${(e as Error).message}`, { sessionId: session.id }));
      }
      return { response: m3u8(text), background: [] };
    } catch (e) {
      ports.log('error', `stitching failed, serving content: ${(e as Error).message}`, { sessionId: session.id });
      return { response: m3u8(plain()), background: [] };
    }
  }

  async function serveSegment(route: Scoped<'segment'>, req: EngineRequest): Promise<EngineResult> {
    const session = await loadSession(route.sessionId, route);
    const plan = await ports.store.getPlan(session.id);
    const notFound = () => { throw new StitchboxError(ErrorCode.NOT_FOUND, 'no such segment in this session\'s ad plan'); };
    const avail = plan?.avails[route.avail] ?? (await live.availOf(session.id, route.avail))?.avail ?? undefined;
    if (!avail) return notFound();
    const isSlate = route.piece === 'slate';
    const ad = isSlate ? null : avail.ads[route.piece as number];
    const renditions = isSlate ? avail.slate?.renditions : ad?.renditions;
    const rendition = renditions?.[route.rendition];
    if (!rendition) return notFound();
    const segments = isSlate ? slateSegments(rendition, avail.slate!.duration) : rendition.segments;
    let upstream: string | undefined;
    if (route.segment === 'map') upstream = segments[0]?.map?.uri;
    else upstream = segments[route.segment]?.uri;
    // Only http(s) is ever proxied: a creative playlist listing a data:, file: or javascript: "segment" gets nothing
    // from the worker (issue 9 item 4: the worker fetches only what the plan holds, over the network).
    if (!upstream || !/^https?:\/\//i.test(upstream)) return notFound();
    if (route.vtt) {
      // The WebVTT stand-in of a segment of the plan, for the session's subtitle playlists only; no beacons
      // (subtitleSegments.ts: players load subtitles ahead of the picture).
      if (route.segment === 'map' || !session.playlists?.some(isSubtitlesRef)) return notFound();
      return { response: { kind: 'body', status: 200, headers: { 'Content-Type': 'text/vtt; charset=utf-8', 'Cache-Control': 'no-store' }, body: STAND_IN_WEBVTT }, background: [] };
    }

    if (ad && route.segment !== 'map' && session.reportingMode === 'server') {
      // Server-side reporting (protocols.md §14.1): the beacons due on this segment are recorded before the
      // segment is served, deduplicated per (session, avail, ad, event) so a refetch fires nothing again
      // (segmentBeacons.ts, shared with DASH's /v1/dashsegment).
      const jobs = segmentBeaconJobs(session.id, avail, ad, rendition.segments.map((s) => s.duration), route.segment as number, ports.now());
      if (jobs.length) {
        // Fail open (invariant 6): when the once-ledger cannot be written (IndexedDB full or gone) the segment is
        // still served; its beacons are not fired, since without the ledger a refetch would fire them again.
        const queued = await ports.store.enqueueBeacons(jobs).catch((e) => {
          ports.log('error', `beacons not recorded, not fired: ${(e as Error).message}`, { sessionId: session.id, keys: jobs.map((j) => j.key) });
          return [];
        });
        if (queued.length) return { response: proxy(upstream, req), background: [ports.flushBeacons()] };
      }
    }
    return { response: proxy(upstream, req), background: [] };
  }

  function proxy(url: string, req: EngineRequest) {
    const headers: Record<string, string> = {};
    if (req.headers['range']) headers['Range'] = req.headers['range'];
    return { kind: 'proxy' as const, url, headers };
  }

  async function serveTracking(route: Scoped<'tracking'>, req: EngineRequest, u: URL): Promise<EngineResult> {
    const config = await loadConfig(route.config);
    const session = await loadSession(route.sessionId, route);
    // `nextToken` paging (protocols.md §3.2); a bad or expired token is a 400 before any work.
    const token = await trackingToken(req, u, ports.now());
    const answer = (t: MediaTailorTracking): EngineResult => ({ response: json(200, pageTracking(t, token, ports.now())), background: [] });
    const opts = { overlayAvails: session.overlayAvails };
    // A live session (its media playlists have been served): the avails of its timeline (src/session/live).
    const timeline = await ports.store.getLiveTimeline(session.id);
    if (timeline?.dash) return answer(buildDashLiveTracking(timeline.dash, ports.now(), opts));
    if (timeline) return answer(buildLiveTracking(timeline, ports.now(), opts));
    let plan: SessionPlan;
    try {
      plan = await ensurePlan(session, config);
    } catch (e) {
      ports.log('warn', `tracking without a plan: ${(e as Error).message}`, { sessionId: session.id });
      plan = { kind: 'hls-vod', avails: [], timeline: [], decidedAt: ports.now() };
    }
    return answer(buildMediaTailorTracking(plan, plan.timeline, opts));
  }

  /** The session's decisions as stored (describeDecisions.ts); never asks the ADS or the origin. */
  async function serveDecisions(route: Scoped<'decisions'>, req: EngineRequest): Promise<EngineResult> {
    if (req.method !== 'GET') return { response: json(405, { message: 'use GET' }), background: [] };
    const session = await loadSession(route.sessionId, route);
    const timeline = await ports.store.getLiveTimeline(session.id);
    const plan = timeline ? undefined : await ports.store.getPlan(session.id);
    const answer = timeline ? decisionsOfLiveTimeline(timeline) : plan ? decisionsOfPlan(plan) : { live: false, breaks: [] };
    return { response: json(200, answer), background: [] };
  }

  return {
    owns: (pathname) => parseRoute(pathname, scope) !== null,
    async handle(req) {
      const u = new URL(req.url);
      const route = parseRoute(u.pathname, scope);
      if (!route) return null;
      try {
        switch (route.kind) {
          case 'session':
            if (req.method !== 'POST' && req.method !== 'GET') return { response: json(405, { message: 'use POST or GET' }), background: [] };
            return await openSession(req, route, u);
          case 'master': return await serveMaster(req, route, u);
          case 'manifest': return await serveMedia(route);
          case 'segment': return await serveSegment(route, req);
          case 'tracking': return await serveTracking(route, req, u);
          case 'decisions': return await serveDecisions(route, req);
          case 'ssai-session':
          case 'ssai-master':
          case 'ssai-tracking': return await streamPackage.handle(req, route, u);
          case 'bpk': return await broadpeak.handle(req, route, u);
          case 'dash':
          case 'dashsegment': return await dash.handle(req, route, u);
        }
      } catch (e) {
        if (!(e instanceof StitchboxError)) ports.log('error', `internal error on ${u.pathname}: ${(e as Error)?.stack ?? e}`);
        return { response: errorResponse(e), background: [] };
      }
    },
  };
}
