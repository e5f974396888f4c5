/**
 * MediaTailor client-side tracking JSON for one session (protocols.md §4, §5; players.md §1.5), from the
 * plan and from where each ad landed on the session's stitched timeline (its first media playlist).
 *
 * - Times are seconds from the session's first served segment (§5.1). Quartiles sit at
 *   start + {0, 0, .25, .5, .75, 1} × duration for impression, start, firstQuartile, midpoint,
 *   thirdQuartile, complete; impression carries the ad duration, the others 0 (§4.5).
 * - IDs are media sequence numbers as strings (§5.2): availId the avail's first segment, adId the ad's,
 *   eventId the segment the event falls on, chosen exactly as the server-side beacon schedule does
 *   (beaconSchedule.ts), so both modes agree on which segment an event belongs to.
 * - clickThrough carries the landing page and the ad duration; clickTracking and customClick the VAST
 *   ClickTracking and CustomClick URLs;
 *   other VAST events (pause, mute, skip, ...) are player operations and sit at the ad start. `progress`
 *   events sit at the ad start + their offset (resolved to seconds in the plan), one per offset; a plan
 *   without resolved offsets leaves them out, as at the ad start they would fire early.
 * - Avails that play content (a failure) or no ads are not listed: slate is not an ad (§7).
 * - The VAST objects of each ad are listed as MediaTailor does (§4.3, §4.4): companionAds, adVerifications,
 *   icons (timed from the ad start), extensions (with SIMID InteractiveCreativeFiles), mediaFiles (VPAID and
 *   other script MediaFiles only); the avail's adBreakTrackingEvents are its VMAP break's TrackingEvents.
 * - Overlays (VAST NonLinearAds; VMAP breakType nonlinear) are listed only when the session asked for them
 *   with `overlayAvails: "on"` (§1.1): `nonLinearAdsList` of the avail, and root `nonLinearAvails`.
 * - Serialisation is deterministic: keys are created in alphabetical order, events in a fixed order.
 */
import type { PlannedAd, PlannedAvail, PlannedNonLinearAvail, SessionPlan } from '../session/plan';
import { adBreakTrackingEventsJson } from './adBreakTrackingEventsJson';
import { adVerificationsJson } from './adVerificationsJson';
import { QUARTILES, segmentAtFraction } from './beaconSchedule';
import { companionAdsJson } from './companionAdsJson';
import { extensionsJson } from './extensionsJson';
import { iconsJson } from './iconsJson';
import { mediaFilesJson } from './mediaFilesJson';
import { nonLinearAdsJson } from './nonLinearAdsJson';
import { isoDuration, truncateToMs } from './isoDuration';
import type { MediaTailorAd, MediaTailorAvail, MediaTailorTracking, MediaTailorTrackingEvent } from './mediaTailorTypes';

export { isoDuration } from './isoDuration';

export interface AdTiming {
  startTime: number;
  duration: number;
  firstSequence: number;
  segmentDurations: number[];
  /** DASH ids (protocols.md §5.2): adId = the ad's Period id, every eventId = the ptsTime of the ad start. */
  ids?: { adId: string; eventId: string };
}

export interface AvailTiming {
  availIndex: number;
  startTime: number;
  firstSequence: number;
  /** Same order as the plan's ads. */
  ads: AdTiming[];
  /** PROGRAM-DATE-TIME of the avail's first ad segment, when the playlist has one. */
  programDateTime: string | null;
  /** DASH: the avail's Period-based id (protocols.md §5.2); absent for HLS (the first sequence number). */
  availId?: string;
}

export type BeaconUrlsHook = (availIndex: number, adIndex: number, eventType: string, urls: string[]) => string[];

export interface TrackingOptions {
  beaconUrls?: BeaconUrlsHook;
  /** The session's `overlayAvails: "on"` (protocols.md §1.1): list non-linear ads and avails. */
  overlayAvails?: boolean;
}

const LINEAR_EVENTS = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'] as const;
/** Events listed by their own rule, or not at all (see the header). */
const NOT_OTHER = new Set<string>([...LINEAR_EVENTS, 'progress', 'clickThrough', 'clickTracking', 'customClick']);

function event(eventType: string, beaconUrls: string[], start: number, duration: number, eventId: number | string): MediaTailorTrackingEvent {
  return {
    beaconUrls,
    duration: isoDuration(duration),
    durationInSeconds: truncateToMs(duration),
    eventId: String(eventId),
    eventProgramDateTime: null,
    eventType,
    startTime: isoDuration(start),
    startTimeInSeconds: truncateToMs(start),
  };
}

/** Sequence number offset (from the ad's first segment) of the segment each linear event falls on. */
function segmentOffset(type: (typeof LINEAR_EVENTS)[number], segs: readonly number[]): number {
  if (!segs.length || type === 'impression' || type === 'start') return 0;
  if (type === 'complete') return segs.length - 1;
  return segmentAtFraction(segs, QUARTILES.find((q) => q.event === type)!.fraction);
}

const FRACTION: Record<(typeof LINEAR_EVENTS)[number], number> = {
  impression: 0, start: 0, firstQuartile: 0.25, midpoint: 0.5, thirdQuartile: 0.75, complete: 1,
};

function trackingEventsOf(ad: PlannedAd, timing: AdTiming, urls: (type: string, u: string[]) => string[]): MediaTailorTrackingEvent[] {
  const out: MediaTailorTrackingEvent[] = [];
  // DASH: every event of the ad carries the ad start's ptsTime (§5.2) instead of a sequence number.
  const dashEventId = timing.ids?.eventId;
  const t = dashEventId === undefined ? timing : { ...timing, firstSequence: 0 };
  const id = (seq: number): number | string => dashEventId ?? seq;
  for (const type of LINEAR_EVENTS) {
    out.push(event(type, urls(type, ad.tracking[type] ?? []), t.startTime + FRACTION[type] * t.duration,
      type === 'impression' ? t.duration : 0, id(t.firstSequence + segmentOffset(type, t.segmentDurations))));
  }
  // progress (VAST 4.2 Tracking@offset): grouped by offset, on the segment that offset falls on.
  const byOffset = new Map<number, string[]>();
  for (const p of ad.progress ?? []) {
    const at = Math.min(Math.max(0, p.offset), t.duration);
    const list = byOffset.get(at);
    if (list) list.push(p.url); else byOffset.set(at, [p.url]);
  }
  for (const [at, u] of [...byOffset].sort((a, b) => a[0] - b[0])) {
    const seq = t.firstSequence + (t.duration > 0 ? segmentAtFraction(t.segmentDurations, at / t.duration) : 0);
    out.push(event('progress', urls('progress', u), t.startTime + at, 0, id(seq)));
  }
  if (ad.clickThrough) out.push(event('clickThrough', urls('clickThrough', [ad.clickThrough]), t.startTime, t.duration, id(t.firstSequence)));
  if (ad.clickTracking.length) out.push(event('clickTracking', urls('clickTracking', ad.clickTracking), t.startTime, 0, id(t.firstSequence)));
  if (ad.customClick?.length) out.push(event('customClick', urls('customClick', ad.customClick), t.startTime, 0, id(t.firstSequence)));
  for (const type of Object.keys(ad.tracking).sort()) {
    const u = ad.tracking[type];
    if (NOT_OTHER.has(type) || !u || !u.length) continue;
    out.push(event(type, urls(type, u), t.startTime, 0, id(t.firstSequence)));
  }
  return out;
}

/** PDT of an ad: the avail's first-ad-segment PDT plus the ad's offset in the avail. */
function adProgramDateTime(avail: AvailTiming, ad: AdTiming): string | null {
  if (avail.programDateTime === null) return null;
  const base = Date.parse(avail.programDateTime);
  if (Number.isNaN(base)) return null;
  if (ad.startTime === avail.startTime) return avail.programDateTime;
  return new Date(base + Math.round((ad.startTime - avail.startTime) * 1000)).toISOString();
}

function buildAd(planned: PlannedAd, timing: AdTiming, avail: AvailTiming, hook: BeaconUrlsHook | undefined): MediaTailorAd {
  const urls = (type: string, u: string[]) => (hook ? hook(avail.availIndex, planned.index, type, u.slice()) : u.slice());
  return {
    adId: timing.ids?.adId ?? String(timing.firstSequence),
    adParameters: planned.adParameters ?? '',
    adProgramDateTime: adProgramDateTime(avail, timing),
    adSystem: planned.adSystem ?? '',
    adTitle: planned.adTitle ?? '',
    adVerifications: adVerificationsJson(planned.verifications ?? []),
    companionAds: companionAdsJson(planned.companionAds ?? []),
    creativeId: planned.creativeId ?? '',
    creativeSequence: planned.creativeSequence ?? '',
    duration: isoDuration(timing.duration),
    durationInSeconds: truncateToMs(timing.duration),
    extensions: extensionsJson(planned.extensions ?? [], planned.interactiveCreativeFiles ?? []),
    icons: iconsJson(planned.icons ?? [], timing.startTime),
    mediaFiles: mediaFilesJson(planned.interactiveMediaFiles ?? [], planned.mezzanine ?? ''),
    skipOffset: planned.skipOffset ?? null,
    startTime: isoDuration(timing.startTime),
    startTimeInSeconds: truncateToMs(timing.startTime),
    trackingEvents: trackingEventsOf(planned, timing, urls),
    vastAdId: planned.vastAdId ?? '',
  };
}

function buildAvail(planned: PlannedAvail, timing: AvailTiming, opts: TrackingOptions): MediaTailorAvail | null {
  const hook = opts.beaconUrls;
  if (planned.failure !== null || !planned.ads.length) return null;
  const n = Math.min(planned.ads.length, timing.ads.length);
  if (n === 0) return null;
  const ads: MediaTailorAd[] = [];
  let duration = 0;
  for (let i = 0; i < n; i++) {
    ads.push(buildAd(planned.ads[i], timing.ads[i], timing, hook));
    duration += timing.ads[i].duration;
  }
  return {
    adBreakTrackingEvents: adBreakTrackingEventsJson(planned.breakTracking),
    adMarkerDuration: planned.signalledDuration === null ? null : isoDuration(planned.signalledDuration),
    ads,
    availId: timing.availId ?? String(timing.firstSequence),
    availProgramDateTime: timing.programDateTime,
    duration: isoDuration(duration),
    durationInSeconds: truncateToMs(duration),
    meta: null,
    nonLinearAdsList: opts.overlayAvails ? nonLinearAdsJson(planned.nonLinearAds ?? []) : [],
    startTime: isoDuration(timing.startTime),
    startTimeInSeconds: truncateToMs(timing.startTime),
  };
}

/**
 * An overlay avail (VMAP breakType nonlinear, UG overlay-ads-client-side-tracking-metadata): no linear ads,
 * duration 0, its NonLinearAds in `nonLinearAdsList`, its break tracking, at its place on the session timeline.
 */
export function buildNonLinearAvail(planned: PlannedNonLinearAvail): MediaTailorAvail {
  return {
    adBreakTrackingEvents: adBreakTrackingEventsJson(planned.breakTracking),
    adMarkerDuration: null,
    ads: [],
    availId: String(planned.firstSequence),
    availProgramDateTime: planned.programDateTime,
    duration: isoDuration(0),
    durationInSeconds: 0,
    meta: null,
    nonLinearAdsList: nonLinearAdsJson(planned.nonLinearAds),
    startTime: isoDuration(planned.startTime),
    startTimeInSeconds: truncateToMs(planned.startTime),
  };
}

export function buildMediaTailorTracking(
  plan: SessionPlan,
  timings: AvailTiming[],
  opts: TrackingOptions = {},
): MediaTailorTracking {
  const byIndex = new Map<number, PlannedAvail>();
  for (const a of plan.avails) byIndex.set(a.index, a);
  const ordered = timings.slice().sort((a, b) => a.startTime - b.startTime || a.availIndex - b.availIndex);
  const avails: MediaTailorAvail[] = [];
  for (const t of ordered) {
    const planned = byIndex.get(t.availIndex);
    const avail = planned ? buildAvail(planned, t, opts) : null;
    if (avail) avails.push(avail);
  }
  const nonLinearAvails = opts.overlayAvails
    ? (plan.nonLinearAvails ?? []).slice().sort((a, b) => a.startTime - b.startTime).map(buildNonLinearAvail)
    : [];
  return { avails, dashAvailabilityStartTime: null, hlsAnchorMediaSequenceNumber: null, nextToken: null, nonLinearAvails };
}
