/**
 * `NonLinearAds` of a creative (VAST 4.2 `NonLinearAds`): overlays shown over the content while it plays, and
 * their shared tracking. A wrapper may carry only the tracking (and, in VAST 2 ad servers, a
 * `NonLinearClickThrough` directly in the block); both are read. MediaTailor lists them under
 * `nonLinearAvails` (protocols.md §4.4).
 */
import type { VastNonLinear, VastNonLinearAds } from './vastModel';
import type { VastReader } from './vastReader';
import { child, children, textOf, type XmlNode } from './xmlTree';

export function readNonLinearAds(r: VastReader, creative: XmlNode, where: string): VastNonLinearAds | null {
  const block = child(creative, 'NonLinearAds');
  if (block === undefined) return null;
  const blockClickThrough = r.firstUrl(block, 'NonLinearClickThrough', where);
  const nonLinears = children(block, 'NonLinear').map((n): VastNonLinear => ({
    id: r.str(n, 'id', where),
    width: r.intAttr(n, 'width', where),
    height: r.intAttr(n, 'height', where),
    expandedWidth: r.intAttr(n, 'expandedWidth', where),
    expandedHeight: r.intAttr(n, 'expandedHeight', where),
    scalable: r.boolAttr(n, 'scalable', where),
    maintainAspectRatio: r.boolAttr(n, 'maintainAspectRatio', where),
    minSuggestedDuration: r.attr(n, 'minSuggestedDuration', where),
    apiFramework: r.attr(n, 'apiFramework', where),
    ...r.resources(n, where),
    adParameters: textOf(child(n, 'AdParameters')),
    clickThrough: r.firstUrl(n, 'NonLinearClickThrough', where) ?? blockClickThrough,
    clickTracking: r.urls(n, 'NonLinearClickTracking', where),
  }));
  return { nonLinears, tracking: r.tracking(children(block, 'TrackingEvents'), where) };
}
