/**
 * Live DASH stitching over generated live MPD refresh sequences (issue 7, protocols.md §15, §19): random break
 * times and lengths, with and without signalled durations, early returns and signalled durations shorter than
 * the break Period, window sizes, ADS latencies (some past the decision budget), slate or none, worker
 * restarts between refreshes, on a virtual clock. Checked on every stitched MPD as written:
 * - a Period id, once listed, keeps its @start and every presentationTimeOffset (§15 PTO stability);
 * - an origin break Period is either listed as content or replaced, never first one and then the other;
 * - Periods are contiguous: each ends (its @duration, else its media) where the next starts, within 1 ms;
 * - a replaced break's Periods start at the break's start and end at its end (the origin's next Period), its
 *   ads come first, end to end, and the tracking JSON's avail lists exactly those ads, at their Period@start
 *   relative to availabilityStartTime, with their Period id as adId, summing to the avail's duration;
 * - no response waits longer than DASH_RESPONSE_WAIT_MS (invariant 8).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adaptationSetsOf, parseMpd, periodsOf, periodTimings, representationsOf, segmentTemplateOf } from '../../../src/dash/mpdModel';
import { attrValue } from '../../../src/dash/mpdXml';
import { dashDuration } from '../../../src/scte35/dashDuration';
import { DASH_RESPONSE_WAIT_MS } from '../../../src/dash/live/dashLiveStitcher';
import type { MediaTailorTracking } from '../../../src/tracking/mediaTailorTypes';
import { SEG, dashLiveWorld, type DashOriginBreak } from './dashLiveWorld';

interface Listed { id: string; start: number; ptos: string; end: number | null }

/** The Periods of a stitched MPD: id, @start, every Representation's PTO, and where its media or @duration ends. */
function periodsOfText(text: string): Listed[] {
  const mpd = parseMpd(text);
  if (!mpd) throw new Error('not an MPD');
  const t = periodTimings(mpd.root);
  return periodsOf(mpd.root).map((p, i) => {
    const ptos: string[] = [];
    let mediaEnd: number | null = null;
    for (const as of adaptationSetsOf(p)) {
      for (const rep of representationsOf(as)) {
        const tpl = segmentTemplateOf(p, as, rep);
        if (!tpl) continue;
        ptos.push(`${attrValue(rep, 'id')}:${tpl.presentationTimeOffset}/${tpl.timescale}`);
        if (mediaEnd === null && tpl.timeline) {
          let time = tpl.timeline[0]?.t ?? 0;
          for (const s of tpl.timeline) { if (s.t !== undefined) time = s.t; time += s.d * (Math.max(0, s.r) + 1); }
          mediaEnd = t[i].start! + (time - tpl.presentationTimeOffset) / tpl.timescale;
        }
      }
    }
    const d = dashDuration(attrValue(p, 'duration'));
    return { id: attrValue(p, 'id')!, start: t[i].start!, ptos: ptos.join(' '), end: d !== null ? t[i].start! + d : mediaEnd };
  });
}

const scenario = fc.record({
  breaks: fc.array(fc.record({
    gap: fc.integer({ min: 1, max: 10 }), len: fc.integer({ min: 1, max: 12 }), withDuration: fc.boolean(),
    earlyBy: fc.oneof(fc.constant(0), fc.integer({ min: -12, max: 20 })),
  }), { minLength: 1, maxLength: 5 }),
  windowSegments: fc.integer({ min: 3, max: 40 }),
  pods: fc.array(fc.array(fc.array(fc.constantFrom(1, 2, 2.5, 4), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  latencies: fc.array(fc.integer({ min: 0, max: 12_000 }), { minLength: 1, maxLength: 6 }),
  steps: fc.array(fc.record({ restart: fc.boolean(), advanceMs: fc.integer({ min: 0, max: 7000 }) }), { minLength: 10, maxLength: 60 }),
  slate: fc.boolean(),
});

describe('live DASH stitching (property)', () => {
  it('Period ids, starts and PTOs never change once listed; contiguous Periods; ads fill their avail; bounded waits', async () => {
    let runsWithAds = 0;
    let trackedAds = 0;
    const kindsSeen = new Set<string>();
    await fc.assert(fc.asyncProperty(scenario, async (sc) => {
      const breaks: DashOriginBreak[] = [];
      let at = 0;
      for (const b of sc.breaks) {
        at += b.gap;
        const early = b.withDuration ? Math.max(b.earlyBy, -(b.len * SEG - 1)) : 0;
        breaks.push({ start: at, len: b.len, withDuration: b.withDuration, earlyBy: early });
        at += b.len;
      }
      const total = at + 20;
      const world = dashLiveWorld({
        total, breaks, windowSegments: sc.windowSegments, pods: sc.pods, slate: sc.slate,
        adsLatency: (a) => sc.latencies[a % sc.latencies.length], config: { Stitchbox: { DecisionBudgetMs: 8000 } },
      });
      const byId = new Map(world.periods.map((p) => [p.id, p]));
      const signature = new Map<string, string>();
      const listedAsContent = new Set<string>();
      const replaced = new Set<string>();
      for (const step of sc.steps) {
        if (step.restart) world.restart();
        // Segments the origin MPD of this refresh has published (it is fetched before any wait).
        const published = world.published();
        const { text, elapsed } = await world.refresh();
        expect(elapsed).toBeLessThanOrEqual(DASH_RESPONSE_WAIT_MS);
        const listed = periodsOfText(text);
        for (const [i, p] of listed.entries()) {
          // Stability (§15, §19).
          const sig = `${p.start}|${p.ptos}`;
          expect(signature.get(p.id) ?? sig, `Period ${p.id}`).toBe(sig);
          signature.set(p.id, sig);
          // Contiguity.
          const next = listed[i + 1];
          if (next) {
            expect(p.end, `end of ${p.id}`).not.toBeNull();
            expect(Math.abs(p.end! - next.start), `${p.id} → ${next.id}`).toBeLessThanOrEqual(0.001);
          }
          // Content or replaced, never both.
          const origin = byId.get(p.id);
          if (origin) {
            expect(replaced.has(p.id), `${p.id} listed after it was replaced`).toBe(false);
            listedAsContent.add(p.id);
            expect(p.start).toBe(origin.first * SEG);
          } else {
            const x = /^(b\d+)_/.exec(p.id)?.[1];
            expect(x && byId.get(x)?.brk, `Period ${p.id} belongs to a break Period`).toBeTruthy();
            expect(listedAsContent.has(x!), `${x} replaced after it was listed as content`).toBe(false);
            replaced.add(x!);
          }
        }
        // Each replaced break: from its start, ads first, up to the origin's next Period when listed.
        for (const x of replaced) {
          const origin = byId.get(x)!;
          const pieces = listed.filter((p) => p.id.startsWith(`${x}_`));
          if (!pieces.length) continue;
          expect(pieces[0].start).toBe(origin.first * SEG);
          const after = listed[listed.indexOf(pieces[pieces.length - 1]) + 1];
          if (after) expect(after.start).toBeCloseTo(origin.end * SEG, 3);
          const kinds = pieces.map((p) => (/_slate(_\d+)?$/.test(p.id) ? 'slate' : /_PT[\d.]+S$/.test(p.id) ? 'content' : 'ad'));
          kinds.forEach((k) => kindsSeen.add(k));
          expect(kinds.join(',')).toMatch(/^(ad,)*(ad|slate)?(,slate)*(,?content)?$/);
        }
        // Tracking JSON: the avails of listed ads (times relative to availabilityStartTime, §5.1).
        const tracking = (await world.tracking()) as MediaTailorTracking;
        expect(tracking.dashAvailabilityStartTime).toBe(new Date(world.astMs).toISOString());
        for (const avail of tracking.avails) {
          const x = byId.get(avail.availId)!;
          expect(x?.brk, `availId ${avail.availId} is a break Period`).toBeTruthy();
          let t = x.first * SEG;
          let sum = 0;
          for (const [k, ad] of avail.ads.entries()) {
            expect(ad.adId).toBe(`${avail.availId}_${k + 1}`);
            expect(ad.startTimeInSeconds).toBeCloseTo(t, 3);
            const inMpd = listed.find((p) => p.id === ad.adId);
            if (inMpd) expect(inMpd.start).toBeCloseTo(ad.startTimeInSeconds, 3);
            // Once the origin has listed the return, no ad runs past it (an ad under way is cut, §7).
            if (published > x.end) expect(ad.startTimeInSeconds + ad.durationInSeconds).toBeLessThanOrEqual(x.end * SEG + 0.001);
            t += ad.durationInSeconds;
            sum += ad.durationInSeconds;
            trackedAds++;
          }
          expect(Math.abs(sum - avail.durationInSeconds)).toBeLessThanOrEqual(0.001 * (avail.ads.length + 1));
          if (x.brk!.withDuration) expect(sum).toBeLessThanOrEqual(x.brk!.len * SEG + x.brk!.earlyBy + 0.001);
        }
        await world.clock.advance(step.advanceMs);
      }
      if (replaced.size) runsWithAds++;
    }), { numRuns: 100 });
    // Not vacuous: ads were stitched and tracked in a good share of the runs.
    expect(runsWithAds).toBeGreaterThan(10);
    expect(trackedAds).toBeGreaterThan(20);
    // Slate loops and content coming back inside a break Period were both exercised.
    expect([...kindsSeen].sort()).toEqual(['ad', 'content', 'slate']);
  }, 240_000);
});
