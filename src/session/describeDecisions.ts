/**
 * What stitchbox decided for each break of a session, for a publisher looking at the demo (the read-only
 * `GET /v1/decisions/{account}/{config}/{sessionId}` route: engine.ts). Pure: the engine passes the stored
 * plan (VOD) or live timeline.
 *
 * Only the session's own decisions are listed: the ads stitched, the slate, the ads skipped with their reason
 * (protocols.md §13), why a break plays content, and how long the ADS took. The ADS request URL is left out:
 * it can carry what the configuration's AdDecisionServerUrl holds (keys, account ids), which the tracking JSON
 * does not show either.
 */
import type { LiveTimeline } from './live/liveTimeline';
import type { PlannedAvail, SessionPlan, SkippedAd } from './plan';

export interface BreakDecision {
  /** [avail.index]. */
  index: number;
  /** `pending`: a live break whose ADS answer is still awaited. */
  state: 'ready' | 'pending' | 'failed';
  /** The live pre-roll (LivePreRollConfiguration, protocols.md §9). */
  preRoll: boolean;
  /** Where the break's ads start on the session's stitched timeline (tracking JSON seconds), when known. */
  startTime: number | null;
  /** Seconds the cue signalled; null when it gave none. */
  signalledDuration: number | null;
  ads: { vastAdId: string; adTitle: string; duration: number; skipOffset: string | null }[];
  /** Seconds of slate after the ads (0: none). */
  slateSeconds: number;
  skipped: SkippedAd[];
  /** Why the break plays content (fail open), or null. */
  failure: string | null;
  adsLatencyMs: number | null;
}

export interface SessionDecisions {
  live: boolean;
  breaks: BreakDecision[];
}

function describe(avail: PlannedAvail | null, index: number, extra: Pick<BreakDecision, 'state' | 'preRoll' | 'startTime' | 'signalledDuration' | 'failure'>): BreakDecision {
  return {
    index,
    ...extra,
    ads: (avail?.ads ?? []).map((a) => ({ vastAdId: a.vastAdId, adTitle: a.adTitle, duration: a.duration, skipOffset: a.skipOffset })),
    slateSeconds: avail?.slate?.duration ?? 0,
    skipped: (avail?.skipped ?? []).map((s) => ({ vastAdId: s.vastAdId, creativeId: s.creativeId, reason: s.reason, message: s.message })),
    failure: extra.failure ?? avail?.failure ?? null,
    adsLatencyMs: avail?.adsLatencyMs ?? null,
  };
}

/** A VOD session's breaks, in order. */
export function decisionsOfPlan(plan: SessionPlan): SessionDecisions {
  return {
    live: false,
    breaks: plan.avails.map((a) => describe(a, a.index, {
      state: a.failure ? 'failed' : 'ready',
      preRoll: false,
      startTime: plan.timeline.find((t) => t.availIndex === a.index)?.startTime ?? null,
      signalledDuration: a.signalledDuration,
      failure: null,
    })),
  };
}

/** A live session's breaks still on its timeline (older ones are pruned: pruneTimeline.ts), in order. */
export function decisionsOfLiveTimeline(timeline: LiveTimeline): SessionDecisions {
  return {
    live: true,
    breaks: timeline.breaks.map((b) => describe(b.avail, b.index, {
      state: b.state,
      preRoll: b.preRoll === true,
      startTime: b.stitched?.time ?? null,
      signalledDuration: b.signalledDuration,
      failure: b.failure,
    })),
  };
}
