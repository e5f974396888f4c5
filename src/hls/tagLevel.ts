/**
 * Which tags describe the playlist as a whole (RFC 8216 §4.3.3, §4.3.5 and the LL-HLS additions of
 * RFC 8216bis §4.4.3) and which describe the next media segment (§4.3.2). Playlist-level lines are
 * collected in the header; segment-level ones stay with their segment. Unknown tags stay where they are.
 */
export const PLAYLIST_TAGS: ReadonlySet<string> = new Set([
  '#EXTM3U', '#EXT-X-VERSION', '#EXT-X-TARGETDURATION', '#EXT-X-MEDIA-SEQUENCE', '#EXT-X-DISCONTINUITY-SEQUENCE',
  '#EXT-X-PLAYLIST-TYPE', '#EXT-X-I-FRAMES-ONLY', '#EXT-X-INDEPENDENT-SEGMENTS', '#EXT-X-START', '#EXT-X-DEFINE',
  '#EXT-X-SERVER-CONTROL', '#EXT-X-PART-INF', '#EXT-X-ALLOW-CACHE',
]);

/** Segment tags, plus the LL-HLS tags that sit between segments (parts, skip, preload hint, rendition report). */
export const SEGMENT_TAGS: ReadonlySet<string> = new Set([
  '#EXTINF', '#EXT-X-BYTERANGE', '#EXT-X-DISCONTINUITY', '#EXT-X-KEY', '#EXT-X-MAP', '#EXT-X-PROGRAM-DATE-TIME',
  '#EXT-X-DATERANGE', '#EXT-X-GAP', '#EXT-X-BITRATE', '#EXT-X-PART', '#EXT-X-SKIP', '#EXT-X-PRELOAD-HINT',
  '#EXT-X-RENDITION-REPORT',
]);

/** `#EXT-X-KEY:METHOD=NONE` → `#EXT-X-KEY`; `#EXT-X-ENDLIST` → itself. */
export function tagName(line: string): string {
  const colon = line.indexOf(':');
  return colon < 0 ? line.trimEnd() : line.slice(0, colon);
}
