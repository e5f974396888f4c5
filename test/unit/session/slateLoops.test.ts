/**
 * A slate shorter than what it fills is repeated; every repetition starts the slate's timestamps over, so it must
 * be a discontinuity (RFC 8216 §4.3.2.3). Found by watching hls.js in the live e2e run: without the tag it laid
 * the second loop over the first and stretched the next content segment to ~10 s.
 */
import { describe, expect, it } from 'vitest';
import { buildInsertions, slateLoops, slateSegments } from '../../../src/session/buildInsertions';
import { layoutOf } from '../../../src/session/live/breakRegion';
import { findBreaks } from '../../../src/hls/findBreaks';
import { parseMedia } from '../../../src/hls/parseMedia';
import { stitchMedia } from '../../../src/hls/stitchMedia';
import type { AdRendition, PlannedAvail, SessionPlan } from '../../../src/session/plan';

const seg = (name: string, d: number) => ({ uri: `https://ads.example/${name}`, duration: d, durationText: d.toFixed(3) });
const slate: AdRendition = { playlistUrl: 'https://ads.example/slate.m3u8', bandwidth: 1, segments: [seg('s0.ts', 2), seg('s1.ts', 2)] };
const ad: AdRendition = { playlistUrl: 'https://ads.example/ad.m3u8', bandwidth: 1, segments: [seg('a0.ts', 2), seg('a1.ts', 2)] };

function avail(slateSeconds: number): PlannedAvail {
  return {
    index: 0, breakOrdinal: 0, contentTime: 4, originSegment: 2, replaceCount: 5, signalledDuration: 4 + slateSeconds,
    ads: [{ index: 0, renditions: [ad] } as unknown as PlannedAvail['ads'][number]],
    slate: { renditions: [slate], duration: slateSeconds }, skipped: [], failure: null, adsRequestUrl: null, adsLatencyMs: null,
  };
}

describe('slate repetitions', () => {
  it('cuts the repeated slate into loops that each start at the slate\'s first segment', () => {
    const loops = slateLoops(slate, 9);
    expect(loops.map((l) => [l.first, l.segments.map((s) => s.uri.split('/').pop())])).toEqual([
      [0, ['s0.ts', 's1.ts']], [2, ['s0.ts', 's1.ts']], [4, ['s0.ts']],
    ]);
    expect(slateSegments(slate, 9)).toEqual(loops.flatMap((l) => l.segments));
    expect(slateLoops({ ...slate, segments: [] }, 9)).toEqual([]);
  });

  it('VOD: every slate loop opens with EXT-X-DISCONTINUITY and keeps the route numbering of the flat list', () => {
    const { playlist: origin } = parseMedia(['#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-PLAYLIST-TYPE:VOD',
      ...Array.from({ length: 10 }, (_, i) => `${i === 2 ? '#EXT-X-CUE-OUT:10\n' : ''}${i === 7 ? '#EXT-X-CUE-IN\n' : ''}#EXTINF:2.000,\nc${i}.ts`), '#EXT-X-ENDLIST', ''].join('\n'));
    const plan: SessionPlan = { kind: 'hls-vod', avails: [avail(6)], timeline: [], decidedAt: 0 };
    const { breaks } = findBreaks(origin);
    const { insertions, refs } = buildInsertions(plan, breaks, { url: 'https://o/x.m3u8', kind: 'variant', bandwidth: 1 });
    expect(refs[0].map((r) => [r.piece, r.firstSegment ?? 0])).toEqual([[0, 0], ['slate', 0], ['slate', 2]]);
    const { text } = stitchMedia(origin, insertions, {
      baseUrl: 'https://o/x.m3u8', stripCues: true,
      rewriteAdUri: (p, i, s) => { const r = refs[i][p]; return `${r.piece}/${(r.firstSegment ?? 0) + s}.ts`; },
    });
    const lines = text.split('\n').filter((l) => l === '#EXT-X-DISCONTINUITY' || l.endsWith('.ts')).map((l) => l.replace('https://o/', ''));
    expect(lines).toEqual(['c0.ts', 'c1.ts',
      '#EXT-X-DISCONTINUITY', '0/0.ts', '0/1.ts',
      '#EXT-X-DISCONTINUITY', 'slate/0.ts', 'slate/1.ts',
      '#EXT-X-DISCONTINUITY', 'slate/2.ts',
      '#EXT-X-DISCONTINUITY', 'c7.ts', 'c8.ts', 'c9.ts']);
  });

  it('live: the layout has one slate piece per loop, segments numbered in the flat list', () => {
    const layout = layoutOf(avail(7));
    expect(layout.pieces).toEqual([0, 'slate', 'slate']);
    expect(layout.segments.map((s) => [s.piece, s.seg])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1], [2, 2], [2, 3]]);
    expect(layout.total).toBe(12);
  });
});
