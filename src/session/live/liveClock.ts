/**
 * The session's stitched clock (protocols.md §5.1): tracking times are seconds from the first segment served
 * to the session, summed over EXTINF as served. A live window slides, so the clock is an anchor
 * (stitched msn → stitched time of its start) moved to the end of every window written; the next window
 * overlaps it as long as the player refreshes before the whole window has slid past (RFC 8216 §6.3.4
 * makes it refresh every target duration). Where a decided break's first ad segment is written, its stitched
 * msn and time are recorded on the break, so the tracking JSON no longer depends on the window.
 */
import type { MediaPlaylist } from '../../hls/parseMedia';
import type { Insertion } from '../../hls/stitchMedia';
import type { LiveTimeline } from './liveTimeline';
import type { LiveWindowPlan } from './liveWindow';

/** Stitched EXTINF of a written window, in the order stitchMedia writes the segments. */
export function stitchedDurations(playlist: MediaPlaylist, segmentCount: number, insertions: readonly Insertion[]): number[] {
  const order = insertions.slice().sort((a, b) => a.at - b.at);
  const out: number[] = [];
  let i = 0;
  for (const ins of order) {
    for (; i < ins.at; i++) out.push(playlist.segments[i].duration);
    for (const p of ins.pieces) for (const s of p.segments) out.push(s.duration);
    i = Math.max(i, ins.at + ins.replace);
  }
  for (; i < segmentCount; i++) out.push(playlist.segments[i].duration);
  return out;
}

/**
 * Move the clock over a written window whose first segment has stitched msn `first`, and return the
 * stitched time of that first segment. The first window served starts the clock at 0. A window that no
 * longer overlaps the anchor (the player paused longer than the window) is placed by the target duration,
 * an estimate, since the segments in between were never seen by this session.
 */
export function advanceClock(tl: LiveTimeline, first: number, durations: readonly number[], targetDuration: number): number {
  if (tl.clock === null) tl.clock = { msn: first, time: 0 };
  const { msn, time } = tl.clock;
  const end = first + durations.length;
  let t0: number;
  if (msn >= first && msn <= end) {
    t0 = time;
    for (let k = first; k < msn; k++) t0 -= durations[k - first];
  } else if (msn < first) {
    t0 = time + (first - msn) * targetDuration;
  } else {
    // A lagging playlist behind the anchor: place it, and leave the anchor where it is.
    let total = 0;
    for (const d of durations) total += d;
    return time - (msn - end) * targetDuration - total;
  }
  let t = t0;
  for (const d of durations) t += d;
  tl.clock = { msn: end, time: t };
  tl.windowStart = Math.max(tl.windowStart ?? first, first);
  return t0;
}

/**
 * Record the stitched msn and time of each decided break whose first ad segment this window writes.
 * `insertions` are the window's (window indices), `first` and `t0` its stitched msn and time.
 */
export function recordBreakStarts(
  tl: LiveTimeline, w0: number, first: number, t0: number, durations: readonly number[], insertions: readonly Insertion[],
): void {
  for (const b of tl.breaks) {
    if (b.state !== 'ready' || b.stitched) continue;
    const at = b.startMsn - w0;
    const ins = insertions.find((x) => x.at === at);
    if (!ins || !ins.pieces.length || !ins.pieces[0].segments.length) continue;
    // Stitched index of the insertion's first segment: its origin index plus what earlier insertions added.
    let idx = at;
    for (const x of insertions) {
      if (x.at >= at) continue;
      let added = 0;
      for (const p of x.pieces) added += p.segments.length;
      idx += added - x.replace;
    }
    let t = t0;
    for (let k = 0; k < idx; k++) t += durations[k];
    b.stitched = { msn: first + idx, time: t };
  }
}

/**
 * Give each insertion of a window the PDT of its first written ad segment: the break's origin PDT plus that
 * segment's offset in the layout (live replacement starts the ads at the break's first origin segment, so
 * this continues the content's PDT, players.md §1.9). Breaks whose origin has no PDT get none.
 */
export function setProgramDateTimes(plan: LiveWindowPlan, w0: number): void {
  for (const ins of plan.insertions) {
    const m = w0 + ins.at;
    const d = plan.regions.find((r) => r.brk.startMsn <= m && m < (r.region.resumeMsn ?? r.brk.startMsn + r.region.groups.length));
    const base = d?.brk.pdt ? Date.parse(d.brk.pdt) : NaN;
    if (!d || Number.isNaN(base)) continue;
    const { groups } = d.region;
    for (let k = m - d.brk.startMsn; k < groups.length; k++) {
      if (!groups[k].length) continue;
      ins.programDateTime = base + d.layout.segments[groups[k][0]].start * 1000;
      break;
    }
  }
}
