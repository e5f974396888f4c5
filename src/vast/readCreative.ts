/**
 * One `Creative` (VAST 4.2 `Creative`): its ids, UniversalAdId(s), and its Linear, NonLinearAds or CompanionAds
 * content. The same reader serves InLine and Wrapper creatives (a wrapper's creatives carry only tracking
 * and clicks: VAST 4.2 `Wrapper/Creatives`).
 */
import { readCompanionAds } from './readCompanionAds';
import { readExtensions } from './readExtensions';
import { readLinear } from './readLinear';
import { readNonLinearAds } from './readNonLinearAds';
import type { VastCreative } from './vastModel';
import type { VastReader } from './vastReader';
import { children, findAttr, textOf, type XmlNode } from './xmlTree';

export function readCreative(r: VastReader, node: XmlNode, where: string): VastCreative {
  // VAST 4 spells it adId, VAST 3 AdID; anything else is accepted and reported.
  const v4 = findAttr(node, 'adId');
  const v3 = v4?.exact ? null : findAttr(node, 'AdID');
  const adId = v4?.exact ? v4.value : v3?.exact ? v3.value : r.attr(node, 'adId', where);
  const universalAdIds = children(node, 'UniversalAdId').map((u) => {
    // VAST 4.0 carried the value in idValue, 4.1+ in the element text; idValue only exists in 4.0
    // documents, where it is the value (the text of some 4.0 samples is a placeholder).
    const text = textOf(u);
    const idValue = r.attr(u, 'idValue', where);
    if (idValue !== null && text && idValue !== text) r.problem('VAST_UNIVERSAL_AD_ID', `${where}: UniversalAdId idValue="${idValue}" and text "${text}" differ; idValue read`);
    return { idRegistry: r.attr(u, 'idRegistry', where) ?? '', value: idValue ?? text };
  });
  const linears = children(node, 'Linear');
  return {
    id: r.attr(node, 'id', where) ?? '',
    adId: adId ?? '',
    sequence: r.attr(node, 'sequence', where) ?? '',
    universalAdIds,
    linear: linears.length ? readLinear(r, linears[0], where) : null,
    linearCount: linears.length,
    apiFramework: r.attr(node, 'apiFramework', where),
    nonLinearAds: readNonLinearAds(r, node, where),
    companionAds: readCompanionAds(r, node, where),
    creativeExtensions: readExtensions(r, node, 'CreativeExtensions', 'CreativeExtension', where),
  };
}
