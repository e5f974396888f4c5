/**
 * The media playlist rewrite, (origin playlist, insertions) → stitched text (style.md practice 1),
 * following MediaTailor's output (protocols.md §6.2) and what hls.js needs (players.md §3.2):
 *
 * - `#EXT-X-DISCONTINUITY` at every content→ad, ad→ad, ad→slate and ad/slate→content boundary, and where
 *   content segments were removed with nothing in their place; none before a pre-roll that opens the
 *   playlist. The origin's own discontinuities are kept (one tag where both fall together).
 * - Content URIs, and URI attributes of passed-through tags, become absolute (the playlist is served from
 *   the worker's URL). Ad segment URIs come from `rewriteAdUri`; ad init segments (EXT-X-MAP) stay direct.
 * - fMP4: an ad's EXT-X-MAP after its discontinuity; the content's EXT-X-MAP again when content resumes.
 * - Encryption: `#EXT-X-KEY:METHOD=NONE` at the start of a break when a content key is in effect, the
 *   content key lines again when content resumes (protocols.md §6.2).
 * - Cue tags removed when `stripCues` (MediaTailor's default), else passed through: a break's cue-out
 *   just before the break, the other cues with their segment. Unknown tags pass through in place.
 *   Tags of replaced segments go with them, except EXT-X-DATERANGE, which is timed by its dates, not
 *   its position, and passes through (protocols.md §6.2).
 * - Header: EXT-X-DISCONTINUITY-SEQUENCE always present (added after EXT-X-MEDIA-SEQUENCE with the
 *   origin's value), EXT-X-VERSION at least 3 (4 when ad byte ranges, 6 when ad EXT-X-MAP are added,
 *   RFC 8216 §7), EXT-X-TARGETDURATION raised to cover every EXTINF rounded (RFC 8216 §4.3.3.1).
 * - Media sequence: the first served segment keeps the origin's EXT-X-MEDIA-SEQUENCE, every served
 *   segment (content, ad, slate) takes the next number (ads take over the numbers of the content they
 *   replace, protocols.md §6.2).
 * - Program date time: ad and slate segments get EXT-X-PROGRAM-DATE-TIME when the insertion says where
 *   they start (Insertion.programDateTime); content keeps its own, and content resumed after a break whose
 *   segment has no tag of its own gets the origin's PDT (its last tag plus the origin EXTINF since, replaced
 *   segments included), so a player never extrapolates content time from an ad's PDT (players.md §1.9).
 */
import { ErrorCode, StitchboxError } from '../errors';
import type { AdSegment } from '../session/plan';
import { absolutizeTag, uriTagName } from './absolutizeTag';
import type { Cue, MediaPlaylist, MediaSegment } from './parseMedia';
import { createUriResolver } from './resolveUri';

export interface StitchPiece { kind: 'ad' | 'slate'; segments: AdSegment[]; }

export interface Insertion {
  /** Origin segment index before which the break starts (segments.length = after the last). */
  at: number;
  /** How many origin segments the break removes (0 = insertion). */
  replace: number;
  pieces: StitchPiece[];
  /**
   * Epoch ms of the first written piece segment (live, src/session/live): ad and slate segments then carry
   * EXT-X-PROGRAM-DATE-TIME continuous on the stitched timeline (this value plus the durations written
   * before them), since Shaka times every segment by its PDT (players.md §1.9). Unset: no PDT on them.
   */
  programDateTime?: number;
}

export interface StitchOptions {
  /** Absolute URL of the origin media playlist. */
  baseUrl: string;
  rewriteAdUri(pieceIndex: number, insertionIndex: number, segmentIndex: number, seg: AdSegment): string;
  /** true: remove cue tags (MediaTailor default); false: passthrough. */
  stripCues: boolean;
  /**
   * Live windows (src/session/live): the stitched numbering of the first written segment, computed from the
   * session's timeline so that it stays consistent as the window slides (DESIGN invariant 3). Written as
   * EXT-X-MEDIA-SEQUENCE / EXT-X-DISCONTINUITY-SEQUENCE in place of the origin's values.
   */
  mediaSequence?: number;
  discontinuitySequence?: number;
  /**
   * Live windows: whether the first written segment carries EXT-X-DISCONTINUITY, when it is not the
   * origin's own tag. A window that starts on an ad's first segment, or on content resuming after a break
   * that has left the window, must keep the tag it had in earlier refreshes (DESIGN invariant 1); a window
   * that starts in the middle of an ad must not get one. Unset: VOD behaviour (none before a pre-roll).
   */
  leadingDiscontinuity?: boolean;
}

export interface PlacedPiece {
  insertion: number;
  piece: number;
  kind: 'ad' | 'slate';
  /** Seconds on the stitched timeline (sum of EXTINF as served, from the first segment). */
  startTime: number;
  duration: number;
  firstSequence: number;
  segmentCount: number;
}

const DISCONTINUITY = '#EXT-X-DISCONTINUITY';
const KEY_NONE = '#EXT-X-KEY:METHOD=NONE';

/** `last` when nothing was served yet / when the last served segment was an ad or slate; else a content
 *  index. Both below -1, so that `last !== i - 1` holds for content segment 0 after a pre-roll. */
const NOTHING = -20;
const PIECE = -10;

/** Segment-bound tags of a replaced segment: they describe a segment that is no longer served. */
function keepsWhenReplaced(line: string): boolean {
  return line.startsWith('#EXT-X-DATERANGE:');
}

function hasTag(lines: readonly string[], prefix: string): boolean {
  for (const l of lines) if (l.startsWith(prefix)) return true;
  return false;
}

/** `n[@o]` of EXT-X-BYTERANGE (RFC 8216 §4.3.2.2). */
function parseByteRange(value: string): { length: number; offset: number | null } | null {
  const at = value.indexOf('@');
  const length = Number(at < 0 ? value : value.slice(0, at));
  const offset = at < 0 ? null : Number(value.slice(at + 1));
  if (!Number.isInteger(length) || (offset !== null && !Number.isInteger(offset))) return null;
  return { length, offset };
}

function checkInsertions(insertions: readonly Insertion[], n: number): number[] {
  const order = insertions.map((_, i) => i).sort((a, b) => insertions[a].at - insertions[b].at || a - b);
  let free = 0;
  let prevAt = -1;
  for (const k of order) {
    const { at, replace } = insertions[k];
    // Several insertions may share `at` (their pieces follow each other, in the order given); at most
    // one of them, the first, may replace segments.
    const overlaps = at < free && !(at === prevAt && replace === 0);
    if (!Number.isInteger(at) || !Number.isInteger(replace) || at < 0 || overlaps || replace < 0 || at + replace > n) {
      throw new StitchboxError(ErrorCode.MANIFEST_INVALID,
        `insertion ${k} (at ${at}, replace ${replace}) does not fit a playlist of ${n} segments or overlaps another`,
        { details: { insertion: k, at, replace, segments: n } });
    }
    free = Math.max(free, at + replace);
    prevAt = at;
  }
  return order;
}

export interface StitchResult {
  text: string;
  placed: PlacedPiece[];
  /** Characters of `text` before the first segment's lines (the header and its newline). */
  headerLength: number;
  /** EXT-X-VERSION the written segments need (at least 3; RFC 8216 §7), for writeHeader. */
  version: number;
}

export function stitchMedia(playlist: MediaPlaylist, insertions: Insertion[], opts: StitchOptions): StitchResult {
  const segments = playlist.segments;
  const n = segments.length;
  const order = checkInsertions(insertions, n);
  const resolve = createUriResolver(opts.baseUrl);
  const out: string[] = [];
  const placed: PlacedPiece[] = [];

  let sequence = opts.mediaSequence ?? playlist.mediaSequence;
  let time = 0;
  let maxRounded = 0;
  let needVersion = 3;
  let last = NOTHING;
  /** The EXT-X-KEY line(s) in effect as served (model form, unresolved), null = none. */
  let keyInEffect: string | null = null;
  /** The EXT-X-MAP line in effect as served (content: model form; ads: the line written). */
  let mapInEffect: string | null = null;
  /** Index of the segment whose cue-outs were written before a break (not to be written again). */
  let cueOutsWrittenAt = -1;
  // EXT-X-BYTERANGE without an offset continues the previous segment's range (RFC 8216 §4.3.2.2): track
  // the origin's chain so a range that no longer follows its predecessor can be written with its offset.
  let rangeEnd = 0;
  let rangeUri = '';
  /** Origin PDT (epoch ms) of the next origin segment, from the last tag seen plus EXTINF; null = unknown. */
  let originPdt: number | null = null;
  const passOrigin = (seg: MediaSegment) => {
    if (seg.programDateTime !== null) {
      const t = Date.parse(seg.programDateTime);
      originPdt = Number.isNaN(t) ? null : t;
    }
    if (originPdt !== null) originPdt += seg.duration * 1000;
  };

  const pushTag = (line: string) => {
    const name = uriTagName(line);
    out.push(name === null ? line : absolutizeTag(line, name, resolve));
  };
  const pushCues = (cues: readonly Cue[], index: number) => {
    if (opts.stripCues) return;
    for (const cue of cues) if (!(cue.kind === 'out' && index === cueOutsWrittenAt)) out.push(cue.tag);
  };
  /** Origin offset of segment `seg`'s byte range (advancing the chain), or null when it has none. */
  const originRange = (seg: MediaSegment): { length: number; offset: number } | null => {
    let value: string | null = null;
    for (const l of seg.tagLines) if (l.startsWith('#EXT-X-BYTERANGE:')) value = l.slice(17).trim();
    const r = value === null ? null : parseByteRange(value);
    if (r === null) { rangeUri = ''; return null; }
    const offset = r.offset ?? (rangeUri === seg.uri ? rangeEnd : 0);
    rangeEnd = offset + r.length;
    rangeUri = seg.uri;
    return { length: r.length, offset };
  };

  const writeContent = (i: number) => {
    const seg = segments[i];
    const range = originRange(seg);
    const joined = last === NOTHING ? opts.leadingDiscontinuity === true : last !== i - 1;
    if (seg.discontinuity || joined) out.push(DISCONTINUITY);
    // Key and init segment in effect: re-emit when what is served differs (after a break, or after
    // removed segments that changed them), unless this segment's own lines set them.
    if (seg.key !== keyInEffect && !hasTag(seg.tagLines, '#EXT-X-KEY')) {
      if (seg.key === null) out.push(KEY_NONE);
      else for (const l of seg.key.split('\n')) pushTag(l);
    }
    keyInEffect = seg.key;
    if (seg.map !== null && seg.map !== mapInEffect && !hasTag(seg.tagLines, '#EXT-X-MAP')) pushTag(seg.map);
    if (seg.map !== null) mapInEffect = seg.map;
    for (const line of seg.tagLines) {
      if (line.charCodeAt(0) !== 35) { out.push(line); continue; } // a stray line kept as is
      if (range !== null && last !== i - 1 && line.startsWith('#EXT-X-BYTERANGE:') && !line.includes('@')) {
        out.push(`#EXT-X-BYTERANGE:${range.length}@${range.offset}`);
        continue;
      }
      pushTag(line);
    }
    pushCues(seg.cues, i);
    // Content PDT tags travel in tagLines; resumed content without its own gets the origin's (see header).
    if (joined && last !== NOTHING && seg.programDateTime === null && originPdt !== null) out.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(Math.round(originPdt)).toISOString()}`);
    passOrigin(seg);
    out.push(`#EXTINF:${seg.durationText},${seg.title}`, resolve(seg.uri));
    const rounded = Math.round(seg.duration);
    if (rounded > maxRounded) maxRounded = rounded;
    time += seg.duration;
    sequence++;
    last = i;
  };

  const writeBreak = (k: number, at: number) => {
    const insertion = insertions[k];
    if (!opts.stripCues && cueOutsWrittenAt !== at) {
      const cues = at < n ? segments[at].cues : playlist.trailingCues;
      for (const cue of cues) if (cue.kind === 'out') out.push(cue.tag);
      cueOutsWrittenAt = at;
    }
    for (let s = at; s < at + insertion.replace; s++) {
      originRange(segments[s]);
      passOrigin(segments[s]);
      for (const line of segments[s].tagLines) if (keepsWhenReplaced(line)) pushTag(line);
    }
    let pdt = insertion.programDateTime ?? null;
    insertion.pieces.forEach((piece, p) => {
      const startTime = time;
      const firstSequence = sequence;
      let duration = 0;
      let pieceRangeEnd = 0;
      let pieceRangeUri = '';
      piece.segments.forEach((seg, s) => {
        if (s === 0 && (last !== NOTHING || opts.leadingDiscontinuity === true)) out.push(DISCONTINUITY);
        if (keyInEffect !== null) { out.push(KEY_NONE); keyInEffect = null; }
        if (seg.map) {
          const mapLine = seg.map.byteRange === undefined ? `#EXT-X-MAP:URI="${seg.map.uri}"` : `#EXT-X-MAP:URI="${seg.map.uri}",BYTERANGE="${seg.map.byteRange}"`;
          if (mapLine !== mapInEffect) { out.push(mapLine); mapInEffect = mapLine; }
          if (needVersion < 6) needVersion = 6;
        }
        if (seg.byteRange !== undefined) {
          // Always with an explicit offset: the previous served segment may not be this ad's.
          const r = parseByteRange(seg.byteRange.trim());
          if (r !== null) {
            const offset = r.offset ?? (pieceRangeUri === seg.uri ? pieceRangeEnd : 0);
            out.push(`#EXT-X-BYTERANGE:${r.length}@${offset}`);
            pieceRangeEnd = offset + r.length;
            pieceRangeUri = seg.uri;
            if (needVersion < 4) needVersion = 4;
          }
        }
        if (pdt !== null) {
          out.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(Math.round(pdt)).toISOString()}`);
          pdt += seg.duration * 1000;
        }
        out.push(`#EXTINF:${seg.durationText},`, opts.rewriteAdUri(p, k, s, seg));
        const rounded = Math.round(seg.duration);
        if (rounded > maxRounded) maxRounded = rounded;
        duration += seg.duration;
        time += seg.duration;
        sequence++;
        last = PIECE;
      });
      placed.push({ insertion: k, piece: p, kind: piece.kind, startTime, duration, firstSequence, segmentCount: piece.segments.length });
    });
    // Removed content with nothing in its place: `last` stays at - 1, so the next content segment, which
    // no longer follows it, gets a discontinuity in writeContent.
  };

  let next = 0;
  for (let i = 0; i <= n;) {
    let resume = i;
    while (next < order.length && insertions[order[next]].at === i) {
      writeBreak(order[next], i);
      resume = Math.max(resume, i + insertions[order[next]].replace);
      next++;
    }
    if (resume > i) { i = resume; continue; }
    if (i === n) break;
    writeContent(i);
    i++;
  }
  for (const line of playlist.trailingLines) {
    if (line.charCodeAt(0) === 35) pushTag(line); else out.push(line);
  }
  pushCues(playlist.trailingCues, n);
  if (playlist.endList) out.push('#EXT-X-ENDLIST');

  const header = writeHeader(playlist, needVersion, maxRounded, opts).join('\n') + '\n';
  return { text: header + (out.length ? out.join('\n') + '\n' : ''), placed, headerLength: header.length, version: needVersion };
}

/**
 * The origin's header lines with VERSION, TARGETDURATION and DISCONTINUITY-SEQUENCE made right (`maxRounded`:
 * the longest written EXTINF, rounded). Exported for the live warm path (stitchMediaSlide.ts).
 */
export function writeHeader(playlist: MediaPlaylist, needVersion: number, maxRounded: number, opts: StitchOptions): string[] {
  const lines = playlist.headerLines;
  const header: string[] = [];
  if (lines.length === 0 || lines[0].trimEnd() !== '#EXTM3U') header.push('#EXTM3U');
  const hasDiscontinuitySequence = hasTag(lines, '#EXT-X-DISCONTINUITY-SEQUENCE:');
  const discontinuitySequence = `#EXT-X-DISCONTINUITY-SEQUENCE:${opts.discontinuitySequence ?? playlist.discontinuitySequence}`;
  const mediaSequence = opts.mediaSequence === undefined ? null : `#EXT-X-MEDIA-SEQUENCE:${opts.mediaSequence}`;
  let sawSequence = false;
  let sawVersion = false;
  let sawTarget = false;
  let addedSequence = hasDiscontinuitySequence;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-VERSION:')) {
      sawVersion = true;
      header.push(playlist.version === null || playlist.version < needVersion ? `#EXT-X-VERSION:${needVersion}` : line);
    } else if (line.startsWith('#EXT-X-TARGETDURATION:')) {
      sawTarget = true;
      header.push(playlist.targetDuration < maxRounded ? `#EXT-X-TARGETDURATION:${maxRounded}` : line);
    } else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) {
      sawSequence = true;
      header.push(mediaSequence ?? line);
      if (!addedSequence) header.push(discontinuitySequence);
      addedSequence = true;
    } else if (line.startsWith('#EXT-X-DISCONTINUITY-SEQUENCE:') && opts.discontinuitySequence !== undefined) {
      header.push(discontinuitySequence);
    } else {
      header.push(line);
    }
  }
  // Tags the origin lacks go right after #EXTM3U (first line by then).
  const missing: string[] = [];
  if (!sawVersion) missing.push(`#EXT-X-VERSION:${needVersion}`);
  if (!sawTarget) missing.push(`#EXT-X-TARGETDURATION:${Math.max(maxRounded, Math.ceil(playlist.targetDuration))}`);
  if (!sawSequence && mediaSequence !== null) missing.push(mediaSequence);
  if (!addedSequence) missing.push(discontinuitySequence);
  header.splice(1, 0, ...missing);
  return header;
}
