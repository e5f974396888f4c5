/**
 * `[asset.KEY]` ADS template variables from `#EXT-X-ASSET:KEY=urlencoded,...` (protocols.md §6.1: not a
 * cue; its values feed `[asset.KEY]`). AWS Elemental writes it beside the break's EXT-X-CUE-OUT, e.g.
 * `#EXT-X-ASSET:GENRE=CV,CAID=12345678,EPISODE="Episode%20Name%20Date",SERIES="Series%2520Name"`.
 *
 * Values are URL-decoded once (`Series%2520Name` → `Series%20Name`); a value that is not valid
 * percent-encoding is kept as written. Quoted values may hold commas (RFC 8216 §4.2 attribute lists).
 */
import { scanAttributes } from '../hls/attributes';
import type { MediaPlaylist } from '../hls/parseMedia';

const TAG = '#EXT-X-ASSET:';

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function read(line: string, out: Record<string, string>): void {
  scanAttributes(line, TAG.length, (name, s, e) => {
    if (name !== '') out[name] = decode(line.slice(s, e));
  });
}

/**
 * The asset variables in effect at segment `upTo` (a break's startSegment): the EXT-X-ASSET tags of the
 * header and of the blocks up to and including that segment's, a later tag's keys replacing an earlier one's.
 * Without `upTo`, every EXT-X-ASSET of the playlist (the trailing lines too).
 */
export function assetVars(playlist: MediaPlaylist, upTo?: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of playlist.headerLines) if (l.startsWith(TAG)) read(l, out);
  const segments = playlist.segments;
  const last = upTo === undefined ? segments.length : Math.min(upTo, segments.length);
  for (let i = 0; i < last + 1 && i < segments.length; i++) {
    for (const l of segments[i].tagLines) if (l.startsWith(TAG)) read(l, out);
  }
  if (last >= segments.length) for (const l of playlist.trailingLines) if (l.startsWith(TAG)) read(l, out);
  return out;
}
