/**
 * VOD subtitle insertions (subtitleSegments.ts, buildInsertions.ts): a subtitle playlist gets, for each ad and each
 * slate loop, WebVTT stand-ins with the EXTINF of the renditions the session's first variant plays (`mirror`),
 * without the video's init segment or byte ranges, numbered like that variant's segments for the /v1/segment route.
 */
import { describe, expect, it } from 'vitest';
import { buildInsertions } from '../../../src/session/buildInsertions';
import { findBreaks } from '../../../src/hls/findBreaks';
import { parseMedia } from '../../../src/hls/parseMedia';
import { stitchMedia } from '../../../src/hls/stitchMedia';
import type { AdRendition, PlannedAvail, SessionPlan } from '../../../src/session/plan';
import type { PlaylistRef } from '../../../src/session/sessionRecord';
import { adSegmentExtension, isSubtitlesRef, subtitleSegments } from '../../../src/session/subtitleSegments';

const seg = (name: string, d: number) => ({
  uri: `https://ads.example/${name}`, duration: d, durationText: d.toFixed(3), map: { uri: 'https://ads.example/init.mp4' }, byteRange: '100@0',
});
// Two video renditions whose EXTINF differ (the high one is cut 2.5 + 1.5, the low one 2 + 2), and an audio one.
const high: AdRendition = { playlistUrl: 'https://ads.example/high.m3u8', bandwidth: 2_000_000, height: 720, width: 1280, segments: [seg('h0.m4s', 2.5), seg('h1.m4s', 1.5)] };
const low: AdRendition = { playlistUrl: 'https://ads.example/low.m3u8', bandwidth: 300_000, height: 180, width: 320, segments: [seg('l0.m4s', 2), seg('l1.m4s', 2)] };
const audio: AdRendition = { playlistUrl: 'https://ads.example/a.m3u8', bandwidth: 0, mediaType: 'AUDIO', audioOnly: true, segments: [seg('a0.m4s', 2), seg('a1.m4s', 2)] };
const slate: AdRendition = { playlistUrl: 'https://ads.example/slate.m3u8', bandwidth: 300_000, height: 180, width: 320, segments: [seg('s0.m4s', 1)] };

const plan: SessionPlan = {
  kind: 'hls-vod', timeline: [], decidedAt: 0,
  avails: [{
    index: 0, breakOrdinal: 0, contentTime: 4, originSegment: 2, replaceCount: 3, signalledDuration: 6,
    ads: [{ index: 0, renditions: [high, low, audio] } as unknown as PlannedAvail['ads'][number]],
    slate: { renditions: [slate], duration: 2 }, skipped: [], failure: null, adsRequestUrl: null, adsLatencyMs: null,
  }],
};

const origin = (ext: string) => parseMedia(['#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-PLAYLIST-TYPE:VOD',
  ...Array.from({ length: 8 }, (_, i) => `${i === 2 ? '#EXT-X-CUE-OUT:6\n' : ''}${i === 5 ? '#EXT-X-CUE-IN\n' : ''}#EXTINF:2.000,\nc${i}.${ext}`), '#EXT-X-ENDLIST', ''].join('\n')).playlist;

const subs: PlaylistRef = { url: 'https://o/subs.m3u8', kind: 'rendition', bandwidth: 0, mediaType: 'SUBTITLES' };
const lowVariant: PlaylistRef = { url: 'https://o/low.m3u8', kind: 'variant', bandwidth: 300_000, width: 320, height: 180 };
const highVariant: PlaylistRef = { url: 'https://o/high.m3u8', kind: 'variant', bandwidth: 2_000_000, width: 1280, height: 720 };

/** The break as a subtitle playlist lists it: [EXTINF, URI] of the inserted segments, and where discontinuities are. */
function stitched(ref: PlaylistRef, mirror?: PlaylistRef): string[] {
  const playlist = origin(isSubtitlesRef(ref) ? 'vtt' : 'm4s');
  const { insertions, refs } = buildInsertions(plan, findBreaks(playlist).breaks, ref, mirror);
  const { text } = stitchMedia(playlist, insertions, {
    baseUrl: ref.url, stripCues: true,
    rewriteAdUri: (p, i, s, sg) => { const r = refs[i][p]; return `${r.piece}/${r.rendition}/${(r.firstSegment ?? 0) + s}${adSegmentExtension(ref, sg.uri)}`; },
  });
  return text.split('\n').filter((l) => l.startsWith('#EXTINF') || l === '#EXT-X-DISCONTINUITY' || l.startsWith('#EXT-X-MAP') || l.startsWith('#EXT-X-BYTERANGE') || (l !== '' && !l.startsWith('#')))
    .map((l) => l.replace(/^https:\/\/o\//, ''));
}

describe('subtitle insertions (VOD)', () => {
  it('mirror the first variant\'s ad rendition: same EXTINF and discontinuities, .vtt stand-ins, no init segment or byte range', () => {
    const video = stitched(highVariant);
    const text = stitched(subs, highVariant);
    // Same positions: only the URIs (and the video's EXT-X-MAP / EXT-X-BYTERANGE lines) differ.
    const shape = (lines: string[]) => lines.filter((l) => l.startsWith('#EXTINF') || l === '#EXT-X-DISCONTINUITY');
    expect(shape(text)).toEqual(shape(video));
    expect(text.filter((l) => l.startsWith('#EXT-X-MAP') || l.startsWith('#EXT-X-BYTERANGE'))).toEqual([]);
    expect(text.filter((l) => !l.startsWith('#'))).toEqual(['c0.vtt', 'c1.vtt', '0/0/0.vtt', '0/0/1.vtt', 'slate/0/0.vtt', 'slate/0/1.vtt', 'c5.vtt', 'c6.vtt', 'c7.vtt']);
    expect(text.filter((l) => l.startsWith('#EXTINF:')).slice(2, 4)).toEqual(['#EXTINF:2.500,', '#EXTINF:1.500,']);
  });

  it('follow the mirror: with the low variant first, its rendition (index 1) and its EXTINF', () => {
    const text = stitched(subs, lowVariant);
    expect(text.filter((l) => !l.startsWith('#')).slice(2, 4)).toEqual(['0/1/0.vtt', '0/1/1.vtt']);
    expect(text.filter((l) => l.startsWith('#EXTINF:')).slice(2, 4)).toEqual(['#EXTINF:2.000,', '#EXTINF:2.000,']);
    expect(stitched(lowVariant).filter((l) => l.startsWith('#EXTINF'))).toEqual(text.filter((l) => l.startsWith('#EXTINF')));
  });

  it('audio and video playlists are untouched by the rule', () => {
    expect(isSubtitlesRef(highVariant)).toBe(false);
    expect(isSubtitlesRef({ url: 'x', kind: 'rendition', bandwidth: 0, mediaType: 'AUDIO' })).toBe(false);
    expect(isSubtitlesRef({ url: 'x', kind: 'rendition', bandwidth: 0, mediaType: 'subtitles' })).toBe(true);
    expect(stitched(highVariant).some((l) => l.startsWith('#EXT-X-MAP'))).toBe(true);
    expect(adSegmentExtension(highVariant, 'https://a/x.m4s?y=1')).toBe('.m4s');
    expect(subtitleSegments(high.segments)).toEqual([{ uri: 'https://ads.example/h0.m4s', duration: 2.5, durationText: '2.500' }, { uri: 'https://ads.example/h1.m4s', duration: 1.5, durationText: '1.500' }]);
  });
});
