/**
 * The server-side beacons due on one ad segment request (protocols.md §14.1), shared by `/v1/segment` (HLS)
 * and `/v1/dashsegment` (DASH) so both fire alike: the events the segment covers (beaconSchedule.ts), keyed per
 * (session, avail, ad, event, url) so a refetch (seek, retry, prefetch) fires nothing again once the store's
 * once-ledger has the key; VMAP breakStart with the first ad's impression and breakEnd with the last ad's
 * complete (§14.3).
 */
import { eventsDueOnSegment } from '../tracking/beaconSchedule';
import type { PlannedAd, PlannedAvail } from './plan';
import type { BeaconJob } from './ports';

export function segmentBeaconJobs(sessionId: string, avail: PlannedAvail, ad: PlannedAd, segmentDurations: readonly number[], segment: number, now: number): BeaconJob[] {
  const events = eventsDueOnSegment(segmentDurations.slice(), segment);
  const jobs: BeaconJob[] = [];
  for (const ev of events) {
    (ad.tracking[ev] ?? []).forEach((url, k) => jobs.push({ key: `${sessionId}/${avail.index}/${ad.index}/${ev}/${k}`, url, dueAt: now }));
  }
  const breakEvents = [];
  if (ad.index === 0 && events.includes('impression')) breakEvents.push('breakStart');
  if (ad.index === avail.ads.length - 1 && events.includes('complete')) breakEvents.push('breakEnd');
  for (const ev of breakEvents) {
    (avail.breakTracking ?? []).filter((t) => t.event === ev).forEach((t, k) => jobs.push({ key: `${sessionId}/${avail.index}/break/${ev}/${k}`, url: t.url, dueAt: now }));
  }
  return jobs;
}
