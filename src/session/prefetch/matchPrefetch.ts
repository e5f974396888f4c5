/**
 * Which prefetch schedules a session uses, when a schedule retrieves, and which live break consumes a
 * prefetched result (protocols.md §10). Pure.
 */
import type { SessionRecord } from '../sessionRecord';
import type { PrefetchRecord } from './prefetchRecord';
import type { PrefetchSchedule } from './prefetchSchedule';

/**
 * The schedules of the session's configuration that it matches: a schedule with a StreamId only for sessions
 * opened with that streamId (UG-OLD:prefetching-ads), one without for every session of the configuration.
 */
export function schedulesForSession(schedules: readonly PrefetchSchedule[], session: Pick<SessionRecord, 'configName' | 'streamId'>): PrefetchSchedule[] {
  return schedules.filter((s) => s.PlaybackConfigurationName === session.configName && (s.StreamId === undefined || s.StreamId === session.streamId));
}

/** Whether `now` (epoch ms) is inside the retrieval window: StartTime (absent: any time before) to EndTime, both inclusive (API_PrefetchRetrieval). */
export function inRetrievalWindow(s: PrefetchSchedule, now: number): boolean {
  return (s.Retrieval.StartTime === undefined || now >= s.Retrieval.StartTime * 1000) && now <= s.Retrieval.EndTime * 1000;
}

/** The criteria of a schedule with their values (checkPrefetchSchedule guarantees each has one). */
export function criteriaOf(s: PrefetchSchedule): { variable: string; value: string }[] {
  return (s.Consumption.AvailMatchingCriteria ?? []).map((c) => ({ variable: c.DynamicVariable, value: s.Retrieval.DynamicVariables?.[c.DynamicVariable] ?? '' }));
}

/** What consumption looks at of a live break. */
export interface BreakForPrefetch {
  key: string;
  /**
   * The break's start time for the consumption window: when the session first saw its cue (arrival time,
   * epoch ms), the moment MediaTailor "encounters" the marker (UG understanding-prefetching). Not the PDT:
   * it is the same clock as the retrieval window, and origins without EXT-X-PROGRAM-DATE-TIME have it too.
   */
  arrivedAt: number;
  /** The break's [scte.*] values, keyed without `scte.` (scteVars). */
  scte: Record<string, string>;
}

/** Whether a prefetched result may fill this break: ready, unused (or used by this very break), in the window, every criterion equal. */
export function prefetchFits(p: PrefetchRecord, b: BreakForPrefetch): boolean {
  if (p.state !== 'ready' || !p.avail) return false;
  if (p.consumedBy !== null && p.consumedBy !== b.key) return false;
  if (b.arrivedAt < p.consumeFrom || b.arrivedAt > p.consumeUntil) return false;
  return p.criteria.every((c) => (b.scte[c.variable.slice('scte.'.length)] ?? '') === c.value);
}

/**
 * The prefetched result a break consumes, if any. Breaks ask in the order they start their decisions, so
 * without criteria the first break in the window takes the ads. One already claimed by this break wins (a
 * decision run again after a worker restart); then the window that ends first, then the schedule name.
 */
export function pickPrefetch(prefetches: readonly PrefetchRecord[], b: BreakForPrefetch): PrefetchRecord | undefined {
  const fits = prefetches.filter((p) => prefetchFits(p, b));
  const mine = fits.find((p) => p.consumedBy === b.key);
  if (mine) return mine;
  return fits.sort((x, y) => x.consumeUntil - y.consumeUntil || (x.scheduleName < y.scheduleName ? -1 : x.scheduleName > y.scheduleName ? 1 : 0))[0];
}
