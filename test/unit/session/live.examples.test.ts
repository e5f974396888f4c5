/** Live break rules by example (protocols.md §7, §6.2; DESIGN invariant 8), through the engine. */
import { describe, expect, it } from 'vitest';
import { parseMedia } from '../../../src/hls/parseMedia';
import { collectExpiredSessions } from '../../../src/session/collectExpiredSessions';
import { buildOrigin, liveWorld, type OriginBreak } from './liveHarness';

const fours = (n: number) => Array.from({ length: n }, () => 4);

async function run(opts: { brk: OriginBreak; pods: number[][][]; config?: Record<string, unknown>; latency?: number; keyed?: boolean; windowSize?: number; steps?: number }) {
  const world = liveWorld({
    origin: buildOrigin(fours(40), [opts.brk]), windowSize: opts.windowSize ?? 6, pods: opts.pods, adsLatency: () => opts.latency ?? 10,
    config: opts.config, keyed: opts.keyed,
  });
  const [v0] = await world.open();
  const texts: string[] = [];
  for (let i = 0; i < (opts.steps ?? 20); i++) {
    world.edge++;
    texts.push((await world.get(v0)).text);
    await world.clock.advance(4000);
  }
  // Every stitched segment by msn, from all the refreshes.
  const byMsn = new Map<number, { uri: string; duration: number; disc: boolean }>();
  for (const t of texts) {
    const { playlist } = parseMedia(t);
    playlist.segments.forEach((s, i) => byMsn.set(playlist.mediaSequence + i, { uri: s.uri, duration: s.duration, disc: s.discontinuity }));
  }
  const all = [...byMsn.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  return { world, texts, all, ads: all.filter((s) => s.uri.includes('/v1/segment/')) };
}

describe('live breaks', () => {
  it('whole ads in response order, slate for the remainder of a 20 s break', async () => {
    const { ads } = await run({ brk: { start: 10, len: 5, withDuration: true, earlyBy: 0 }, pods: [[[4, 4], [8, 8], [4, 4]]], config: { SlateAdUrl: 'https://slate.test/s.m3u8' } });
    // 8 s ad, the 16 s ad does not fit (AVAIL_DURATION_EXCEEDED), the next 8 s ad does, 4 s of 1 s slate.
    // URLs name the piece by its index among the chosen ads; the durations show which VAST ads they are.
    expect(ads.map((s) => s.uri.split('/').slice(-3).join('/'))).toEqual(['0/0/0.ts', '0/0/1.ts', '1/0/0.ts', '1/0/1.ts', 'slate/0/0.ts', 'slate/0/1.ts', 'slate/0/2.ts', 'slate/0/3.ts']);
    expect(ads.map((s) => s.duration)).toEqual([4, 4, 4, 4, 1, 1, 1, 1]);
    expect(ads.reduce((t, s) => t + s.duration, 0)).toBeCloseTo(20, 3);
  });

  it('over the personalization threshold the whole break plays content', async () => {
    const { ads, all } = await run({ brk: { start: 10, len: 5, withDuration: true, earlyBy: 0 }, pods: [[[4, 4]]], config: { PersonalizationThresholdSeconds: 3 } });
    expect(ads).toHaveLength(0);
    expect(all.some((s) => s.uri.endsWith('/seg12.ts'))).toBe(true);
  });

  it('an early cue-in cuts the current ad; content resumes at the cue-in with a discontinuity', async () => {
    // Signalled 40 s, cue-in after 12 s: the 10 s ad of 2 s segments is cut after its segment straddling 12 s.
    const { all, ads } = await run({ brk: { start: 10, len: 3, withDuration: true, earlyBy: 28 }, pods: [[[2, 2, 2, 2, 2], [2, 2, 2, 2, 2]]] });
    expect(ads.reduce((t, s) => t + s.duration, 0)).toBeCloseTo(12, 3);
    const resume = all.findIndex((s) => s.uri.endsWith('/seg13.ts'));
    expect(all[resume].disc).toBe(true);
    expect(all[resume - 1].uri).toContain('/v1/segment/');
  });

  it('a break without a duration plays ads until its cue-in', async () => {
    const { ads, all } = await run({ brk: { start: 10, len: 4, withDuration: false, earlyBy: 0 }, pods: [[[4, 4, 4, 4, 4, 4]]] });
    expect(ads.reduce((t, s) => t + s.duration, 0)).toBeCloseTo(16, 3);
    expect(all.some((s) => s.uri.endsWith('/seg14.ts'))).toBe(true);
    expect(all.some((s) => s.uri.endsWith('/seg13.ts'))).toBe(false);
  });

  it('encrypted content: METHOD=NONE at the ad, the content key again after it', async () => {
    const { texts } = await run({ brk: { start: 10, len: 2, withDuration: true, earlyBy: 0 }, pods: [[[4, 4]]], keyed: true });
    const t = texts.find((x) => x.includes('/v1/segment/') && x.includes('seg12.ts'))!;
    const lines = t.split('\n');
    const firstAd = lines.findIndex((l) => l.includes('/v1/segment/'));
    const resume = lines.findIndex((l) => l.endsWith('seg12.ts'));
    expect(lines.slice(0, firstAd).reverse().find((l) => l.startsWith('#EXT-X-KEY'))).toBe('#EXT-X-KEY:METHOD=NONE');
    expect(lines.slice(0, resume).reverse().find((l) => l.startsWith('#EXT-X-KEY'))).toContain('METHOD=AES-128');
  });

  it('holds the window back at the break while the ADS is slow, and fails open for good when the budget runs out', async () => {
    const world = liveWorld({ origin: buildOrigin(fours(40), [{ start: 10, len: 4, withDuration: true, earlyBy: 0 }]), windowSize: 8, pods: [[[4, 4, 4, 4]]], adsLatency: () => 60_000, config: { Stitchbox: { DecisionBudgetMs: 5000, AdsRequestTimeoutMs: 60_000 } } });
    const [v0] = await world.open();
    world.edge = 11; // segments 4..11, the break starts at 10
    const first = await world.get(v0);
    expect(first.elapsed).toBeLessThanOrEqual(2000);
    expect(first.text).not.toContain('seg10.ts');
    expect(first.text).toContain('seg9.ts');
    await world.clock.advance(6000);
    world.edge = 12;
    const later = await world.get(v0);
    expect(later.text).toContain('seg10.ts');
    expect(later.text).not.toContain('/v1/segment/');
    expect(world.adsRequests).toHaveLength(1);
  });

  it('a worker restart between refreshes keeps numbering and the decision (no second ADS request)', async () => {
    const world = liveWorld({ origin: buildOrigin(fours(40), [{ start: 10, len: 3, withDuration: true, earlyBy: 0 }]), windowSize: 5, pods: [[[4, 4, 4]]], adsLatency: () => 10 });
    const [v0, , a0] = await world.open();
    const seqs: number[] = [];
    for (let e = 8; e < 20; e++) {
      world.edge = e;
      const { playlist } = parseMedia((await world.get(e % 2 ? v0 : a0)).text);
      seqs.push(playlist.mediaSequence);
      world.restart();
    }
    expect(seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1)).toBe(true);
    expect(world.adsRequests).toHaveLength(1);
  });
});

describe('collectExpiredSessions', () => {
  it('deletes idle sessions with their timeline and keeps the active ones', async () => {
    const world = liveWorld({ origin: buildOrigin(fours(20), []), windowSize: 5, pods: [[[4]]], adsLatency: () => 0 });
    const [v0] = await world.open();
    world.edge = 6;
    await world.get(v0);
    const [s] = await world.store.listSessions();
    expect(await world.store.getLiveTimeline(s.id)).toBeDefined();
    expect(await collectExpiredSessions(world.store, s.lastSeenAt + 1000, 60_000)).toEqual([]);
    expect(await collectExpiredSessions(world.store, s.lastSeenAt + 61_000, 60_000)).toEqual([s.id]);
    expect(await world.store.getSession(s.id)).toBeUndefined();
    expect(await world.store.getLiveTimeline(s.id)).toBeUndefined();
    expect((await world.get(v0)).status).toBe(404);
  });
});

describe('live pre-roll next to signalled breaks (protocols.md §9)', () => {
  it('a cue-out where the pre-roll ends, behind a break the pre-roll overlaps, plays content: every msn keeps its segment and cc', async () => {
    // 1.5 s segments, window 9 (msn 1..9 first): the pre-roll goes 12 s before the edge, at msn 2, and its 4 s maximum
    // ends at msn 5. Break "2" (cue-out at 2, cue-in at 3) is overlapped by it; break "5" (cue-out at 5, cue-in at 6)
    // starts where it ends: back to back with the pre-roll, it must play content like any back-to-back break (index.ts),
    // although the break recorded last before it ("2") is a failed one.
    const origin = buildOrigin(Array.from({ length: 40 }, () => 1.5), [
      { start: 2, len: 1, withDuration: false, earlyBy: 0 }, { start: 5, len: 1, withDuration: false, earlyBy: 0 },
    ]);
    const world = liveWorld({
      origin, windowSize: 9, pods: [[[1, 2.5]], [[1]]], adsLatency: () => 0,
      config: { LivePreRollConfiguration: { AdDecisionServerUrl: 'https://ads.test/vast?avail=[avail.index]&preroll=1', MaxDurationSeconds: 4 } },
    });
    const [v0] = await world.open();
    const seen = new Map<number, { uri: string; disc: boolean; cc: number }>();
    for (let edge = 9; edge <= 16; edge++) {
      world.edge = edge;
      const { playlist } = parseMedia((await world.get(v0)).text);
      let cc = playlist.discontinuitySequence;
      playlist.segments.forEach((s, i) => {
        if (s.discontinuity) cc++;
        const msn = playlist.mediaSequence + i;
        const now = { uri: s.uri, disc: s.discontinuity, cc };
        // Invariants 1 and 3: a stitched msn keeps its URI, flag and discontinuity number across refreshes.
        if (seen.has(msn)) expect(now, `edge ${edge} msn ${msn}`).toEqual(seen.get(msn));
        else seen.set(msn, now);
      });
    }
    const [tl] = [...world.store.timelines.values()];
    const byKey = new Map(tl.breaks.map((b) => [b.key, b]));
    expect(byKey.get('preroll')).toMatchObject({ startMsn: 2, endMsn: 5, state: 'ready' });
    expect(byKey.get('2')).toMatchObject({ state: 'failed' });
    expect(byKey.get('5')).toMatchObject({ state: 'failed', failure: expect.stringContaining('overlaps the live pre-roll') });
    // Only the pre-roll's ads were listed (avail 0), then content from origin msn 5 on.
    const ads = [...seen.values()].filter((x) => x.uri.includes('/v1/segment/'));
    expect(ads.map((x) => x.uri.split('/')[6])).toEqual(['0', '0']);
    expect([...seen.values()].some((x) => x.uri.endsWith('/seg5.ts'))).toBe(true);
    expect(world.adsRequests.map((u) => new URL(u).searchParams.get('avail'))).toEqual(['0']);
  });
});
