/**
 * Which ads fill a break (protocols.md §7):
 * - whole ads only, in response order; an ad is never clipped to fit. An ad longer than what is left is
 *   skipped (AVAIL_DURATION_EXCEEDED) and later, shorter ads are still tried ([INFERRED] in §7: it fills
 *   more of the break and keeps the order of the ads that play);
 * - the remainder of a replaced break is slate when a slate is configured, else the underlying content;
 * - when the remainder exceeds the personalization threshold, the whole break is abandoned and plays
 *   content (LEFTOVER_AVAIL_EXCEEDED_THRESHOLD: "threshold 3 s, 4 s of slate → content");
 * - `limit` null is an insertion (VOD `EXT-X-CUE-OUT:0`, or no duration at all): every ad plays.
 * Examples from §7: a 70 s break with two 40 s ads → one ad + 30 s slate; a 30 s break whose shortest ad
 * is 40 s → no ads.
 */
import type { SkipReason } from '../session/plan';

export interface FillCandidate {
  duration: number;
}

export interface FillResult<T> {
  chosen: T[];
  skipped: { ad: T; reason: SkipReason }[];
  slateDuration: number;
  /** Threshold exceeded: the break plays content. */
  abandoned: boolean;
}

/**
 * Durations are float sums of EXTINF (and of rounded decimals such as 10.0003); a millisecond of
 * tolerance keeps float noise out of the decisions, so an ad that fits on paper fits here.
 */
const TOLERANCE = 0.001;

export function fillAvail<T extends FillCandidate>(
  ads: readonly T[],
  limit: number | null,
  opts: { slateAvailable: boolean; personalizationThreshold: number | null },
): FillResult<T> {
  if (limit === null) return { chosen: ads.slice(), skipped: [], slateDuration: 0, abandoned: false };

  const chosen: T[] = [];
  const skipped: { ad: T; reason: SkipReason }[] = [];
  let used = 0;
  for (const ad of ads) {
    const d = Number.isFinite(ad.duration) && ad.duration > 0 ? ad.duration : 0;
    if (used + d <= limit + TOLERANCE) {
      chosen.push(ad);
      used += d;
    } else {
      skipped.push({ ad, reason: 'AVAIL_DURATION_EXCEEDED' });
    }
  }
  const remainder = Math.max(0, limit - used);
  const leftover = remainder > TOLERANCE ? remainder : 0;
  const threshold = opts.personalizationThreshold;
  if (threshold !== null && leftover > threshold + TOLERANCE) {
    for (const ad of chosen) skipped.push({ ad, reason: 'LEFTOVER_AVAIL_EXCEEDED_THRESHOLD' });
    return { chosen: [], skipped, slateDuration: 0, abandoned: true };
  }
  return { chosen, skipped, slateDuration: opts.slateAvailable ? leftover : 0, abandoned: false };
}
