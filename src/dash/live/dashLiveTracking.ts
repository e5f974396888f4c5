/**
 * MediaTailor tracking JSON for a live DASH session (protocols.md §4, §5.1, §5.2), from the persisted state:
 * - `dashAvailabilityStartTime` is the origin's MPD@availabilityStartTime (§4.1), and every time is relative
 *   to it: an ad's startTime is its Period@start (§5.1 "DASH live"), the same for every session;
 * - availId is the replaced content Period's id, adId the ad's Period id, every eventId of an ad the ptsTime
 *   (90 kHz) of its start (§5.2); availProgramDateTime and adProgramDateTime are null (§4.2);
 * - an avail is listed once one of its ad Periods has been listed to the session (its ads are decided before
 *   that, invariant 8), until its Period leaves the origin's window; an ad cut by an early return lasts what
 *   was left of it, an ad after the return is not listed (§7 EARLY_CUE_IN). Slate is not an ad (§7).
 */
import { buildMediaTailorTracking, type AdTiming, type AvailTiming, type TrackingOptions } from '../../tracking/buildMediaTailorTracking';
import type { MediaTailorTracking } from '../../tracking/mediaTailorTypes';
import type { PlannedAvail, SessionPlan } from '../../session/plan';
import { ptsTimeOf } from '../planDashVod';
import type { DashLiveState } from './dashLiveTimeline';
import { piecesOf } from './stitchDashLive';

/** ISO form of MPD@availabilityStartTime, as written when it does not parse. */
function isoDate(text: string | null): string | null {
  if (text === null) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}

export function buildDashLiveTracking(st: DashLiveState, now: number, opts: Pick<TrackingOptions, 'overlayAvails'> = {}): MediaTailorTracking {
  const avails: PlannedAvail[] = [];
  const timings: AvailTiming[] = [];
  for (const b of st.breaks) {
    if (b.state !== 'ready' || !b.shown || !b.avail) continue;
    const ads: AdTiming[] = [];
    const planned = [];
    for (const piece of piecesOf(b)) {
      if (piece.kind !== 'ad') continue;
      const ad = b.avail.ads.find((a) => a.index === piece.adIndex);
      if (!ad) continue;
      planned.push(ad);
      ads.push({
        startTime: piece.start, duration: piece.end - piece.start, firstSequence: 0,
        segmentDurations: ad.renditions[0]?.segments.map((s) => s.duration) ?? [],
        ids: { adId: piece.id, eventId: ptsTimeOf(piece.start) },
      });
    }
    if (!ads.length) continue;
    avails.push({ ...b.avail, ads: planned });
    timings.push({ availIndex: b.avail.index, availId: b.key, startTime: ads[0].startTime, firstSequence: 0, ads, programDateTime: null });
  }
  const plan: SessionPlan = { kind: 'hls-vod', avails, timeline: [], decidedAt: now };
  const json = buildMediaTailorTracking(plan, timings, opts);
  // Replaced in place: the key keeps its alphabetical position (§4.7).
  json.dashAvailabilityStartTime = isoDate(st.availabilityStartTime);
  return json;
}
