/**
 * VMAP `AdBreak` TrackingEvents → the avail's `adBreakTrackingEvents` (protocols.md §4.2): one entry per
 * event (breakStart, breakEnd, error, in that order), its URLs as the VMAP wrote them (`error` keeps its
 * `[ERRORCODE]` macro for the player to fill). Events other than the three VMAP 1.0 defines are left out.
 */
import { groupTracking } from './vastJsonValues';

const ORDER = ['breakStart', 'breakEnd', 'error'];

export function adBreakTrackingEventsJson(tracking: readonly { event: string; url: string }[] | undefined): { beaconUrls: string[]; eventType: string }[] {
  const grouped = groupTracking((tracking ?? []).filter((t) => ORDER.includes(t.event)));
  return grouped.sort((a, b) => ORDER.indexOf(a.eventType) - ORDER.indexOf(b.eventType));
}
