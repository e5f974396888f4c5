/**
 * Stable codes of the problems the HLS parsers record (style.md: parsers tolerate and report; one table of
 * codes, as workbox's messages). A problem never stops parsing; the worker logs it and serves what it can.
 */
export const HlsProblem = {
  /** First line is not `#EXTM3U` (RFC 8216 §4.3.1.1). */
  MISSING_EXTM3U: 'MISSING_EXTM3U',
  /** A tag value that does not parse (number, enum). */
  BAD_TAG_VALUE: 'BAD_TAG_VALUE',
  /** `#EXTINF` whose duration is not a non-negative decimal (RFC 8216 §4.3.2.1). */
  BAD_EXTINF: 'BAD_EXTINF',
  /** A URI line with no `#EXTINF` before it; kept verbatim as a tag line (wrapped tags look like this). */
  URI_WITHOUT_EXTINF: 'URI_WITHOUT_EXTINF',
  /** `#EXTINF` not followed by a URI before the next `#EXTINF` or the end. */
  EXTINF_WITHOUT_URI: 'EXTINF_WITHOUT_URI',
  /** No `#EXT-X-TARGETDURATION` (RFC 8216 §4.3.3.1, required). */
  MISSING_TARGETDURATION: 'MISSING_TARGETDURATION',
  /** An `#EXTINF` rounded to the nearest integer exceeds the target duration (RFC 8216 §4.3.3.1). */
  TARGETDURATION_EXCEEDED: 'TARGETDURATION_EXCEEDED',
  /** `#EXT-X-SKIP` (delta update, RFC 8216bis §4.4.5.2): segments are missing from the text. */
  DELTA_PLAYLIST: 'DELTA_PLAYLIST',
  /** `#EXT-X-STREAM-INF` not followed by a URI line (RFC 8216 §4.3.4.2). */
  STREAM_INF_WITHOUT_URI: 'STREAM_INF_WITHOUT_URI',
  /** A required attribute is missing (BANDWIDTH, TYPE, GROUP-ID, NAME, URI). */
  MISSING_ATTRIBUTE: 'MISSING_ATTRIBUTE',
  /** A cue tag whose duration is not a plain number (protocols.md §6.1: ISO-8601 is not supported). */
  BAD_CUE: 'BAD_CUE',
  /** A cue-out while the previous break has no cue-in yet; the previous break ends there. */
  CUE_OUT_NESTED: 'CUE_OUT_NESTED',
  /** A cue-in with no open break. */
  CUE_IN_WITHOUT_OUT: 'CUE_IN_WITHOUT_OUT',
  /** A cue-out-cont with no open break (a live window that starts inside a break). */
  CUE_CONT_WITHOUT_OUT: 'CUE_CONT_WITHOUT_OUT',
  /** A cue-in that comes after the segments covering the signalled duration; the break already ended. */
  CUE_IN_AFTER_DURATION: 'CUE_IN_AFTER_DURATION',
  /** A VOD playlist ends inside a break that has neither a cue-in nor a covered duration. */
  CUE_OUT_UNTERMINATED: 'CUE_OUT_UNTERMINATED',
} as const;
export type HlsProblem = (typeof HlsProblem)[keyof typeof HlsProblem];
