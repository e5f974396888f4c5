/**
 * The ads of an overlay break (VMAP `breakType="nonlinear"`, session `overlayAvails: "on"`, protocols.md §1.1,
 * §4.1): its VAST (inline `VASTAdData` or fetched from `AdTagURI`, wrappers followed within the decision
 * budget) read for NonLinearAds only. Nothing is stitched; the player shows the overlays from the tracking
 * JSON's `nonLinearAvails`. A failure gives no overlay (fail open) and the VMAP error code for the break.
 */
import type { PlannedNonLinearAds } from '../session/plan';
import { resolveVast } from '../vast/resolveWrappers';
import type { VastDocument } from '../vast/vastModel';
import { nonLinearAdsOf } from './decideAvail';
import type { FetchText } from './loadHlsCreative';

export type OverlaySource = { kind: 'vast'; vast: VastDocument; url: string } | { kind: 'url'; url: string };

export type OverlayDecision = { ok: true; nonLinearAds: PlannedNonLinearAds[] } | { ok: false; failure: string; vmapErrorCode: number };

export async function decideOverlay(
  source: OverlaySource,
  deps: { fetchText: FetchText; now(): number; requestTimeoutMs: number; deadline: number },
): Promise<OverlayDecision> {
  const input = source.kind === 'vast' ? { vast: source.vast, url: source.url } : { url: source.url };
  const res = await resolveVast(input, { fetchText: deps.fetchText, now: deps.now, requestTimeoutMs: deps.requestTimeoutMs, deadline: deps.deadline });
  if (res.rootFailure) {
    // VMAP 1.0 error codes: 1007 retrieval timeout, 1008 retrieval error, 1006 parsing error.
    const code = res.rootFailure.kind === 'timeout' ? 1007 : res.rootFailure.kind === 'parse' ? 1006 : 1008;
    return { ok: false, failure: `overlay ads: ${res.rootFailure.message}`, vmapErrorCode: code };
  }
  const nonLinearAds = nonLinearAdsOf(res.ads);
  // VMAP 1.0 1004: general ad response document error (the answer has nothing for this break).
  if (!nonLinearAds.length) return { ok: false, failure: 'overlay ads: the answer has no NonLinearAds', vmapErrorCode: 1004 };
  return { ok: true, nonLinearAds };
}
