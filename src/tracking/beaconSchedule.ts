/**
 * Server-side beacon timing (protocols.md §14.1): MediaTailor fires on ad-segment requests,
 * `impression` + `start` on the first segment, `firstQuartile` / `midpoint` / `thirdQuartile` on the segment
 * that covers 25 / 50 / 75 % of the ad, and `complete` on the last one ([INFERRED] there).
 *
 * The ad's duration is the sum of the rendition's EXTINF; segment i covers [start_i, start_i + d_i), with
 * start_i accumulated in order, so the segments partition [0, total) and every quartile lands on exactly
 * one segment, also with uneven or zero-length segments. Each event is due on exactly one segment of the
 * rendition; deduplication per (session, avail, ad, event) is the caller's (§14.1).
 */
export type LinearEvent = 'impression' | 'start' | 'firstQuartile' | 'midpoint' | 'thirdQuartile' | 'complete';

export const QUARTILES: readonly { event: LinearEvent; fraction: number }[] = [
  { event: 'firstQuartile', fraction: 0.25 },
  { event: 'midpoint', fraction: 0.5 },
  { event: 'thirdQuartile', fraction: 0.75 },
];

function clean(d: number): number {
  return Number.isFinite(d) && d > 0 ? d : 0;
}

/** Index of the segment holding `fraction` of the total duration (0 when the rendition has no duration). */
export function segmentAtFraction(segmentDurations: readonly number[], fraction: number): number {
  let total = 0;
  for (const d of segmentDurations) total += clean(d);
  if (total <= 0) return 0;
  const target = fraction * total;
  let start = 0;
  for (let i = 0; i < segmentDurations.length; i++) {
    const end = start + clean(segmentDurations[i]);
    if (target >= start && target < end) return i;
    start = end;
  }
  return segmentDurations.length - 1;
}

export function eventsDueOnSegment(segmentDurations: readonly number[], index: number): LinearEvent[] {
  const n = segmentDurations.length;
  if (!Number.isInteger(index) || index < 0 || index >= n) return [];
  const due: LinearEvent[] = [];
  if (index === 0) due.push('impression', 'start');
  for (const q of QUARTILES) if (segmentAtFraction(segmentDurations, q.fraction) === index) due.push(q.event);
  if (index === n - 1) due.push('complete');
  return due;
}
