/**
 * Play order of a VAST response (VAST 4.2 §2.3.1.2, `Ad@sequence`): ads with a sequence form a pod
 * and play in sequence order; ads without one are standalone ads, meant for players that do not play
 * pods or as fallbacks. For stitching a break we take the pod when there is one, else the standalone ads
 * in document order (several standalone ads are still a list of ads to fill the break with).
 */
import type { VastAd, VastDocument } from './vastModel';

export function adsInPlayOrder(vast: VastDocument): VastAd[] {
  const pod: { ad: VastAd; pos: number }[] = [];
  vast.ads.forEach((ad, pos) => {
    if (ad.sequence !== null) pod.push({ ad, pos });
  });
  if (!pod.length) return vast.ads.slice();
  // Equal sequence numbers keep document order (the sort is made stable explicitly).
  pod.sort((a, b) => a.ad.sequence! - b.ad.sequence! || a.pos - b.pos);
  return pod.map((p) => p.ad);
}
