import { describe, expect, it } from 'vitest';
import { StitchboxError } from '../../../src/errors';
import { parseMedia } from '../../../src/hls/parseMedia';
import { stitchMedia, type Insertion, type StitchOptions, type StitchPiece } from '../../../src/hls/stitchMedia';
import type { AdSegment } from '../../../src/session/plan';
import { corpusText } from './corpus';
import { m3u8 } from './m3u8';

const BASE = 'https://origin.example.com/vod/v1/index.m3u8';
const opts = (over: Partial<StitchOptions> = {}): StitchOptions => ({
  baseUrl: BASE,
  stripCues: true,
  rewriteAdUri: (p, i, s, seg) => `/v1/segment/x/${i}/${p}/${s}?src=${encodeURIComponent(seg.uri)}`,
  ...over,
});

function content(n: number, header: string[] = [], perSegment: (i: number) => string[] = () => []): string {
  const body: string[] = [];
  for (let i = 0; i < n; i++) body.push(...perSegment(i), '#EXTINF:6.000,', `c${i}.ts`);
  return ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:6', '#EXT-X-MEDIA-SEQUENCE:100', ...header, ...body, '#EXT-X-ENDLIST', ''].join('\n');
}

function ad(name: string, durations: number[], extra: Partial<AdSegment> = {}, kind: StitchPiece['kind'] = 'ad'): StitchPiece {
  return { kind, segments: durations.map((d, i) => ({ uri: `https://ads.example.com/${name}/${i}.ts`, duration: d, durationText: d.toFixed(3), ...extra })) };
}

function stitch(text: string, insertions: Insertion[], o: Partial<StitchOptions> = {}) {
  const { playlist } = parseMedia(text);
  const result = stitchMedia(playlist, insertions, opts(o));
  return { ...result, lines: result.text.split('\n'), ref: m3u8(result.text) };
}

describe('stitchMedia: where breaks go', () => {
  it('pre-roll: no discontinuity before it, one after; ads take the first sequence numbers', () => {
    const { ref, placed, lines } = stitch(content(3), [{ at: 0, replace: 0, pieces: [ad('a', [5, 5])] }]);
    expect(ref.segments.map((s) => [s.uri.replace(/\?.*/, ''), !!s.discontinuity])).toEqual([
      ['/v1/segment/x/0/0/0', false], ['/v1/segment/x/0/0/1', false],
      [`${BASE.replace('index.m3u8', '')}c0.ts`, true], [`${BASE.replace('index.m3u8', '')}c1.ts`, false], [`${BASE.replace('index.m3u8', '')}c2.ts`, false],
    ]);
    expect(placed).toEqual([{ insertion: 0, piece: 0, kind: 'ad', startTime: 0, duration: 10, firstSequence: 100, segmentCount: 2 }]);
    expect(ref.mediaSequence).toBe(100);
    expect(lines.filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(1);
  });

  it('mid-roll replacing N segments: content, ads, content; the replaced segments are gone', () => {
    const { ref, placed } = stitch(content(6), [{ at: 2, replace: 3, pieces: [ad('a', [6, 6, 6])] }]);
    const uris = ref.segments.map((s) => s.uri.replace(/^.*\//, '').replace(/\?.*/, ''));
    expect(uris).toEqual(['c0.ts', 'c1.ts', '0', '1', '2', 'c5.ts']);
    expect(ref.segments.map((s) => !!s.discontinuity)).toEqual([false, false, true, false, false, true]);
    expect(placed[0]).toMatchObject({ startTime: 12, duration: 18, firstSequence: 102, segmentCount: 3 });
  });

  it('post-roll: after the last segment, before ENDLIST', () => {
    const { lines, ref, placed } = stitch(content(2), [{ at: 2, replace: 0, pieces: [ad('p', [4])] }]);
    expect(ref.segments.map((s) => !!s.discontinuity)).toEqual([false, false, true]);
    expect(lines[lines.length - 2]).toBe('#EXT-X-ENDLIST');
    expect(lines[lines.length - 3]).toMatch(/^\/v1\/segment\/x\/0\/0\/0/);
    expect(placed[0]).toMatchObject({ startTime: 12, firstSequence: 102 });
  });

  it('several pieces: a discontinuity at every boundary, placed start times add up', () => {
    const { ref, placed } = stitch(content(4), [
      { at: 1, replace: 2, pieces: [ad('a', [5]), ad('b', [4, 4]), ad('s', [3], {}, 'slate')] },
      { at: 4, replace: 0, pieces: [ad('c', [7])] },
    ]);
    // c0 | a | b0 b1 | slate | c3 | c (post-roll)
    expect(ref.segments.map((s) => !!s.discontinuity)).toEqual([false, true, true, false, true, true, true]);
    expect(placed.map((p) => [p.insertion, p.piece, p.kind, p.startTime, p.duration, p.firstSequence, p.segmentCount])).toEqual([
      [0, 0, 'ad', 6, 5, 101, 1], [0, 1, 'ad', 11, 8, 102, 2], [0, 2, 'slate', 19, 3, 104, 1], [1, 0, 'ad', 28, 7, 106, 1],
    ]);
    const total = ref.segments.reduce((t, s) => t + s.duration, 0);
    expect(total).toBe(6 * 2 + 5 + 8 + 3 + 7);
  });

  it('rewriteAdUri gets (piece, insertion as given, segment, ad segment) even for unsorted insertions', () => {
    const calls: string[] = [];
    stitch(content(4), [{ at: 3, replace: 0, pieces: [ad('late', [1])] }, { at: 1, replace: 1, pieces: [ad('x', [1]), ad('y', [1, 1])] }], {
      rewriteAdUri: (p, i, s, seg) => { calls.push(`${p}/${i}/${s}:${seg.uri.slice(24)}`); return 'u.ts'; },
    });
    expect(calls).toEqual(['0/1/0:x/0.ts', '1/1/0:y/0.ts', '1/1/1:y/1.ts', '0/0/0:late/0.ts']);
  });

  it('content removed with nothing in its place still gets a discontinuity', () => {
    const { ref } = stitch(content(4), [{ at: 1, replace: 2, pieces: [] }]);
    expect(ref.segments.map((s) => [s.uri.slice(-6), !!s.discontinuity])).toEqual([['/c0.ts', false], ['/c3.ts', true]]);
  });

  it('keeps the origin discontinuity where it meets a break boundary as one tag', () => {
    const { lines } = stitch(content(3, [], (i) => (i === 1 ? ['#EXT-X-DISCONTINUITY'] : [])), [{ at: 1, replace: 0, pieces: [ad('a', [2])] }]);
    expect(lines.filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(2);
  });

  it('rejects insertions that do not fit the playlist', () => {
    const text = content(3);
    expect(() => stitch(text, [{ at: 2, replace: 2, pieces: [] }])).toThrow(StitchboxError);
    expect(() => stitch(text, [{ at: 0, replace: 2, pieces: [] }, { at: 1, replace: 0, pieces: [] }])).toThrow(/overlaps/);
    expect(() => stitch(text, [{ at: -1, replace: 0, pieces: [] }])).toThrow(StitchboxError);
  });
});

describe('stitchMedia: header', () => {
  it('adds DISCONTINUITY-SEQUENCE after MEDIA-SEQUENCE with the origin value, keeps an existing one', () => {
    const added = stitch(content(2), []).lines;
    expect(added.slice(0, 5)).toEqual(['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:6', '#EXT-X-MEDIA-SEQUENCE:100', '#EXT-X-DISCONTINUITY-SEQUENCE:0']);
    const kept = stitch(content(2, ['#EXT-X-DISCONTINUITY-SEQUENCE:7']), [{ at: 1, replace: 0, pieces: [ad('a', [1])] }]);
    expect(kept.lines.filter((l) => l.startsWith('#EXT-X-DISCONTINUITY-SEQUENCE'))).toEqual(['#EXT-X-DISCONTINUITY-SEQUENCE:7']);
    const none = stitch('#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\na.ts\n', []).lines;
    expect(none.slice(0, 4)).toEqual(['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-DISCONTINUITY-SEQUENCE:0', '#EXT-X-TARGETDURATION:6']);
  });

  it('raises TARGETDURATION to cover ad segments (RFC 8216 §4.3.3.1: EXTINF rounded)', () => {
    expect(stitch(content(2), [{ at: 1, replace: 0, pieces: [ad('a', [12.5])] }]).ref.targetDuration).toBe(13);
    expect(stitch(content(2), [{ at: 1, replace: 0, pieces: [ad('a', [6.4])] }]).ref.targetDuration).toBe(6);
  });

  it('raises VERSION to 3 at least, keeps a higher one, 6 when ad EXT-X-MAP is added', () => {
    const low = stitch(content(1).replace('#EXT-X-VERSION:3', '#EXT-X-VERSION:2'), []).lines;
    expect(low).toContain('#EXT-X-VERSION:3');
    const high = stitch(content(1).replace('#EXT-X-VERSION:3', '#EXT-X-VERSION:7'), []).lines;
    expect(high).toContain('#EXT-X-VERSION:7');
    const fmp4 = stitch(content(2), [{ at: 1, replace: 0, pieces: [ad('a', [2], { map: { uri: 'https://ads.example.com/a/init.mp4' } })] }]).lines;
    expect(fmp4).toContain('#EXT-X-VERSION:6');
  });
});

describe('stitchMedia: fMP4 maps, keys, byte ranges, PDT', () => {
  it('writes the ad EXT-X-MAP after its discontinuity and the content map again after the break', () => {
    const text = content(3, ['#EXT-X-MAP:URI="init/v1.mp4"']);
    const { ref, lines } = stitch(text, [{ at: 1, replace: 1, pieces: [ad('a', [2, 2], { map: { uri: 'https://ads.example.com/a/init.mp4' } }), ad('b', [2], { map: { uri: 'https://ads.example.com/b/init.mp4', byteRange: '720@0' } })] }]);
    expect(ref.segments.map((s) => s.map?.uri)).toEqual([
      'https://origin.example.com/vod/v1/init/v1.mp4', 'https://ads.example.com/a/init.mp4', 'https://ads.example.com/a/init.mp4',
      'https://ads.example.com/b/init.mp4', 'https://origin.example.com/vod/v1/init/v1.mp4',
    ]);
    expect(ref.segments[3].map?.byterange).toEqual({ length: 720, offset: 0 });
    const firstAd = lines.findIndex((l) => l.startsWith('/v1/segment/'));
    expect(lines.slice(firstAd - 3, firstAd)).toEqual(['#EXT-X-DISCONTINUITY', '#EXT-X-MAP:URI="https://ads.example.com/a/init.mp4"', '#EXTINF:2.000,']);
    expect(lines.filter((l) => l.startsWith('#EXT-X-MAP:URI="https://ads.example.com/a/'))).toHaveLength(1);
  });

  it('clears the content key for the break (METHOD=NONE) and writes it again, absolute, when content resumes', () => {
    const text = content(4, [], (i) => (i === 0 ? ['#EXT-X-KEY:METHOD=AES-128,URI="keys/k1.key",IV=0x00000000000000000000000000000001'] : i === 3 ? ['#EXT-X-KEY:METHOD=AES-128,URI="keys/k2.key"'] : []));
    const { ref, lines } = stitch(text, [{ at: 1, replace: 0, pieces: [ad('a', [2]), ad('b', [2])] }, { at: 3, replace: 0, pieces: [ad('c', [2])] }]);
    expect(ref.segments.map((s) => s.key?.uri ?? null)).toEqual([
      'https://origin.example.com/vod/v1/keys/k1.key', null, null, 'https://origin.example.com/vod/v1/keys/k1.key',
      'https://origin.example.com/vod/v1/keys/k1.key', null, 'https://origin.example.com/vod/v1/keys/k2.key',
    ]);
    expect(lines.filter((l) => l === '#EXT-X-KEY:METHOD=NONE')).toHaveLength(2);
    // c3 sets its own key: the old one is not written again before it.
    expect(lines.filter((l) => l.includes('k1.key'))).toHaveLength(2);
  });

  it('keeps a key change that happened inside replaced segments', () => {
    const text = content(4, [], (i) => (i === 0 ? ['#EXT-X-KEY:METHOD=AES-128,URI="k1"'] : i === 2 ? ['#EXT-X-KEY:METHOD=AES-128,URI="k2"'] : []));
    const { ref } = stitch(text, [{ at: 1, replace: 2, pieces: [ad('a', [12])] }]);
    expect(ref.segments.map((s) => s.key?.uri?.slice(-2) ?? null)).toEqual(['k1', null, 'k2']);
  });

  it('writes byte-range offsets where a range no longer follows its predecessor', () => {
    const text = content(3, [], (i) => [`#EXT-X-BYTERANGE:${1000 + i}${i === 0 ? '@0' : ''}`]).replace(/c\d\.ts/g, 'all.ts');
    const { ref } = stitch(text, [{ at: 2, replace: 0, pieces: [ad('a', [2, 2], { byteRange: '500' })] }]);
    expect(ref.segments.map((s) => s.byterange)).toEqual([
      { length: 1000, offset: 0 }, { length: 1001, offset: 1000 }, { length: 500, offset: 0 }, { length: 500, offset: 0 }, { length: 1002, offset: 2001 },
    ]);
  });

  it('keeps content PDT tags, puts none on ads, keeps a replaced segment’s DATERANGE', () => {
    const text = content(3, [], (i) => [`#EXT-X-PROGRAM-DATE-TIME:2024-01-01T00:00:${String(i * 6).padStart(2, '0')}Z`, ...(i === 1 ? ['#EXT-X-DATERANGE:ID="d1",START-DATE="2024-01-01T00:00:06Z"', '#X-CUSTOM:gone'] : [])]);
    const { lines } = stitch(text, [{ at: 1, replace: 1, pieces: [ad('a', [6])] }]);
    expect(lines.filter((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME'))).toEqual(['#EXT-X-PROGRAM-DATE-TIME:2024-01-01T00:00:00Z', '#EXT-X-PROGRAM-DATE-TIME:2024-01-01T00:00:12Z']);
    expect(lines).toContain('#EXT-X-DATERANGE:ID="d1",START-DATE="2024-01-01T00:00:06Z"');
    expect(lines).not.toContain('#X-CUSTOM:gone');
    const adLine = lines.findIndex((l) => l.startsWith('/v1/segment/'));
    expect(lines.slice(adLine - 2, adLine)).toEqual(['#EXT-X-DISCONTINUITY', '#EXTINF:6.000,']);
  });
});

describe('stitchMedia: cue tags', () => {
  const text = corpusText('globocom-m3u8/cue_out_with_duration_playlist.m3u8').replace('#EXT-X-TARGETDURATION:6', '#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:40') + '#EXT-X-ENDLIST\n';
  const insertion: Insertion = { at: 0, replace: 2, pieces: [ad('a', [6, 5.52])] };

  it('removes cue tags when stripCues (MediaTailor default)', () => {
    const { lines, ref } = stitch(text, [insertion]);
    expect(lines.some((l) => l.startsWith('#EXT-X-CUE'))).toBe(false);
    expect(ref.segments.map((s) => s.uri.replace(/\?.*/, ''))).toEqual(['/v1/segment/x/0/0/0', '/v1/segment/x/0/0/1', 'https://origin.example.com/vod/v1/2.aac']);
    expect(ref.mediaSequence).toBe(40);
  });

  it('passes them through otherwise: the cue-out just before the break, the cue-in with its segment', () => {
    const { lines } = stitch(text, [insertion], { stripCues: false });
    const out = lines.indexOf('#EXT-X-CUE-OUT:11.52');
    const firstAd = lines.findIndex((l) => l.startsWith('/v1/segment/'));
    const cueIn = lines.indexOf('#EXT-X-CUE-IN');
    const resume = lines.findIndex((l) => l.endsWith('/2.aac'));
    expect(out).toBeGreaterThan(0);
    expect(out).toBeLessThan(firstAd);
    expect(cueIn).toBeGreaterThan(firstAd);
    expect(cueIn).toBeLessThan(resume);
    expect(lines.filter((l) => l.startsWith('#EXT-X-CUE'))).toHaveLength(2);
  });

  it('an insertion point (CUE-OUT:0 + CUE-IN) keeps both cues around the inserted ads', () => {
    const { playlist } = parseMedia(corpusText('eyevinn-hls-splice/hls2_cue__index_0_v.m3u8'));
    const { text: out } = stitchMedia(playlist, [{ at: 5, replace: 0, pieces: [ad('a', [10])] }], opts({ stripCues: false }));
    const l = out.split('\n');
    expect(l.indexOf('#EXT-X-CUE-OUT:0')).toBeLessThan(l.findIndex((x) => x.startsWith('/v1/segment/')));
    expect(l.indexOf('#EXT-X-CUE-IN')).toBeGreaterThan(l.findIndex((x) => x.startsWith('/v1/segment/')));
    expect(l.indexOf('#EXT-X-CUE-IN')).toBeLessThan(l.findIndex((x) => x.endsWith('segment6_0_av.ts')));
    // The DATERANGE and comment of segment6 stay with it, and the output has no CR.
    expect(out.includes('\r')).toBe(false);
    expect(l.indexOf('## splice_insert(auto_return)')).toBeGreaterThan(l.findIndex((x) => x.startsWith('/v1/segment/')));
  });
});
