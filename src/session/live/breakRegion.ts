/**
 * Where a decided break's ad and slate segments go (./index.ts "Progressive reveal"). The layout is taken
 * from the first rendition of each ad (and of the slate), so every playlist of the session reveals the same
 * segments at the same origin segments (DESIGN invariant 2).
 */
import { slateLoops } from '../buildInsertions';
import type { PlannedAvail } from '../plan';
import type { LiveBreak } from './liveTimeline';
import { OPEN_BREAK_LIMIT_S } from './liveTimeline';

export interface LayoutSegment {
  /** Index into `pieces`. */
  piece: number;
  /** Index of the segment in its rendition's list (for the slate: in the repeated list, slateSegments). */
  seg: number;
  /** Seconds from the break start. */
  start: number;
  end: number;
}

export interface BreakLayout {
  /** The avail's pieces in play order: ads by their index in `avail.ads`, then 'slate' once per slate repetition (slateLoops). */
  pieces: (number | 'slate')[];
  segments: LayoutSegment[];
  total: number;
}

export interface BreakRegion {
  /** Origin msn where content resumes; null while the break is open and its ads still run. */
  resumeMsn: number | null;
  /** groups[k]: layout segment indices listed in place of origin segment startMsn + k. */
  groups: number[][];
  /** Layout segments listed in all (only final once resumeMsn is known). */
  listed: number;
  /** Pieces with at least one listed segment. */
  pieceCount: number;
}

/** Timing tolerance (EXTINF are rounded decimals). */
const TOL = 0.001;

export function layoutOf(avail: PlannedAvail): BreakLayout {
  const pieces: (number | 'slate')[] = [];
  const segments: LayoutSegment[] = [];
  let t = 0;
  const add = (piece: number | 'slate', durations: number[], first = 0) => {
    const p = pieces.length;
    pieces.push(piece);
    durations.forEach((d, seg) => {
      // An open break runs until its cue-in, at most OPEN_BREAK_LIMIT_S (protocols.md §7, §11).
      if (t >= OPEN_BREAK_LIMIT_S - TOL) return;
      segments.push({ piece: p, seg: first + seg, start: t, end: t + d });
      t += d;
    });
    if (!segments.length || segments[segments.length - 1].piece !== p) pieces.pop();
  };
  for (const ad of avail.ads) add(ad.index, ad.renditions[0]?.segments.map((s) => s.duration) ?? []);
  if (avail.slate && avail.slate.renditions[0]) {
    for (const loop of slateLoops(avail.slate.renditions[0], avail.slate.duration)) add('slate', loop.segments.map((s) => s.duration), loop.first);
  }
  return { pieces, segments, total: t };
}

/**
 * Assign layout segments to origin segments: an ad segment is listed with the origin segment during which
 * its end is reached (never ahead of the origin's own time, invariant 8); once the break has ended, the
 * segment that straddles its end is listed with the last origin segment and the rest are cut (early
 * cue-in, protocols.md §7). Origin segments that start after the ads and slate are over play content.
 */
export function regionOf(b: LiveBreak, layout: BreakLayout): BreakRegion {
  const segs = layout.segments;
  const closed = b.endMsn !== null;
  const count = closed ? Math.min(b.durations.length, b.endMsn! - b.startMsn) : b.durations.length;
  const groups: number[][] = [];
  let resumeMsn: number | null = null;
  let c = 0;
  let j = 0;
  for (let k = 0; k < count; k++) {
    if (c >= layout.total - TOL) { resumeMsn = b.startMsn + k; break; }
    c += b.durations[k];
    const g: number[] = [];
    while (j < segs.length && segs[j].end <= c + TOL) g.push(j++);
    if (closed && k === count - 1 && b.startMsn + count === b.endMsn) while (j < segs.length && segs[j].start < c - TOL) g.push(j++);
    groups.push(g);
  }
  if (resumeMsn === null && closed && b.startMsn + count === b.endMsn) resumeMsn = b.endMsn;
  const pieceCount = j === 0 ? 0 : segs[j - 1].piece + 1;
  return { resumeMsn, groups, listed: j, pieceCount };
}
