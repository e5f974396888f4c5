/**
 * Which ad (or slate) of a decided live DASH break a `/v1/dashsegment/<sid>/<availId>/<periodId>/<r>/…`
 * request is for (protocols.md §2, §15): availId is the break's key (the replaced Period's id), periodId
 * one of its ad Periods `X_<k+1>` or slate Periods `X_slate[_n]` (dashLiveLayout.ts).
 */
import type { AdRendition, PlannedAd, PlannedAvail } from '../../session/plan';
import { adPeriodIdOf, slatePeriodIdOf } from './dashLiveLayout';
import type { DashLiveBreak } from './dashLiveTimeline';

export interface LivePieceRef { avail: PlannedAvail; ad: PlannedAd | null; renditions: AdRendition[] }

export function livePieceOf(b: DashLiveBreak, periodId: string): LivePieceRef | null {
  const avail = b.avail;
  if (!avail) return null;
  const ad = avail.ads.find((a) => adPeriodIdOf(b.key, a.index) === periodId);
  if (ad) return { avail, ad, renditions: ad.renditions };
  const slate = slatePeriodIdOf(b.key, 0);
  if (avail.slate && (periodId === slate || periodId.startsWith(`${slate}_`))) return { avail, ad: null, renditions: avail.slate.renditions };
  return null;
}
