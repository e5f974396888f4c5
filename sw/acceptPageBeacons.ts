/** The worker's side of `stitchbox:sendBeacons`: validated jobs into the ledger and outbox (one transaction). */
import type { Store } from '../src/session/ports';
import { pageBeaconJobs } from '../src/tracking/pageBeaconJobs';

export async function acceptPageBeacons(store: Store, beacons: unknown, now: number): Promise<number> {
  return (await store.enqueueBeacons(pageBeaconJobs(beacons, now))).length;
}
