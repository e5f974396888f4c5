/**
 * Turn the plan into the insertions one media playlist needs: for each filled avail, the ad renditions
 * closest to this playlist's variant, audio ones for an audio playlist (chooseAdRendition), then slate.
 */
import { chooseAdRendition } from '../ads/chooseAdRendition';
import type { SignalledBreak } from '../hls/findBreaks';
import type { Insertion } from '../hls/stitchMedia';
import type { AdRendition, AdSegment, SessionPlan, PlannedAvail } from './plan';
import type { PlaylistRef } from './sessionRecord';

/** Which plan piece each inserted piece is, so segment URLs can name it. */
export interface PieceRef {
  avail: number;
  piece: number | 'slate';
  rendition: number;
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
  const out: AdSegment[] = [];
  let t = 0;
  if (!r.segments.length) return out;
  for (let i = 0; t < duration - 1e-3 && out.length < 10_000; i = (i + 1) % r.segments.length) {
    out.push(r.segments[i]);
    t += r.segments[i].duration;
  }
  return out;
}

/** VOD: avails are matched to the playlist's breaks by ordinal, checked against the content time. */
export function buildInsertions(plan: SessionPlan, breaks: readonly SignalledBreak[], ref: PlaylistRef): PlaylistInsertions {
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
      const r = chooseAdRendition(ref, ad.renditions);
      pieces.push({ kind: 'ad', segments: ad.renditions[r].segments });
      pieceRefs.push({ avail: avail.index, piece: ad.index, rendition: r });
    }
    if (avail.slate) {
      const r = chooseAdRendition(ref, avail.slate.renditions);
      pieces.push({ kind: 'slate', segments: slateSegments(avail.slate.renditions[r], avail.slate.duration) });
      pieceRefs.push({ avail: avail.index, piece: 'slate', rendition: r });
    }
    insertions.push({ at: avail.originSegment, replace: avail.replaceCount, pieces });
    refs.push(pieceRefs);
  }
  return { insertions, refs, unmatched };
}
