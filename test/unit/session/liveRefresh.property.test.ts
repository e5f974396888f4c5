/**
 * Timeline pruning (pruneTimeline.ts) and the warm refresh path (refreshCache.ts) change nothing a player
 * sees (issue 5 item 2, issue 9): over long generated live sequences (random segment durations, keys, PDT,
 * origin discontinuities, breaks with and without durations and early cue-ins, windows sliding by 0-3 segments,
 * renditions lagging, ADS latencies so that decisions land between refreshes, worker restarts that clear the
 * in-memory cache), a session with pruning and with the warm path answers every refresh with exactly the bytes
 * of a session with neither, and stores exactly the timeline (JSON, so every number to the last bit) of a session
 * with pruning only: breaks found from the previous window's scan (windowBreaks.ts) and the clock moved by what
 * entered the window (liveClock.ts) persist what the full path would. Non-vacuity: the warm path (parse, stitch and
 * break scan) and pruning are taken in most runs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { genOrigin, originText, stitcherWorld } from './stitcherWorld';

const scenario = fc.record({
  durations: fc.array(fc.integer({ min: 1500, max: 6000 }).map((ms) => ms / 1000), { minLength: 120, maxLength: 260 }),
  breaks: fc.array(fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 8 }), fc.boolean(), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 }))), { minLength: 5, maxLength: 40 }),
  discAt: fc.array(fc.integer({ min: 0, max: 259 }), { maxLength: 4 }),
  keyEvery: fc.constantFrom(0, 0, 1, 7),
  pdt: fc.boolean(),
  windowSize: fc.integer({ min: 3, max: 30 }),
  pods: fc.array(fc.array(fc.array(fc.constantFrom(1, 2, 2.5, 4, 6), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  latencies: fc.array(fc.integer({ min: 0, max: 9000 }), { minLength: 1, maxLength: 6 }),
  steps: fc.array(fc.record({
    advance: fc.constantFrom(0, 1, 1, 1, 1, 2, 3), lag: fc.integer({ min: 0, max: 1 }), order: fc.constantFrom([0, 1], [1, 0], [0]),
    restart: fc.integer({ min: 0, max: 9 }).map((x) => x === 0), ms: fc.integer({ min: 0, max: 6000 }),
  }), { minLength: 60, maxLength: 200 }),
});

describe('pruning and the warm refresh path (property)', () => {
  it('give byte-identical playlists to the plain path over long live sequences', async () => {
    let slides = 0;
    let parseSlides = 0;
    let breakSlides = 0;
    let pruned = 0;
    let stitched = 0;
    await fc.assert(fc.asyncProperty(scenario, async (sc) => {
      const origin = genOrigin(sc.durations, sc.breaks, new Set(sc.discAt), sc.keyEvery);
      const latency = (a: number) => sc.latencies[a % sc.latencies.length];
      const plain = stitcherWorld(sc.pods, latency, { prune: false, incremental: false });
      const pruning = stitcherWorld(sc.pods, latency, { prune: true, incremental: false });
      const both = stitcherWorld(sc.pods, latency, {});
      let edge = sc.windowSize - 1;
      for (const step of sc.steps) {
        edge = Math.min(origin.length - 1, edge + step.advance);
        for (const r of step.order) {
          const e = Math.max(0, edge - (r === 1 ? step.lag : 0));
          const text = originText(origin, `v${r}`, Math.max(0, e - sc.windowSize + 1), e, sc.pdt);
          const want = await plain.refresh(r, text);
          // Compared line by line, so that a failure shows where the texts differ.
          expect((await pruning.refresh(r, text)).split('\n'), `pruned, rendition ${r} edge ${e}`).toEqual(want.split('\n'));
          expect((await both.refresh(r, text)).split('\n'), `pruned + warm, rendition ${r} edge ${e}`).toEqual(want.split('\n'));
          const stored = JSON.stringify(await both.store.getLiveTimeline(both.sessionId));
          expect(stored, `stored timeline, pruned + warm, rendition ${r} edge ${e}`).toBe(JSON.stringify(await pruning.store.getLiveTimeline(pruning.sessionId)));
          if (want.includes('/v1/segment/')) stitched++;
        }
        if (step.restart) {
          const stats = both.stitcher.warmStats()!;
          slides += stats.stitchSlide;
          parseSlides += stats.parseSlide;
          breakSlides += stats.breaksSlide;
          plain.restart(); pruning.restart(); both.restart();
        }
        await Promise.all([plain.clock.advance(step.ms), pruning.clock.advance(step.ms), both.clock.advance(step.ms)]);
      }
      const stats = both.stitcher.warmStats()!;
      slides += stats.stitchSlide;
      parseSlides += stats.parseSlide;
      breakSlides += stats.breaksSlide;
      pruned += (await both.store.getLiveTimeline(both.sessionId))?.pruned?.breaks ?? 0;
    }), { numRuns: 30 });
    expect(stitched).toBeGreaterThan(100);
    expect(pruned).toBeGreaterThan(40);
    // Non-vacuity: restarts clear the warm state, and any change of the plan takes the full path, yet most
    // refreshes slide.
    expect(slides).toBeGreaterThan(1000);
    expect(parseSlides).toBeGreaterThan(1000);
    expect(breakSlides).toBeGreaterThan(1000);
  }, 300_000);
});
