/**
 * VAST `Icons` (AdChoices and other industry icons) → tracking JSON `icons` (protocols.md §4.4, shape of the
 * Bitmovin client's typing). An icon shows from ad start + its `offset` (the ad start when absent) for its
 * `duration` (null: until the ad ends); times are on the session timeline, as the ad's (§5.1).
 */
import { parseVastTime } from '../vast/parseVastTime';
import type { VastIcon } from '../vast/vastModel';
import { isoDuration, truncateToMs } from './isoDuration';
import type { MediaTailorIcon } from './mediaTailorTypes';
import { firstOf, numText, orNull } from './vastJsonValues';

export function iconsJson(icons: readonly VastIcon[], adStart: number): MediaTailorIcon[] {
  return icons.map((i) => {
    const offset = parseVastTime(i.offset)?.seconds ?? 0;
    const duration = parseVastTime(i.duration)?.seconds ?? null;
    const start = adStart + offset;
    const stat = i.staticResources[0];
    return {
      attributes: [{
        apiFramework: orNull(i.apiFramework), duration: orNull(i.duration), height: numText(i.height), offset: orNull(i.offset),
        program: orNull(i.program), pxratio: orNull(i.pxratio), width: numText(i.width), xPosition: orNull(i.xPosition), yPosition: orNull(i.yPosition),
      }],
      dateTime: null,
      duration: duration === null ? null : isoDuration(duration),
      durationInSeconds: duration === null ? null : truncateToMs(duration),
      htmlResource: firstOf(i.htmlResources),
      iFrameResource: firstOf(i.iframeResources),
      iconClickFallbackImages: i.clickFallbackImages.map((f) => ({
        altText: orNull(f.altText), height: numText(f.height), staticResource: { creativeType: null, uri: f.uri }, width: numText(f.width),
      })),
      iconClickThrough: orNull(i.clickThrough),
      iconClickTracking: firstOf(i.clickTracking),
      iconClicks: null,
      iconViewTracking: firstOf(i.viewTracking),
      id: null,
      startTime: isoDuration(start),
      startTimeInSeconds: truncateToMs(start),
      staticResource: stat ? { creativeType: orNull(stat.creativeType), uri: stat.uri } : null,
    };
  });
}
