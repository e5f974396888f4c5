/**
 * Tencent StreamPackage click-through tracking (protocols.md §17): the MediaTailor tracking JSON of the ads
 * inserted so far, cut down to their `clickThrough` events and to the events this session has not been
 * given before. StreamPackage's field names are MediaTailor's (`clickThrough`, `beaconUrls`) and its full
 * body is not published, so the MediaTailor schema is kept (§17 [INFERRED]): the same five top-level keys,
 * avails and ads with every key, only `trackingEvents` filtered. Avails and ads left without a new event
 * are dropped: each answer carries only new data (§17 "incremental").
 *
 * Pure: the caller says which events are new (a ledger in the store, claimed atomically).
 */
import type { MediaTailorAvail, MediaTailorTracking } from './mediaTailorTypes';

/** The events StreamPackage's tracking answers carry (§17: the client registers a click handler from them). */
export const STREAMPACKAGE_EVENT_TYPES: ReadonlySet<string> = new Set(['clickThrough']);

/**
 * A stable identity for one event of one ad instance in a session: availId and adId are media sequence
 * numbers on the session's stitched timeline (§5.2), which never change once an ad has been served.
 */
export function streamPackageEventKey(availId: string, adId: string, eventType: string): string {
  return `${availId}/${adId}/${eventType}`;
}

/** The keys of every StreamPackage event in a tracking answer, in document order. */
export function streamPackageEventKeys(tracking: MediaTailorTracking): string[] {
  const keys: string[] = [];
  for (const avail of tracking.avails) {
    for (const ad of avail.ads) {
      for (const ev of ad.trackingEvents) {
        if (STREAMPACKAGE_EVENT_TYPES.has(ev.eventType)) keys.push(streamPackageEventKey(avail.availId, ad.adId, ev.eventType));
      }
    }
  }
  return keys;
}

/** The StreamPackage answer: only the events whose key `isNew` accepts, with their ads and avails. */
export function buildStreamPackageTracking(tracking: MediaTailorTracking, isNew: (key: string) => boolean): MediaTailorTracking {
  const avails: MediaTailorAvail[] = [];
  for (const avail of tracking.avails) {
    const ads = [];
    for (const ad of avail.ads) {
      const trackingEvents = ad.trackingEvents.filter((ev) =>
        STREAMPACKAGE_EVENT_TYPES.has(ev.eventType) && isNew(streamPackageEventKey(avail.availId, ad.adId, ev.eventType)));
      if (trackingEvents.length) ads.push({ ...ad, trackingEvents });
    }
    if (ads.length) avails.push({ ...avail, ads });
  }
  // Overlay (non-linear) avails are not inserted into the stream, so none is listed; nextToken: every
  // answer is complete in itself (no paging, §3.2 is MediaTailor's).
  // The spread keeps MediaTailor's key order (alphabetical, §4.7).
  return { ...tracking, avails, nextToken: null, nonLinearAvails: [] };
}
