/**
 * Installing a prefetch schedule through the Store port: validated against the installed configurations and
 * schedules (the quota of 25 active schedules per configuration), then stored, replacing one of the same
 * configuration and Name. The worker's `stitchbox:putPrefetchSchedule` message uses it.
 */
import type { Store } from '../ports';
import { parsePrefetchSchedule, type PrefetchSchedule } from './prefetchSchedule';

export async function installPrefetchSchedule(store: Store, input: unknown, now: number): Promise<PrefetchSchedule> {
  const configs = new Set((await store.listConfigs()).map((c) => c.Name));
  const schedule = parsePrefetchSchedule(input, { now, existing: await store.listPrefetchSchedules(), configExists: (n) => configs.has(n) });
  await store.putPrefetchSchedule(schedule);
  return schedule;
}
