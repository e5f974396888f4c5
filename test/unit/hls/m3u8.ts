/** An independent reading of playlists, to check ours against: videojs/m3u8-parser (style.md). */
import { Parser } from 'm3u8-parser';

export interface RefSegment {
  uri: string; duration: number; discontinuity?: boolean; title?: string;
  key?: { method: string; uri?: string }; map?: { uri: string; byterange?: { length: number; offset: number } };
  byterange?: { length: number; offset: number };
}
export interface RefManifest {
  segments: RefSegment[]; targetDuration?: number; mediaSequence?: number; discontinuitySequence?: number; endList?: boolean;
}

export function m3u8(text: string): RefManifest {
  const p = new Parser();
  p.push(text);
  p.end();
  return p.manifest as unknown as RefManifest;
}
