import { ErrorCode, StitchboxError } from '../../../src/errors';
import { parseLiveOptions, type LiveOptions } from '../live/liveOptions';
import { DASH_CUE_SCHEMES, type DashCueScheme } from './dashCueEvent';

/**
 * The query of `/origin/dash/live.mpd`: the HLS live simulator's timeline options (live/liveOptions.ts:
 * speed, every, breakdur, offset, window, t0, the same defaults and the same 400s), plus
 *
 *   scheme=bin|xml             SCTE-35 Event form: `urn:scte:scte35:2014:xml+bin` (default) or `urn:scte:scte35:2013:xml`
 *   addressing=number|time     SegmentTemplate media URL by `$Number$` (default) or `$Time$`
 *
 * `cue` and `variant` are HLS choices (tag style, TS or fMP4) and are refused here rather than ignored:
 * the DASH origin has one form, demuxed fMP4, and its cue style is `scheme`.
 */

export const DASH_ADDRESSING = ['number', 'time'] as const;
export type DashAddressing = (typeof DASH_ADDRESSING)[number];

export interface DashLiveOptions {
  /** The timeline (cue and variant at their defaults, unused). */
  live: LiveOptions;
  scheme: DashCueScheme;
  addressing: DashAddressing;
}

function bad(param: string, message: string): StitchboxError {
  return new StitchboxError(ErrorCode.BAD_REQUEST, `DASH live simulator: ${param}: ${message}`, { details: { param } });
}

function oneOf<T extends string>(q: URLSearchParams, key: string, values: readonly T[], fallback: T): T {
  const v = q.get(key);
  if (v === null || v === '') return fallback;
  if (!(values as readonly string[]).includes(v)) throw bad(key, `"${v}" is not one of ${values.join(', ')}`);
  return v as T;
}

export function parseDashScheme(q: URLSearchParams): DashCueScheme {
  return oneOf(q, 'scheme', DASH_CUE_SCHEMES, 'bin');
}

export function parseDashLiveOptions(q: URLSearchParams, defaultT0Ms: number): DashLiveOptions {
  for (const key of ['cue', 'variant']) {
    if ((q.get(key) ?? '') !== '') throw bad(key, `is an HLS option; the DASH origin takes scheme=${DASH_CUE_SCHEMES.join('|')} and addressing=${DASH_ADDRESSING.join('|')}`);
  }
  const scheme = parseDashScheme(q);
  const addressing = oneOf(q, 'addressing', DASH_ADDRESSING, 'number');
  return { live: parseLiveOptions(q, defaultT0Ms), scheme, addressing };
}
