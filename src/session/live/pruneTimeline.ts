/**
 * Pruning of the persisted live timeline (issue 5): a 24 h session sees thousands of breaks, and every refresh
 * walks the timeline (observeWindow, planLiveWindow, tracking), so breaks that can no longer appear in any
 * window the session may still ask for are folded into a cumulative base and dropped.
 *
 * Numbering (./index.ts "Numbering", DESIGN invariant 3): the stitched msn of content segment m is
 * m + Σ msnDelta and its discontinuity number origin cc + Σ discDelta over the decided breaks resumed at or
 * before m. A break resumed before every window the session will still serve contributes to every such sum,
 * so its deltas are added once to `tl.pruned` and planLiveWindow starts its sums from there: the numbers
 * written stay exactly those of an unpruned timeline.
 *
 * The rule (when it is safe): a break is folded only when its whole span, up to and including the segment
 * after it (`endMsn`), lies before the cutoff C = min over the session's playlists refreshed in the last
 * RECENT_MS of (their window's first msn − their window's length), i.e. at least one whole window behind the
 * oldest window any recently played rendition has shown. Every rendition of a live origin shows the same
 * sliding window within a refresh or two (protocols.md §6.1), so a lagging rendition stays well inside that
 * margin; a playlist not refreshed for RECENT_MS is not being played, and when it is asked for again the
 * origin answers with its current window, not an older one. Only a prefix of the breaks is folded (they are
 * in start order), and only breaks that are final: failed ones (never stitched), and decided ones whose end,
 * resume point and recorded durations can no longer change, and which the tracking JSON no longer lists
 * (liveTracking.ts: their segments have left the newest window). A window that still starts before C (a
 * rendition more than a whole window behind) cannot be numbered from the base: planLiveWindow refuses it and
 * the engine fails open to the origin's playlist (DESIGN invariant 6). Old stored timelines have no base and
 * are pruned from their next refresh on.
 *
 * Ad segment requests of a folded break (availOf) are no longer answered: by the rule above, a player would
 * have to play more than one window behind the oldest window it was served.
 */
import { ErrorCode, StitchboxError } from '../../errors';
import { deltas } from './liveWindow';
import { layoutOf, regionOf } from './breakRegion';
import { MAX_RECORDED, type LiveBreak, type LiveTimeline } from './liveTimeline';

/** A playlist refreshed within this long counts for the cutoff (players refresh every target duration, RFC 8216 §6.3.4). */
export const RECENT_MS = 120_000;

export interface PrunedBase {
  /** Origin msn before which every break was folded: no window starting before it can be numbered. */
  through: number;
  /** Σ msnDelta and Σ discDelta of the folded decided breaks (liveWindow.ts `deltas`). */
  msn: number;
  disc: number;
  /** How many breaks were folded (diagnostics). */
  breaks: number;
}

/** Per playlist URL: the first msn and length of its newest window, and when it was served (for the cutoff). */
export type WindowMarks = Record<string, { w0: number; n: number; at: number }>;

/**
 * A window starting before the folded breaks cannot be numbered (see the header): refuse it before it is
 * observed, so the engine fails open for that response and the timeline stays as it is.
 */
export function assertNumberable(tl: LiveTimeline, w0: number): void {
  if (tl.pruned && w0 < tl.pruned.through) {
    throw new StitchboxError(ErrorCode.MANIFEST_INVALID, `live window starts at origin msn ${w0}, before the pruned timeline (${tl.pruned.through}): it cannot be numbered`);
  }
}

/** Whether nothing about `b` can change any more, and it contributes to no window starting at or after `cutoff`. */
function foldable(tl: LiveTimeline, b: LiveBreak, cutoff: number): boolean {
  if (b.state === 'pending') return false;
  if (b.state === 'failed') return (b.cueMsn ?? b.startMsn) < cutoff && b.startMsn < cutoff && (b.endMsn === null || b.endMsn < cutoff);
  if (b.endMsn === null || b.endMsn >= cutoff || !b.avail) return false;
  // Durations complete (observeWindow records up to endMsn, at most MAX_RECORDED): the region is final.
  if (b.startMsn + b.durations.length <= Math.min(b.endMsn, b.startMsn + MAX_RECORDED - 1)) return false;
  const layout = layoutOf(b.avail);
  const region = regionOf(b, layout);
  if (region.resumeMsn === null) return false;
  // Still listed by the tracking JSON (liveTracking.ts) until its segments have left the newest window.
  if (b.stitched && (tl.windowStart === undefined || b.stitched.msn + region.listed > tl.windowStart)) return false;
  return true;
}

/**
 * Record the window just served (playlist `url`, first msn `w0`, `n` segments, at `now`) and fold the breaks
 * that left every window the session may still ask for. Pure; returns how many breaks were folded.
 */
export function pruneTimeline(tl: LiveTimeline, url: string, w0: number, n: number, now: number): number {
  const marks: WindowMarks = tl.windows ?? {};
  marks[url] = { w0, n, at: now };
  let cutoff = Infinity;
  for (const key of Object.keys(marks)) {
    const m = marks[key];
    if (now - m.at > RECENT_MS) { delete marks[key]; continue; }
    cutoff = Math.min(cutoff, m.w0 - Math.max(1, m.n));
  }
  tl.windows = marks;
  if (!Number.isFinite(cutoff)) return 0;
  let k = 0;
  while (k < tl.breaks.length && foldable(tl, tl.breaks[k], cutoff)) k++;
  if (k === 0) return 0;
  const base: PrunedBase = tl.pruned ?? { through: cutoff, msn: 0, disc: 0, breaks: 0 };
  for (let i = 0; i < k; i++) {
    const b = tl.breaks[i];
    if (b.state !== 'ready' || !b.avail) continue;
    const layout = layoutOf(b.avail);
    const x = deltas({ brk: b, layout, region: regionOf(b, layout) });
    base.msn += x.msn;
    base.disc += x.disc;
  }
  base.through = Math.max(base.through, cutoff);
  base.breaks += k;
  tl.pruned = base;
  tl.breaks.splice(0, k);
  return k;
}
