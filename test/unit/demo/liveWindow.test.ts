import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StitchboxError } from '../../../src/errors';
import { liveMediaPlaylist } from '../../../demo/server/live/liveMediaPlaylist';
import { CUE_STYLES, LIVE_DEFAULTS, LIVE_VARIANTS, parseLiveOptions, type LiveOptions } from '../../../demo/server/live/liveOptions';
import { breakPosition, discontinuitiesBefore, liveWindow, publishedSegments } from '../../../demo/server/live/liveWindow';
import { readLivePlaylist, tagAttribute, type LivePlaylist } from './liveFixture';

// The live simulator's timeline as a pure function of (now, options): clock, sliding window, sequence
// numbers, program date times and loop discontinuities (issue 5 item 1; DESIGN.md invariants 1 and 3).

const T0 = Date.UTC(2025, 0, 1);

function opts(query = '', t0 = T0): LiveOptions {
  return parseLiveOptions(new URLSearchParams(query), t0);
}

function playlist(nowMs: number, o: LiveOptions, rendition = '360p'): LivePlaylist {
  return readLivePlaylist(liveMediaPlaylist(nowMs, o, rendition));
}

describe('parseLiveOptions', () => {
  it('defaults: cue-out markers, real time, a 16 s break every 30 s from 10 s, a 60 s window, muxed', () => {
    expect(opts()).toEqual({ ...LIVE_DEFAULTS, t0Ms: T0 });
    expect(LIVE_DEFAULTS).toMatchObject({ cue: 'cueout', speed: 1, everySeconds: 30, breakSeconds: 16, offsetSeconds: 10, windowSeconds: 60, variant: 'muxed' });
  });

  it('reads every parameter', () => {
    expect(opts('cue=oatcls&speed=4&every=40&breakdur=20&offset=0&window=30&variant=encrypted&t0=1234')).toEqual({
      cue: 'oatcls', speed: 4, everySeconds: 40, breakSeconds: 20, offsetSeconds: 0, windowSeconds: 30, variant: 'encrypted', t0Ms: 1234,
    });
    for (const cue of CUE_STYLES) expect(opts(`cue=${cue}`).cue).toBe(cue);
    for (const variant of LIVE_VARIANTS) expect(opts(`variant=${variant}`).variant).toBe(variant);
    // A long break without `every` moves the default period so that content still separates the breaks.
    expect(opts('breakdur=40').everySeconds).toBe(42);
  });

  it('refuses unusable values with BAD_REQUEST naming the parameter', () => {
    const cases: [string, string][] = [
      ['cue=daterang', 'cue'], ['variant=hevc', 'variant'], ['speed=0', 'speed'], ['speed=17', 'speed'], ['speed=fast', 'speed'],
      ['every=31', 'every'], ['every=16&breakdur=16', 'every'], ['breakdur=0', 'breakdur'], ['breakdur=3', 'breakdur'],
      ['window=4', 'window'], ['window=20000', 'window'], ['offset=-2', 'offset'], ['t0=-5', 't0'], ['t0=1.5', 't0'],
    ];
    for (const [query, param] of cases) {
      let error: unknown;
      try {
        opts(query);
      } catch (e) {
        error = e;
      }
      expect(error, query).toBeInstanceOf(StitchboxError);
      expect((error as StitchboxError).code, query).toBe('BAD_REQUEST');
      expect((error as StitchboxError).details, query).toEqual({ param });
    }
  });
});

describe('the live clock', () => {
  it('publishes segment n once stream time reaches 2(n+1) s, at any speed', () => {
    for (const speed of [1, 4, 16, 2.5]) {
      const o = opts(`speed=${speed}`);
      for (const n of [0, 1, 29, 30, 1000]) {
        const due = T0 + (2000 * (n + 1)) / speed;
        expect(publishedSegments(Math.ceil(due) - 1, o), `speed ${speed}, n ${n}, just before`).toBe(n);
        expect(publishedSegments(Math.ceil(due), o), `speed ${speed}, n ${n}, on time`).toBe(n + 1);
      }
    }
  });

  it('lists nothing before t0 and before the first segment completes', () => {
    const o = opts();
    for (const now of [T0 - 10_000, T0, T0 + 1999]) {
      const p = playlist(now, o);
      expect(p.segments).toEqual([]);
      expect(p.mediaSequence).toBe(0);
      expect(p.discontinuitySequence).toBe(0);
      expect(p.endList).toBe(false);
    }
  });

  it('fills the window from sequence 0, then slides: 30 segments of 2 s by default', () => {
    const o = opts();
    expect(playlist(T0 + 20_000, o).segments.map((s) => s.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const p = playlist(T0 + 1_000_000, o);
    expect(p.mediaSequence).toBe(470);
    expect(p.segments.map((s) => s.seq)).toEqual(Array.from({ length: 30 }, (_, i) => 470 + i));
    expect(p.segments.every((s) => s.duration === 2)).toBe(true);
    expect(p.targetDuration).toBe(2);
    expect(p.version).toBe(3);
    expect(liveWindow(T0 + 1_000_000, opts('window=10'))).toEqual({ first: 495, end: 500, discontinuitySequence: 16 });
  });

  it('dates every segment with stream time t0 + 2n s, so a faster clock keeps 2 s between dates', () => {
    for (const speed of [1, 4]) {
      const o = opts(`speed=${speed}`);
      const p = playlist(T0 + 600_000, o);
      expect(p.segments.length).toBe(30);
      for (const s of p.segments) expect(Date.parse(s.pdt!)).toBe(T0 + 2000 * s.seq);
    }
    // At speed 4 the newest segment is dated 4x as far from t0 as the wall clock is.
    const fast = playlist(T0 + 600_000, opts('speed=4'));
    expect(Date.parse(fast.segments.at(-1)!.pdt!)).toBe(T0 + 4 * 600_000 - 2000);
  });

  it('loops the 60 s content: a discontinuity before every 30th segment, counted once it slides out', () => {
    const o = opts();
    // Window 470..499: discontinuities before 480; 30, 60, ..., 450 slid out (15 of them).
    const p = playlist(T0 + 1_000_000, o);
    expect(p.segments.filter((s) => s.discontinuity).map((s) => s.seq)).toEqual([480]);
    expect(p.discontinuitySequence).toBe(15);
    // Segment 0 starts the stream and has none; a window starting on a loop point keeps its tag.
    expect(playlist(T0 + 20_000, o).segments[0].discontinuity).toBe(false);
    const onLoop = playlist(T0 + 2000 * 60, o);
    expect(onLoop.mediaSequence).toBe(30);
    expect(onLoop.segments[0].discontinuity).toBe(true);
    expect(onLoop.discontinuitySequence).toBe(0);
    expect([0, 1, 30, 31, 60, 61].map(discontinuitiesBefore)).toEqual([0, 0, 0, 1, 1, 2]);
  });

  it('names segments by sequence number under the variant and rendition', () => {
    const now = T0 + 100_000;
    expect(playlist(now, opts('variant=muxed'), '180p').segments[0].uri).toBe('ts/180p/20.ts');
    expect(playlist(now, opts('variant=encrypted')).segments[0].uri).toBe('aes/360p/20.ts');
    const demuxed = playlist(now, opts('variant=demuxed'), 'audio');
    expect(demuxed.segments[0].uri).toBe('fmp4/audio/20.m4s');
    expect(demuxed.map).toBe('#EXT-X-MAP:URI="fmp4/audio/init.mp4"');
    expect(demuxed.version).toBe(7);
  });

  it('encrypted: an EXT-X-KEY with the sequence number as IV before every segment (RFC 8216 §5.2)', () => {
    const p = playlist(T0 + 100_000, opts('variant=encrypted'));
    for (const s of p.segments) {
      const keys = s.tags.filter((t) => t.startsWith('#EXT-X-KEY:'));
      expect(keys).toEqual([`#EXT-X-KEY:METHOD=AES-128,URI="key",IV=0x${s.seq.toString(16).padStart(32, '0')}`]);
    }
  });
});

describe('break positions', () => {
  it('puts break k on segments [offset + k*every, +breakdur) / 2 and the cue-in on the next one', () => {
    const o = opts('every=30&breakdur=16&offset=10');
    const at = (n: number) => breakPosition(n, o);
    expect(at(4)).toBeNull();
    expect(at(5)).toEqual({ kind: 'in', k: 0, index: 0 });
    expect(at(12)).toEqual({ kind: 'in', k: 0, index: 7 });
    expect(at(13)).toEqual({ kind: 'after', k: 0 });
    expect(at(14)).toBeNull();
    expect(at(20)).toEqual({ kind: 'in', k: 1, index: 0 });
    expect(at(5 + 15 * 100)).toEqual({ kind: 'in', k: 100, index: 0 });
  });

  it('is the same in every rendition and the audio playlist, refresh after refresh', () => {
    for (const cue of CUE_STYLES) {
      for (const now of [T0 + 37_000, T0 + 1_234_567, T0 + 9_999_999]) {
        const o = opts(`cue=${cue}&variant=demuxed&speed=3`);
        const norm = (r: string) => liveMediaPlaylist(now, o, r).replaceAll(`/${r}/`, '/R/');
        expect(norm('180p'), cue).toBe(norm('360p'));
        expect(norm('audio'), cue).toBe(norm('360p'));
        const muxed = opts(`cue=${cue}&speed=3`);
        const tagsOf = (p: LivePlaylist) => p.segments.map((s) => s.tags);
        expect(tagsOf(readLivePlaylist(liveMediaPlaylist(now, muxed, '180p')))).toEqual(tagsOf(readLivePlaylist(liveMediaPlaylist(now, o, 'audio'))));
      }
    }
  });
});

/** The options space the property walks: valid by construction. */
const arbOptions: fc.Arbitrary<LiveOptions> = fc
  .record({
    cue: fc.constantFrom(...CUE_STYLES),
    variant: fc.constantFrom(...LIVE_VARIANTS),
    speed: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.double({ min: 1, max: 16, noNaN: true })),
    breakSegments: fc.integer({ min: 1, max: 20 }),
    gapSegments: fc.integer({ min: 1, max: 20 }),
    offsetSegments: fc.integer({ min: 0, max: 40 }),
    windowSegments: fc.integer({ min: 3, max: 120 }),
    t0Ms: fc.integer({ min: 0, max: 4_000_000_000_000 }),
  })
  .map((r) => ({
    cue: r.cue,
    variant: r.variant,
    speed: r.speed,
    breakSeconds: 2 * r.breakSegments,
    everySeconds: 2 * (r.breakSegments + r.gapSegments),
    offsetSeconds: 2 * r.offsetSegments,
    windowSeconds: 2 * r.windowSegments,
    t0Ms: r.t0Ms,
  }));

/**
 * Segments published at the first refresh: anywhere, or (half the time) with the window starting within a
 * few segments of a loop point, where discontinuity counting can go wrong.
 */
const arbEnd = fc.oneof(
  fc.record({ nearLoop: fc.constant(false), value: fc.integer({ min: 0, max: 300_000 }), delta: fc.constant(0) }),
  fc.record({ nearLoop: fc.constant(true), value: fc.integer({ min: 0, max: 10_000 }), delta: fc.integer({ min: -3, max: 3 }) }),
);

/** Everything a segment is, in one comparable value; DATERANGE lines are compared by ID separately. */
function identity(p: LivePlaylist, i: number) {
  const s = p.segments[i];
  const discontinuityNumber = p.discontinuitySequence + p.segments.slice(0, i + 1).filter((x) => x.discontinuity).length;
  return { uri: s.uri, duration: s.duration, discontinuity: s.discontinuity, pdt: s.pdt, discontinuityNumber, tags: s.tags.filter((t) => !t.startsWith('#EXT-X-DATERANGE:')) };
}

function dateRanges(playlists: LivePlaylist[]): Map<string, Set<string>> {
  const byId = new Map<string, Set<string>>();
  for (const p of playlists) {
    for (const s of p.segments) {
      for (const t of s.tags) {
        if (!t.startsWith('#EXT-X-DATERANGE:')) continue;
        const id = tagAttribute(t, 'ID')!;
        if (!byId.has(id)) byId.set(id, new Set());
        byId.get(id)!.add(t);
      }
    }
  }
  return byId;
}

describe('two successive refreshes (fast-check)', () => {
  it('slide by exactly the segments published and dropped; shared segments are identical (invariants 1 and 3)', () => {
    fc.assert(
      fc.property(arbOptions, arbEnd, fc.nat(), fc.nat(), fc.nat(), (o, end, gapPick, jitter1, jitter2) => {
        // Refreshes close enough that the windows overlap (a player refreshes about every target duration).
        const windowSegments = o.windowSeconds / 2;
        const published1 = end.nearLoop ? Math.max(0, 30 * end.value + windowSegments + end.delta) : end.value;
        const published2 = published1 + (gapPick % windowSegments);
        // A wall-clock time at which exactly `e` segments are out, plus jitter below the next one.
        const at = (e: number, jitter: number) => o.t0Ms + Math.ceil((2000 * e) / o.speed) + (jitter % Math.max(1, Math.floor(2000 / o.speed) - 1));
        const now1 = at(published1, jitter1);
        const now2 = Math.max(now1, at(published2, jitter2));
        const p1 = playlist(now1, o);
        const p2 = playlist(now2, o);

        // The newest segment is the last one whose end stream time has passed (the clock's definition).
        for (const [p, now] of [[p1, now1], [p2, now2]] as const) {
          const last = p.segments.at(-1);
          if (last === undefined) {
            expect((now - o.t0Ms) * o.speed).toBeLessThan(2000);
            continue;
          }
          expect((now - o.t0Ms) * o.speed).toBeGreaterThanOrEqual(2000 * (last.seq + 1));
          expect((now - o.t0Ms) * o.speed).toBeLessThan(2000 * (last.seq + 2));
          expect(p.segments.length).toBe(Math.min(o.windowSeconds / 2, last.seq + 1));
          p.segments.forEach((s, i) => expect(s.seq).toBe(p.mediaSequence + i));
        }

        const left = p1.segments.filter((s) => s.seq < p2.mediaSequence);
        expect(p2.mediaSequence - p1.mediaSequence).toBe(left.length);
        expect(p2.discontinuitySequence - p1.discontinuitySequence).toBe(left.filter((s) => s.discontinuity).length);
        const end1 = p1.mediaSequence + p1.segments.length;
        const added = p2.segments.filter((s) => s.seq >= end1);
        expect(added.length).toBe(publishedSegments(now2, o) - publishedSegments(now1, o));

        for (let i = 0; i < p2.segments.length; i++) {
          const s = p2.segments[i];
          expect(s.discontinuity).toBe(s.seq > 0 && s.seq % 30 === 0);
          expect(Date.parse(s.pdt!)).toBe(o.t0Ms + 2000 * s.seq);
          const j = s.seq - p1.mediaSequence;
          if (j >= 0 && j < p1.segments.length) expect(identity(p2, i)).toEqual(identity(p1, j));
        }
        // A date range keeps its attributes wherever it is repeated (RFC 8216 §4.3.2.7): one OUT line and
        // one IN line per ID across both refreshes, and one START-DATE.
        for (const [id, lines] of dateRanges([p1, p2])) {
          const all = [...lines];
          expect(all.filter((l) => l.includes('SCTE35-OUT=')).length, id).toBeLessThanOrEqual(1);
          expect(all.filter((l) => l.includes('SCTE35-IN=')).length, id).toBeLessThanOrEqual(1);
          expect(new Set(all.map((l) => tagAttribute(l, 'START-DATE'))).size, id).toBe(1);
        }
      }),
      { numRuns: 400 },
    );
  });
});
