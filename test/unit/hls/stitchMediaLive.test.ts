/** The live extensions of stitchMedia: numbering from the caller and the leading discontinuity. */
import { describe, expect, it } from 'vitest';
import { parseMedia } from '../../../src/hls/parseMedia';
import { stitchMedia, type Insertion, type StitchOptions } from '../../../src/hls/stitchMedia';
import { m3u8 } from './m3u8';

const BASE = 'https://origin.example.com/live/v1.m3u8';
const live = (n: number, extraHeader: string[] = [], firstDisc = false) => {
  const body: string[] = [];
  for (let i = 0; i < n; i++) body.push(...(i === 0 && firstDisc ? ['#EXT-X-DISCONTINUITY'] : []), '#EXTINF:4.000,', `c${i}.ts`);
  return parseMedia(['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:4', '#EXT-X-MEDIA-SEQUENCE:500', ...extraHeader, ...body, ''].join('\n')).playlist;
};
const ad = (n: number) => ({ kind: 'ad' as const, segments: Array.from({ length: n }, (_, i) => ({ uri: `https://ads.example.com/a/${i}.ts`, duration: 2, durationText: '2.000' })) });
const opts = (o: Partial<StitchOptions>): StitchOptions => ({ baseUrl: BASE, stripCues: true, rewriteAdUri: (_p, _i, _s, seg) => seg.uri, ...o });

describe('stitchMedia live options', () => {
  it('writes the given media and discontinuity sequence in place of the origin values', () => {
    const out = stitchMedia(live(3, ['#EXT-X-DISCONTINUITY-SEQUENCE:7']), [], opts({ mediaSequence: 812, discontinuitySequence: 15 }));
    const ref = m3u8(out.text);
    expect(ref.mediaSequence).toBe(812);
    expect(ref.discontinuitySequence).toBe(15);
    expect(out.text.match(/EXT-X-DISCONTINUITY-SEQUENCE/g)).toHaveLength(1);
    expect(out.text.match(/EXT-X-MEDIA-SEQUENCE/g)).toHaveLength(1);
  });

  it('adds the sequence tags when the origin has none', () => {
    const p = parseMedia('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nc.ts\n').playlist;
    const ref = m3u8(stitchMedia(p, [], opts({ mediaSequence: 3, discontinuitySequence: 2 })).text);
    expect([ref.mediaSequence, ref.discontinuitySequence]).toEqual([3, 2]);
  });

  it('leadingDiscontinuity true tags a first ad segment and a first content segment', () => {
    const withAd = m3u8(stitchMedia(live(3), [{ at: 0, replace: 1, pieces: [ad(2)] }], opts({ leadingDiscontinuity: true })).text);
    expect(withAd.segments.map((s) => !!s.discontinuity)).toEqual([true, false, true, false]);
    const content = m3u8(stitchMedia(live(2), [], opts({ leadingDiscontinuity: true })).text);
    expect(content.segments.map((s) => !!s.discontinuity)).toEqual([true, false]);
  });

  it('leadingDiscontinuity false leaves a window that starts mid-ad untagged, and keeps an origin tag', () => {
    const ins: Insertion[] = [{ at: 0, replace: 1, pieces: [ad(1)] }];
    expect(m3u8(stitchMedia(live(2), ins, opts({ leadingDiscontinuity: false })).text).segments.map((s) => !!s.discontinuity)).toEqual([false, true]);
    expect(m3u8(stitchMedia(live(2, [], true), [], opts({ leadingDiscontinuity: false })).text).segments.map((s) => !!s.discontinuity)).toEqual([true, false]);
  });

  it('numbers segments from the given media sequence (placed pieces too)', () => {
    const out = stitchMedia(live(3), [{ at: 1, replace: 1, pieces: [ad(2)] }], opts({ mediaSequence: 40 }));
    expect(out.placed[0].firstSequence).toBe(41);
  });
});
