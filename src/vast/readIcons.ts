/**
 * `Icons` of a Linear creative (VAST 4.2 `Icons`: industry icons such as AdChoices, with their own click
 * and view tracking, and VAST 4.2 `IconClickFallbackImages` for players that cannot open the click-through).
 */
import type { VastIcon } from './vastModel';
import type { VastReader } from './vastReader';
import { child, children, textOf, type XmlNode } from './xmlTree';

export function readIcons(r: VastReader, linear: XmlNode, where: string): VastIcon[] {
  const out: VastIcon[] = [];
  for (const block of children(linear, 'Icons')) {
    for (const icon of children(block, 'Icon')) {
      const clicks = child(icon, 'IconClicks');
      const fallbacks: VastIcon['clickFallbackImages'] = [];
      for (const fb of children(child(clicks, 'IconClickFallbackImages'), 'IconClickFallbackImage')) {
        const uri = textOf(child(fb, 'StaticResource'));
        if (!uri) continue;
        fallbacks.push({ uri, altText: textOf(child(fb, 'AltText')), width: r.intAttr(fb, 'width', where), height: r.intAttr(fb, 'height', where) });
      }
      out.push({
        program: r.str(icon, 'program', where),
        width: r.intAttr(icon, 'width', where),
        height: r.intAttr(icon, 'height', where),
        xPosition: r.str(icon, 'xPosition', where),
        yPosition: r.str(icon, 'yPosition', where),
        duration: r.attr(icon, 'duration', where),
        offset: r.attr(icon, 'offset', where),
        apiFramework: r.attr(icon, 'apiFramework', where),
        pxratio: r.attr(icon, 'pxratio', where),
        ...r.resources(icon, where),
        clickThrough: r.firstUrl(clicks, 'IconClickThrough', where),
        clickTracking: r.urls(clicks, 'IconClickTracking', where),
        viewTracking: r.urls(icon, 'IconViewTracking', where),
        clickFallbackImages: fallbacks,
      });
    }
  }
  return out;
}
