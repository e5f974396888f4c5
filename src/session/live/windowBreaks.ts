/**
 * The breaks of a live window from the previous window's (issue 9, warm path): findBreaks pairs cues with a
 * state machine run from the window's first segment, so a window that only slid (its segments are the previous
 * ones from k on, the same objects, plus a tail: parseMediaSlide.ts) has the previous scan's breaks from the
 * first one starting at or after k, and the scan resumed over the tail. In memory only (refreshCache.ts);
 * equality with findBreaks is proven by test/unit/session/liveRefresh.property.test.ts.
 *
 * Why the breaks from k on are the same: a scan started at k begins with no open break, no covered break and
 * no previous break. Up to the first break the previous scan started at or after k (at j), that scan created no
 * break, so every cue-out it met was dropped because of its state (a repeated ID, a part of an open Break):
 * when there was none (`dropped`, checked), the fresh scan meets no cue-out there either, and cue-ins and
 * cue-out-conts with no open break change nothing but problems (not used here). At j both create the same
 * break and from then on hold the same state. With no break at or after k, the fresh scan ends the shared part
 * with no state at all.
 */
import { findBreaks, newBreakScan, scanSegment, type BreakScan } from '../../hls/findBreaks';
import type { MediaPlaylist } from '../../hls/parseMedia';
import type { WindowBreak } from './liveTimeline';

/** A window scanned, and the scan to resume (scan index 0 is origin msn `origin`). */
export interface ScannedWindow {
  playlist: MediaPlaylist;
  origin: number;
  scan: BreakScan;
}

/** The scan's breaks in window indices (what observeWindow reads). */
function windowBreaks(w: ScannedWindow): WindowBreak[] {
  const shift = w.playlist.mediaSequence - w.origin;
  return w.scan.breaks.map((b) => ({
    startSegment: b.startSegment - shift, endSegment: b.endSegment === null ? null : b.endSegment - shift, duration: b.duration, scteCue: b.scteCue,
  }));
}

/** A scan can be resumed only when nothing after the last segment was read (no trailing cues, no EXT-X-ENDLIST). */
const resumable = (p: MediaPlaylist) => p.trailingSignals.length === 0 && !p.endList;

/** findBreaks(playlist).breaks, and the scan to keep when it can be resumed. */
export function scanWindow(playlist: MediaPlaylist): { found: WindowBreak[]; keep: ScannedWindow | null } {
  if (!resumable(playlist)) return { found: findBreaks(playlist).breaks, keep: null };
  const scan = newBreakScan();
  const segs = playlist.segments;
  for (let i = 0; i < segs.length; i++) scanSegment(scan, segs[i].signals, i, segs[i].duration);
  const keep = { playlist, origin: playlist.mediaSequence, scan };
  return { found: windowBreaks(keep), keep };
}

/**
 * The breaks of `playlist`, which slid from `prev.playlist` by `k` segments (its segments are prev's from k on,
 * then new ones), resuming prev's scan; null when that cannot be shown equal (the caller scans the window).
 * Takes over prev's scan (the caller drops prev).
 */
export function slideWindow(prev: ScannedWindow, playlist: MediaPlaylist, k: number): { found: WindowBreak[]; keep: ScannedWindow | null } | null {
  const q = prev.playlist;
  const shared = q.segments.length - k;
  if (!resumable(q) || playlist.endList || k < 0 || shared < 1 || playlist.segments.length < shared || playlist.mediaSequence !== q.mediaSequence + k) return null;
  const old = prev.scan;
  const from = q.mediaSequence + k - prev.origin;
  const end = q.mediaSequence + q.segments.length - prev.origin;
  let j = 0;
  while (j < old.breaks.length && old.breaks[j].startSegment < from) j++;
  const limit = j < old.breaks.length ? old.breaks[j].startSegment : end - 1;
  for (const d of old.dropped) if (d >= from && d <= limit) return null;
  let scan: BreakScan;
  if (j < old.breaks.length) {
    scan = old;
    scan.breaks = old.breaks.slice(j);
    scan.dropped = old.dropped.filter((d) => d >= from);
    scan.problems = [];
  } else {
    scan = newBreakScan();
  }
  const segs = playlist.segments;
  for (let i = shared; i < segs.length; i++) scanSegment(scan, segs[i].signals, from + i, segs[i].duration);
  // Indices stay the scan's own (origin msn prev.origin), fresh scan or not.
  const w: ScannedWindow = { playlist, origin: prev.origin, scan };
  if (playlist.trailingSignals.length) {
    // Cues after the last segment are read, but the scan cannot be resumed past them.
    scanSegment(scan, playlist.trailingSignals, from + segs.length, null);
    return { found: windowBreaks(w), keep: null };
  }
  return { found: windowBreaks(w), keep: w };
}
