/**
 * The parse of a live media playlist refresh from the previous refresh's (issue 9, warm path): a sliding
 * window is the previous text minus its first k segment blocks, plus new blocks at the end, under a header
 * whose only change is EXT-X-MEDIA-SEQUENCE (and EXT-X-DISCONTINUITY-SEQUENCE). When the new text is exactly
 * that (checked with one native string comparison of the shared part, not a line loop), the model is the
 * previous segments from k on (the same objects) plus the tail parsed with parseMediaTail, and it equals
 * parseMedia(text) (test/unit/hls/parseMediaSlide.property.test.ts). Anything else returns null and the
 * caller parses the whole text.
 *
 * What makes the shared blocks parse the same at the top of the new text as in the middle of the old one:
 * the first shared block starts with a segment-level line (else parseMedia would count its first lines as
 * header), and the EXT-X-KEY / EXT-X-MAP in effect for it come from its own lines or are none (a key or map
 * set by a dropped block would not be in effect in the new text). Problems (MediaPlaylist has none) are not
 * produced on this path.
 */
import { parseMedia, parseMediaTail, type MediaPlaylist, type MediaSegment } from './parseMedia';
import { readCue } from './readCueTag';
import { PLAYLIST_TAGS, SEGMENT_TAGS, tagName } from './tagLevel';

export interface ParsedText {
  text: string;
  playlist: MediaPlaylist;
  /** Offset of the first line after the header (the first segment-level line), or -1 when not found. */
  bodyStart: number;
}

/** Header lines at most before the first segment-level line: a longer header is not a usual live playlist. */
const MAX_HEADER_LINES = 64;

/**
 * Offset of the first segment-level line (where parseMedia's header ends), or -1 when the header holds
 * anything this path does not reproduce (a URI line, EXT-X-ENDLIST, a BOM, more than MAX_HEADER_LINES lines).
 */
export function bodyStartOf(text: string): number {
  if (text.charCodeAt(0) === 0xfeff) return -1;
  let pos = 0;
  for (let count = 0; count < MAX_HEADER_LINES && pos < text.length; count++) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(pos, end - 1) : text.slice(pos, end);
    if (line.trim() !== '') {
      if (line.charCodeAt(0) !== 35) return -1;
      if (isSegmentLevel(line)) return pos;
      if (tagName(line) === '#EXT-X-ENDLIST') return -1;
    }
    pos = end + 1;
  }
  return -1;
}

/** Whether parseMedia ends its header at this (# ) line: EXTINF, PDT, a cue tag, or another segment tag. */
function isSegmentLevel(line: string): boolean {
  if (line.startsWith('#EXTINF:') || line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) return true;
  if (!line.startsWith('#EXT')) return false;
  const name = tagName(line);
  if (PLAYLIST_TAGS.has(name) || name === '#EXT-X-ENDLIST') return false;
  return readCue(line) !== null || SEGMENT_TAGS.has(name);
}

export function parseFull(text: string): ParsedText {
  return { text, playlist: parseMedia(text).playlist, bodyStart: bodyStartOf(text) };
}

const isSequenceLine = (l: string) => l.startsWith('#EXT-X-MEDIA-SEQUENCE:') || l.startsWith('#EXT-X-DISCONTINUITY-SEQUENCE:');

function sameHeader(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(isSequenceLine(a[i]) && isSequenceLine(b[i]) && a[i].slice(0, 20) === b[i].slice(0, 20))) return false;
  return true;
}

const hasStray = (s: MediaSegment) => s.tagLines.some((l) => l.charCodeAt(0) !== 35);
const hasTag = (s: MediaSegment, prefix: string) => s.tagLines.some((l) => l.startsWith(prefix));

/** Offset just after the `count`-th URI line (a non-blank line not starting with '#') from `pos`, or -1. */
function afterUriLines(text: string, pos: number, count: number): number {
  let seen = 0;
  while (seen < count && pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) return -1;
    const c0 = text.charCodeAt(pos);
    if (c0 !== 35 && text.slice(pos, end).trim() !== '') seen++;
    pos = end + 1;
  }
  return seen === count ? pos : -1;
}

/** segments[k..] then `tail`, in one new array. */
function appended(segments: readonly MediaSegment[], k: number, tail: readonly MediaSegment[]): MediaSegment[] {
  const out = segments.slice(k);
  for (const s of tail) out.push(s);
  return out;
}

/** The new refresh's parse from the previous one, or null when the text is not "previous minus a prefix plus a tail". */
export function parseMediaSlide(prev: ParsedText, text: string): ParsedText | null {
  const q = prev.playlist;
  const n = q.segments.length;
  if (prev.bodyStart < 0 || n === 0 || q.endList || q.trailingLines.length || q.trailingCues.length || q.trailingSignals.length) return null;
  // The previous text must end with its last URI line and its newline (so the shared part ends on a line end).
  if (prev.text.charCodeAt(prev.text.length - 1) !== 10) return null;
  const bodyStart = bodyStartOf(text);
  if (bodyStart < 0) return null;
  const head = parseMedia(text.slice(0, bodyStart)).playlist;
  if (head.segments.length || head.trailingLines.length || head.trailingCues.length || head.endList || !sameHeader(head.headerLines, q.headerLines)) return null;
  const k = head.mediaSequence - q.mediaSequence;
  if (!(k >= 0 && k < n)) return null;
  // The shared blocks: k to n-1 of the previous text.
  for (let i = 0; i <= k; i++) if (hasStray(q.segments[i])) return null;
  const first = q.segments[k];
  if (first.key !== null && !hasTag(first, '#EXT-X-KEY')) return null;
  if (first.map !== null && !hasTag(first, '#EXT-X-MAP')) return null;
  const shared = k === 0 ? prev.bodyStart : afterUriLines(prev.text, prev.bodyStart, k);
  if (shared < 0 || bodyStartOf(prev.text.slice(shared, shared + 4096)) !== 0) return null;
  const common = prev.text.length - shared;
  // One native comparison of the shared part: equality of two slices is a memcmp in V8 (startsWith with a long
  // argument compares character by character, about 60x slower on 650 KiB).
  if (text.length < bodyStart + common) return null;
  if (text.substring(bodyStart, bodyStart + common) !== (common === prev.text.length ? prev.text : prev.text.slice(shared))) return null;
  const lastSeg = q.segments[n - 1];
  const tail = parseMediaTail(text, bodyStart + common, { key: lastSeg.key, map: lastSeg.map }).playlist;
  if (tail.headerLines.length || tail.endList) return null;
  const playlist: MediaPlaylist = {
    headerLines: head.headerLines, version: head.version, targetDuration: head.targetDuration, mediaSequence: head.mediaSequence,
    discontinuitySequence: head.discontinuitySequence, playlistType: head.playlistType, endList: false,
    segments: appended(q.segments, k, tail.segments),
    trailingCues: tail.trailingCues, trailingSignals: tail.trailingSignals, trailingLines: tail.trailingLines,
  };
  return { text, playlist, bodyStart };
}
