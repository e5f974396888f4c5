/**
 * HLS media playlist → model (RFC 8216 §4.3), line → tag → model as videojs/m3u8-parser does it, and
 * tolerant: problems are recorded, never thrown. The model keeps every line it does not interpret
 * verbatim, so `stitchMedia` can write the playlist back with unknown tags in place (style.md practice 2).
 *
 * Levels: playlist tags (§4.3.3) go to `headerLines` wherever they appear; segment tags (§4.3.2),
 * unknown tags and comments between two URIs belong to the segment whose URI follows them. Lines before
 * the first segment-level tag are header lines. Blank lines are dropped (§4.1: they are ignored).
 */
import type { Problem } from '../errors';
import { findAttribute } from './attributes';
import { HlsProblem } from './hlsProblem';
import { parseDecimal } from './parseDecimal';
import { hlsCueAttach } from '../scte35/hlsCueAttach';
import { ownsCueLine, readCue, type Cue } from './readCueTag';
import { PLAYLIST_TAGS, SEGMENT_TAGS, tagName } from './tagLevel';

export type { Cue, CueCont, CueIn, CueOut, CueStyle } from './readCueTag';

export interface MediaSegment {
  /** As written (trimmed). */
  uri: string;
  /** EXTINF seconds. */
  duration: number;
  /** EXTINF number as written. */
  durationText: string;
  /** EXTINF title (everything after the comma, as written), '' if none. */
  title: string;
  discontinuity: boolean;
  /** Lines between the previous segment's URI and this URI that are not EXTINF, cue or discontinuity tags
   *  (EXT-X-KEY, EXT-X-MAP, EXT-X-PROGRAM-DATE-TIME, EXT-X-BYTERANGE, EXT-X-DATERANGE, unknown tags,
   *  comments), in order, verbatim. */
  tagLines: string[];
  /** The cue tags the stitcher owns (EXT-X-CUE-OUT / -CONT / -IN, EXT-X-CUE) that appeared before this
   *  segment, in order: they are not in tagLines, stitchMedia removes or writes them. */
  cues: Cue[];
  /**
   * Every cue of the block, in line order, for findBreaks and `[scte.*]`: the `cues` above (same objects)
   * and the cues of tags that stay in tagLines (EXT-X-DATERANGE SCTE35-*, EXT-X-SPLICEPOINT-SCTE35,
   * EXT-OATCLS-SCTE35, EXT-X-SCTE35). An EXT-OATCLS-SCTE35 beside an EXT-X-CUE-* tag is folded into that
   * cue (its payload) rather than listed (src/scte35/hlsCueAttach.ts).
   */
  signals: Cue[];
  /**
   * The EXT-X-KEY line in effect for this segment (verbatim), null = none / METHOD=NONE. When one block
   * carries several EXT-X-KEY lines (one per KEYFORMAT, RFC 8216 §4.3.2.4), they apply together and are
   * kept together, joined with '\n'.
   */
  key: string | null;
  /** The EXT-X-MAP line in effect (verbatim). */
  map: string | null;
  /** Value of this segment's own EXT-X-PROGRAM-DATE-TIME tag, if it has one (not derived). */
  programDateTime: string | null;
}

export interface MediaPlaylist {
  /** Playlist-level lines (EXTM3U, VERSION, TARGETDURATION, MEDIA-SEQUENCE, ..., unknown tags and comments
   *  before the first segment-level tag), verbatim. */
  headerLines: string[];
  version: number | null;
  targetDuration: number;
  mediaSequence: number;
  discontinuitySequence: number;
  playlistType: 'VOD' | 'EVENT' | null;
  endList: boolean;
  segments: MediaSegment[];
  /** Cue tags after the last segment (a post-roll's markers). */
  trailingCues: Cue[];
  /** Every cue after the last segment, as MediaSegment.signals. */
  trailingSignals: Cue[];
  /** Other lines after the last segment URI (except EXT-X-ENDLIST), verbatim. */
  trailingLines: string[];
}

/** Shared by every block without cues (most of them), so a refresh allocates nothing for them; frozen, so a push fails loudly. */
const NO_CUES = Object.freeze([]) as unknown as Cue[];

function integerValue(line: string, colon: number): number | null {
  const v = parseDecimal(line.slice(colon + 1));
  return v !== null && Number.isInteger(v) ? v : null;
}

export function parseMedia(text: string): { playlist: MediaPlaylist; problems: Problem[] } {
  return parseFrom(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, null);
}

/** What a block's parse carries over from the segments before it (the EXT-X-KEY and EXT-X-MAP in effect). */
export interface ParseCarry { key: string | null; map: string | null; }

/**
 * The segments, cues and trailing lines of `text` from character `from` (the start of a line just after a
 * segment URI line), as parseMedia would read them there with `carry` in effect: for a live refresh that only
 * appended segments (parseMediaSlide.ts). No header is read (the result's headerLines hold any playlist tag
 * met, which the caller treats as a change); problems carry line numbers counted from `from`.
 */
export function parseMediaTail(text: string, from: number, carry: ParseCarry): { playlist: MediaPlaylist; problems: Problem[] } {
  return parseFrom(from === 0 ? text : text.slice(from), carry);
}

function parseFrom(text: string, carry: ParseCarry | null): { playlist: MediaPlaylist; problems: Problem[] } {
  const problems: Problem[] = [];
  const playlist: MediaPlaylist = {
    headerLines: [], version: null, targetDuration: 0, mediaSequence: 0, discontinuitySequence: 0,
    playlistType: null, endList: false, segments: [], trailingCues: [], trailingSignals: [], trailingLines: [],
  };
  const lines = text.split('\n');
  const header = playlist.headerLines;
  const segments = playlist.segments;

  let inHeader = carry === null;
  let sawFirst = carry !== null;
  let sawTarget = false;
  let maxRounded = 0;
  // The block being read: everything since the previous URI line.
  let blockStart = 0;
  // First line after the header (the header ends at the first segment-level line).
  let bodyStart = 0;
  let extinf: { duration: number; durationText: string; title: string } | null = null;
  let discontinuity = false;
  let tagLines: string[] = [];
  let cues = NO_CUES;
  let signals = NO_CUES;
  let pdt: string | null = null;
  let blockHasKey = false;
  let keyGroup: string[] = [];
  // State carried from segment to segment.
  let key: string | null = carry?.key ?? null;
  let map: string | null = carry?.map ?? null;

  for (let li = 0; li < lines.length; li++) {
    let line = lines[li];
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (line.length === 0) continue;
    const c0 = line.charCodeAt(0);
    if ((c0 === 32 || c0 === 9) && line.trim() === '') continue;
    const lineNo = li + 1;
    if (!sawFirst) {
      sawFirst = true;
      if (line.trimEnd() !== '#EXTM3U') problems.push({ code: HlsProblem.MISSING_EXTM3U, message: 'the playlist does not start with #EXTM3U', line: lineNo });
    }

    if (c0 !== 35 /* # */) {
      if (extinf === null) {
        // Not a segment: most often a tag wrapped over several lines (the RFC 8216 §8.10 example as printed).
        problems.push({ code: HlsProblem.URI_WITHOUT_EXTINF, message: `a URI line with no #EXTINF before it is kept as is: ${line}`, line: lineNo });
        (inHeader ? header : tagLines).push(line);
        continue;
      }
      const rounded = Math.round(extinf.duration);
      if (rounded > maxRounded) maxRounded = rounded;
      const last = line.charCodeAt(line.length - 1);
      segments.push({
        uri: last === 32 || last === 9 ? line.trim() : line, duration: extinf.duration, durationText: extinf.durationText, title: extinf.title,
        discontinuity, tagLines, cues, signals: signals === NO_CUES ? NO_CUES : hlsCueAttach(signals), key, map, programDateTime: pdt,
      });
      inHeader = false;
      blockStart = bodyStart = li + 1;
      extinf = null;
      discontinuity = false;
      tagLines = [];
      cues = NO_CUES;
      signals = NO_CUES;
      pdt = null;
      blockHasKey = false;
      continue;
    }

    // The hot tag first: one #EXTINF per segment (RFC 8216 §4.3.2.1: `#EXTINF:<duration>,[<title>]`).
    if (line.startsWith('#EXTINF:')) {
      if (extinf !== null) problems.push({ code: HlsProblem.EXTINF_WITHOUT_URI, message: 'an #EXTINF has no URI before the next #EXTINF; the later one is used', line: lineNo });
      const comma = line.indexOf(',', 8);
      const durationText = (comma < 0 ? line.slice(8) : line.slice(8, comma)).trim();
      let duration = parseDecimal(durationText);
      if (duration === null) {
        problems.push({ code: HlsProblem.BAD_EXTINF, message: `#EXTINF duration "${durationText}" is not a number; 0 is used`, line: lineNo });
        duration = 0;
      }
      extinf = { duration, durationText, title: comma < 0 ? '' : line.slice(comma + 1) };
      if (inHeader) { inHeader = false; bodyStart = li; }
      continue;
    }

    // The other tag found on every segment of a live playlist.
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      pdt = line.slice(25).trim();
      if (inHeader) { inHeader = false; bodyStart = li; }
      tagLines.push(line);
      continue;
    }

    if (!line.startsWith('#EXT')) {
      (inHeader ? header : tagLines).push(line); // a comment
      continue;
    }

    const name = tagName(line);
    if (PLAYLIST_TAGS.has(name)) {
      header.push(line);
      readPlaylistTag(playlist, name, line, lineNo, problems);
      if (name === '#EXT-X-TARGETDURATION') sawTarget = true;
      continue;
    }
    if (name === '#EXT-X-ENDLIST') {
      playlist.endList = true;
      continue;
    }
    const reading = readCue(line);
    if (reading !== null) {
      // A cue tag describes the segment that follows: the header ends here whichever family it is.
      if (inHeader) { inHeader = false; bodyStart = li; }
      if (reading.problem) problems.push({ ...reading.problem, line: lineNo });
      const cue = reading.cue;
      if (cue !== null) {
        if (signals === NO_CUES) signals = [];
        signals.push(cue);
      }
      if (cue !== null && ownsCueLine(cue)) {
        if (cues === NO_CUES) cues = [];
        cues.push(cue);
        continue;
      }
      // EXT-X-DATERANGE and the SCTE-35 tags stay in the segment's lines and pass through (protocols.md §6.2).
      tagLines.push(line);
      continue;
    }
    if (inHeader && SEGMENT_TAGS.has(name)) { inHeader = false; bodyStart = li; }
    switch (name) {
      case '#EXT-X-DISCONTINUITY':
        discontinuity = true;
        continue;
      case '#EXT-X-KEY': {
        // A block's KEY lines replace the keys in effect, together (one per KEYFORMAT).
        if (!blockHasKey) { keyGroup = []; blockHasKey = true; }
        if (findValue(line, 'METHOD') !== 'NONE') keyGroup.push(line);
        key = keyGroup.length === 0 ? null : keyGroup.join('\n');
        break;
      }
      case '#EXT-X-MAP':
        map = line;
        break;
      case '#EXT-X-SKIP':
        problems.push({ code: HlsProblem.DELTA_PLAYLIST, message: 'a delta update (#EXT-X-SKIP) lists only part of the segments', line: lineNo });
        break;
    }
    (inHeader ? header : tagLines).push(line);
  }

  // Whatever follows the last URI: a post-roll's cues, LL-HLS parts and hints, an unfinished segment.
  if (extinf !== null) problems.push({ code: HlsProblem.EXTINF_WITHOUT_URI, message: 'the playlist ends with an #EXTINF that has no URI' });
  playlist.trailingCues = cues === NO_CUES ? [] : cues;
  playlist.trailingSignals = signals === NO_CUES ? [] : hlsCueAttach(signals);
  if (!inHeader) playlist.trailingLines = trailingLinesFrom(lines, Math.max(blockStart, bodyStart));

  if (!sawTarget) problems.push({ code: HlsProblem.MISSING_TARGETDURATION, message: 'no #EXT-X-TARGETDURATION' });
  else if (maxRounded > playlist.targetDuration) {
    problems.push({ code: HlsProblem.TARGETDURATION_EXCEEDED, message: `a segment of ${maxRounded}s (rounded) exceeds #EXT-X-TARGETDURATION:${playlist.targetDuration}` });
  }
  return { playlist, problems };
}

function findValue(line: string, attribute: string): string | null {
  const span = findAttribute(line, line.indexOf(':') + 1, attribute);
  return span === null ? null : line.slice(span.start, span.end);
}

function readPlaylistTag(playlist: MediaPlaylist, name: string, line: string, lineNo: number, problems: Problem[]): void {
  const colon = name.length;
  const bad = () => problems.push({ code: HlsProblem.BAD_TAG_VALUE, message: `cannot read ${line}`, line: lineNo });
  switch (name) {
    case '#EXT-X-VERSION': {
      const v = integerValue(line, colon);
      if (v === null) bad(); else playlist.version = v;
      break;
    }
    case '#EXT-X-TARGETDURATION': {
      const v = parseDecimal(line.slice(colon + 1));
      if (v === null) bad(); else playlist.targetDuration = v;
      break;
    }
    case '#EXT-X-MEDIA-SEQUENCE': {
      const v = integerValue(line, colon);
      if (v === null) bad(); else playlist.mediaSequence = v;
      break;
    }
    case '#EXT-X-DISCONTINUITY-SEQUENCE': {
      const v = integerValue(line, colon);
      if (v === null) bad(); else playlist.discontinuitySequence = v;
      break;
    }
    case '#EXT-X-PLAYLIST-TYPE': {
      const v = line.slice(colon + 1).trim();
      if (v === 'VOD' || v === 'EVENT') playlist.playlistType = v; else bad();
      break;
    }
  }
}

/** An EXT-X-CUE-* / EXT-X-CUE line, which the model holds as a cue rather than a line. */
function isOwnedCueLine(line: string): boolean {
  if (!line.startsWith('#EXT-X-CUE')) return false;
  const cue = readCue(line)?.cue;
  return cue !== undefined && cue !== null && ownsCueLine(cue);
}

/** The verbatim lines of the unfinished last block, minus what the model holds elsewhere (header, ENDLIST, cues). */
function trailingLinesFrom(lines: string[], from: number): string[] {
  const out: string[] = [];
  for (let li = from; li < lines.length; li++) {
    let line = lines[li];
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    if (line.charCodeAt(0) === 35) {
      const name = tagName(line);
      if (PLAYLIST_TAGS.has(name) || name === '#EXT-X-ENDLIST' || isOwnedCueLine(line)) continue;
    }
    out.push(line);
  }
  return out;
}
