/** Messages between the page-side client and the worker (postMessage with a reply port). */
import type { PlaybackConfiguration } from './config';
import type { PrefetchSchedule } from './prefetch/prefetchSchedule';

export type ClientMessage =
  | { type: 'stitchbox:putConfig'; config: unknown }
  | { type: 'stitchbox:listConfigs' }
  | { type: 'stitchbox:putPrefetchSchedule'; schedule: unknown }
  | { type: 'stitchbox:listPrefetchSchedules'; configName?: string }
  | { type: 'stitchbox:deletePrefetchSchedule'; configName: string; name: string }
  | { type: 'stitchbox:sendBeacons'; beacons: PageBeacon[] }
  | { type: 'stitchbox:flushBeacons' }
  | { type: 'stitchbox:ping' };

/**
 * A beacon the page hands to the worker's outbox (client-side reporting). `key` names the beacon for the
 * exactly-once ledger (the same key is queued once, however often it is sent); `url` is final (macros filled at
 * the moment of the event); `dueAt` is that moment, epoch ms.
 */
export interface PageBeacon { key: string; url: string; dueAt: number }

export type WorkerReply =
  | { ok: true; queued?: number; configs?: PlaybackConfiguration[]; config?: PlaybackConfiguration; schedules?: PrefetchSchedule[]; schedule?: PrefetchSchedule; deleted?: boolean }
  | { ok: false; error: string; errors?: string[] };
