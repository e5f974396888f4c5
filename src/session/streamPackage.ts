/**
 * The Tencent StreamPackage dialect (protocols.md §1.3, §17) on the MediaTailor session engine: the same
 * sessions, plans, live timelines, media playlists and ad segments; only session start, the multivariant
 * URL (`session_id`) and the tracking answer differ.
 *
 * Tracking is incremental (§17): an answer lists only click-through events of ads actually inserted into a
 * manifest served to this session (a VOD media playlist with the ads stitched in, or a live break's
 * segments written to a playlist), and never an event already returned. The "already returned" set is the
 * store's once-ledger (Store.claimOnce: IndexedDB, so it survives worker restarts, invariant 7), claimed in
 * one transaction; polls of one session are also run one after another here, so two concurrent polls
 * cannot both return an event.
 */
import { ErrorCode, StitchboxError } from '../errors';
import { buildMediaTailorTracking } from '../tracking/buildMediaTailorTracking';
import { buildStreamPackageTracking, streamPackageEventKeys } from '../tracking/buildStreamPackageTracking';
import type { MediaTailorTracking } from '../tracking/mediaTailorTypes';
import type { PlaybackConfiguration } from './config';
import { json, m3u8, type EngineRequest, type EngineResult } from './http';
import { buildLiveTracking } from './live/liveTracking';
import { createSessionRecord, initFromBody } from './openSession';
import type { SessionPlan } from './plan';
import type { Ports } from './ports';
import type { PlaylistRef, SessionRecord } from './sessionRecord';
import { STREAMPACKAGE_ACCOUNT, streamPackageUrls, type StreamPackageRoute } from './streamPackageRoute';
import { withQuery } from './routes';

/** What the handler borrows from the engine (engine.ts), so both dialects share one implementation. */
export interface StreamPackageDeps {
  ports: Ports;
  scope: string;
  loadConfig(name: string): Promise<PlaybackConfiguration>;
  loadSession(id: string, route: { account: string; config: string }): Promise<SessionRecord>;
  loadMaster(session: SessionRecord, config: PlaybackConfiguration): Promise<{ text: string; playlists: PlaylistRef[] }>;
  ensurePlan(session: SessionRecord, config: PlaybackConfiguration): Promise<SessionPlan>;
}

export interface StreamPackageHandler {
  handle(req: EngineRequest, route: StreamPackageRoute, url: URL): Promise<EngineResult>;
}

/** Ledger keys: `<sessionId>/sp/<availId>/<adId>/<eventType>` (deleteSession removes `<sessionId>/...`). */
const ledgerKey = (sessionId: string, eventKey: string) => `${sessionId}/sp/${eventKey}`;

/** Whether the POST body names a reporting mode (absent: StreamPackage sessions report server-side). */
function namesReportingMode(text: string): boolean {
  try {
    const b = JSON.parse(text.trim() || '{}') as Record<string, unknown> | null;
    return typeof b === 'object' && b !== null && b.reportingMode !== undefined && b.reportingMode !== null && b.reportingMode !== '';
  } catch {
    return false;
  }
}

export function createStreamPackageHandler(deps: StreamPackageDeps): StreamPackageHandler {
  const { ports, scope } = deps;
  /** Per-session queue of tracking polls (memory only orders work in flight; the ledger is the state). */
  const polls = new Map<string, Promise<unknown>>();

  function serialised<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
    const prev = polls.get(sessionId) ?? Promise.resolve();
    const next = prev.then(work, work);
    const tail = next.then(() => undefined, () => undefined);
    polls.set(sessionId, tail);
    void tail.then(() => { if (polls.get(sessionId) === tail) polls.delete(sessionId); });
    return next;
  }

  const sessionOf = (id: string, channel: string) => deps.loadSession(id, { account: STREAMPACKAGE_ACCOUNT, config: channel });

  async function openSession(req: EngineRequest, route: Extract<StreamPackageRoute, { kind: 'ssai-session' }>): Promise<EngineResult> {
    if (req.method !== 'POST') return { response: json(405, { message: 'StreamPackage sessions are opened with POST (protocols.md §1.3)' }), background: [] };
    await deps.loadConfig(route.channel);
    const text = await req.body();
    // The body is read as MediaTailor's (adsParams, manifestParams, ...): StreamPackage publishes none of its own.
    const init = initFromBody(text);
    // StreamPackage's tracking URL carries click-throughs only (§17); its impressions and quartiles are
    // fired by the service on ad segment requests (§2), so the default here is server-side reporting.
    if (!namesReportingMode(text)) init.reportingMode = 'server';
    const session = createSessionRecord({
      init, account: STREAMPACKAGE_ACCOUNT, configName: route.channel, assetPath: route.asset, randomBytes: (n) => ports.randomBytes(n),
      now: ports.now(), userAgent: req.headers['user-agent'] ?? '', referer: req.headers['referer'] ?? '',
    });
    await ports.store.putSession(session);
    return {
      response: json(200, {
        manifestUrl: withQuery(streamPackageUrls.master(scope, route.channel, session.id), session.manifestParams),
        trackingUrl: withQuery(streamPackageUrls.tracking(scope, route.channel, session.id), session.manifestParams),
      }),
      background: [],
    };
  }

  async function serveMaster(route: Extract<StreamPackageRoute, { kind: 'ssai-master' }>, u: URL): Promise<EngineResult> {
    const config = await deps.loadConfig(route.channel);
    const sid = u.searchParams.get('session_id');
    if (!sid) throw new StitchboxError(ErrorCode.BAD_REQUEST, 'session_id query parameter missing: open a session with POST /v1/ssai/session/... first');
    const session = await sessionOf(sid, route.channel);
    const { text, playlists } = await deps.loadMaster(session, config);
    session.playlists = playlists;
    session.lastSeenAt = ports.now();
    await ports.store.putSession(session);
    // Decide the ads while the player fetches its first media playlist (as engine.ts does for MediaTailor).
    const warm = deps.ensurePlan(session, config).catch((e) => ports.log('warn', `ad plan failed: ${(e as Error).message}`, { sessionId: session.id }));
    return { response: m3u8(text), background: [warm] };
  }

  /** The MediaTailor tracking of the ads inserted so far; never asks the ADS (a poll inserts nothing). */
  async function insertedTracking(session: SessionRecord): Promise<MediaTailorTracking | null> {
    const timeline = await ports.store.getLiveTimeline(session.id);
    // Live: buildLiveTracking lists a break once its ad segments have been written to a playlist.
    if (timeline) return buildLiveTracking(timeline, ports.now());
    if (session.mediaServedAt === undefined) return null;
    const plan = await ports.store.getPlan(session.id);
    return plan ? buildMediaTailorTracking(plan, plan.timeline) : null;
  }

  async function serveTracking(route: Extract<StreamPackageRoute, { kind: 'ssai-tracking' }>): Promise<EngineResult> {
    await deps.loadConfig(route.channel);
    await sessionOf(route.sessionId, route.channel);
    const answer = await serialised(route.sessionId, async () => {
      // Read again inside the queue: a media playlist may have been served while this poll waited.
      const session = await sessionOf(route.sessionId, route.channel);
      const all = await insertedTracking(session);
      if (!all) return buildMediaTailorTracking({ kind: 'hls-vod', avails: [], timeline: [], decidedAt: ports.now() }, []);
      const keys = streamPackageEventKeys(all);
      const fresh = new Set(keys.length ? await ports.store.claimOnce(keys.map((k) => ledgerKey(session.id, k)), ports.now()) : []);
      return buildStreamPackageTracking(all, (k) => fresh.has(ledgerKey(session.id, k)));
    });
    return { response: json(200, answer), background: [] };
  }

  return {
    async handle(req, route, u) {
      switch (route.kind) {
        case 'ssai-session': return openSession(req, route);
        case 'ssai-master': return serveMaster(route, u);
        case 'ssai-tracking': return serveTracking(route);
      }
    },
  };
}
