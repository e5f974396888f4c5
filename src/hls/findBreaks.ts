/**
 * The ad breaks a media playlist signals with cue tags (protocols.md §6.1), in playlist order.
 *
 * A break starts at the segment after its cue-out and ends at the earliest of:
 * - its cue-in (the first segment after the cue-in is `endSegment`);
 * - the segments covering its signalled duration, when it has one (a cue-out of 0 right before a
 *   segment is an insertion point: `endSegment === startSegment`).
 * Earliest wins as for EXT-X-DATERANGE (protocols.md §6.1), and it keeps a live break's end stable from
 * one refresh to the next (DESIGN invariant 1): once the duration is covered, a later cue-in cannot move it.
 * An open break (no cue-in, duration not covered yet) has `endSegment === null`, except in a VOD playlist
 * (EXT-X-ENDLIST), where the end of the playlist closes it.
 */
import type { Problem } from '../errors';
import { HlsProblem } from './hlsProblem';
import type { CueOut, MediaPlaylist } from './parseMedia';

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
  cueOut: CueOut;
}

/**
 * Segment durations are rounded in EXTINF (often to 2-3 decimals) and summed over several segments, so a
 * signalled duration counts as covered within this many seconds.
 */
const COVER_TOLERANCE = 0.1;

export function findBreaks(playlist: MediaPlaylist): { breaks: SignalledBreak[]; problems: Problem[] } {
  const breaks: SignalledBreak[] = [];
  const problems: Problem[] = [];
  const segments = playlist.segments;
  const n = segments.length;
  let open: SignalledBreak | null = null;
  let elapsed = 0;
  // The last break that ended by covering its duration: its late cue-in / cue-out-cont tags are expected.
  let coveredBreak: SignalledBreak | null = null;
  let time = 0;

  const closeIfCovered = (i: number) => {
    if (open !== null && open.duration !== null && elapsed >= open.duration - COVER_TOLERANCE) {
      open.endSegment = i;
      coveredBreak = open;
      open = null;
    }
  };

  for (let i = 0; i <= n; i++) {
    const cues = i < n ? segments[i].cues : playlist.trailingCues;
    for (const cue of cues) {
      if (cue.kind === 'out') {
        if (open !== null) {
          problems.push({ code: HlsProblem.CUE_OUT_NESTED, message: `a cue-out before segment ${i} while break ${open.ordinal} has no cue-in; that break ends here` });
          open.endSegment = i;
        }
        open = { ordinal: breaks.length, startSegment: i, endSegment: null, startTime: time, duration: cue.duration, cueOut: cue };
        breaks.push(open);
        elapsed = 0;
        coveredBreak = null;
        closeIfCovered(i);
      } else if (cue.kind === 'in') {
        if (open !== null) {
          open.endSegment = i;
          open = null;
        } else if (coveredBreak !== null) {
          const ended: SignalledBreak = coveredBreak;
          if (ended.endSegment !== null && i > ended.endSegment) {
            problems.push({ code: HlsProblem.CUE_IN_AFTER_DURATION, message: `break ${ended.ordinal} ended at segment ${ended.endSegment} (its duration ${ended.duration}s was covered); the cue-in before segment ${i} comes later` });
          }
          coveredBreak = null;
        } else {
          problems.push({ code: HlsProblem.CUE_IN_WITHOUT_OUT, message: `a cue-in before segment ${i} with no open break` });
        }
      } else if (open === null && coveredBreak === null) {
        problems.push({ code: HlsProblem.CUE_CONT_WITHOUT_OUT, message: `a cue-out-cont before segment ${i} with no open break (the window starts inside a break?)` });
      }
    }
    if (i < n) {
      time += segments[i].duration;
      if (open !== null) {
        elapsed += segments[i].duration;
        closeIfCovered(i + 1);
      }
    }
  }

  const last: SignalledBreak | null = open;
  if (last !== null && playlist.endList) {
    last.endSegment = n;
    if (last.startSegment < n) {
      problems.push({ code: HlsProblem.CUE_OUT_UNTERMINATED, message: `break ${last.ordinal} has no cue-in and runs to the end of the playlist` });
    }
  }
  return { breaks, problems };
}
