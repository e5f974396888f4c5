/**
 * `nextToken` paging of the tracking JSON (protocols.md §3.2), for VOD and live alike:
 * - without a token: everything, and a token at the latest beacon listed (null when nothing is listed);
 * - with a token: only beacons (an ad's trackingEvents) that start after the token's position; ads left with
 *   none drop out, and avails left with no ads; overlay avails starting after it stay;
 * - nothing new: the same token comes back.
 * Positions compare in whole milliseconds, the precision of `startTimeInSeconds` (§4.5).
 */
import type { MediaTailorAvail, MediaTailorTracking } from './mediaTailorTypes';
import { canonicalToken, encodeNextToken, type TrackingCursor } from './nextToken';

const ms = (seconds: number) => Math.round(seconds * 1000);

/** Start (ms) of the latest beacon or overlay avail of a response, or null when it has none. */
function latest(t: MediaTailorTracking): number | null {
  let max: number | null = null;
  const see = (v: number) => { if (max === null || v > max) max = v; };
  for (const a of t.avails) for (const ad of a.ads) for (const e of ad.trackingEvents) see(ms(e.startTimeInSeconds));
  for (const a of t.nonLinearAvails) see(ms(a.startTimeInSeconds));
  return max;
}

function after(avails: MediaTailorAvail[], pos: number): MediaTailorAvail[] {
  const out: MediaTailorAvail[] = [];
  for (const avail of avails) {
    const ads = [];
    for (const ad of avail.ads) {
      const trackingEvents = ad.trackingEvents.filter((e) => ms(e.startTimeInSeconds) > pos);
      if (trackingEvents.length) ads.push({ ...ad, trackingEvents });
    }
    if (ads.length) out.push({ ...avail, ads });
  }
  return out;
}

export function pageTracking(
  full: MediaTailorTracking,
  token: { raw: string; cursor: TrackingCursor } | null,
  now: number,
): MediaTailorTracking {
  if (!token) {
    const max = latest(full);
    return { ...full, nextToken: max === null ? null : encodeNextToken({ positionMs: max, issuedAt: now, page: 1 }) };
  }
  const pos = token.cursor.positionMs;
  const page: MediaTailorTracking = {
    avails: after(full.avails, pos),
    dashAvailabilityStartTime: full.dashAvailabilityStartTime,
    hlsAnchorMediaSequenceNumber: full.hlsAnchorMediaSequenceNumber,
    nextToken: null,
    nonLinearAvails: full.nonLinearAvails.filter((a) => ms(a.startTimeInSeconds) > pos),
  };
  const max = latest(page);
  page.nextToken = max === null ? canonicalToken(token.raw) : encodeNextToken({ positionMs: max, issuedAt: now, page: token.cursor.page + 1 });
  return page;
}
