/**
 * Turn the plan into the insertions one media playlist needs: for each filled avail, the ad renditions
 * closest to this playlist's variant, audio ones for an audio playlist (chooseAdRendition), then slate.
 */
import { chooseAdRendition } from '../ads/chooseAdRendition';
import type { SignalledBreak } from '../hls/findBreaks';
import type { Insertion } from '../hls/stitchMedia';
import type { AdRendition, AdSegment, SessionPlan, PlannedAvail } from './plan';
import type { PlaylistRef } from './sessionRecord';
import { isSubtitlesRef, subtitleSegments } from './subtitleSegments';

/** Which plan piece each inserted piece is, so segment URLs can name it. */
export interface PieceRef {
  avail: number;
  piece: number | 'slate';
  rendition: number;
  /** Index in the piece's rendition list of the piece's first segment (a slate loop after the first: slateLoops). */
  firstSegment?: number;
}

export interface PlaylistInsertions {
  insertions: Insertion[];
  /** refs[insertionIndex][pieceIndex] */
  refs: PieceRef[][];
  /** Breaks of this playlist that matched no avail of the plan (they play content). */
  unmatched: SignalledBreak[];
}

/** Slate segments repeated until they cover `duration` seconds (whole segments; the last may run over). */
export function slateSegments(r: AdRendition, duration: number): AdSegment[] {
  return slateLoops(r, duration).flatMap((l) => l.segments);
}

/**
 * The slate, repeated until it covers `duration` seconds, cut into its repetitions. Each repetition starts the
 * slate's timestamps over, so it is its own piece: stitchMedia puts an EXT-X-DISCONTINUITY in front of it
 * (RFC 8216 §4.3.2.3: a timestamp sequence that starts again is a discontinuity). Without one, hls.js laid the
 * second loop over the first (players.md §3.2: timestamps are anchored per discontinuity). `first` is the
 * index of the repetition's first segment in the flat list (the /v1/segment route numbers slate segments so).
 */
export function slateLoops(r: AdRendition, duration: number): { first: number; segments: AdSegment[] }[] {
  const loops: { first: number; segments: AdSegment[] }[] = [];
  let t = 0;
  let n = 0;
  if (!r.segments.length) return loops;
  for (let i = 0; t < duration - 1e-3 && n < 10_000; i = (i + 1) % r.segments.length) {
    if (i === 0) loops.push({ first: n, segments: [] });
    loops[loops.length - 1].segments.push(r.segments[i]);
    t += r.segments[i].duration;
    n++;
  }
  return loops;
}

/**
 * VOD: avails are matched to the playlist's breaks by ordinal, checked against the content time.
 * A subtitle playlist (subtitleSegments.ts) gets WebVTT stand-ins for the segments of the renditions chosen
 * for `mirror`, the session's first variant (whose stitched timeline tracking reports, planVod.ts timelineOf),
 * so its ad boundaries fall where that variant's do (DESIGN invariant 2).
 */
export function buildInsertions(plan: SessionPlan, breaks: readonly SignalledBreak[], ref: PlaylistRef, mirror?: PlaylistRef): PlaylistInsertions {
  const subtitles = isSubtitlesRef(ref);
  const chooseFor = subtitles && mirror ? mirror : ref;
  const segmentsOf = (segments: AdSegment[]) => (subtitles ? subtitleSegments(segments) : segments);
  const byOrdinal = new Map<number, PlannedAvail>(plan.avails.map((a) => [a.breakOrdinal, a]));
  const insertions: Insertion[] = [];
  const refs: PieceRef[][] = [];
  const unmatched: SignalledBreak[] = [];
  for (const b of breaks) {
    const avail = byOrdinal.get(b.ordinal);
    if (!avail || Math.abs(avail.contentTime - b.startTime) > 0.5) { unmatched.push(b); continue; }
    if (avail.failure || (!avail.ads.length && !avail.slate)) continue;
    const pieces: Insertion['pieces'] = [];
    const pieceRefs: PieceRef[] = [];
    for (const ad of avail.ads) {
      const r = chooseAdRendition(chooseFor, ad.renditions);
      pieces.push({ kind: 'ad', segments: segmentsOf(ad.renditions[r].segments) });
      pieceRefs.push({ avail: avail.index, piece: ad.index, rendition: r });
    }
    if (avail.slate) {
      const r = chooseAdRendition(chooseFor, avail.slate.renditions);
      for (const loop of slateLoops(avail.slate.renditions[r], avail.slate.duration)) {
        pieces.push({ kind: 'slate', segments: segmentsOf(loop.segments) });
        pieceRefs.push({ avail: avail.index, piece: 'slate', rendition: r, firstSegment: loop.first });
      }
    }
    insertions.push({ at: avail.originSegment, replace: avail.replaceCount, pieces });
    refs.push(pieceRefs);
  }
  return { insertions, refs, unmatched };
}
