/**
 * The ad timeline as a sorted list of cues: points on the player's timeline where something happens to
 * an ad or a break, each with the client-side beacons it fires (protocols.md §4.5, §14.2).
 *
 * - Times are the tracking JSON's session-relative seconds, which match `video.currentTime` for stitched
 *   HLS and DASH VOD (protocols.md §5.1; players.md §1.5: Shaka compares them directly too).
 * - An ad's cues sit at start + {0, .25, .5, .75, 1} × duration, where the tracking events put
 *   impression/start, the quartiles and complete (§4.5). Its beacons are the URLs of every tracking event of
 *   the matching type (duplicates of one URL collapse). breakStart/breakEnd fire the avail's
 *   `adBreakTrackingEvents` (§4.2, VMAP), as Shaka and Bitmovin do (players.md §1.7, §2).
 * - An ad whose duration is still 0 (a live break just seen: §3.1) only has its start cue; the rest
 *   appears once a later answer brings the duration.
 * - Ties are ordered so that one ad ends before the next starts: adEnd, breakEnd, breakStart, adStart,
 *   skippable, quartiles.
 */
import type { MediaTailorAd, MediaTailorAvail } from '../tracking/mediaTailorTypes';
import { availKey, type TrackingState } from './mergeTracking';
import { parseSkipOffset } from './parseSkipOffset';

export const CUE_KINDS = ['adEnd', 'breakEnd', 'breakStart', 'adStart', 'skippable', 'firstQuartile', 'midpoint', 'thirdQuartile'] as const;
export type CueKind = (typeof CUE_KINDS)[number];

export interface CueBeacons {
  /** The tracking event type the URLs come from (`impression`, `start`, `breakStart`, ...). */
  eventType: string;
  urls: string[];
}

export interface AdCue {
  /** Unique per ad instance and kind: the fired-set key. */
  key: string;
  kind: CueKind;
  time: number;
  /** `availKey`, or `availKey/adKey` for ad cues: one ad instance. */
  instance: string;
  avail: MediaTailorAvail;
  /** The ad (absent for break cues). */
  ad?: MediaTailorAd;
  /** 0-based position of the ad in its avail. */
  adIndex: number;
  beacons: CueBeacons[];
}

/** Which tracking events each cue fires (§4.5, §4.6). */
const BEACON_TYPES: Record<CueKind, readonly string[]> = {
  breakStart: ['breakStart'],
  adStart: ['impression', 'start'],
  skippable: [],
  firstQuartile: ['firstQuartile'],
  midpoint: ['midpoint'],
  thirdQuartile: ['thirdQuartile'],
  adEnd: ['complete'],
  breakEnd: ['breakEnd'],
};

const RANK = new Map<CueKind, number>(CUE_KINDS.map((k, i) => [k, i]));

function dedupe(urls: string[]): string[] {
  return [...new Set(urls)];
}

function adBeacons(ad: MediaTailorAd, kind: CueKind): CueBeacons[] {
  return BEACON_TYPES[kind].map((eventType) => ({
    eventType,
    urls: dedupe(ad.trackingEvents.filter((e) => e.eventType === eventType).flatMap((e) => e.beaconUrls)),
  }));
}

function breakBeacons(avail: MediaTailorAvail, kind: 'breakStart' | 'breakEnd'): CueBeacons[] {
  return [{ eventType: kind, urls: dedupe(avail.adBreakTrackingEvents.filter((e) => e.eventType === kind).flatMap((e) => e.beaconUrls)) }];
}

export const adInstance = (avail: MediaTailorAvail, ad: MediaTailorAd) => `${availKey(avail)}/${ad.adId || `@${ad.startTimeInSeconds}`}`;

export function buildAdCues(state: TrackingState): AdCue[] {
  const cues: AdCue[] = [];
  for (const avail of state.avails) {
    if (!avail.ads.length) continue;
    const bk = availKey(avail);
    const first = avail.ads[0];
    cues.push({ key: `${bk}#breakStart`, kind: 'breakStart', time: first.startTimeInSeconds, instance: bk, avail, adIndex: 0, beacons: breakBeacons(avail, 'breakStart') });
    let complete = true;
    let end = first.startTimeInSeconds;
    avail.ads.forEach((ad, adIndex) => {
      const instance = adInstance(avail, ad);
      const cue = (kind: CueKind, time: number) =>
        cues.push({ key: `${instance}#${kind}`, kind, time, instance, avail, ad, adIndex, beacons: adBeacons(ad, kind) });
      const start = ad.startTimeInSeconds;
      const d = ad.durationInSeconds;
      cue('adStart', start);
      if (d <= 0) { complete = false; return; }
      const skip = parseSkipOffset(ad.skipOffset, d);
      if (skip !== null && skip < d) cue('skippable', start + skip);
      cue('firstQuartile', start + 0.25 * d);
      cue('midpoint', start + 0.5 * d);
      cue('thirdQuartile', start + 0.75 * d);
      cue('adEnd', start + d);
      end = Math.max(end, start + d);
    });
    if (complete) cues.push({ key: `${bk}#breakEnd`, kind: 'breakEnd', time: end, instance: bk, avail, adIndex: avail.ads.length - 1, beacons: breakBeacons(avail, 'breakEnd') });
  }
  return cues.sort((a, b) => a.time - b.time || RANK.get(a.kind)! - RANK.get(b.kind)!);
}
