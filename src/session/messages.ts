/** Messages between the page-side client and the worker (postMessage with a reply port). */
import type { PlaybackConfiguration } from './config';

export type ClientMessage =
  | { type: 'stitchbox:putConfig'; config: unknown }
  | { type: 'stitchbox:listConfigs' }
  | { type: 'stitchbox:ping' };

export type WorkerReply =
  | { ok: true; configs?: PlaybackConfiguration[]; config?: PlaybackConfiguration }
  | { ok: false; error: string; errors?: string[] };
