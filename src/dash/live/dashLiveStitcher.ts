/**
 * The live DASH path of the engine (./index.ts): per session, a serialised update of the persisted state,
 * one ad decision per break shared by every request, bounded waits, and the stitched MPD. The same shape
 * as the HLS live stitcher (src/session/live/liveStitcher.ts), on Periods instead of segments.
 */
import { createSessionLock } from '../../session/live/sessionLock';
import { decideAvail } from '../../ads/decideAvail';
import { findDashBreaks } from '../../scte35/dashBreaks';
import type { EffectiveSettings, PlaybackConfiguration } from '../../session/config';
import type { AdRendition } from '../../session/plan';
import type { Ports } from '../../session/ports';
import type { SessionRecord } from '../../session/sessionRecord';
import { emptyTimeline, type LiveTimeline } from '../../session/live/liveTimeline';
import { loadDashCreative } from '../loadDashCreative';
import { parseMpd } from '../mpdModel';
import { attrValue } from '../mpdXml';
import { dashContentShape } from '../planDashVod';
import { emptyDashState, observeMpd, type DashLiveBreak, type DashLiveState } from './dashLiveTimeline';
import { originEdge, originPeriods } from './originPeriods';
import { writeDashLive, type DashLiveWriteArgs, type ListedPeriod } from './stitchDashLive';

/** A single MPD response waits at most this long for a decision (later refreshes spend the rest of the budget). */
export const DASH_RESPONSE_WAIT_MS = 2000;

export interface DashLiveServeArgs extends DashLiveWriteArgs {
  session: SessionRecord;
  config: PlaybackConfiguration;
  settings: EffectiveSettings;
  /** The origin's MPD text (MPD@type="dynamic"). */
  text: string;
}

export interface DashLiveStitcher {
  serve(args: DashLiveServeArgs): Promise<{ text: string; listed: ListedPeriod[] }>;
  /** A decided break of the session by its key (the content Period id, tracking availId), for the segment route. */
  breakOf(sessionId: string, key: string): Promise<DashLiveBreak | undefined>;
}

/** A dynamic MPD (ISO/IEC 23009-1 §5.3.1.2 MPD@type): the live path serves it. */
export function isDynamicMpdText(text: string): boolean {
  const mpd = parseMpd(text);
  return mpd !== null && attrValue(mpd.root, 'type')?.trim() === 'dynamic';
}

/** The session's DASH state inside its live timeline record (persisted, invariant 7). */
export function dashStateOf(tl: LiveTimeline): DashLiveState {
  tl.dash ??= emptyDashState();
  return tl.dash;
}

export function createDashLiveStitcher(ports: Ports): DashLiveStitcher {
  // Per-session serialisation (protocols.md §1.5: serialise rather than answer 409).
  const locked = createSessionLock();
  const decisions = new Map<string, Promise<void>>();
  const sleep = ports.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));


  async function load(id: string): Promise<LiveTimeline> {
    return (await ports.store.getLiveTimeline(id)) ?? emptyTimeline(id, ports.now());
  }

  /** Pending breaks whose budget is spent fail open, for good (invariant 8). */
  function settle(st: DashLiveState, sessionId: string, budgetMs: number): void {
    const now = ports.now();
    for (const b of st.breaks) {
      if (b.state !== 'pending' || now < b.pendingSince + budgetMs) continue;
      b.state = 'failed';
      b.failure = 'ERROR_ADS_TIMEOUT: the decision budget ran out; the break plays content';
      ports.log('warn', `live DASH break ${b.key}: ${b.failure}`, { sessionId });
    }
  }

  function startDecision(args: DashLiveServeArgs, b: DashLiveBreak): Promise<void> {
    const { session, settings, config } = args;
    const key = `${session.id}/${b.key}`;
    const running = decisions.get(key);
    if (running) return running;
    // Slate: only a DASH one (SlateAdUrl naming an .mpd) can be a Period; otherwise the content comes back.
    const slateUrl = config.SlateAdUrl && /\.mpd($|[?#])/i.test(config.SlateAdUrl) ? config.SlateAdUrl : null;
    let slate: Promise<AdRendition[] | null> | null = null;
    const p = (async () => {
      const { avail, errorBeacons } = await decideAvail({
        config, settings, session, scte: b.scte, asset: {}, deadline: b.pendingSince + settings.decisionBudgetMs,
        contentShape: dashContentShape(args.text), creativeFormat: 'dash',
        slot: {
          index: b.index, breakOrdinal: b.index, contentTime: b.start, originSegment: 0,
          // Live is replacement (protocols.md §7); without a duration every ad plays until the return.
          replaceCount: b.signalledDuration === null ? 0 : 1, replacedDuration: b.signalledDuration ?? 0, signalledDuration: b.signalledDuration,
        },
        deps: {
          fetchText: ports.fetchText, now: ports.now,
          loadSlate: () => (slate ??= slateUrl ? loadDashCreative(ports.fetchText, slateUrl, settings.adsRequestTimeoutMs).catch(() => null) : Promise.resolve(null)),
        },
      });
      await locked(session.id, async () => {
        const tl = await load(session.id);
        const stored = dashStateOf(tl).breaks.find((x) => x.key === b.key);
        // Only a pending break takes the decision: a failed one stays content (never replaced later).
        if (!stored || stored.state !== 'pending') return;
        if (avail.failure || (!avail.ads.length && !avail.slate)) {
          stored.state = 'failed';
          stored.failure = avail.failure ?? 'no ads';
          ports.log('warn', `live DASH avail ${b.index} plays content: ${stored.failure}`, { sessionId: session.id });
        } else {
          stored.state = 'ready';
        }
        stored.avail = avail;
        await ports.store.putLiveTimeline(tl);
      });
      if (errorBeacons.length) {
        const now = ports.now();
        const jobs = errorBeacons.map((beacon, k) => ({
          key: `${session.id}/dash${b.index}/error/${beacon.subject}/${k}`,
          url: beacon.url.replace(/\[ERRORCODE\]/g, String(beacon.errorCode)).replace(/\[TIMESTAMP\]/g, encodeURIComponent(new Date(now).toISOString())),
          dueAt: now,
        }));
        await ports.store.enqueueBeacons(jobs).then(() => ports.flushBeacons()).catch((e) => ports.log('error', `error beacons: ${(e as Error).message}`));
      }
    })().catch((e) => ports.log('error', `live DASH decision failed: ${(e as Error).message}`, { sessionId: session.id }));
    decisions.set(key, p);
    void p.then(() => decisions.delete(key));
    return p;
  }

  /** Parse and fold the origin MPD; throws when it cannot be stitched (the engine fails open). */
  function read(text: string, st: DashLiveState, now: number) {
    const mpd = parseMpd(text);
    if (!mpd) throw new Error('the origin answer is not an MPD');
    const periods = originPeriods(mpd.root);
    const edge = originEdge(mpd.root, periods, now);
    if (edge === null) throw new Error('the origin MPD has no availabilityStartTime and no SegmentTimeline: its live edge is unknown');
    const started = observeMpd(st, periods, findDashBreaks(text).breaks, edge, now, attrValue(mpd.root, 'availabilityStartTime') ?? null);
    return { mpd, periods, edge, started };
  }

  async function serve(args: DashLiveServeArgs) {
    const { session, settings } = args;
    const budget = settings.decisionBudgetMs;

    // 1. Fold the MPD in, start the decisions of new (or orphaned, after a restart) pending breaks.
    const waitFor = await locked(session.id, async () => {
      const tl = await load(session.id);
      const st = dashStateOf(tl);
      read(args.text, st, ports.now());
      settle(st, session.id, budget);
      let first: { b: DashLiveBreak; p: Promise<void> } | null = null;
      for (const b of st.breaks) {
        if (b.state !== 'pending') continue;
        const p = startDecision(args, b);
        first ??= { b, p };
      }
      tl.updatedAt = ports.now();
      await ports.store.putLiveTimeline(tl);
      return first;
    });

    // 2. Wait for the break that holds the MPD back, within this response's share of the budget.
    if (waitFor) {
      const wait = Math.min(DASH_RESPONSE_WAIT_MS, waitFor.b.pendingSince + budget - ports.now());
      if (wait > 0) await Promise.race([waitFor.p, sleep(wait)]);
    }

    // 3. Write the MPD from the state as it is now.
    return locked(session.id, async () => {
      const tl = await load(session.id);
      const st = dashStateOf(tl);
      const { mpd, periods, edge } = read(args.text, st, ports.now());
      settle(st, session.id, budget);
      const out = writeDashLive(mpd, periods, st, edge, args);
      tl.updatedAt = ports.now();
      await ports.store.putLiveTimeline(tl);
      return out;
    });
  }

  return {
    serve,
    async breakOf(sessionId, key) {
      const tl = await ports.store.getLiveTimeline(sessionId);
      return tl?.dash?.breaks.find((b) => b.key === key && b.state === 'ready');
    },
  };
}
