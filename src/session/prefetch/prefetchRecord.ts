/** The ads one session retrieved for one prefetch schedule, as stored in IndexedDB (DESIGN invariant 7). */
import type { PlannedAvail } from '../plan';

export interface PrefetchRecord {
  /** `<sessionId>/<schedule Name>`: one retrieval per session and schedule. */
  key: string;
  sessionId: string;
  scheduleName: string;
  /** 'retrieving' while the ADS request runs; 'ready' with ads; 'failed' (the breaks call the ADS as usual). */
  state: 'retrieving' | 'ready' | 'failed';
  /** Epoch ms when the retrieval started. */
  startedAt: number;
  /** Epoch ms when the answer was in; null while retrieving. */
  retrievedAt: number | null;
  /**
   * The consumption window (epoch ms) and criteria, fixed when the ads are retrieved: a schedule changed or
   * deleted later does not change what this session already holds. `from` is Consumption.StartTime, or
   * the retrieval time when the schedule has none (API_PrefetchConsumption).
   */
  consumeFrom: number;
  consumeUntil: number;
  /** `scte.<name>` of the break must equal `value` (AvailMatchingCriteria with the Retrieval.DynamicVariables value). */
  criteria: { variable: string; value: string }[];
  /**
   * The decision without a break: every ad that could be stitched, in response order, no slate (the break's
   * duration is not known yet; the consuming break fills it, protocols.md §7). Null while retrieving.
   */
  avail: PlannedAvail | null;
  failure: string | null;
  /** Key of the live break that used the ads (one prefetch, one break); null while unused. */
  consumedBy: string | null;
}

export function prefetchKey(sessionId: string, scheduleName: string): string {
  return `${sessionId}/${scheduleName}`;
}
