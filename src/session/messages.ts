/** Messages between the page-side client and the worker (postMessage with a reply port). */
import type { PlaybackConfiguration } from './config';
import type { PrefetchSchedule } from './prefetch/prefetchSchedule';

export type ClientMessage =
  | { type: 'stitchbox:putConfig'; config: unknown }
  | { type: 'stitchbox:listConfigs' }
  | { type: 'stitchbox:putPrefetchSchedule'; schedule: unknown }
  | { type: 'stitchbox:listPrefetchSchedules'; configName?: string }
  | { type: 'stitchbox:deletePrefetchSchedule'; configName: string; name: string }
  | { type: 'stitchbox:ping' };

export type WorkerReply =
  | { ok: true; configs?: PlaybackConfiguration[]; config?: PlaybackConfiguration; schedules?: PrefetchSchedule[]; schedule?: PrefetchSchedule; deleted?: boolean }
  | { ok: false; error: string; errors?: string[] };
