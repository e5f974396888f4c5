/**
 * `CompanionAds` of a creative (VAST 4.2 `CompanionAds`): display ads shown next to the player, each with static,
 * iframe or HTML resources, a click-through, click tracking and creativeView tracking. MediaTailor passes
 * them to the tracking JSON as `companionAds` (protocols.md §4.4).
 */
import type { VastCompanionAds } from './vastModel';
import type { VastReader } from './vastReader';
import { child, children, textOf, type XmlNode } from './xmlTree';

export function readCompanionAds(r: VastReader, creative: XmlNode, where: string): VastCompanionAds | null {
  const block = child(creative, 'CompanionAds');
  if (block === undefined) return null;
  const companions = children(block, 'Companion').map((c) => ({
    id: r.str(c, 'id', where),
    width: r.intAttr(c, 'width', where),
    height: r.intAttr(c, 'height', where),
    assetWidth: r.intAttr(c, 'assetWidth', where),
    assetHeight: r.intAttr(c, 'assetHeight', where),
    expandedWidth: r.intAttr(c, 'expandedWidth', where),
    expandedHeight: r.intAttr(c, 'expandedHeight', where),
    apiFramework: r.attr(c, 'apiFramework', where),
    adSlotId: r.attr(c, 'adSlotId', where),
    pxratio: r.attr(c, 'pxratio', where),
    renderingMode: r.attr(c, 'renderingMode', where),
    ...r.resources(c, where),
    altText: textOf(child(c, 'AltText')),
    adParameters: textOf(child(c, 'AdParameters')),
    clickThrough: r.firstUrl(c, 'CompanionClickThrough', where),
    clickTracking: r.urls(c, 'CompanionClickTracking', where),
    tracking: r.tracking(children(c, 'TrackingEvents'), where),
  }));
  return { required: r.attr(block, 'required', where), companions };
}
