/**
 * The persisted per-session state of a live DASH session (see ./index.ts for the design) and how one origin
 * MPD updates it. Pure: the caller loads and stores it (DESIGN invariant 7) under a per-session lock. It
 * rides in the session's live timeline record (LiveTimeline.dash), so the worker's store, expiry and
 * deletion treat it like the HLS live timeline.
 */
import type { DashBreak } from '../../scte35/dashBreaks';
import type { PlannedAvail } from '../../session/plan';
import { EPS } from './dashLiveLayout';
import type { OriginPeriod } from './originPeriods';

export interface DashLiveBreak {
  /** Identity: the content Period's @id (tracking availId, protocols.md §5.2). */
  key: string;
  /** [avail.index]: order of discovery in the session. */
  index: number;
  /** X@start, seconds from availabilityStartTime, as first seen (never re-read: §15 PTO stability). */
  start: number;
  signalledDuration: number | null;
  /** Start of the origin Period after X once listed, as first seen. */
  periodEnd: number | null;
  state: 'pending' | 'ready' | 'failed';
  /** Epoch ms when the decision started (the budget runs from here, invariant 8). */
  pendingSince: number;
  avail: PlannedAvail | null;
  failure: string | null;
  /** [scte.*] ADS variables of the cue-out (protocols.md §11). */
  scte: Record<string, string>;
  /** An ad Period of the break has been listed: the tracking JSON lists the avail from then on. */
  shown?: true;
}

export interface DashLiveState {
  breaks: DashLiveBreak[];
  nextAvailIndex: number;
  /**
   * Seconds (from availabilityStartTime) up to which origin content has been listed to the session; null
   * before the first response. A break starting before it plays content: its content was already listed.
   */
  servedThrough: number | null;
  /** MPD@availabilityStartTime of the origin, as written (tracking `dashAvailabilityStartTime`). */
  availabilityStartTime: string | null;
}

export function emptyDashState(): DashLiveState {
  return { breaks: [], nextAvailIndex: 0, servedThrough: null, availabilityStartTime: null };
}

function fail(b: DashLiveBreak, why: string): void {
  b.state = 'failed';
  b.failure = why;
}

/**
 * Fold one origin MPD into the state: new breaks (pending, or failed when they cannot be stitched), the
 * ends of known breaks, and breaks whose Period left the origin's window (dropped). Idempotent. Returns the
 * breaks that need a decision started.
 *
 * `edge` is where the origin's published media ends (seconds from availabilityStartTime).
 */
export function observeMpd(
  st: DashLiveState, periods: readonly OriginPeriod[], found: readonly DashBreak[], edge: number, now: number, ast: string | null,
): DashLiveBreak[] {
  st.availabilityStartTime ??= ast;
  const started: DashLiveBreak[] = [];
  const byKey = new Map(st.breaks.map((b) => [b.key, b]));
  // The session's first MPD: breaks whose media is already published were under way when it joined (content).
  const joinEdge = st.servedThrough ?? edge;
  for (const fb of found) {
    const p = periods[fb.periodIndex];
    if (!p || p.id === null || p.start === null) continue;
    const known = byKey.get(p.id);
    if (known) continue;
    const prev = st.breaks[st.breaks.length - 1];
    const b: DashLiveBreak = {
      key: p.id, index: st.nextAvailIndex++, start: p.start, signalledDuration: fb.duration, periodEnd: null,
      state: 'pending', pendingSince: now, avail: null, failure: null, scte: fb.scteVars,
    };
    // Multi-period input (§15): the cue-out must open the Period; a cue inside a Period is not stitched live.
    if (fb.startTime > EPS) fail(b, `the cue-out is ${fb.startTime}s into Period ${p.id}, not at its start: live stitching replaces whole break Periods; plays content`);
    else if (b.start < joinEdge - EPS) fail(b, 'the break started before the session listed it (joined mid-break, or its content was already listed): plays content');
    else if (fb.duration !== null && fb.duration <= 0) fail(b, 'a live break of zero duration replaces nothing (protocols.md §7)');
    else if (prev && prev.start >= b.start) fail(b, 'found after a later break: plays content');
    if (b.state === 'pending') started.push(b);
    st.breaks.push(b);
    byKey.set(b.key, b);
  }
  // Ends: the start of the origin Period after X, as first seen.
  periods.forEach((p, i) => {
    const b = p.id === null ? undefined : byKey.get(p.id);
    const next = periods[i + 1];
    if (b && b.periodEnd === null && next && next.start !== null) b.periodEnd = next.start;
  });
  // Breaks whose Period the origin no longer lists have left the window: nothing will list them again.
  const first = periods.find((p) => p.start !== null)?.start ?? null;
  const listed = new Set(periods.map((p) => p.id));
  st.breaks = st.breaks.filter((b) => listed.has(b.key) || first === null || b.start > first);
  return started;
}
