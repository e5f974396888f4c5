/**
 * One origin window → what stitchMedia needs to write it (./index.ts "Numbering"): the insertions of the
 * decided breaks, the stitched EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE as pure functions of
 * the timeline and the window's first origin msn (DESIGN invariant 3), and where the window is held back
 * in front of a break whose decision is not ready (invariant 8).
 */
import { chooseAdRendition } from '../../ads/chooseAdRendition';
import type { MediaPlaylist } from '../../hls/parseMedia';
import type { Insertion, StitchPiece } from '../../hls/stitchMedia';
import { slateSegments, type PieceRef } from '../buildInsertions';
import type { AdRendition, AdSegment, PlannedAvail } from '../plan';
import type { PlaylistRef } from '../sessionRecord';
import { isSubtitlesRef, subtitleSegments } from '../subtitleSegments';
import { layoutOf, regionOf, type BreakLayout, type BreakRegion } from './breakRegion';
import type { LiveBreak, LiveTimeline } from './liveTimeline';
import { assertNumberable } from './pruneTimeline';

export interface LiveWindowPlan {
  /** Origin segments to write: the window cut before a held-back break. */
  segmentCount: number;
  insertions: Insertion[];
  /** refs[insertion][piece], with the index of the piece's first listed segment in its rendition. */
  refs: LivePieceRef[][];
  mediaSequence: number;
  discontinuitySequence: number;
  leadingDiscontinuity: boolean;
  /** The break the window is held back for, if any. */
  heldBackFor: LiveBreak | null;
  /** Stitched positions of decided breaks in this window, for tracking. */
  regions: { brk: LiveBreak; layout: BreakLayout; region: BreakRegion }[];
}

export interface LivePieceRef extends PieceRef { firstSegment: number; }

interface Decided { brk: LiveBreak; layout: BreakLayout; region: BreakRegion; }

/**
 * Among the ad renditions with the layout's segment count (so this playlist lists the same segments), the one
 * chooseAdRendition picks: audio renditions for an audio playlist, variants for a variant (issue 5).
 */
function pickRendition(ref: PlaylistRef, renditions: readonly AdRendition[], segmentsOf: (r: AdRendition) => AdSegment[]): number {
  const want = segmentsOf(renditions[0]).length;
  const same = renditions.map((r, i) => ({ r, i })).filter((x) => segmentsOf(x.r).length === want);
  const k = chooseAdRendition(ref, same.map((x) => x.r));
  return k < 0 ? 0 : same[k].i;
}

export function decidedBreaks(tl: LiveTimeline): Decided[] {
  const out: Decided[] = [];
  for (const brk of tl.breaks) {
    if (brk.state !== 'ready' || !brk.avail) continue;
    const layout = layoutOf(brk.avail);
    out.push({ brk, layout, region: regionOf(brk, layout) });
  }
  return out;
}

/**
 * Stitched numbering relative to the origin's (see index.ts): for content segment m,
 * stitched msn = m + Σ msnDelta and stitched cc = origin cc + Σ discDelta over breaks resumed at or before m.
 */
export function deltas(d: Decided): { msn: number; disc: number } {
  const r = d.region.resumeMsn!;
  let originDiscs = 0;
  for (let m = d.brk.startMsn; m <= r; m++) if (d.brk.discs[m - d.brk.startMsn]) originDiscs++;
  return { msn: d.region.listed - (r - d.brk.startMsn), disc: d.region.pieceCount + 1 - originDiscs };
}

export function planLiveWindow(tl: LiveTimeline, playlist: MediaPlaylist, ref: PlaylistRef): LiveWindowPlan {
  const w0 = playlist.mediaSequence;
  const n = playlist.segments.length;
  const decided = decidedBreaks(tl);

  // Hold back in front of the first pending break (its segments are not listed until it is decided).
  let segmentCount = n;
  let heldBackFor: LiveBreak | null = null;
  for (const b of tl.breaks) {
    if (b.state === 'pending' && b.startMsn < w0 + n + 1) { segmentCount = Math.max(0, Math.min(n, b.startMsn - w0)); heldBackFor = b; break; }
  }

  // Numbering of the window's first element, from the breaks folded by pruneTimeline.ts.
  assertNumberable(tl, w0);
  let msnDelta = tl.pruned?.msn ?? 0;
  let discDelta = tl.pruned?.disc ?? 0;
  let inside: Decided | null = null;
  let isResume = false;
  for (const d of decided) {
    const r = d.region.resumeMsn;
    if (r !== null && r <= w0) {
      const x = deltas(d);
      msnDelta += x.msn;
      discDelta += x.disc;
      if (r === w0) isResume = true;
    } else if (d.brk.startMsn <= w0) {
      inside = d;
    }
  }
  const originDs = playlist.discontinuitySequence;
  const disc0 = n > 0 && playlist.segments[0].discontinuity;
  let mediaSequence: number;
  let discontinuitySequence: number;
  let leadingDiscontinuity: boolean;
  if (inside === null) {
    mediaSequence = w0 + msnDelta;
    // cc of the first segment minus its own flag (RFC 8216 §6.2.2).
    discontinuitySequence = originDs + discDelta - (isResume && !disc0 ? 1 : 0);
    leadingDiscontinuity = isResume;
  } else {
    const { brk, region, layout } = inside;
    const before = w0 - brk.startMsn;
    let listedBefore = 0;
    for (let k = 0; k < before && k < region.groups.length; k++) listedBefore += region.groups[k].length;
    mediaSequence = brk.startMsn + msnDelta + listedBefore;
    // cc of the content segment before the break: origin cc of startMsn minus its own flag, plus earlier breaks.
    let discsFromStart = 0;
    for (let k = 1; k <= before; k++) if (brk.discs[k]) discsFromStart++;
    const ccBefore = originDs + (disc0 ? 1 : 0) - discsFromStart - (brk.discs[0] ? 1 : 0) + discDelta;
    const piecesBefore = listedBefore === 0 ? 0 : layout.segments[listedBefore - 1].piece + 1;
    discontinuitySequence = ccBefore + piecesBefore;
    const first = layout.segments[listedBefore];
    // The first written element is an ad segment (tagged when it opens its piece) or resumed content.
    leadingDiscontinuity = first === undefined || listedBefore >= region.listed ? true : listedBefore === 0 || layout.segments[listedBefore - 1].piece !== first.piece;
  }

  // Insertions for the decided breaks that overlap the written part of the window.
  const insertions: Insertion[] = [];
  const refs: LivePieceRef[][] = [];
  const end = w0 + segmentCount;
  for (const { brk, layout, region } of decided) {
    const regionEnd = region.resumeMsn ?? brk.startMsn + region.groups.length;
    const from = Math.max(brk.startMsn, w0);
    const to = Math.min(regionEnd, end);
    if (from >= to) continue;
    const items: number[] = [];
    for (let m = from; m < to; m++) items.push(...(region.groups[m - brk.startMsn] ?? []));
    const { pieces, pieceRefs } = piecesOf(brk.avail!, layout, items, ref);
    insertions.push({ at: from - w0, replace: to - from, pieces });
    refs.push(pieceRefs);
  }
  return { segmentCount, insertions, refs, mediaSequence, discontinuitySequence, leadingDiscontinuity, heldBackFor, regions: decided };
}

function piecesOf(avail: PlannedAvail, layout: BreakLayout, items: number[], ref: PlaylistRef): { pieces: StitchPiece[]; pieceRefs: LivePieceRef[] } {
  const pieces: StitchPiece[] = [];
  const pieceRefs: LivePieceRef[] = [];
  let current = -1;
  let segments: AdSegment[] = [];
  let all: AdSegment[] = [];
  // A subtitle playlist lists WebVTT stand-ins for the layout's own rendition (the first, breakRegion.ts), so it
  // has the layout's segments and durations exactly (subtitleSegments.ts, invariant 2).
  const subtitles = isSubtitlesRef(ref);
  for (const j of items) {
    const ls = layout.segments[j];
    if (ls.piece !== current) {
      current = ls.piece;
      const which = layout.pieces[current];
      let r: number;
      if (which === 'slate') {
        const slate = avail.slate!;
        r = subtitles ? 0 : pickRendition(ref, slate.renditions, (x) => slateSegments(x, slate.duration));
        all = slateSegments(slate.renditions[r], slate.duration);
      } else {
        const ad = avail.ads.find((a) => a.index === which)!;
        r = subtitles ? 0 : pickRendition(ref, ad.renditions, (x) => x.segments);
        all = ad.renditions[r].segments;
      }
      if (subtitles) all = subtitleSegments(all);
      segments = [];
      pieces.push({ kind: which === 'slate' ? 'slate' : 'ad', segments });
      pieceRefs.push({ avail: avail.index, piece: which, rendition: r, firstSegment: ls.seg });
    }
    segments.push(all[ls.seg]);
  }
  return { pieces, pieceRefs };
}
