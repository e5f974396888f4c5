/**
 * MediaTailor tracking JSON for a live HLS session (protocols.md §4, §5.1, §5.2), from the persisted
 * timeline. Shaka polls it after every live refresh and compares `startTimeInSeconds` with its playhead
 * (players.md §1.4-1.6), so times are on the session's stitched clock (liveClock.ts):
 * - an avail is listed once its first ad segment has been written to a playlist of the session (its ads are
 *   decided before that, invariant 8, so the first listing is complete), until its last segment has left
 *   the newest window (§3.1: data stays while its segments are in the window);
 * - availId / adId are the stitched msn of the avail's / ad's first segment, eventIds those of the segment
 *   each beacon falls on (§5.2); ad times are the layout's (the first rendition of each ad, breakRegion.ts);
 * - an ad cut by an early cue-in lasts what was listed of it; an ad never listed is left out (§7 EARLY_CUE_IN).
 */
import { buildMediaTailorTracking, type AdTiming, type AvailTiming, type TrackingOptions } from '../../tracking/buildMediaTailorTracking';
import type { MediaTailorTracking } from '../../tracking/mediaTailorTypes';
import type { PlannedAvail, SessionPlan } from '../plan';
import { decidedBreaks } from './liveWindow';
import type { LiveTimeline } from './liveTimeline';

export function buildLiveTracking(tl: LiveTimeline, now: number, opts: Pick<TrackingOptions, 'overlayAvails'> = {}): MediaTailorTracking {
  const avails: PlannedAvail[] = [];
  const timings: AvailTiming[] = [];
  for (const { brk, layout, region } of decidedBreaks(tl)) {
    if (!brk.stitched || !brk.avail) continue;
    // Listed segments: all of the layout while the break runs, what was listed once it has ended.
    const listed = region.resumeMsn === null ? layout.segments.length : region.listed;
    if (tl.windowStart !== undefined && brk.stitched.msn + listed <= tl.windowStart) continue;
    const ads: AdTiming[] = [];
    const planned = [];
    for (let p = 0; p < layout.pieces.length; p++) {
      const piece = layout.pieces[p];
      if (piece === 'slate') continue;
      const segs: number[] = [];
      let first = -1;
      for (let j = 0; j < listed; j++) {
        const s = layout.segments[j];
        if (s.piece !== p) continue;
        if (first < 0) first = j;
        segs.push(s.end - s.start);
      }
      if (first < 0) continue;
      const ad = brk.avail.ads.find((a) => a.index === piece);
      if (!ad) continue;
      planned.push(ad);
      ads.push({
        startTime: brk.stitched.time + layout.segments[first].start,
        duration: segs.reduce((a, b) => a + b, 0),
        firstSequence: brk.stitched.msn + first,
        segmentDurations: segs,
      });
    }
    if (!ads.length) continue;
    avails.push({ ...brk.avail, ads: planned });
    timings.push({ availIndex: brk.avail.index, startTime: ads[0].startTime, firstSequence: brk.stitched.msn, ads, programDateTime: brk.pdt ?? null });
  }
  const plan: SessionPlan = { kind: 'hls-vod', avails, timeline: [], decidedAt: now };
  return buildMediaTailorTracking(plan, timings, opts);
}
