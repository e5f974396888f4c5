/**
 * The live path of the engine (./index.ts): per session, a serialised update of the persisted timeline,
 * one ad decision per break shared by every playlist, bounded waits, and the stitched window.
 */
import { createSessionLock } from './sessionLock';
import { decideAvail, type ErrorBeacon } from '../../ads/decideAvail';
import { contentShapeOf } from '../../ads/contentShape';
import { loadHlsCreative } from '../../ads/loadHlsCreative';
import type { MediaPlaylist } from '../../hls/parseMedia';
import { parseMedia } from '../../hls/parseMedia';
import { findBreaks } from '../../hls/findBreaks';
import { stitchMedia, type StitchOptions } from '../../hls/stitchMedia';
import type { AdSegment, AdRendition } from '../plan';
import type { EffectiveSettings, PlaybackConfiguration } from '../config';
import type { Ports } from '../ports';
import type { PlaylistRef, SessionRecord } from '../sessionRecord';
import { emptyTimeline, observeWindow, type LiveBreak, type LiveTimeline } from './liveTimeline';
import { planLiveWindow, type LivePieceRef } from './liveWindow';
import { effectiveSuppression } from './availSuppression';
import { livePreRollOf, preRollDecisionConfig } from './livePreRoll';
import { advanceClock, recordBreakStarts, setProgramDateTimes, stitchedDurations } from './liveClock';
import { assertNumberable, pruneTimeline } from './pruneTimeline';
import { createRefreshCache, type RefreshCache } from './refreshCache';
import { createPrefetcher } from '../prefetch/prefetcher';
import { isSubtitlesRef } from '../subtitleSegments';
import { liveContentShape } from './liveContentShape';

/** A single manifest response waits at most this long for a decision (the rest of the budget is spent by later refreshes). */
export const RESPONSE_WAIT_MS = 2000;

export interface LiveServeArgs {
  session: SessionRecord;
  config: PlaybackConfiguration;
  settings: EffectiveSettings;
  ref: PlaylistRef;
  playlist: MediaPlaylist;
  /** Final URL of the origin playlist (base for relative URIs). */
  url: string;
  /** URI of an ad segment as listed (the engine's /v1/segment route). */
  adUri(ref: LivePieceRef, segmentIndex: number, seg: AdSegment): string;
}

export interface LiveStitcher {
  /**
   * parseMedia(text).playlist for a media playlist of the session, from the previous refresh of the same
   * playlist when its window only slid (refreshCache.ts, the warm path).
   */
  parse(sessionId: string, url: string, text: string): MediaPlaylist;
  /** How many refreshes took the warm path (refreshCache.ts), null when it is off. */
  warmStats(): RefreshCache['stats'] | null;
  serve(args: LiveServeArgs): Promise<string>;
  /** The decided break with this [avail.index], for the segment route. */
  availOf(sessionId: string, index: number): Promise<LiveBreak | undefined>;
  /**
   * Prefetch retrievals due on this manifest request (src/session/prefetch, protocols.md §10). The caller
   * puts the promise in the response's background, never awaits it first; it never rejects.
   */
  prefetch(args: Pick<LiveServeArgs, 'session' | 'config' | 'settings' | 'ref' | 'playlist'>): Promise<void>;
}

/** Both on unless a test compares against the plain path (test/unit/session/liveRefresh.property.test.ts). */
export interface LiveStitcherOptions {
  /** Fold breaks that left every window into the timeline's base (pruneTimeline.ts). */
  prune?: boolean;
  /** Keep each playlist's previous refresh in memory and slide it (refreshCache.ts). */
  incremental?: boolean;
}

export function createLiveStitcher(ports: Ports, options: LiveStitcherOptions = {}): LiveStitcher {
  const cache = options.incremental === false ? null : createRefreshCache();
  const prune = options.prune !== false;
  // Per-session serialisation (protocols.md §1.5: serialise rather than answer 409).
  const locked = createSessionLock();
  const decisions = new Map<string, Promise<void>>();
  const sleep = ports.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const prefetcher = createPrefetcher(ports);


  async function load(id: string): Promise<LiveTimeline> {
    return (await ports.store.getLiveTimeline(id)) ?? emptyTimeline(id, ports.now());
  }

  /** Pending breaks that can no longer be decided in time fail open, for good (invariant 8). */
  function settle(tl: LiveTimeline, w0: number, budgetMs: number): void {
    const now = ports.now();
    for (const b of tl.breaks) {
      if (b.state !== 'pending') continue;
      if (now >= b.pendingSince + budgetMs) { b.state = 'failed'; b.failure = 'ERROR_ADS_TIMEOUT: the decision budget ran out; the break plays content'; }
      else if (b.startMsn <= w0) { b.state = 'failed'; b.failure = 'the break reached the start of the window undecided; it plays content'; }
      if (b.state === 'failed') ports.log('warn', `live break at ${b.startMsn}: ${b.failure}`, { sessionId: tl.sessionId });
    }
  }

  function startDecision(args: LiveServeArgs, b: LiveBreak): Promise<void> {
    const { session, settings } = args;
    // The live pre-roll asks its own ADS, with no slate and no threshold (livePreRoll.ts, protocols.md §9).
    const config = b.preRoll ? preRollDecisionConfig(args.config) : args.config;
    const key = `${session.id}/${b.key}`;
    const running = decisions.get(key);
    if (running) return running;
    let slate: Promise<AdRendition[] | null> | null = null;
    const p = (async () => {
      // Ads prefetched for this break (protocols.md §10) replace the ADS request; the fill is the usual one.
      const prefetched = b.preRoll ? null : await prefetcher.claim(session.id, { key: b.key, arrivedAt: b.pendingSince, scte: b.scte ?? {} });
      const { avail, errorBeacons } = await decideAvail({
        ...(prefetched ? { source: { kind: 'prefetched' as const, avail: prefetched.avail } } : {}),
        config, settings, session, scte: b.scte ?? {}, asset: b.asset ?? {}, deadline: b.pendingSince + settings.decisionBudgetMs,
        // Which ad ladders fit (issue 5): the origin master's playlists, and this media playlist's container
        // (a subtitle playlist's: the first variant's, liveContentShape.ts).
        contentShape: await liveContentShape(ports, args),
        slot: {
          index: b.index, breakOrdinal: b.index, contentTime: 0, originSegment: b.startMsn,
          // Live is replacement (protocols.md §7); without a duration every ad plays until the cue-in.
          replaceCount: b.signalledDuration === null ? 0 : 1, replacedDuration: b.signalledDuration ?? 0, signalledDuration: b.signalledDuration,
        },
        deps: {
          fetchText: ports.fetchText, now: ports.now,
          loadSlate: () => (slate ??= config.SlateAdUrl ? loadHlsCreative(ports.fetchText, config.SlateAdUrl, settings.adsRequestTimeoutMs).catch(() => null) : Promise.resolve(null)),
        },
      });
      await locked(session.id, async () => {
        const tl = await load(session.id);
        const stored = tl.breaks.find((x) => x.key === b.key);
        // Only a pending break takes the decision: a failed one stays content (never replaced later).
        if (!stored || stored.state !== 'pending') return;
        if (avail.failure || (!avail.ads.length && !avail.slate)) {
          stored.state = 'failed';
          stored.failure = avail.failure ?? 'no ads';
          ports.log('warn', `live avail ${b.index} plays content: ${stored.failure}`, { sessionId: session.id });
        } else {
          stored.state = 'ready';
        }
        stored.avail = avail;
        await ports.store.putLiveTimeline(tl);
      });
      await fireErrorBeacons(session.id, b.index, errorBeacons);
    })().catch((e) => ports.log('error', `live decision failed: ${(e as Error).message}`, { sessionId: session.id }));
    decisions.set(key, p);
    void p.then(() => decisions.delete(key));
    return p;
  }

  async function fireErrorBeacons(sessionId: string, availIndex: number, beacons: ErrorBeacon[]) {
    if (!beacons.length) return;
    const now = ports.now();
    const jobs = beacons.map((beacon, k) => ({
      key: `${sessionId}/live${availIndex}/error/${beacon.subject}/${k}`,
      url: beacon.url.replace(/\[ERRORCODE\]/g, String(beacon.errorCode)).replace(/\[TIMESTAMP\]/g, encodeURIComponent(new Date(now).toISOString())),
      dueAt: now,
    }));
    await ports.store.enqueueBeacons(jobs).then(() => ports.flushBeacons()).catch((e) => ports.log('error', `error beacons: ${(e as Error).message}`));
  }

  async function serve(args: LiveServeArgs): Promise<string> {
    const { session, settings, playlist } = args;
    const w0 = playlist.mediaSequence;
    const edge = w0 + playlist.segments.length;
    const budget = settings.decisionBudgetMs;
    // Session-level avail suppression overrides the configuration's (protocols.md §1.1, §8).
    const suppression = effectiveSuppression(session.availSuppression, args.config.AvailSuppression);
    const preRoll = livePreRollOf(args.config);
    // The window's breaks, read once for both observations below (and from the previous window's on the warm path).
    const found = cache ? cache.breaks(`${session.id} ${args.ref.url}`, playlist) : findBreaks(playlist).breaks;

    // 1. Fold the window in, start the decisions of new (or orphaned, after a restart) pending breaks.
    const waitFor = await locked(session.id, async () => {
      const tl = await load(session.id);
      assertNumberable(tl, w0);
      observeWindow(tl, playlist, ports.now(), suppression, preRoll, found);
      settle(tl, w0, budget);
      let first: { b: LiveBreak; p: Promise<void> } | null = null;
      for (const b of tl.breaks) {
        if (b.state !== 'pending') continue;
        const p = startDecision(args, b);
        if (!first && b.startMsn <= edge) first = { b, p };
      }
      await ports.store.putLiveTimeline(tl);
      return first;
    });

    // 2. Wait for the break that holds the window back, within this response's share of the budget.
    if (waitFor) {
      const wait = Math.min(RESPONSE_WAIT_MS, waitFor.b.pendingSince + budget - ports.now());
      if (wait > 0) await Promise.race([waitFor.p, sleep(wait)]);
    }

    // 3. Write the window from the timeline as it is now.
    return locked(session.id, async () => {
      const tl = await load(session.id);
      observeWindow(tl, playlist, ports.now(), suppression, preRoll, found);
      settle(tl, w0, budget);
      const plan = planLiveWindow(tl, playlist, args.ref);
      setProgramDateTimes(plan, w0);
      const cut = plan.segmentCount < playlist.segments.length;
      const window: MediaPlaylist = cut
        ? { ...playlist, segments: playlist.segments.slice(0, plan.segmentCount), trailingCues: [], trailingLines: [] }
        : playlist;
      const stitchOpts: StitchOptions = {
        baseUrl: args.url, stripCues: !settings.adMarkerPassthrough,
        mediaSequence: plan.mediaSequence, discontinuitySequence: plan.discontinuitySequence, leadingDiscontinuity: plan.leadingDiscontinuity,
        rewriteAdUri: (p, i, s, seg) => { const r = plan.refs[i][p]; return args.adUri(r, r.firstSegment + s, seg); },
      };
      const text = cache ? cache.stitch(`${session.id} ${args.ref.url}`, window, plan.insertions, stitchOpts) : stitchMedia(window, plan.insertions, stitchOpts).text;
      if (plan.segmentCount > 0) tl.servedThrough = Math.max(tl.servedThrough, w0 + plan.segmentCount - 1);
      // The tracking clock (protocols.md §5.1): where this window sits on the session's stitched timeline.
      const durations = stitchedDurations(window, plan.segmentCount, plan.insertions);
      const t0 = advanceClock(tl, plan.mediaSequence, durations, playlist.targetDuration);
      recordBreakStarts(tl, w0, plan.mediaSequence, t0, durations, plan.insertions);
      if (prune) pruneTimeline(tl, args.ref.url, w0, playlist.segments.length, ports.now());
      await ports.store.putLiveTimeline(tl);
      return text;
    });
  }

  return {
    warmStats: () => cache?.stats ?? null,
    parse: (sessionId, url, text) => (cache ? cache.parse(`${sessionId} ${url}`, text) : parseMedia(text).playlist),
    serve,
    // A subtitle playlist does not show the content's container (liveContentShape.ts): its refreshes leave
    // retrievals to the audio and video playlists' refreshes.
    prefetch: (args) => isSubtitlesRef(args.ref) ? Promise.resolve() : prefetcher.retrieve({
      session: args.session, config: args.config, settings: args.settings,
      contentShape: contentShapeOf(args.session.playlists ?? [args.ref], args.playlist),
    }),
    async availOf(sessionId, index) {
      const tl = await ports.store.getLiveTimeline(sessionId);
      return tl?.breaks.find((b) => b.index === index && b.state === 'ready');
    },
  };
}
