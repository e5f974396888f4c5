/**
 * The breaks of a slid live window from the previous window's scan (src/session/live/windowBreaks.ts, issue 9)
 * are findBreaks' breaks of the new window, whatever the cues: EXT-X-CUE-OUT with and without a duration,
 * EXT-X-CUE-OUT-CONT, EXT-X-CUE-IN, EXT-X-DATERANGE SCTE35-OUT / SCTE35-IN paired by ID and repeated on later
 * segments (the cue-outs a scan drops because of the state before them), windows sliding by 0-4 segments at
 * either end and cues after the last segment. A slide the scan cannot show equal returns null (counted: most do not).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findBreaks } from '../../../src/hls/findBreaks';
import { parseMedia, type MediaPlaylist } from '../../../src/hls/parseMedia';
import { scanWindow, slideWindow, type ScannedWindow } from '../../../src/session/live/windowBreaks';
import type { WindowBreak } from '../../../src/session/live/liveTimeline';

const cueLine = fc.oneof(
  fc.constantFrom('#EXT-X-CUE-OUT', '#EXT-X-CUE-OUT:DURATION=8', '#EXT-X-CUE-OUT:4', '#EXT-X-CUE-OUT:0', '#EXT-X-CUE-IN', '#EXT-X-CUE-OUT-CONT:ElapsedTime=2,Duration=8'),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(',PLANNED-DURATION=6', '')).map(([id, d]) => `#EXT-X-DATERANGE:ID="d${id}",START-DATE="2024-01-01T00:00:00Z"${d},SCTE35-OUT=0xFC00`),
  fc.integer({ min: 0, max: 3 }).map((id) => `#EXT-X-DATERANGE:ID="d${id}",START-DATE="2024-01-01T00:00:00Z",SCTE35-IN=0xFC00`),
);

const scenario = fc.record({
  segments: fc.array(fc.record({ cues: fc.array(cueLine, { maxLength: 2 }), quiet: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 6 }) }), { minLength: 30, maxLength: 120 }),
  size: fc.integer({ min: 2, max: 25 }),
  steps: fc.array(fc.record({ drop: fc.integer({ min: 0, max: 4 }), add: fc.integer({ min: 0, max: 4 }), trailing: fc.integer({ min: 0, max: 5 }).map((x) => x === 0) }), { minLength: 10, maxLength: 60 }),
});

/** Only the fields observeWindow reads. */
const fields = (bs: readonly WindowBreak[]) => bs.map((b) => ({ startSegment: b.startSegment, endSegment: b.endSegment, duration: b.duration, scteCue: b.scteCue }));

describe('live window breaks from the previous window (property)', () => {
  it('equal findBreaks of the slid window', () => {
    let slid = 0;
    let refused = 0;
    let dropping = 0;
    fc.assert(fc.property(scenario, (sc) => {
      // Cue-free segments between the cue-bearing ones, so that breaks are spread out as in a live window.
      const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:6', '#EXT-X-MEDIA-SEQUENCE:0'];
      let m = 0;
      for (const s of sc.segments) {
        lines.push(...s.cues, `#EXTINF:${s.d}.000,`, `s${m++}.ts`);
        for (let q = 0; q < s.quiet; q++) lines.push(`#EXTINF:${s.d}.000,`, `s${m++}.ts`);
      }
      const all = parseMedia(lines.join('\n') + '\n').playlist;
      const total = all.segments.length;
      const window = (a: number, b: number, trailing: boolean): MediaPlaylist => ({
        ...all, mediaSequence: a, segments: all.segments.slice(a, b), endList: false,
        trailingSignals: trailing && b < total ? all.segments[b].signals : [], trailingCues: [], trailingLines: [],
      });
      let a = 0;
      let b = Math.min(total, sc.size);
      let prev: ScannedWindow | null = scanWindow(window(a, b, false)).keep;
      for (const step of sc.steps) {
        const na = Math.min(a + step.drop, b - 1);
        const nb = Math.min(total, Math.max(na + 1, b + step.add));
        const w = window(na, nb, step.trailing);
        const want = fields(findBreaks(w).breaks);
        expect(fields(scanWindow(w).found)).toEqual(want);
        const r = prev ? slideWindow(prev, w, na - a) : null;
        if (prev && prev.scan.dropped.length) dropping++;
        if (r) { slid++; expect(fields(r.found), `window ${na}..${nb} from ${a}..${b}`).toEqual(want); }
        else if (prev) refused++;
        prev = r ? r.keep : scanWindow(w).keep;
        a = na;
        b = nb;
      }
    }), { numRuns: 300 });
    // Non-vacuity: slides taken, some refused (a dropped cue-out in the way), and dropped cue-outs seen.
    expect(slid).toBeGreaterThan(3000);
    expect(refused).toBeGreaterThan(10);
    expect(dropping).toBeGreaterThan(100);
  });
});
