/**
 * VAST `NonLinearAds` (overlays) → the avail's `nonLinearAdsList` (protocols.md §4.4, UG overlay example):
 * one entry per NonLinearAds creative, each NonLinear in `nonLinearAdList`, sizes as strings, absent values
 * null, `duration` null and `durationInSeconds` 0 (the overlay's length is the player's, from
 * `minSuggestedDuration`). Shaka keys its overlay cache on adId, creativeId, size and staticResource
 * (players.md §1.5).
 */
import type { VastExtension, VastNonLinear, VastTracking } from '../vast/vastModel';
import type { MediaTailorNonLinearAds } from './mediaTailorTypes';
import { firstOf, groupTracking, numText, orNull } from './vastJsonValues';

export interface NonLinearAdsSource {
  vastAdId: string;
  adSystem: string;
  adTitle: string;
  creativeId: string;
  creativeAdId: string;
  creativeSequence: string;
  nonLinears: VastNonLinear[];
  tracking: VastTracking[];
  extensions: VastExtension[];
}

export function nonLinearAdsJson(list: readonly NonLinearAdsSource[]): MediaTailorNonLinearAds[] {
  return list.map((src) => ({
    extensions: src.extensions.map((e) => ({ content: e.content, type: e.type })),
    nonLinearAdList: src.nonLinears.map((n) => {
      const stat = n.staticResources[0];
      return {
        adId: n.id,
        adParameters: orNull(n.adParameters),
        adSystem: src.adSystem,
        adTitle: src.adTitle,
        apiFramework: orNull(n.apiFramework),
        clickThrough: orNull(n.clickThrough),
        clickTracking: firstOf(n.clickTracking),
        clickTrackingId: null,
        creativeAdId: src.creativeAdId,
        creativeId: src.creativeId,
        creativeSequence: src.creativeSequence,
        duration: null,
        durationInSeconds: 0,
        expandedHeight: numText(n.expandedHeight),
        expandedWidth: numText(n.expandedWidth),
        height: numText(n.height),
        htmlResource: firstOf(n.htmlResources),
        iFrameResource: firstOf(n.iframeResources),
        maintainAspectRatio: n.maintainAspectRatio ?? false,
        minSuggestedDuration: orNull(n.minSuggestedDuration),
        scalable: n.scalable ?? false,
        staticResource: stat ? stat.uri : null,
        staticResourceCreativeType: stat ? orNull(stat.creativeType) : null,
        width: numText(n.width),
      };
    }),
    trackingEvents: groupTracking(src.tracking),
  }));
}
