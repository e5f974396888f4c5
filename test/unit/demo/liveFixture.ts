/**
 * A deliberately small reader of the live simulator's media playlists for the live*.test.ts files: it
 * keeps every tag line per segment, so tests can compare refreshes and renditions line for line without
 * depending on the stitcher's own parser.
 */
export interface LiveSegment {
  seq: number;
  uri: string;
  duration: number;
  discontinuity: boolean;
  pdt: string | null;
  /** Tag lines before the segment other than EXTINF, DISCONTINUITY and PROGRAM-DATE-TIME, in order. */
  tags: string[];
}

export interface LivePlaylist {
  version: number;
  targetDuration: number;
  mediaSequence: number;
  discontinuitySequence: number;
  map: string | null;
  endList: boolean;
  segments: LiveSegment[];
}

function headerNumber(line: string): number {
  return Number(line.slice(line.indexOf(':') + 1));
}

export function readLivePlaylist(text: string): LivePlaylist {
  const lines = text.split('\n');
  if (lines[0] !== '#EXTM3U') throw new Error('not a playlist');
  const p: LivePlaylist = { version: 0, targetDuration: 0, mediaSequence: 0, discontinuitySequence: 0, map: null, endList: false, segments: [] };
  let pending: Omit<LiveSegment, 'seq' | 'uri'> = { duration: NaN, discontinuity: false, pdt: null, tags: [] };
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if (line.startsWith('#EXT-X-VERSION:')) p.version = headerNumber(line);
    else if (line.startsWith('#EXT-X-TARGETDURATION:')) p.targetDuration = headerNumber(line);
    else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) p.mediaSequence = headerNumber(line);
    else if (line.startsWith('#EXT-X-DISCONTINUITY-SEQUENCE:')) p.discontinuitySequence = headerNumber(line);
    else if (line.startsWith('#EXT-X-MAP:')) p.map = line;
    else if (line === '#EXT-X-ENDLIST') p.endList = true;
    else if (line === '#EXT-X-DISCONTINUITY') pending.discontinuity = true;
    else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pending.pdt = line.slice(line.indexOf(':') + 1);
    else if (line.startsWith('#EXTINF:')) pending.duration = Number.parseFloat(line.slice(8));
    else if (line.startsWith('#')) pending.tags.push(line);
    else {
      p.segments.push({ seq: p.mediaSequence + p.segments.length, uri: line, ...pending });
      pending = { duration: NaN, discontinuity: false, pdt: null, tags: [] };
    }
  }
  return p;
}

/** `ATTR=value` of a tag line, unquoted (enough for the simulator's own tags). */
export function tagAttribute(line: string, name: string): string | null {
  const m = new RegExp(`[:,]${name}=("([^"]*)"|[^,]*)`).exec(line);
  if (!m) return null;
  return m[2] ?? m[1];
}
