/**
 * Live breaks signalled with EXT-X-DATERANGE (issue 5 bug): the demo's live simulator lists a break's SCTE35-OUT
 * DATERANGE again before the first segment of every window whose start slid into the break (RFC 8216 §4.3.2.7,
 * rfc8216bis §4.4.5.1: the same ID is the same date range; demo/server/live/cueTags.ts). A break's identity must not
 * move with that tag: the session's timeline and every playlist it writes are those of the same stream marked with
 * EXT-X-CUE-OUT / CUE-OUT-CONT / CUE-IN (the DATERANGE lines, which pass through, aside), on the full and on the
 * warm (incremental) refresh path, with two renditions, one lagging a segment behind the other.
 */
import { describe, expect, it } from 'vitest';
import { liveMediaPlaylist } from '../../../demo/server/live/liveMediaPlaylist';
import { LIVE_DEFAULTS, SEGMENT_SECONDS, type LiveOptions } from '../../../demo/server/live/liveOptions';
import { breakStart } from '../../../demo/server/live/liveWindow';
import { breakEventId } from '../../../demo/server/live/breakSignal';
import type { LiveTimeline } from '../../../src/session/live/liveTimeline';
import type { LiveStitcherOptions } from '../../../src/session/live/liveStitcher';
import { stitcherWorld } from './stitcherWorld';

type Shape = Pick<LiveOptions, 'everySeconds' | 'breakSeconds' | 'offsetSeconds' | 'windowSeconds'>;

/** One ad of `seconds` in 2 s segments. */
const pod = (seconds: number) => [[Array.from({ length: seconds / 2 }, () => 2)]];

/**
 * Refresh both renditions of one session while the simulator's window slides one segment at a time from `end`
 * (one past the newest segment) for `steps` segments; rendition 1 lags one segment on odd steps. Returns every
 * playlist written and the stored timeline.
 */
async function run(cue: 'cueout' | 'daterange', shape: Shape, end: number, steps: number, options: LiveStitcherOptions) {
  const o: LiveOptions = { ...LIVE_DEFAULTS, ...shape, cue, t0Ms: 0 };
  const world = stitcherWorld(pod(shape.breakSeconds), () => 0, options);
  const written: string[] = [];
  for (let s = 0; s < steps; s++) {
    for (const r of [0, 1]) {
      const e = end + s - (r === 1 && s % 2 === 1 ? 1 : 0);
      written.push(await world.refresh(r, liveMediaPlaylist(e * SEGMENT_SECONDS * 1000, o, r === 0 ? '720p' : '360p')));
    }
  }
  const tl = (await world.store.getLiveTimeline(world.sessionId)) as LiveTimeline;
  return { written, tl, warm: world.stitcher.warmStats() };
}

/** What a break is, whatever marked it (`dateRange`, the DATERANGE ID, and `scte`, its SCTE-35 values, are absent with EXT-X-CUE-OUT). */
const breaksOf = (tl: LiveTimeline) => tl.breaks.map(({ dateRange: _, pendingSince: __, scte: ___, ...b }) => b);
const withoutDateRanges = (text: string) => text.split('\n').filter((l) => !l.startsWith('#EXT-X-DATERANGE:'));

/** [name, stream, `end` of the first window, steps]: the first and the last windows start and end between breaks. */
const SHAPES: [string, Shape, number, number][] = [
  // The defaults: a 16 s break every 30 s (segments 5+15k .. 12+15k) in a 60 s window; windows 45..74 to 108..137.
  ['16 s breaks, 60 s window', { everySeconds: 30, breakSeconds: 16, offsetSeconds: 10, windowSeconds: 60 }, 75, 64],
  // Breaks longer than the window (segments 5+20k .. 19+20k, 10-segment windows 22..31 to 91..100): a break's start
  // leaves the window while the break is still open (its cue-in not listed yet).
  ['30 s breaks, 20 s window', { everySeconds: 40, breakSeconds: 30, offsetSeconds: 10, windowSeconds: 20 }, 32, 70],
];

describe('live EXT-X-DATERANGE breaks keep their identity when the cue is listed again', () => {
  for (const [name, shape, end, steps] of SHAPES) {
    for (const incremental of [false, true]) {
      it(`${name}, ${incremental ? 'warm' : 'full'} refresh path: the timeline and playlists of the EXT-X-CUE-OUT stream`, async () => {
        const cueout = await run('cueout', shape, end, steps, { incremental });
        const daterange = await run('daterange', shape, end, steps, { incremental });
        const o: LiveOptions = { ...LIVE_DEFAULTS, ...shape, t0Ms: 0 };
        // The breaks whose start a window listed, each found once, at its first segment, stitched.
        const starts: number[] = [];
        let k0 = -1;
        for (let k = 0; breakStart(k, o) < end + steps - 1; k++) {
          if (breakStart(k, o) >= end - shape.windowSeconds / SEGMENT_SECONDS) { starts.push(breakStart(k, o)); if (k0 < 0) k0 = k; }
        }
        expect(starts.length).toBeGreaterThanOrEqual(3);
        for (const w of [cueout, daterange]) {
          // Pruning folds the breaks that left every window; the rest are the newest of `starts`.
          const kept = w.tl.breaks.map((b) => [b.startMsn, b.endMsn, b.state, b.failure]);
          const folded = w.tl.pruned?.breaks ?? 0;
          expect(kept).toEqual(starts.slice(folded).map((m) => [m, m + shape.breakSeconds / SEGMENT_SECONDS, 'ready', null]));
          expect(w.tl.nextAvailIndex).toBe(starts.length);
        }
        expect(breaksOf(daterange.tl)).toEqual(breaksOf(cueout.tl));
        expect(daterange.tl.breaks.map((b) => b.dateRange)).toEqual(daterange.tl.breaks.map((b) => `splice-${breakEventId(starts.indexOf(b.startMsn) + k0)}`));
        expect(daterange.written.length).toBe(cueout.written.length);
        for (let i = 0; i < cueout.written.length; i++) {
          expect(withoutDateRanges(daterange.written[i]), `refresh ${i}`).toEqual(withoutDateRanges(cueout.written[i]));
        }
        expect(daterange.written.some((t) => t.includes('/v1/segment/'))).toBe(true);
        // Non-vacuity: windows that start inside a break list its SCTE35-OUT again; the warm path was taken.
        expect(daterange.written.filter((t) => /#EXT-X-MEDIA-SEQUENCE:\d+\n(#EXT-X-DISCONTINUITY-SEQUENCE:\d+\n)?(#[^\n]*\n)*#EXT-X-DATERANGE:[^\n]*SCTE35-OUT/.test(t)).length).toBeGreaterThan(10);
        if (incremental) expect(daterange.warm!.parseSlide).toBeGreaterThan(0);
      });
    }
  }

  it('a session that joins inside a break records that break once, at its first window\'s start, and plays it as content', async () => {
    // The first window (segments 40..69) starts inside the break at 35..42: its DATERANGE is listed before segment 40,
    // and again before 41 and 42 in the next windows. With EXT-X-CUE-OUT the window shows only CUE-OUT-CONT there.
    const shape = SHAPES[0][1];
    const cueout = await run('cueout', shape, 70, 25, {});
    const daterange = await run('daterange', shape, 70, 25, {});
    const [joined, ...rest] = daterange.tl.breaks;
    expect([joined.startMsn, joined.endMsn, joined.state, joined.index, joined.dateRange]).toEqual([40, 43, 'failed', 0, `splice-${breakEventId(2)}`]);
    // The breaks after it are those of the EXT-X-CUE-OUT stream, one [avail.index] later.
    expect(rest.map((b) => [b.startMsn, b.endMsn, b.state, b.index - 1])).toEqual(cueout.tl.breaks.map((b) => [b.startMsn, b.endMsn, b.state, b.index]));
    expect(cueout.tl.breaks.map((b) => b.startMsn)).toEqual([50, 65, 80]);
  });
});
