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
