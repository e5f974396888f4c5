/**
 * The EXT-X-PROGRAM-DATE-TIME of a segment as epoch ms: its own tag, else the closest earlier tag plus the
 * EXTINF in between (RFC 8216 §4.3.2.6: a tag applies to its segment, later segments follow by duration).
 * Null when no segment at or before it has one, or the date does not parse.
 */
import type { MediaPlaylist } from '../../hls/parseMedia';

export function programDateTimeAt(playlist: MediaPlaylist, index: number): number | null {
  const segs = playlist.segments;
  let after = 0;
  for (let i = Math.min(index, segs.length - 1); i >= 0; i--) {
    const s = segs[i];
    if (i < index) after += s.duration;
    if (s.programDateTime !== null) {
      const t = Date.parse(s.programDateTime);
      return Number.isNaN(t) ? null : t + Math.round(after * 1000);
    }
  }
  return null;
}
