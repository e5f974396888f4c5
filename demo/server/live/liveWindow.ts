import { SEGMENT_SECONDS, type LiveOptions } from './liveOptions';

/**
 * The live simulator's clock and timeline, as integers of segments (all options are whole multiples of
 * the 2 s segment, liveOptions.ts):
 *
 * - Media sequence n covers stream time [2n, 2n+2) s and is published once stream time, (now - t0) × speed,
 *   reaches 2(n+1) s: a segment is listed only when it is complete, as a real packager does.
 * - It plays content segment n mod 30 (the 60 s content loops). Where the loop starts again the timestamps
 *   jump back, so that segment carries EXT-X-DISCONTINUITY (RFC 8216 §4.3.2.3).
 * - Break k (k = 0, 1, ...) covers the segments [offset + k·every, offset + k·every + breakdur) / 2.
 */

/** The content is 60 s of 2 s segments (scripts/make-media.sh). */
export const LOOP_SEGMENTS = 30;

export interface LiveWindow {
  /** EXT-X-MEDIA-SEQUENCE: the first segment listed. */
  first: number;
  /** One past the last segment listed (== segments published so far). */
  end: number;
  /** EXT-X-DISCONTINUITY-SEQUENCE: the discontinuities before `first` that slid out (RFC 8216 §6.2.2). */
  discontinuitySequence: number;
}

/** Segments published at `nowMs`: floor(stream seconds / 2), never negative. */
export function publishedSegments(nowMs: number, o: LiveOptions): number {
  const streamMs = (nowMs - o.t0Ms) * o.speed;
  return streamMs <= 0 ? 0 : Math.floor(streamMs / (SEGMENT_SECONDS * 1000));
}

/** Whether segment n starts a new pass over the content (a discontinuity; segment 0 starts the stream). */
export function isLoopStart(n: number): boolean {
  return n > 0 && n % LOOP_SEGMENTS === 0;
}

/** Index of the content segment that sequence n plays. */
export function contentIndex(n: number): number {
  return n % LOOP_SEGMENTS;
}

/** Discontinuity tags on segments 1..n-1, i.e. before segment n. */
export function discontinuitiesBefore(n: number): number {
  return n <= 1 ? 0 : Math.floor((n - 1) / LOOP_SEGMENTS);
}

export function liveWindow(nowMs: number, o: LiveOptions): LiveWindow {
  const end = publishedSegments(nowMs, o);
  const first = Math.max(0, end - o.windowSeconds / SEGMENT_SECONDS);
  return { first, end, discontinuitySequence: discontinuitiesBefore(first) };
}

/** Where a segment stands relative to the breaks. */
export type BreakPosition =
  /** Inside break k, `index` segments after its first one. */
  | { kind: 'in'; k: number; index: number }
  /** The first content segment after break k (the cue-in goes before it). */
  | { kind: 'after'; k: number }
  | null;

export function breakPosition(n: number, o: LiveOptions): BreakPosition {
  const offset = o.offsetSeconds / SEGMENT_SECONDS;
  if (n < offset) return null;
  const every = o.everySeconds / SEGMENT_SECONDS;
  const length = o.breakSeconds / SEGMENT_SECONDS;
  const k = Math.floor((n - offset) / every);
  const index = n - offset - k * every;
  if (index < length) return { kind: 'in', k, index };
  if (index === length) return { kind: 'after', k };
  return null;
}

/** Media sequence of break k's first segment. */
export function breakStart(k: number, o: LiveOptions): number {
  return (o.offsetSeconds + k * o.everySeconds) / SEGMENT_SECONDS;
}

/** Stream time of segment n as epoch ms: its EXT-X-PROGRAM-DATE-TIME (stream time, so speed scales it too). */
export function programDateMs(n: number, o: LiveOptions): number {
  return o.t0Ms + n * SEGMENT_SECONDS * 1000;
}
