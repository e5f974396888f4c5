/**
 * The ad breaks a media playlist signals with cue tags (protocols.md §6.1), in playlist order, from every
 * cue of every segment's block (MediaSegment.signals: EXT-X-CUE-*, EXT-X-CUE, EXT-X-DATERANGE SCTE35-*,
 * EXT-X-SPLICEPOINT-SCTE35, EXT-OATCLS-SCTE35, EXT-X-SCTE35).
 *
 * A break starts at the segment after its cue-out and ends at the earliest of:
 * - its cue-in (the first segment after the cue-in is `endSegment`);
 * - the segments covering its signalled duration, when it has one (a cue-out of 0 right before a
 *   segment is an insertion point: `endSegment === startSegment`).
 * Earliest wins as for EXT-X-DATERANGE (protocols.md §6.1), and it keeps a live break's end stable from
 * one refresh to the next (DESIGN invariant 1): once the duration is covered, a later cue-in cannot move it.
 * An open break (no cue-in, duration not covered yet) has `endSegment === null`, except in a VOD playlist
 * (EXT-X-ENDLIST), where the end of the playlist closes it.
 *
 * Pairing and double signalling:
 * - Several cue-outs before one segment (EXT-X-DATERANGE beside EXT-X-CUE-OUT, a Break Start beside its
 *   first Advertisement Start) are one break: the first starts it, the others add what it lacks (a
 *   duration, a decoded SCTE-35 for `[scte.*]`). Several cue-ins before one segment close it once.
 * - An EXT-X-CUE-IN (or any cue-in without an ID) closes the open break. An EXT-X-DATERANGE SCTE35-IN
 *   closes it only when its ID is the SCTE35-OUT's (protocols.md §6.1); SCTE-35 payload cues pair by
 *   splice_event_id / segmentation_event_id (SCTE 35 2023 §9.7.3, §10.3.3.1). An unpaired cue-in is ignored.
 * - While a Break (0x22) or Ad Block (0x44, 0x46) is open, the starts and ends of the advertisements and
 *   placement opportunities inside it (0x30-0x3B) are its parts, not breaks (SCTE 35 2023 Table 23).
 */
import type { Problem } from '../errors';
import { CueProblem } from '../scte35/hlsCueProblem';
import { hlsCueSignal, isContainerStart, isInnerSignal } from '../scte35/hlsCueSignal';
import { HlsProblem } from './hlsProblem';
import type { Cue, CueIn, CueOut, MediaPlaylist } from './parseMedia';
import { ownsCueLine } from './readCueTag';

export interface SignalledBreak {
  /** 0,1,2... in playlist order. */
  ordinal: number;
  /** Index of the first segment inside the break (== segments.length when the cue-out is in trailingCues). */
  startSegment: number;
  /** Index of the first segment after the break (null: no cue-in yet). */
  endSegment: number | null;
  /** Seconds: sum of EXTINF of segments before startSegment. */
  startTime: number;
  /** Signalled duration, seconds. */
  duration: number | null;
  /** The cue-out that started the break (the first of its block). */
  cueOut: CueOut;
  /**
   * The cue-out whose SCTE-35 fills `[scte.*]` (src/scte35/scteVars.ts): the first of the break's cue-outs
   * that carries a decoded section, else `cueOut`.
   */
  scteCue: CueOut;
}

/**
 * Segment durations are rounded in EXTINF (often to 2-3 decimals) and summed over several segments, so a
 * signalled duration counts as covered within this many seconds.
 */
const COVER_TOLERANCE = 0.1;

/** What pairing needs to know about a break beyond SignalledBreak. */
export interface BreakState {
  brk: SignalledBreak;
  /** `style id` of its cue-outs that carry an ID (the ones a cue-in of the same style may name). */
  ids: Set<string>;
  /** segmentation_type_id of its first cue-out, when a decoded time_signal started it. */
  type: number | null;
}

function segmentationType(cue: Cue): number | null {
  return cue.scte35 === undefined ? null : hlsCueSignal(cue.scte35).descriptor?.segmentation_type_id ?? null;
}

function idKey(cue: Cue): string | null {
  return cue.id === undefined || ownsCueLine(cue) ? null : `${cue.style} ${cue.id}`;
}

/** Does this cue-in close `state`'s break? */
function pairs(state: BreakState, cue: CueIn): boolean {
  const key = idKey(cue);
  if (key === null) return true;
  for (const k of state.ids) if (k.startsWith(`${cue.style} `)) return state.ids.has(key);
  return true; // no cue-out of the break has an ID of this style to compare with
}

/** Does this cue-out or cue-in only name a part (an ad, a placement opportunity) of `state`'s Break / Ad Block? */
function isPart(state: BreakState, cue: CueOut | CueIn): boolean {
  return isContainerStart(state.type) && isInnerSignal(cue.kind, segmentationType(cue));
}

/**
 * The pairing state of a scan over a playlist's cues, resumable (src/session/live/windowBreaks.ts carries it
 * from one live window to the next). Segment indices are the scan's own: 0 is the first segment scanned.
 */
export interface BreakScan {
  breaks: SignalledBreak[];
  problems: Problem[];
  open: BreakState | null;
  last: BreakState | null;
  /** The last break that ended by covering its duration: its late cue-in / cue-out-cont tags are expected. */
  coveredBreak: BreakState | null;
  elapsed: number;
  time: number;
  /** Indices of the segments before which a cue-out was dropped because of the state before it (a repeated ID, a part of an open Break). */
  dropped: number[];
}

export function newBreakScan(): BreakScan {
  return { breaks: [], problems: [], open: null, last: null, coveredBreak: null, elapsed: 0, time: 0, dropped: [] };
}

function closeIfCovered(st: BreakScan, i: number): void {
  const open = st.open;
  if (open !== null && open.brk.duration !== null && st.elapsed >= open.brk.duration - COVER_TOLERANCE) {
    open.brk.endSegment = i;
    st.coveredBreak = open;
    st.open = null;
  }
}

function scanCueOut(st: BreakScan, cue: CueOut, i: number): void {
  const key = idKey(cue);
  const last = st.last;
  if (last !== null && last.brk.startSegment === i) {
    // The same break signalled by another tag of the block: take what it lacks.
    const b = last.brk;
    if (key !== null) last.ids.add(key);
    if (b.scteCue.scte35 === undefined && cue.scte35 !== undefined) b.scteCue = cue;
    if (b.duration === null && cue.duration !== null) {
      b.duration = cue.duration;
      if (st.open === last) closeIfCovered(st, i);
    }
    return;
  }
  if (key !== null && last !== null && last.ids.has(key)) { st.dropped.push(i); return; } // the same cue-out repeated
  const open = st.open;
  if (open !== null) {
    if (isPart(open, cue)) { st.dropped.push(i); return; }
    st.problems.push({ code: HlsProblem.CUE_OUT_NESTED, message: `a cue-out before segment ${i} while break ${open.brk.ordinal} has no cue-in; that break ends here` });
    open.brk.endSegment = i;
  }
  const brk: SignalledBreak = { ordinal: st.breaks.length, startSegment: i, endSegment: null, startTime: st.time, duration: cue.duration, cueOut: cue, scteCue: cue };
  st.breaks.push(brk);
  st.open = st.last = { brk, ids: new Set(key === null ? [] : [key]), type: segmentationType(cue) };
  st.elapsed = 0;
  st.coveredBreak = null;
  closeIfCovered(st, i);
}

function scanCueIn(st: BreakScan, cue: CueIn, i: number): void {
  const open = st.open;
  if (open !== null) {
    if (pairs(open, cue)) {
      open.brk.endSegment = i;
      st.open = null;
    } else if (!isPart(open, cue)) {
      st.problems.push({ code: CueProblem.CUE_IN_UNPAIRED, message: `a cue-in before segment ${i} (${cue.tag}) does not pair with break ${open.brk.ordinal}; ignored` });
    }
    return;
  }
  const covered = st.coveredBreak;
  if (covered !== null && pairs(covered, cue)) {
    const end = covered.brk.endSegment;
    if (end !== null && i > end) {
      st.problems.push({ code: HlsProblem.CUE_IN_AFTER_DURATION, message: `break ${covered.brk.ordinal} ended at segment ${end} (its duration ${covered.brk.duration}s was covered); the cue-in before segment ${i} comes later` });
    }
    st.coveredBreak = null;
    return;
  }
  const key = idKey(cue);
  const last = st.last;
  if (last !== null && ((last.brk.endSegment === i && pairs(last, cue)) || (key !== null && last.ids.has(key)) || isPart(last, cue))) {
    return; // the break's end signalled again, by another tag or another ID of the same break
  }
  st.problems.push({ code: HlsProblem.CUE_IN_WITHOUT_OUT, message: `a cue-in before segment ${i} with no open break` });
}

/** The cues before segment `i` (or after the last segment), then that segment's duration (null: none follows). */
export function scanSegment(st: BreakScan, cues: readonly Cue[], i: number, duration: number | null): void {
  for (const cue of cues) {
    if (cue.kind === 'out') scanCueOut(st, cue, i);
    else if (cue.kind === 'in') scanCueIn(st, cue, i);
    else if (st.open === null && st.coveredBreak === null) {
      st.problems.push({ code: HlsProblem.CUE_CONT_WITHOUT_OUT, message: `a cue-out-cont before segment ${i} with no open break (the window starts inside a break?)` });
    }
  }
  if (duration !== null) {
    st.time += duration;
    if (st.open !== null) {
      st.elapsed += duration;
      closeIfCovered(st, i + 1);
    }
  }
}

export function findBreaks(playlist: MediaPlaylist): { breaks: SignalledBreak[]; problems: Problem[] } {
  const st = newBreakScan();
  const segments = playlist.segments;
  const n = segments.length;
  for (let i = 0; i < n; i++) scanSegment(st, segments[i].signals, i, segments[i].duration);
  scanSegment(st, playlist.trailingSignals, n, null);
  const { breaks, problems } = st;

  const unfinished = st.open;
  if (unfinished !== null && playlist.endList) {
    const b = unfinished.brk;
    b.endSegment = n;
    if (b.startSegment < n) {
      problems.push({ code: HlsProblem.CUE_OUT_UNTERMINATED, message: `break ${b.ordinal} has no cue-in and runs to the end of the playlist` });
    }
  }
  return { breaks, problems };
}
