/**
 * One error type for the whole core, with stable codes (style.md: workbox's WorkboxError).
 * VAST failures carry the VAST error code so `[ERRORCODE]` can be filled (VAST 4.2 §2.3.6.3).
 */
export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  CONFIG_NOT_FOUND: 'CONFIG_NOT_FOUND',
  CONFIG_INVALID: 'CONFIG_INVALID',
  TIMEOUT: 'TIMEOUT',
  ORIGIN_FAILED: 'ORIGIN_FAILED',
  MANIFEST_INVALID: 'MANIFEST_INVALID',
  ADS_FAILED: 'ADS_FAILED',
  ADS_TIMEOUT: 'ADS_TIMEOUT',
  VAST_INVALID: 'VAST_INVALID',
  AD_MEDIA_FAILED: 'AD_MEDIA_FAILED',
  STORE_FAILED: 'STORE_FAILED',
  SCTE35_INVALID: 'SCTE35_INVALID',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class StitchboxError extends Error {
  readonly code: ErrorCode;
  /** VAST error code (VAST 4.2 §2.3.6.3 table) when the failure is about an ad response. */
  readonly vastErrorCode?: number;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: { vastErrorCode?: number; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'StitchboxError';
    this.code = code;
    if (opts.vastErrorCode !== undefined) this.vastErrorCode = opts.vastErrorCode;
    if (opts.details !== undefined) this.details = opts.details;
  }
}

/** A problem found while parsing tolerant input: recorded on the result, not thrown (style.md, hls.js m3u8-parser). */
export interface Problem {
  code: string;
  message: string;
  /** 1-based line number, or byte offset, where the problem is. */
  line?: number;
  offset?: number;
}
