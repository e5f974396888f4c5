/**
 * Stable codes of the problems cue extraction records, beside the HLS parser's own (src/hls/hlsProblem.ts,
 * BAD_CUE, CUE_OUT_NESTED, ...). A problem never stops parsing: the cue is kept when its tag says enough
 * and dropped otherwise (DESIGN.md invariant 6, fail open).
 */
export const CueProblem = {
  /**
   * A cue's SCTE-35 payload does not decode (bad base64 or hex, CRC_32 mismatch, truncated, reserved
   * command). The message says whether the cue was kept (its tag says out / in) or dropped.
   */
  CUE_SCTE35_INVALID: 'CUE_SCTE35_INVALID',
  /**
   * A cue-in whose ID pairs with no break: EXT-X-DATERANGE pairs SCTE35-IN with the SCTE35-OUT of the same
   * ID (protocols.md §6.1), SCTE-35 payloads pair by splice_event_id / segmentation_event_id. Ignored.
   */
  CUE_IN_UNPAIRED: 'CUE_IN_UNPAIRED',
  /** A DASH SCTE-35 Event that cannot be read (no Signal, undecodable Binary). Ignored. */
  DASH_EVENT_INVALID: 'DASH_EVENT_INVALID',
  /** A Period whose start cannot be known (no @start, the previous Period has no @duration). */
  DASH_PERIOD_START_UNKNOWN: 'DASH_PERIOD_START_UNKNOWN',
} as const;
export type CueProblem = (typeof CueProblem)[keyof typeof CueProblem];
