/**
 * MediaTailor-shaped tracking answers for the client tests (protocols.md §4): every key present, times
 * as the server computes them (start + fraction × duration), beacon URLs that name their ad and event.
 */
import type { MediaTailorAd, MediaTailorAvail, MediaTailorTracking, MediaTailorTrackingEvent } from '../../../src/tracking/mediaTailorTypes';

export interface AdSpec { id: string; start: number; duration: number; skipOffset?: string | null; companions?: MediaTailorAd['companionAds']; events?: string[]; clickThrough?: string }

const FRACTION: Record<string, number> = { impression: 0, start: 0, firstQuartile: 0.25, midpoint: 0.5, thirdQuartile: 0.75, complete: 1 };
export const LINEAR = Object.keys(FRACTION);

export const beaconUrl = (adId: string, event: string) => `https://sink.test/track?ad=${adId}&event=${event}&cb=[CACHEBUSTING]`;

function ev(eventType: string, adId: string, start: number, urls: string[]): MediaTailorTrackingEvent {
  return { beaconUrls: urls, duration: 'PT0S', durationInSeconds: 0, eventId: `${adId}-${eventType}`, eventProgramDateTime: null, eventType, startTime: `PT${start}S`, startTimeInSeconds: start };
}

export function ad(s: AdSpec): MediaTailorAd {
  const events = (s.events ?? LINEAR).map((t) => ev(t, s.id, s.start + (FRACTION[t] ?? 0) * s.duration, [beaconUrl(s.id, t)]));
  if (s.clickThrough) {
    events.push(ev('clickThrough', s.id, s.start, [s.clickThrough]));
    events.push(ev('clickTracking', s.id, s.start, [beaconUrl(s.id, 'click')]));
  }
  return {
    adId: s.id, adParameters: '', adProgramDateTime: null, adSystem: '', adTitle: `ad ${s.id}`, adVerifications: [], companionAds: s.companions ?? [],
    creativeId: '', creativeSequence: '', duration: `PT${s.duration}S`, durationInSeconds: s.duration, extensions: [], icons: [],
    mediaFiles: { mediaFilesList: [], mezzanine: '' }, skipOffset: s.skipOffset ?? null, startTime: `PT${s.start}S`, startTimeInSeconds: s.start,
    trackingEvents: events, vastAdId: s.id,
  };
}

export function avail(id: string, ads: MediaTailorAd[], breakTracking = false): MediaTailorAvail {
  const start = ads.length ? ads[0].startTimeInSeconds : 0;
  const duration = ads.reduce((s, a) => s + a.durationInSeconds, 0);
  return {
    adBreakTrackingEvents: breakTracking ? [
      { beaconUrls: [`https://sink.test/break?avail=${id}&event=breakStart`], eventType: 'breakStart' },
      { beaconUrls: [`https://sink.test/break?avail=${id}&event=breakEnd`], eventType: 'breakEnd' },
    ] : [],
    adMarkerDuration: null, ads, availId: id, availProgramDateTime: null, duration: `PT${duration}S`, durationInSeconds: duration, meta: null,
    nonLinearAdsList: [], startTime: `PT${start}S`, startTimeInSeconds: start,
  };
}

export function answer(avails: MediaTailorAvail[], nextToken: string | null = null): MediaTailorTracking {
  return { avails, dashAvailabilityStartTime: null, hlsAnchorMediaSequenceNumber: null, nextToken, nonLinearAvails: [] };
}

/** Pre-roll (two ads), mid-roll at 30 s (two ads), post-roll at 60 s (one ad). */
export function threeBreaks(): MediaTailorTracking {
  return answer([
    avail('0', [ad({ id: '0', start: 0, duration: 6 }), ad({ id: '3', start: 6, duration: 4 })], true),
    avail('20', [ad({ id: '20', start: 30, duration: 6, skipOffset: '00:00:05' }), ad({ id: '23', start: 36, duration: 4 })], true),
    avail('40', [ad({ id: '40', start: 60, duration: 8, clickThrough: 'https://landing.test/' })], true),
  ]);
}
