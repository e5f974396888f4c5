/**
 * Where the Periods of one live DASH break go (protocols.md §15, §7): a pure function of what is persisted
 * about the break (its start, its end once known, the decided avail), so that every refresh, every tab
 * and every worker restart computes the same Period ids, starts and presentationTimeOffsets (§15 PTO
 * stability, §19 DASH live).
 *
 * - Replacement: the break is the content Period `X` whose first SCTE-35 Event is a cue-out (multi-period
 *   input). The ads replace X's time from its start: ad k is the Period `X_<k+1>` (§15: `46041` →
 *   `46041_1`) at X@start + the durations of the ads before it, so ad Period@start = the ad's tracking
 *   startTime relative to availabilityStartTime (§5.1) and Period@id = its adId (§5.2).
 * - The break's end E is the earlier of X@start + the signalled duration and the start of the origin Period
 *   after X (an early return, §7 EARLY_CUE_IN: the ad running then is cut, later ones are not listed).
 * - After the ads: slate loops (`X_slate`, `X_slate_1`, ...; each at most the slate's length, its media
 *   played from its start) up to E when the session has a DASH slate, else the content. The content comes
 *   back at the resume point R (the ads' end without slate, E with it) as a copy of X named `X_PT<R−start>S`
 *   (dashPeriodIds.splitPeriodId) whose presentationTimeOffset is X's moved on by R − start, when R is before
 *   the end of X; otherwise the origin's next Period follows directly.
 */
import type { PlannedAvail } from '../../session/plan';
import { splitPeriodId } from '../dashPeriodIds';

/** Seconds: two times closer than this are the same (float sums of durations). */
export const EPS = 0.001;

export type LivePiece =
  | { kind: 'ad'; id: string; start: number; end: number; adIndex: number }
  | { kind: 'slate'; id: string; start: number; end: number; loop: number }
  /** X's content from `offset` seconds into it; `end` null while X's end is unknown. */
  | { kind: 'content'; id: string; start: number; end: number | null; offset: number };

export interface LayoutInput {
  /** X@id and X@start (seconds from availabilityStartTime, as first seen). */
  periodId: string;
  start: number;
  signalledDuration: number | null;
  /** Start of the origin Period after X, once the origin lists one. */
  periodEnd: number | null;
  avail: Pick<PlannedAvail, 'ads' | 'slate'>;
}

export const adPeriodIdOf = (periodId: string, adIndex: number): string => `${periodId}_${adIndex + 1}`;
export const slatePeriodIdOf = (periodId: string, loop: number): string => `${periodId}_slate${loop === 0 ? '' : `_${loop}`}`;

/** The break's end E (see the header), null while unknown. */
export function breakEnd(b: Pick<LayoutInput, 'start' | 'signalledDuration' | 'periodEnd'>): number | null {
  const bySignal = b.signalledDuration === null ? Infinity : b.start + b.signalledDuration;
  const e = Math.min(bySignal, b.periodEnd ?? Infinity);
  return Number.isFinite(e) ? e : null;
}

/**
 * The pieces of the break in time order, ending at X's end (or open-ended while it is unknown: the caller
 * lists only the pieces the origin's edge has reached). At most `maxLoops` slate loops are laid out ahead
 * of an unknown end.
 */
export function layoutBreak(b: LayoutInput, maxLoops = 1000): LivePiece[] {
  const pieces: LivePiece[] = [];
  const E = breakEnd(b);
  const limit = E ?? Infinity;
  let t = b.start;
  for (const ad of b.avail.ads) {
    if (t >= limit - EPS) break;
    const end = Math.min(t + ad.duration, limit);
    pieces.push({ kind: 'ad', id: adPeriodIdOf(b.periodId, ad.index), start: t, end, adIndex: ad.index });
    t += ad.duration;
  }
  t = Math.min(t, limit);
  const slateLen = b.avail.slate ? slateLength(b.avail.slate) : 0;
  if (slateLen > EPS) {
    for (let loop = 0; t < limit - EPS && loop < maxLoops; loop++) {
      const end = Math.min(t + slateLen, limit);
      pieces.push({ kind: 'slate', id: slatePeriodIdOf(b.periodId, loop), start: t, end, loop });
      t = end;
    }
    if (E === null) return pieces;
  }
  // Content again from the resume point, unless X ends there.
  if (b.periodEnd === null || t < b.periodEnd - EPS) {
    const offset = t - b.start;
    pieces.push({ kind: 'content', id: splitPeriodId(b.periodId, offset), start: t, end: b.periodEnd, offset });
  }
  return pieces;
}

/** Seconds of one play of the slate's first rendition. */
export function slateLength(slate: NonNullable<PlannedAvail['slate']>): number {
  const r = slate.renditions[0];
  return r ? r.segments.reduce((a, s) => a + s.duration, 0) : 0;
}
