import { ErrorCode, StitchboxError } from '../../../src/errors';

/**
 * The live simulator's query (DESIGN.md "The demo server", issue 5 item 1): one stream timeline is a
 * function of these options and the clock, so every playlist URL carries the same query.
 *
 *   cue=cueout|daterange|splicepoint|oatcls   how breaks are marked (protocols.md §6.1)
 *   speed=1..16      stream seconds per wall-clock second
 *   every=S          seconds between break starts (multiple of 2; default 30, or breakdur + 2 if longer)
 *   breakdur=S       break length (multiple of 2, at least one content segment shorter than `every`)
 *   offset=S         stream time of the first break (multiple of 2)
 *   window=S         sliding window length (multiple of 2)
 *   variant=muxed|demuxed|encrypted
 *   t0=epochMs       when stream time 0 was
 */

export const SEGMENT_SECONDS = 2;

export const CUE_STYLES = ['cueout', 'daterange', 'splicepoint', 'oatcls'] as const;
export type CueStyle = (typeof CUE_STYLES)[number];

export const LIVE_VARIANTS = ['muxed', 'demuxed', 'encrypted'] as const;
export type LiveVariant = (typeof LIVE_VARIANTS)[number];

export interface LiveOptions {
  cue: CueStyle;
  speed: number;
  everySeconds: number;
  breakSeconds: number;
  offsetSeconds: number;
  windowSeconds: number;
  variant: LiveVariant;
  /** Epoch milliseconds of stream time 0; an integer. */
  t0Ms: number;
}

/**
 * Defaults fit the 2 s segments and a 60 s window: a 16 s break every 30 s, the first at 10 s. With the
 * 60 s content loop, break starts fall at content 10 s and 40 s and never on the loop point, so the
 * default stream has no break that begins with a content discontinuity (choose offset=0 for that case).
 */
export const LIVE_DEFAULTS: Omit<LiveOptions, 't0Ms'> = {
  cue: 'cueout',
  speed: 1,
  everySeconds: 30,
  breakSeconds: 16,
  offsetSeconds: 10,
  windowSeconds: 60,
  variant: 'muxed',
};

export const MAX_SPEED = 16;
/** 7,200 segments: the longest live window the stitcher is benchmarked on (DESIGN.md "Benchmarks"). */
export const MAX_WINDOW_SECONDS = 14_400;
/** Three segments: hls.js starts three target durations behind the live edge (liveSyncDurationCount). */
export const MIN_WINDOW_SECONDS = 6;
const MAX_PERIOD_SECONDS = 86_400;

function bad(param: string, message: string): StitchboxError {
  return new StitchboxError(ErrorCode.BAD_REQUEST, `live simulator: ${param}: ${message}`, { details: { param } });
}

function numberParam(q: URLSearchParams, key: string): number | undefined {
  const v = q.get(key);
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw bad(key, `"${v}" is not a number`);
  return n;
}

/** Whole multiples of the segment duration, so breaks and windows start and end on segment boundaries. */
function seconds(q: URLSearchParams, key: string, fallback: number, min: number, max: number): number {
  const n = numberParam(q, key);
  if (n === undefined) return fallback;
  if (!Number.isInteger(n) || n % SEGMENT_SECONDS !== 0) throw bad(key, `${n} is not a whole multiple of ${SEGMENT_SECONDS} s`);
  if (n < min || n > max) throw bad(key, `${n} is outside ${min}..${max} s`);
  return n;
}

function oneOf<T extends string>(q: URLSearchParams, key: string, values: readonly T[], fallback: T): T {
  const v = q.get(key);
  if (v === null || v === '') return fallback;
  if (!(values as readonly string[]).includes(v)) throw bad(key, `"${v}" is not one of ${values.join(', ')}`);
  return v as T;
}

/**
 * Reads the options from a query. An unusable value is a 400 for the route (StitchboxError BAD_REQUEST),
 * not a silent default: a test that asks for `cue=daterang` should hear about it.
 */
export function parseLiveOptions(q: URLSearchParams, defaultT0Ms: number): LiveOptions {
  const cue = oneOf(q, 'cue', CUE_STYLES, LIVE_DEFAULTS.cue);
  const variant = oneOf(q, 'variant', LIVE_VARIANTS, LIVE_DEFAULTS.variant);
  const speed = numberParam(q, 'speed') ?? LIVE_DEFAULTS.speed;
  if (speed < 1 || speed > MAX_SPEED) throw bad('speed', `${speed} is outside 1..${MAX_SPEED}`);
  const breakSeconds = seconds(q, 'breakdur', LIVE_DEFAULTS.breakSeconds, SEGMENT_SECONDS, MAX_PERIOD_SECONDS);
  const everySeconds = seconds(q, 'every', Math.max(LIVE_DEFAULTS.everySeconds, breakSeconds + SEGMENT_SECONDS), SEGMENT_SECONDS, MAX_PERIOD_SECONDS);
  // A content segment between breaks keeps every cue-in apart from the next cue-out.
  if (everySeconds < breakSeconds + SEGMENT_SECONDS) throw bad('every', `${everySeconds} s leaves no content after a ${breakSeconds} s break`);
  const offsetSeconds = seconds(q, 'offset', LIVE_DEFAULTS.offsetSeconds, 0, MAX_PERIOD_SECONDS);
  const windowSeconds = seconds(q, 'window', LIVE_DEFAULTS.windowSeconds, MIN_WINDOW_SECONDS, MAX_WINDOW_SECONDS);
  const t0 = numberParam(q, 't0');
  if (t0 !== undefined && (!Number.isSafeInteger(t0) || t0 < 0)) throw bad('t0', `${t0} is not epoch milliseconds`);
  return { cue, speed, everySeconds, breakSeconds, offsetSeconds, windowSeconds, variant, t0Ms: t0 ?? defaultT0Ms };
}
