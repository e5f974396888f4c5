import { describe, expect, it } from 'vitest';
import { findBreaks } from '../../../src/hls/findBreaks';
import { parseMedia } from '../../../src/hls/parseMedia';
import { corpusText } from './corpus';

type Row = [file: string, breaks: [ordinal: number, start: number, end: number | null, startTime: number, duration: number | null][], problems: string[]];

// Read off each file by eye: the segment index after each cue-out, the index after the cue-in (or after
// the segments covering the duration, whichever comes first), the EXTINF sum before the break.
const table: Row[] = [
  ['globocom-m3u8/cue_out_cont_alt_playlist.m3u8', [[0, 0, null, 0, 119.987]], []],
  ['globocom-m3u8/cue_out_elemental_playlist.m3u8', [[0, 3, 9, 22.04, 50]], []],
  ['globocom-m3u8/cue_out_envivio_playlist.m3u8', [[0, 3, 7, 25.12, 366]], []],
  ['globocom-m3u8/cue_out_invalid_playlist.m3u8', [[0, 0, null, 0, null]], []],
  // CUE-OUT:4 over 10 s segments: the duration is covered after one segment; the CUE-IN two segments later is late.
  ['globocom-m3u8/cue_out_mediaconvert_playlist.m3u8', [[0, 1, 2, 10, 4]], ['CUE_IN_AFTER_DURATION']],
  ['globocom-m3u8/cue_out_no_duration_playlist.m3u8', [[0, 0, 2, 0, null]], []],
  // A live window that starts inside a break: CONT, CONT, then CUE-IN, no CUE-OUT.
  ['globocom-m3u8/cue_out_playlist.m3u8', [], ['CUE_CONT_WITHOUT_OUT', 'CUE_CONT_WITHOUT_OUT', 'CUE_IN_WITHOUT_OUT']],
  ['globocom-m3u8/cue_out_with_duration_playlist.m3u8', [[0, 0, 2, 0, 11.52]], []],
  ['globocom-m3u8/cue_out_with_explicit_duration_playlist.m3u8', [[0, 0, 2, 0, 11.52]], []],
  // CUE-IN first (window starts in a break); CUE-OUT before 151, CUE-IN before 155; CUE-OUT:180 before 176,
  // 180 s covered by 176..205 (90 + 60 + 30.03), no CUE-IN yet.
  ['grafov-m3u8/media-playlist-with-cue-out-in-without-oatcls.m3u8', [[0, 5, 9, 30, null], [1, 30, 60, 179.2, 180]], ['CUE_IN_WITHOUT_OUT']],
  ['grafov-m3u8/media-playlist-with-oatcls-scte35.m3u8', [[0, 0, 2, 0, 15]], []],
  // #EXT-SCTE35 (no decoder yet: a later cue style) is not a cue tag understood here.
  ['grafov-m3u8/media-playlist-with-scte35.m3u8', [], []],
  ['grafov-m3u8/media-playlist-with-scte35-1.m3u8', [], []],
  ['azure-docs/ext-x-cue-adobe-primetime-legacy.m3u8', [[0, 2, null, 10, 30]], []],
  // CUE-OUT:0 immediately followed by CUE-IN: an insertion point before segment6.
  ['eyevinn-hls-splice/hls2_cue__index_0_v.m3u8', [[0, 5, 5, 45, 0]], []],
  ['eyevinn-hls-splice/hls2_cue__index_stereo-en_a.m3u8', [[0, 5, 5, 45, 0]], []],
  ['eyevinn-hls-vodtolive/hls10__index_1010931.m3u8', [[0, 0, 6, 0, 30]], []],
  ['eyevinn-hls-vodtolive/hls7__video-241929.m3u8', [[0, 8, 18, 24, 30]], ['CUE_IN_AFTER_DURATION']],
  ['eyevinn-hls-vodtolive/hls_cmaf_2__test-video=2500000.m3u8', [[0, 0, 6, 0, 20]], []],
  ['eyevinn-hls-vodtolive/hls_subs5_preroll__level_0.m3u8', [[0, 0, 14, 0, 46]], []],
  ['threefive/scte35.m3u8', [[0, 1, 5, 10, 30], [1, 9, 12, 75, 30]], []],
  ['fragments/x9k3-readme-x_cue.m3u8.txt', [[0, 0, 1, 0, 242]], []],
];

describe('findBreaks on the cue-marked corpus', () => {
  it.each(table)('%s', (file, expected, expectedProblems) => {
    const { playlist } = parseMedia(corpusText(file));
    const { breaks, problems } = findBreaks(playlist);
    expect(breaks.map((b) => [b.ordinal, b.startSegment, b.endSegment, Number(b.startTime.toFixed(3)), b.duration])).toEqual(expected);
    expect(problems.map((p) => p.code)).toEqual(expectedProblems);
    for (const b of breaks) expect(b.cueOut.kind).toBe('out');
  });

  it('cue_out_invalid_playlist yields problems', () => {
    const parsed = parseMedia(corpusText('globocom-m3u8/cue_out_invalid_playlist.m3u8'));
    expect(parsed.problems.map((p) => p.code)).toContain('BAD_CUE');
  });
});

const media = (...body: string[]) => parseMedia(['#EXTM3U', '#EXT-X-TARGETDURATION:10', ...body].join('\n')).playlist;

describe('findBreaks rules', () => {
  it('a nested cue-out ends the open break and starts a new one', () => {
    const { breaks, problems } = findBreaks(media('#EXT-X-CUE-OUT', '#EXTINF:4,', 'a.ts', '#EXT-X-CUE-OUT:8', '#EXTINF:4,', 'b.ts', '#EXTINF:4,', 'c.ts', '#EXTINF:4,', 'd.ts'));
    expect(breaks.map((b) => [b.startSegment, b.endSegment, b.startTime])).toEqual([[0, 1, 0], [1, 3, 4]]);
    expect(problems.map((p) => p.code)).toEqual(['CUE_OUT_NESTED']);
  });

  it('a cue-out in the trailing cues is a post-roll; the VOD end closes it', () => {
    const vod = findBreaks(media('#EXTINF:4,', 'a.ts', '#EXT-X-CUE-OUT:30', '#EXT-X-CUE-IN', '#EXT-X-ENDLIST'));
    expect(vod.breaks.map((b) => [b.startSegment, b.endSegment, b.startTime, b.duration])).toEqual([[1, 1, 4, 30]]);
    const noIn = findBreaks(media('#EXTINF:4,', 'a.ts', '#EXT-X-CUE-OUT:30', '#EXT-X-ENDLIST'));
    expect(noIn.breaks.map((b) => [b.startSegment, b.endSegment])).toEqual([[1, 1]]);
    expect(noIn.problems).toEqual([]);
  });

  it('live: an open break has no end; VOD: the end closes it with a problem', () => {
    const live = findBreaks(media('#EXT-X-CUE-OUT', '#EXTINF:4,', 'a.ts'));
    expect(live.breaks[0].endSegment).toBeNull();
    const vod = findBreaks(media('#EXT-X-CUE-OUT', '#EXTINF:4,', 'a.ts', '#EXT-X-ENDLIST'));
    expect(vod.breaks[0].endSegment).toBe(1);
    expect(vod.problems.map((p) => p.code)).toEqual(['CUE_OUT_UNTERMINATED']);
  });

  it('covers a duration within 0.1 s of EXTINF rounding, and not before', () => {
    const segs = (d: string, k: number) => Array.from({ length: k }, (_, i) => [`#EXTINF:${d},`, `s${i}.ts`]).flat();
    expect(findBreaks(media('#EXT-X-CUE-OUT:30', ...segs('5.98', 6))).breaks[0].endSegment).toBe(5);
    expect(findBreaks(media('#EXT-X-CUE-OUT:30', ...segs('5.9', 6))).breaks[0].endSegment).toBe(6);
    expect(findBreaks(media('#EXT-X-CUE-OUT:30', ...segs('5.9', 5))).breaks[0].endSegment).toBeNull();
  });

  it('cue-in without cue-out is a problem, not a throw; ordinals count breaks', () => {
    const { breaks, problems } = findBreaks(media('#EXT-X-CUE-IN', '#EXTINF:4,', 'a.ts', '#EXT-X-CUE-OUT:0', '#EXTINF:4,', 'b.ts', '#EXT-X-CUE-OUT:4', '#EXTINF:4,', 'c.ts', '#EXT-X-CUE-IN', '#EXTINF:4,', 'd.ts'));
    expect(breaks.map((b) => [b.ordinal, b.startSegment, b.endSegment])).toEqual([[0, 1, 1], [1, 2, 3]]);
    expect(problems.map((p) => p.code)).toEqual(['CUE_IN_WITHOUT_OUT']);
  });
});
