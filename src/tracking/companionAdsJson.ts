/**
 * VAST companions → tracking JSON `companionAds` (protocols.md §4.4). Shared by every dialect that lists
 * companions. The first resource of each kind is the value; `trackingEvents` carries the companion's
 * Tracking grouped by event (VAST 4.2 defines only `creativeView` for companions).
 */
import type { VastCompanion } from '../vast/vastModel';
import type { MediaTailorCompanion } from './mediaTailorTypes';
import { firstOf, groupTracking, numText, orNull } from './vastJsonValues';

export function companionAdsJson(companions: readonly VastCompanion[], sequence: string | null = null): MediaTailorCompanion[] {
  return companions.map((c) => ({
    adParameters: orNull(c.adParameters),
    altText: orNull(c.altText),
    attributes: {
      adSlotId: orNull(c.adSlotId),
      apiFramework: orNull(c.apiFramework),
      assetHeight: numText(c.assetHeight),
      assetWidth: numText(c.assetWidth),
      expandedHeight: numText(c.expandedHeight),
      expandedWidth: numText(c.expandedWidth),
      height: numText(c.height),
      id: orNull(c.id),
      pxratio: orNull(c.pxratio),
      renderingMode: orNull(c.renderingMode),
      width: numText(c.width),
    },
    companionClickThrough: orNull(c.clickThrough),
    companionClickTracking: firstOf(c.clickTracking),
    htmlResource: firstOf(c.htmlResources),
    iFrameResource: firstOf(c.iframeResources),
    sequence: orNull(sequence),
    staticResource: c.staticResources.length ? c.staticResources[0].uri : null,
    trackingEvents: groupTracking(c.tracking),
  }));
}
