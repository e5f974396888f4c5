/**
 * DESIGN invariants 1, 2, 3 and 8 over generated live streams (issue 5): random segment durations, breaks
 * with and without durations, early cue-ins, window sizes, refresh orders across two variants, an audio and a
 * WebVTT subtitle playlist (issue 5 item 5), worker restarts between refreshes, and ADS latencies on a virtual clock.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMedia } from '../../../src/hls/parseMedia';
import { RESPONSE_WAIT_MS } from '../../../src/session/live/liveStitcher';
import type { LiveBreak } from '../../../src/session/live/liveTimeline';
import { buildOrigin, liveWorld, type OriginBreak } from './liveHarness';

interface Seen { uri: string; duration: string; disc: boolean; cc: number; ad: boolean }

const scenario = fc.record({
  durations: fc.array(fc.integer({ min: 1500, max: 6000 }).map((ms) => ms / 1000), { minLength: 40, maxLength: 90 }),
  breaks: fc.array(fc.record({
    gap: fc.integer({ min: 2, max: 8 }), len: fc.integer({ min: 1, max: 8 }), withDuration: fc.boolean(),
    earlyBy: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20 })),
  }), { minLength: 1, maxLength: 5 }),
  discAt: fc.array(fc.integer({ min: 0, max: 89 }), { maxLength: 3 }),
  windowSize: fc.integer({ min: 3, max: 50 }),
  pods: fc.array(fc.array(fc.array(fc.constantFrom(1, 2, 2.5, 4, 6), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  latencies: fc.array(fc.integer({ min: 0, max: 12_000 }), { minLength: 1, maxLength: 6 }),
  steps: fc.array(fc.record({ order: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 1 }), restart: fc.boolean(), advanceMs: fc.integer({ min: 0, max: 6000 }) }), { minLength: 8, maxLength: 40 }),
  slate: fc.boolean(),
  // Live pre-roll (protocols.md §9) in one run in two, sometimes moved by EXT-X-START (negative: from the end),
  // with its own ADS latency: answered at once, held back (> RESPONSE_WAIT_MS), or timed out (> 3 s a request).
  // It fills no signalled break of the first window, so most runs go without (the non-vacuity checks below).
  preRoll: fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.record({
      max: fc.integer({ min: 4, max: 60 }), latency: fc.integer({ min: 0, max: 4000 }),
      startOffset: fc.option(fc.constantFrom(-30, -13.5, -4, 10), { nil: undefined }),
    }) },
  ),
  // Avail suppression (protocols.md §8) never changes invariants 1-3: it only decides which breaks are filled.
  // One run in four (most runs still stitch ads, for the non-vacuity checks below).
  suppression: fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.record({
      Mode: fc.constantFrom('OFF', 'BEHIND_LIVE_EDGE', 'AFTER_LIVE_EDGE'),
      Value: fc.constantFrom('00:00:00', '00:00:08', '00:00:30'),
      FillPolicy: fc.constantFrom('FULL_AVAIL_ONLY', 'PARTIAL_AVAIL'),
    }) },
  ),
});

describe('live stitching invariants (property)', () => {
  it('consistent windows, the same plan in every playlist, exact sequence numbers, bounded waits', async () => {
    let runsWithAds = 0;
    let trackedAds = 0;
    let runsWithPreRoll = 0;
    await fc.assert(fc.asyncProperty(scenario, async (sc) => {
      const breaks: OriginBreak[] = [];
      let at = 0;
      for (const b of sc.breaks) { at += b.gap; breaks.push({ start: at, len: b.len, withDuration: b.withDuration, earlyBy: b.withDuration ? b.earlyBy : 0 }); at += b.len; }
      const origin = buildOrigin(sc.durations, breaks, sc.discAt);
      const budget = 8000;
      const world = liveWorld({
        origin, windowSize: sc.windowSize, pods: sc.pods, adsLatency: (a) => (a === 0 && sc.preRoll ? sc.preRoll.latency : sc.latencies[a % sc.latencies.length]),
        subtitles: true,
        config: { Stitchbox: { DecisionBudgetMs: budget }, ...(sc.slate ? { SlateAdUrl: 'https://slate.test/slate.m3u8' } : {}), ...(sc.suppression ? { AvailSuppression: sc.suppression } : {}),
          ...(sc.preRoll ? { LivePreRollConfiguration: { AdDecisionServerUrl: 'https://ads.test/vast?avail=[avail.index]&preroll=1', MaxDurationSeconds: sc.preRoll.max } } : {}) },
        startOffset: sc.preRoll?.startOffset,
      });
      // Where the pre-roll must go (oracle for protocols.md §9): in the first origin window a playlist request sees,
      // the latest segment start at least max(2 x 6 s, EXT-X-START distance) before its end, not its first segment.
      let expectedPreRoll: number | null = null;
      if (sc.preRoll && world.edge < origin.length - 1) {
        const edge = world.edge + 1;
        const w0 = Math.max(0, edge - sc.windowSize + 1);
        let windowSeconds = 0;
        for (let m = w0; m <= edge; m++) windowSeconds += origin[m].duration;
        const so = sc.preRoll.startOffset;
        const fromStart = so === undefined ? 0 : Math.min(Math.max(so < 0 ? -so : windowSeconds - so, 0), windowSeconds);
        const distance = Math.max(12, fromStart);
        let fromEnd = 0;
        for (let m = edge; m > w0 && expectedPreRoll === null; m--) { fromEnd += origin[m].duration; if (fromEnd >= distance - 0.001) expectedPreRoll = m; }
      }
      const paths = await world.open();
      // Per playlist: stitched msn → what was listed there. Across playlists: msn → (cc, disc, ad?).
      const seen: Map<number, Seen>[] = paths.map(() => new Map());
      const across = new Map<number, { cc: number; disc: boolean; ad: boolean; duration: string }>();
      let restarts = 0;
      const preRolls = new Map<string, LiveBreak>();
      for (const step of sc.steps) {
        if (world.edge >= origin.length - 1) break;
        world.edge = Math.min(origin.length - 1, world.edge + 1);
        for (const r of step.order) {
          const res = await world.get(paths[r]);
          expect(res.status).toBe(200);
          // Invariant 8: no response waits on the ADS longer than the per-response cap (within the budget).
          expect(res.elapsed).toBeLessThanOrEqual(Math.min(RESPONSE_WAIT_MS, budget));
          const { playlist } = parseMedia(res.text);
          let cc = playlist.discontinuitySequence;
          playlist.segments.forEach((s, i) => {
            const msn = playlist.mediaSequence + i;
            if (s.discontinuity) cc++;
            const now: Seen = { uri: s.uri, duration: s.durationText, disc: s.discontinuity, cc, ad: s.uri.includes('/v1/segment/') };
            // The subtitle playlist (3) lists the WebVTT stand-ins of the ad segments, the others the media.
            if (now.ad) expect(/\.vtt(\?|$)/.test(s.uri), `playlist ${r} msn ${msn} ${s.uri}`).toBe(r === 3);
            const before = seen[r].get(msn);
            // Invariants 1 and 3: the same msn keeps its URI, duration, flag and discontinuity number.
            if (before) expect(now, `playlist ${r} msn ${msn}`).toEqual(before);
            else seen[r].set(msn, now);
            const x = across.get(msn);
            // Invariant 2: every playlist has the same boundaries at the same positions (hls.js cc, players.md §3.2).
            const mine = { cc, disc: s.discontinuity, ad: now.ad, duration: s.durationText };
            if (x) expect(mine, `msn ${msn} across playlists`).toEqual(x);
            else across.set(msn, mine);
          });
        }
        // Pre-roll breaks as recorded (kept here: a break that left every window may be folded out of the timeline).
        for (const tl of world.store.timelines.values()) for (const b of tl.breaks) if (b.preRoll) preRolls.set(b.key, b);
        if (step.restart) { world.restart(); restarts++; }
        await world.clock.advance(step.advanceMs);
      }
      if ([...seen[0].values()].some((x) => x.ad)) runsWithAds++;
      // Invariant 4: tracking times are sums of EXTINF as served from the session's first served segment, ids msns.
      const [session] = await world.store.listSessions();
      const tracking = JSON.parse((await world.get(`/v1/tracking/acct/live/${session.id}`)).text) as { avails: { ads: { adId: string; startTimeInSeconds: number }[] }[] };
      const firstMsn = Math.min(...across.keys());
      for (const a of tracking.avails) {
        for (const ad of a.ads) {
          const msn = Number(ad.adId);
          // A running break lists its whole decided pod; ads not written yet are checked once they are.
          if (!across.has(msn)) continue;
          expect(across.get(msn)!.ad, `adId ${msn} is an ad segment`).toBe(true);
          let t = 0;
          for (let m = firstMsn; m < msn; m++) t += Number(across.get(m)!.duration);
          expect(ad.startTimeInSeconds).toBeCloseTo(t, 2);
          trackedAds++;
        }
      }
      // The live pre-roll: once, [avail.index] 0, where the oracle says, whole ads within MaxDurationSeconds.
      const pre = [...preRolls.values()];
      if (expectedPreRoll === null) expect(pre).toEqual([]);
      else {
        expect(pre.map((b) => [b.startMsn, b.index])).toEqual([[expectedPreRoll, 0]]);
        if (pre[0].state === 'ready') {
          expect(pre[0].avail!.ads.reduce((t, a) => t + a.duration, 0)).toBeLessThanOrEqual(sc.preRoll!.max + 0.001);
          expect(pre[0].avail!.slate).toBeNull();
          if ([...seen[0].values()].some((x) => x.ad && x.uri.split('/')[6] === '0')) runsWithPreRoll++;
        }
      }
      // One ADS request per avail (a restart while a decision is pending may repeat it, idempotently).
      const perAvail = new Map<string, number>();
      for (const u of world.adsRequests) { const a = new URL(u).searchParams.get('avail')!; perAvail.set(a, (perAvail.get(a) ?? 0) + 1); }
      for (const n of perAvail.values()) expect(n).toBeLessThanOrEqual(1 + restarts);
    // FC_SEED=<seed> replays a run that failed (fast-check prints the seed).
    }), { numRuns: 60, seed: Number(process.env.FC_SEED) || undefined });
    // Not vacuous: ads were stitched in a good share of the generated streams.
    // Typically 27-49 of 60 runs; one run in a dozen on a loaded machine saw 8 (many decisions timed out).
    expect(runsWithAds).toBeGreaterThan(5);
    expect(trackedAds).toBeGreaterThan(5);
    // About 10 of 60 runs stitch a pre-roll (many are timed out on purpose, or have no room); more than 0 keeps
    // this check from failing on an unlucky seed while still proving the pre-roll path ran.
    expect(runsWithPreRoll).toBeGreaterThan(0);
  }, 120_000);
});
