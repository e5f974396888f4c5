/** Live rules of issue 5 items 4-5 by example, through the engine: PDT continuity, ad marker passthrough. */
import { describe, expect, it } from 'vitest';
import { parseMedia } from '../../../src/hls/parseMedia';
import { buildOrigin, liveWorld, type OriginBreak } from './liveHarness';

const fours = (n: number) => Array.from({ length: n }, () => 4);

async function run(opts: { brk: OriginBreak; pods: number[][][]; config?: Record<string, unknown>; pdt?: boolean; steps?: number }) {
  const world = liveWorld({ origin: buildOrigin(fours(40), [opts.brk]), windowSize: 6, pods: opts.pods, adsLatency: () => 10, config: opts.config, pdt: opts.pdt });
  const [v0] = await world.open();
  const texts: string[] = [];
  for (let i = 0; i < (opts.steps ?? 14); i++) {
    world.edge++;
    texts.push((await world.get(v0)).text);
    await world.clock.advance(4000);
  }
  return { world, texts };
}

describe('live program date time', () => {
  it('is continuous on the stitched timeline through a break the ads fill exactly', async () => {
    const { texts } = await run({ brk: { start: 10, len: 3, withDuration: true, earlyBy: 0 }, pods: [[[2, 2, 2], [3, 3]]], pdt: true });
    const t = texts.find((x) => x.includes('seg13.ts') && x.includes('/v1/segment/'))!;
    const segs = parseMedia(t).playlist.segments;
    expect(segs.every((s) => s.programDateTime !== null)).toBe(true);
    for (let k = 1; k < segs.length; k++) {
      expect(Date.parse(segs[k].programDateTime!), segs[k].uri).toBe(Date.parse(segs[k - 1].programDateTime!) + segs[k - 1].duration * 1000);
    }
  });

  it('an ad segment has the same PDT in every refresh (invariant 1 extended to PDT)', async () => {
    const { texts } = await run({ brk: { start: 10, len: 3, withDuration: true, earlyBy: 0 }, pods: [[[2, 2, 2], [3, 3]]], pdt: true });
    const byUri = new Map<string, string>();
    for (const t of texts) for (const s of parseMedia(t).playlist.segments) {
      if (!s.uri.includes('/v1/segment/')) continue;
      const before = byUri.get(s.uri);
      if (before) expect(s.programDateTime).toBe(before); else byUri.set(s.uri, s.programDateTime!);
    }
    expect(byUri.size).toBe(5);
  });
});

describe('live ad marker passthrough', () => {
  it('keeps the cue tags unchanged in the stitched output when enabled', async () => {
    const { texts } = await run({
      brk: { start: 10, len: 3, withDuration: true, earlyBy: 0 }, pods: [[[4, 4, 4]]],
      config: { ManifestProcessingRules: { AdMarkerPassthrough: { Enabled: true } } },
    });
    const t = texts.find((x) => x.includes('seg13.ts'))!;
    expect(t).toContain('/v1/segment/');
    // As the origin wrote it (the harness writes the 12 s duration rounded).
    expect(t.split('\n')).toContain('#EXT-X-CUE-OUT:12');
    expect(t).toContain('#EXT-X-CUE-IN');
    // The cue-out sits just before the break's first ad segment.
    const lines = t.split('\n');
    const out = lines.indexOf('#EXT-X-CUE-OUT:12');
    expect(lines.slice(out).find((l) => !l.startsWith('#'))).toContain('/v1/segment/');
  });

  it('strips them by default', async () => {
    const { texts } = await run({ brk: { start: 10, len: 3, withDuration: true, earlyBy: 0 }, pods: [[[4, 4, 4]]] });
    expect(texts.some((t) => t.includes('#EXT-X-CUE'))).toBe(false);
    expect(texts.some((t) => t.includes('/v1/segment/'))).toBe(true);
  });
});

describe('live avail suppression (protocols.md §8)', () => {
  /** First served window: origin msns 1..10 (the live edge at the session start is after msn 10). */
  async function suppressedRun(breaks: OriginBreak[], pods: number[][][], sup: Record<string, unknown> | null, sessionBody?: string) {
    const world = liveWorld({
      origin: buildOrigin(fours(50), breaks), windowSize: 10, pods, adsLatency: () => 10, sessionBody,
      config: sup ? { AvailSuppression: sup } : {},
    });
    const [v0] = await world.open();
    const byMsn = new Map<number, string>();
    for (let i = 0; i < 25; i++) {
      world.edge++;
      const { playlist } = parseMedia((await world.get(v0)).text);
      playlist.segments.forEach((s, k) => byMsn.set(playlist.mediaSequence + k, s.uri));
      await world.clock.advance(4000);
    }
    const ads = [...byMsn.entries()].filter(([, u]) => u.includes('/v1/segment/')).map(([m]) => m).sort((a, b) => a - b);
    return { ads, byMsn, world };
  }
  const behindBreak: OriginBreak = { start: 5, len: 4, withDuration: true, earlyBy: 0 };
  const laterBreak: OriginBreak = { start: 20, len: 2, withDuration: true, earlyBy: 0 };

  it('without suppression a break in the first window is filled', async () => {
    expect((await suppressedRun([behindBreak], [[[4, 4, 4, 4]]], null)).ads).toEqual([5, 6, 7, 8]);
  });

  it('BEHIND_LIVE_EDGE 00:00:00: breaks behind the join point are not filled, later ones are', async () => {
    const { ads } = await suppressedRun([behindBreak, laterBreak], [[[4, 4, 4, 4]], [[4, 4]]], { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00' });
    expect(ads).toEqual([20, 21]);
  });

  it('BEHIND_LIVE_EDGE with a value fills the breaks within it behind the edge', async () => {
    // The break starts 24 s behind the edge (msn 5 of a window ending after msn 10): within 30 s, filled; not within 20 s.
    expect((await suppressedRun([behindBreak], [[[4, 4, 4, 4]]], { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:30' })).ads).toEqual([5, 6, 7, 8]);
    expect((await suppressedRun([behindBreak], [[[4, 4, 4, 4]]], { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:20' })).ads).toEqual([]);
  });

  it('PARTIAL_AVAIL: a session joining mid-break gets whole ads from the join point; FULL_AVAIL_ONLY none', async () => {
    // Break 7..12 (24 s); the session joins after msn 10: 8 s remain, one 8 s ad fits, the 12 s ad does not.
    const mid: OriginBreak = { start: 7, len: 6, withDuration: true, earlyBy: 0 };
    const partial = await suppressedRun([mid], [[[6, 6], [4, 4]]], { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00', FillPolicy: 'PARTIAL_AVAIL' });
    expect(partial.ads).toEqual([11, 12]);
    expect(partial.byMsn.get(13)).toContain('seg13.ts');
    expect(partial.byMsn.get(10)).toContain('seg10.ts');
    const full = await suppressedRun([mid], [[[4, 4]]], { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00', FillPolicy: 'FULL_AVAIL_ONLY' });
    expect(full.ads).toEqual([]);
  });

  it('AFTER_LIVE_EDGE: breaks starting within the value after the edge are not filled, later ones are', async () => {
    // Edge after msn 10; a break at msn 13 starts 12 s after it, one at msn 20 starts 40 s after it.
    const soon: OriginBreak = { start: 13, len: 2, withDuration: true, earlyBy: 0 };
    const { ads } = await suppressedRun([soon, laterBreak], [[[4, 4]]], { Mode: 'AFTER_LIVE_EDGE', Value: '00:00:20' });
    expect(ads).toEqual([20, 21]);
  });

  it('the session setting overrides the configuration, and one ADS request per filled break only', async () => {
    const { ads, world } = await suppressedRun([behindBreak], [[[4, 4, 4, 4]]], { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00' }, JSON.stringify({ availSuppression: { mode: 'OFF' } }));
    expect(ads).toEqual([5, 6, 7, 8]);
    expect(world.adsRequests).toHaveLength(1);
    const suppressed = await suppressedRun([behindBreak], [[[4, 4, 4, 4]]], null, JSON.stringify({ availSuppression: { mode: 'BEHIND_LIVE_EDGE', value: '00:00:00' } }));
    expect(suppressed.ads).toEqual([]);
    expect(suppressed.world.adsRequests).toHaveLength(0);
  });
});
