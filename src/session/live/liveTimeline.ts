/**
 * The persisted per-session live timeline (see ./index.ts for the design) and how one origin window
 * updates it. Pure: the caller loads and stores it (DESIGN invariant 7) under a per-session lock.
 */
import { assetVars } from '../../scte35/assetVars';
import { scteVars } from '../../scte35/scteVars';
import { findBreaks, type SignalledBreak } from '../../hls/findBreaks';
import type { MediaPlaylist } from '../../hls/parseMedia';
import type { Cue } from '../../hls/readCueTag';
import type { PlannedAvail } from '../plan';
import type { AvailSuppression } from './availSuppression';
import { preRollStartMsn, type LivePreRoll } from './livePreRoll';
import { programDateTimeAt } from './programDateTimeAt';
import type { PrunedBase, WindowMarks } from './pruneTimeline';
import type { DashLiveState } from '../../dash/live/dashLiveTimeline';

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface LiveBreak {
  /** Identity: the origin media sequence number of the break's first segment (the same in every rendition, protocols.md §6.1). */
  key: string;
  /** [avail.index]: order of discovery in the session. */
  index: number;
  startMsn: number;
  /** Origin msn of the first segment after the break; null while open. */
  endMsn: number | null;
  /** Seconds the cue signalled, null when none (protocols.md §7: runs until the cue-in). */
  signalledDuration: number | null;
  /**
   * Origin EXTINF and EXT-X-DISCONTINUITY of segments startMsn, startMsn+1, ... as first seen by any
   * playlist of the session, so that every rendition places ad segments identically (invariant 2).
   */
  durations: number[];
  discs: boolean[];
  state: 'pending' | 'ready' | 'failed';
  /** Epoch ms when the decision started (the budget runs from here, invariant 8). */
  pendingSince: number;
  avail: PlannedAvail | null;
  failure: string | null;
  /** [scte.*] and [asset.*] ADS variables from the break's cue-out (protocols.md §11); absent in old records. */
  scte?: Record<string, string>;
  asset?: Record<string, string>;
  /** EXT-X-PROGRAM-DATE-TIME of the break's first origin segment, when the origin has one (first ad segment's PDT). */
  pdt?: string | null;
  /** A partial fill (avail suppression PARTIAL_AVAIL): the origin msn of the cue-out, before startMsn. */
  cueMsn?: number;
  /**
   * The ID of the EXT-X-DATERANGE that signalled the break, when one did: the date range's identity wherever its
   * tag is listed (RFC 8216 §4.3.2.7, rfc8216bis §4.4.5.1; see dateRangeOf). Absent for other cue styles and in old records.
   */
  dateRange?: string;
  /** Stitched msn and time (tracking clock, liveClock.ts) of the break's first ad segment, once written. */
  stitched?: { msn: number; time: number };
  /**
   * The session's live pre-roll (livePreRoll.ts, protocols.md §9): not a signalled break; decided with the
   * pre-roll ADS, its `signalledDuration` is MaxDurationSeconds and it ends by duration only (cues never end it).
   */
  preRoll?: true;
}

export interface LiveTimeline {
  sessionId: string;
  breaks: LiveBreak[];
  nextAvailIndex: number;
  /** Highest origin msn any response of the session has listed; a break found at or before it plays content. */
  servedThrough: number;
  /**
   * Stitched time (s) of the start of the segment with stitched msn `msn` (tracking t=0 is the first served
   * segment, protocols.md §5.1), moved along as windows are written (liveClock.ts).
   */
  clock: { msn: number; time: number } | null;
  /** Highest stitched msn a written window started with: the tracking JSON lists avails still in the window. */
  windowStart?: number;
  /**
   * The live edge when the session started (avail suppression, protocols.md §8): `edgeMsn` is the first origin
   * msn after it; origin time from the edge to the start of `clockMsn` is `clockTime` seconds.
   */
  join?: { edgeMsn: number; clockMsn: number; clockTime: number };
  /** Breaks folded out of `breaks` and their numbering (pruneTimeline.ts); absent in old records (nothing folded). */
  pruned?: PrunedBase;
  /** The newest window of each playlist recently served, for the pruning cutoff (pruneTimeline.ts). */
  windows?: WindowMarks;
  /** A live DASH session's state (src/dash/live): its breaks and Periods; the HLS fields above stay empty. */
  dash?: DashLiveState;
  updatedAt: number;
}

/**
 * What observeWindow reads of findBreaks(playlist).breaks (window indices): the caller may pass them in, computed
 * once per refresh (the stitcher observes the same window twice) or from the previous window (refreshCache.ts).
 */
export type WindowBreak = Pick<SignalledBreak, 'startSegment' | 'endSegment' | 'duration' | 'scteCue'>;

/** A break with no duration ends at its cue-in; without one it is closed after this long (protocols.md §11: 300 s). */
export const OPEN_BREAK_LIMIT_S = 300;
/** Per-break recorded segments at most (300 s of 1 s segments, and a margin). */
export const MAX_RECORDED = 400;
/** A signalled duration counts as covered within this (EXTINF rounding), as findBreaks does. */
const COVER_TOLERANCE = 0.1;

export function emptyTimeline(sessionId: string, now: number): LiveTimeline {
  return { sessionId, breaks: [], nextAvailIndex: 0, servedThrough: -1, clock: null, updatedAt: now };
}

/** Live means no EXT-X-ENDLIST (RFC 8216 §4.3.3.4); a VOD or finished EVENT playlist has one. */
export function isLivePlaylist(p: MediaPlaylist): boolean {
  return !p.endList && p.playlistType !== 'VOD';
}

/** Whether any line of the playlist is an EXT-X-ASSET (protocols.md §6.1), so that assetVars has something to read. */
function hasAssetTag(playlist: MediaPlaylist): boolean {
  const has = (lines: readonly string[]) => lines.some((l) => l.startsWith('#EXT-X-ASSET:'));
  return has(playlist.headerLines) || has(playlist.trailingLines) || playlist.segments.some((s) => s.tagLines.length > 0 && has(s.tagLines));
}

function fail(b: LiveBreak, why: string): void {
  b.state = 'failed';
  b.failure = why;
}

/**
 * Fold one origin window into the timeline: new breaks (pending, or failed when they can no longer be
 * stitched), the durations of break segments, and break ends. Idempotent: the same window applied twice,
 * or by two renditions, gives the same timeline. Returns the breaks that need a decision started. `found` is
 * findBreaks(playlist).breaks, or the same breaks computed otherwise.
 */
export function observeWindow(
  tl: LiveTimeline, playlist: MediaPlaylist, now: number, suppression: AvailSuppression | null = null, preRoll: LivePreRoll | null = null,
  found: readonly WindowBreak[] = findBreaks(playlist).breaks,
): LiveBreak[] {
  const w0 = playlist.mediaSequence;
  const segs = playlist.segments;
  const n = segs.length;
  const started: LiveBreak[] = [];
  // The session's first window (no join edge yet): the only one that may place a live pre-roll (§9).
  const firstWindow = tl.join === undefined;
  const offset = joinClock(tl, playlist);

  // 1. Ends of open breaks (before new breaks are added: a new cue-out closes the open break).
  for (const b of tl.breaks) if (b.endMsn === null && !b.preRoll) closeIfEnded(b, playlist, found);

  // 2. New breaks, found with the shared cue reader (findBreaks covers every cue style).
  // The pre-roll is no signalled break: a cue-out on its first segment is a break of its own.
  const byStart = new Map(tl.breaks.filter((b) => !b.preRoll).map((b) => [b.cueMsn ?? b.startMsn, b]));
  // The live pre-roll (livePreRoll.ts), placed in break order: before the first signalled break at or after it.
  const preStart = firstWindow && preRoll ? preRollStartMsn(playlist) : null;
  let prePending = preStart !== null;
  // [avail.index] 0: the session's first avail is its pre-roll, whatever the first window holds behind it (§11).
  const preIndex = prePending ? tl.nextAvailIndex++ : -1;
  const placePreRoll = () => {
    prePending = false;
    const b: LiveBreak = {
      key: 'preroll', index: preIndex, startMsn: preStart!, endMsn: null, signalledDuration: preRoll!.maxDurationSeconds,
      durations: [], discs: [], state: 'pending', pendingSince: now, avail: null, failure: null, scte: {}, asset: {},
      pdt: isoOrNull(programDateTimeAt(playlist, preStart! - w0)), preRoll: true,
    };
    tl.breaks.push(b);
    started.push(b);
    // Its span now, so that a signalled break starting inside it is seen to overlap it (below).
    recordSegments(b, playlist);
  };
  // assetVars scans the window up to the break: only when the window has an EXT-X-ASSET at all (one scan,
  // not one per new break; a cold window of 7,200 segments with 20 breaks, issue 9).
  let hasAsset: boolean | null = null;
  for (const sb of found) {
    const cueMsn = w0 + sb.startSegment;
    if (byStart.has(cueMsn) || repeatedDateRange(tl, sb, cueMsn)) continue;
    const sup = suppressed(suppression, sb, cueMsn, w0, n, offset);
    if (sup === 'defer') continue;
    const partial = sup !== null && sup !== 'all' ? sup : null;
    const startMsn = partial ? partial.startMsn : cueMsn;
    if (prePending && startMsn >= preStart!) placePreRoll();
    const prev = tl.breaks[tl.breaks.length - 1];
    // The back-to-back rule below is judged against the last break not failed, not against `prev`: a failed break
    // recorded after it (one the pre-roll overlaps, a suppressed or a lagging one) plays content but does not end
    // its span. Judged against `prev`, a cue-out at the pre-roll's end found after a break the pre-roll overlaps
    // was stitched right after the pre-roll's ads with no content between, while the numbering counts a return to
    // content after every stitched break (liveWindow.ts deltas): its segments' discontinuity number changed once a
    // window started there (invariants 1 and 3; protocols.md §7, §9).
    let stitched: LiveBreak | undefined;
    for (let k = tl.breaks.length - 1; k >= 0 && !stitched; k--) if (tl.breaks[k].state !== 'failed') stitched = tl.breaks[k];
    const b: LiveBreak = {
      key: String(startMsn), index: tl.nextAvailIndex++, startMsn, endMsn: null, signalledDuration: partial ? partial.remaining : sb.duration,
      durations: [], discs: [], state: 'pending', pendingSince: now, avail: null, failure: null,
      scte: scteVars(sb.scteCue), asset: (hasAsset ??= hasAssetTag(playlist)) ? assetVars(playlist, sb.startSegment) : {},
      pdt: isoOrNull(programDateTimeAt(playlist, startMsn - w0)),
    };
    if (partial) b.cueMsn = cueMsn;
    const dateRange = dateRangeOf(sb);
    if (dateRange !== undefined) b.dateRange = dateRange;
    if (sup === 'all') {
      fail(b, `avail suppression ${suppression!.mode}: the break is not filled (protocols.md §8)`);
    } else if (prePending) {
      // In the first window, behind the pre-roll's start (where the player starts): the part before it is behind
      // the player, the part reaching into it is overlapped by the pre-roll and stays content (protocols.md §9).
      fail(b, 'before the live pre-roll in the session\'s first window (behind where the player starts): plays content');
    } else if (prev && prev.startMsn > startMsn) {
      fail(b, 'found after a later break (a lagging rendition): plays content');
    } else if (startMsn <= tl.servedThrough) {
      // Its content was already listed to the player: replacing it now would change served segments (invariant 1).
      fail(b, 'the session joined after the break started (or its start was already served): plays content');
    } else if (sb.duration !== null && sb.duration <= 0) {
      fail(b, 'a live break of zero duration inserts nothing (live is replacement, protocols.md §7)');
    } else if (stitched && (stitched.endMsn === null || stitched.endMsn >= startMsn)) {
      // Back-to-back breaks (a cue-out that closes the previous break) are not stitched: see index.ts. A break
      // starting inside the pre-roll's span (up to MaxDurationSeconds) stays content as a whole (§9: the overlapped
      // part is not personalised; the rest is not filled either, see livePreRoll.ts).
      fail(b, stitched.preRoll ? 'overlaps the live pre-roll (protocols.md §9): plays content' : 'a cue-out at the end of the previous break: plays content');
    }
    if (b.state === 'pending') started.push(b);
    tl.breaks.push(b);
    byStart.set(cueMsn, b);
    closeIfEnded(b, playlist, found);
  }
  if (prePending) placePreRoll();

  // 3. Durations and discontinuity flags of break segments, up to and including the segment after the break.
  for (const b of tl.breaks) if (b.state !== 'failed') recordSegments(b, playlist);
  tl.updatedAt = now;
  return started;
}

/** Record a break's segment durations and discontinuity flags from this window, and close it once its duration is covered. */
function recordSegments(b: LiveBreak, playlist: MediaPlaylist): void {
  const w0 = playlist.mediaSequence;
  const segs = playlist.segments;
  const stop = Math.min(b.endMsn ?? Infinity, b.startMsn + MAX_RECORDED - 1, w0 + segs.length - 1);
  for (let m = b.startMsn + b.durations.length; m <= stop; m++) {
    const i = m - w0;
    // Segments no playlist of the session ever showed (a long pause): nobody listed them, any fixed value will do.
    b.durations.push(i >= 0 ? segs[i].duration : playlist.targetDuration);
    b.discs.push(i >= 0 ? segs[i].discontinuity : false);
  }
  if (b.endMsn === null) closeByDuration(b);
}

function closeByDuration(b: LiveBreak): void {
  let t = 0;
  const limit = b.signalledDuration ?? OPEN_BREAK_LIMIT_S;
  for (let k = 0; k < b.durations.length; k++) {
    t += b.durations[k];
    if (t >= limit - COVER_TOLERANCE) { b.endMsn = b.startMsn + k + 1; b.durations.length = b.discs.length = Math.min(b.durations.length, k + 2); return; }
  }
}

/**
 * The ID of the EXT-X-DATERANGE SCTE35-OUT that signalled a found break (its `scteCue`, which for a break a
 * DATERANGE starts is that tag), or undefined. RFC 8216 §4.3.2.7 (rfc8216bis §4.4.5.1): the ID uniquely identifies
 * the date range in the playlist, and tags with the same ID describe the same range, whose START-DATE says where it
 * begins, not where the tag is listed. An origin lists the SCTE35-OUT again before the first segment of a window
 * once the range's start has slid out (demo/server/live/cueTags.ts does), so the tag's place is not the break's
 * identity for this style: read at the new place, every refresh would find a new break there (issue 5 bug).
 */
function dateRangeOf(sb: WindowBreak): string | undefined {
  return sb.scteCue.style === 'daterange' ? sb.scteCue.id : undefined;
}

/**
 * Whether a found break is a timeline break's date range listed again inside that break's span (after its
 * start, before its end): the same break seen at another place, not a new one. Only inside the span, so that an
 * origin reusing an ID for a later break still has that break found.
 */
function repeatedDateRange(tl: LiveTimeline, sb: WindowBreak, cueMsn: number): boolean {
  const id = dateRangeOf(sb);
  return id !== undefined && tl.breaks.some((b) => b.dateRange === id && (b.cueMsn ?? b.startMsn) < cueMsn && (b.endMsn === null || cueMsn < b.endMsn));
}

/** The first cue-in (or a new cue-out) on a segment after the break's start closes it there. */
function closeIfEnded(b: LiveBreak, playlist: MediaPlaylist, found: readonly WindowBreak[]): void {
  const w0 = playlist.mediaSequence;
  const segs = playlist.segments;
  let end: number | null = null;
  // The break's own pairing from the shared cue reader (DATERANGE IDs, SCTE-35 event ids, every style).
  const own = found.find((sb) => w0 + sb.startSegment === (b.cueMsn ?? b.startMsn));
  // A cue-in after the last segment closes the break only when the next segment appears, so that the
  // segment after the break (whose discontinuity flag the numbering needs) is known.
  if (own && own.endSegment !== null && own.endSegment < segs.length) end = w0 + own.endSegment;
  if (!own) {
    // The break's start has left the window: the first cue-in or cue-out of any style after it ends it, except
    // its own DATERANGE listed again (dateRangeOf), which is no new cue-out.
    const again = (c: Cue) => c.kind === 'out' && c.style === 'daterange' && c.id !== undefined && c.id === b.dateRange;
    for (let i = Math.max(0, b.startMsn + 1 - w0); i < segs.length && end === null; i++) {
      if (segs[i].signals.some((c) => (c.kind === 'in' || c.kind === 'out') && !again(c))) end = w0 + i;
    }
  }
  // A duration already covered ends the break earlier (earliest wins, protocols.md §6.1).
  if (end !== null && (b.endMsn === null || end < b.endMsn)) b.endMsn = end;
  if (b.endMsn === null) closeByDuration(b);
}

/**
 * Origin seconds from the session's join edge (avail suppression, protocols.md §8), for msns in this window:
 * the clock is started at the first window's end and moved to every window's end (segments never seen count
 * as the target duration). Returns msn → seconds from the edge (negative behind it).
 */
function joinClock(tl: LiveTimeline, playlist: MediaPlaylist): (msn: number) => number {
  const w0 = playlist.mediaSequence;
  const segs = playlist.segments;
  const end = w0 + segs.length;
  const dur = (m: number) => (m >= w0 && m < end ? segs[m - w0].duration : playlist.targetDuration);
  tl.join ??= { edgeMsn: end, clockMsn: end, clockTime: 0 };
  const j = tl.join;
  for (; j.clockMsn < end; j.clockMsn++) j.clockTime += dur(j.clockMsn);
  return (msn) => {
    let t = j.clockTime;
    for (let m = msn; m < j.clockMsn; m++) t -= dur(m);
    return t;
  };
}

/**
 * Whether avail suppression keeps a newly found break from being filled (protocols.md §8): 'all' not filled,
 * null filled, a partial fill (PARTIAL_AVAIL, the session joined mid-break) from the join point with the
 * signalled time left, or 'defer' when the join point is not published yet (judged again on a later window).
 * BEHIND_LIVE_EDGE with value V: breaks starting at or before (edge − V) are not filled, the join point is
 * the edge. AFTER_LIVE_EDGE: breaks starting before (edge + V) are not filled, the join point is edge + V.
 */
function suppressed(
  sup: AvailSuppression | null, sb: WindowBreak, cueMsn: number, w0: number, n: number, offset: (msn: number) => number,
): null | 'all' | 'defer' | { startMsn: number; remaining: number | null } {
  if (sup === null || sup.mode === 'OFF') return null;
  const start = offset(cueMsn);
  const behind = sup.mode === 'BEHIND_LIVE_EDGE';
  if (behind ? start > -sup.valueSeconds : start >= sup.valueSeconds) return null;
  if (sup.fillPolicy !== 'PARTIAL_AVAIL') return 'all';
  const point = behind ? 0 : sup.valueSeconds;
  // The first segment boundary at or after the join point.
  let join = cueMsn + 1;
  while (join < w0 + n && offset(join) < point - COVER_TOLERANCE) join++;
  // The join segment must be published, so that a cue-in on it (the break ends there) is seen first.
  if (join >= w0 + n) return 'defer';
  const end = sb.endSegment === null ? null : w0 + sb.endSegment;
  if (end !== null && end <= join) return 'all';
  const remaining = sb.duration === null ? null : sb.duration - (offset(join) - start);
  if (remaining !== null && remaining <= COVER_TOLERANCE) return 'all';
  return { startMsn: join, remaining };
}
