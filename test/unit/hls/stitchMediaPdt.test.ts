/** Program date time on the stitched timeline (players.md §1.9): ad PDT from the insertion, content keeps its own. */
import { describe, expect, it } from 'vitest';
import { parseMedia } from '../../../src/hls/parseMedia';
import { stitchMedia, type StitchOptions } from '../../../src/hls/stitchMedia';

const BASE = 'https://origin.example.com/live/v1.m3u8';
const T0 = Date.UTC(2024, 0, 1);
/** n 4 s segments; PDT tags on the segments in `tagged` (all when omitted). */
const playlist = (n: number, tagged?: number[]) => {
  const body: string[] = [];
  for (let i = 0; i < n; i++) {
    if (!tagged || tagged.includes(i)) body.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(T0 + i * 4000).toISOString()}`);
    body.push('#EXTINF:4.000,', `c${i}.ts`);
  }
  return parseMedia(['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:4', '#EXT-X-MEDIA-SEQUENCE:100', ...body, ''].join('\n')).playlist;
};
const ad = (durations: number[]) => ({ kind: 'ad' as const, segments: durations.map((d, i) => ({ uri: `https://ads.example.com/a/${i}.ts`, duration: d, durationText: d.toFixed(3) })) });
const opts: StitchOptions = { baseUrl: BASE, stripCues: true, rewriteAdUri: (_p, _i, _s, seg) => seg.uri };

/** PDT (epoch ms) and EXTINF of every written segment, in order. */
function timeline(text: string) {
  return parseMedia(text).playlist.segments.map((s) => ({ uri: s.uri, pdt: s.programDateTime === null ? null : Date.parse(s.programDateTime), duration: s.duration, disc: s.discontinuity }));
}

describe('stitchMedia program date time', () => {
  it('ad segments continue the break start PDT by their durations; content after keeps its own', () => {
    const out = stitchMedia(playlist(6), [{ at: 2, replace: 2, pieces: [ad([3, 3]), ad([2])], programDateTime: T0 + 8000 }], opts).text;
    const segs = timeline(out);
    // Every segment's PDT equals the previous one's plus its EXTINF (continuous: the break keeps its length).
    for (let k = 1; k < segs.length; k++) expect(segs[k].pdt, segs[k].uri).toBe(segs[k - 1].pdt! + segs[k - 1].duration * 1000);
    expect(segs.filter((s) => s.uri.includes('ads.example.com')).map((s) => s.pdt)).toEqual([T0 + 8000, T0 + 11000, T0 + 14000]);
  });

  it('a shorter break (early cue-in): content keeps its own PDT behind a discontinuity', () => {
    const out = stitchMedia(playlist(6), [{ at: 2, replace: 2, pieces: [ad([3])], programDateTime: T0 + 8000 }], opts).text;
    const segs = timeline(out);
    const resume = segs.findIndex((s) => s.uri.endsWith('c4.ts'));
    expect(segs[resume].disc).toBe(true);
    expect(segs[resume].pdt).toBe(T0 + 16000);
  });

  it('resumed content without a tag of its own gets the origin PDT (last tag plus EXTINF, replaced segments included)', () => {
    const out = stitchMedia(playlist(6, [0]), [{ at: 2, replace: 2, pieces: [ad([4, 4])], programDateTime: T0 + 8000 }], opts).text;
    const segs = timeline(out);
    expect(segs.find((s) => s.uri.endsWith('c4.ts'))!.pdt).toBe(T0 + 16000);
    // Untouched content is written as the origin wrote it.
    expect(segs.find((s) => s.uri.endsWith('c1.ts'))!.pdt).toBeNull();
  });

  it('no PDT on ad segments when the insertion gives none (VOD, or an origin without PDT)', () => {
    const out = stitchMedia(playlist(4), [{ at: 2, replace: 1, pieces: [ad([4])] }], opts).text;
    expect(timeline(out).find((s) => s.uri.includes('ads.example.com'))!.pdt).toBeNull();
  });
});
