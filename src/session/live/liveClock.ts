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

/**
 * Stitched EXTINF of a written window, in the order stitchMedia writes the segments, read on demand: a warm
 * refresh (issue 9) needs only the segments after the clock's anchor (what entered the window), so the window
 * is not walked to build the whole list.
 */
export interface StitchedDurations {
  /** How many segments the window writes. */
  readonly length: number;
  /** The durations of the written segments k, k+1, ... to the end. */
  from(k: number): number[];
}

export function stitchedDurations(playlist: MediaPlaylist, segmentCount: number, insertions: readonly Insertion[]): StitchedDurations {
  const order = insertions.slice().sort((a, b) => a.at - b.at);
  // Runs of the written window: origin segments [from, to), or the pieces of one insertion.
  const runs: ({ from: number; to: number } | { ins: Insertion; count: number })[] = [];
  let i = 0;
  let length = 0;
  for (const ins of order) {
    if (i < ins.at) { runs.push({ from: i, to: ins.at }); length += ins.at - i; i = ins.at; }
    let count = 0;
    for (const p of ins.pieces) count += p.segments.length;
    runs.push({ ins, count });
    length += count;
    i = Math.max(i, ins.at + ins.replace);
  }
  if (i < segmentCount) { runs.push({ from: i, to: segmentCount }); length += segmentCount - i; }
  return {
    length,
    from(k) {
      const out: number[] = [];
      let at = 0;
      for (const r of runs) {
        if ('ins' in r) {
          if (at + r.count > k) for (const p of r.ins.pieces) for (const s of p.segments) { if (at >= k) out.push(s.duration); at++; }
          else at += r.count;
        } else {
          const skip = Math.max(0, Math.min(r.to - r.from, k - at));
          for (let m = r.from + skip; m < r.to; m++) out.push(playlist.segments[m].duration);
          at += r.to - r.from;
        }
      }
      return out;
    },
  };
}

const sum = (t: number, durations: readonly number[]) => { for (const d of durations) t += d; return t; };

/**
 * Move the clock over a written window whose first segment has stitched msn `first`, and return the
 * stitched time of that first segment (computed only when asked: recordBreakStarts needs it when a break's
 * first ad segment is written). The first window served starts the clock at 0. The anchor moves by the
 * segments after it (what entered the window since), so a refresh adds what is new rather than re-summing
 * the window. A window that no longer overlaps the anchor (the player paused longer than the window) is
 * placed by the target duration, an estimate, since the segments in between were never seen by this session.
 */
export function advanceClock(tl: LiveTimeline, first: number, durations: StitchedDurations, targetDuration: number): () => number {
  if (tl.clock === null) tl.clock = { msn: first, time: 0 };
  const { msn, time } = tl.clock;
  const end = first + durations.length;
  if (msn >= first && msn <= end) {
    tl.clock = { msn: end, time: sum(time, durations.from(msn - first)) };
    tl.windowStart = Math.max(tl.windowStart ?? first, first);
    return () => { let t0 = time; for (const d of durations.from(0).slice(0, msn - first)) t0 -= d; return t0; };
  }
  if (msn < first) {
    const t0 = time + (first - msn) * targetDuration;
    tl.clock = { msn: end, time: sum(t0, durations.from(0)) };
    tl.windowStart = Math.max(tl.windowStart ?? first, first);
    return () => t0;
  }
  // A lagging playlist behind the anchor: place it, and leave the anchor where it is.
  const t0 = time - (msn - end) * targetDuration - sum(0, durations.from(0));
  return () => t0;
}

/**
 * Record the stitched msn and time of each decided break whose first ad segment this window writes.
 * `insertions` are the window's (window indices), `first` and `t0` its stitched msn and time.
 */
export function recordBreakStarts(
  tl: LiveTimeline, w0: number, first: number, t0: () => number, durations: StitchedDurations, insertions: readonly Insertion[],
): void {
  let all: number[] | null = null;
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
    all ??= durations.from(0);
    let t = t0();
    for (let k = 0; k < idx; k++) t += all[k];
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
