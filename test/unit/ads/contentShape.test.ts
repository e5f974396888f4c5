import { describe, expect, it } from 'vitest';
import { contentShapeOf, fittingRenditions, type ContentShape } from '../../../src/ads/contentShape';
import { parseMedia } from '../../../src/hls/parseMedia';
import type { AdRendition } from '../../../src/session/plan';
import type { PlaylistRef } from '../../../src/session/sessionRecord';

const seg = { uri: 'x', duration: 2, durationText: '2' };
const r = (over: Partial<AdRendition>): AdRendition => ({ playlistUrl: 'p', bandwidth: 1, segments: [seg], ...over });
const tsMuxed = [r({ container: 'ts', codecs: 'avc1.42C01E,mp4a.40.2' }), r({ container: 'ts', codecs: 'avc1.42C01E,mp4a.40.2' })];
const fmp4Demuxed = [
  r({ container: 'fmp4', codecs: 'avc1.42C01E,mp4a.40.2', videoOnly: true }),
  r({ container: 'fmp4', mediaType: 'AUDIO', groupId: 'audio', audioOnly: true }),
];
const DEMUXED: ContentShape = { container: 'fmp4', demuxedAudio: true };
const MUXED: ContentShape = { container: 'ts', demuxedAudio: false };

describe('contentShapeOf', () => {
  const variants: PlaylistRef[] = [{ url: 'v', kind: 'variant', bandwidth: 1 }];
  it('EXT-X-MAP means fmp4; an audio rendition among the playlists means demuxed', () => {
    const fmp4 = parseMedia('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:2,\nseg_000.m4s\n').playlist;
    const ts = parseMedia('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg_000.ts\n').playlist;
    expect(contentShapeOf([...variants, { url: 'a', kind: 'rendition', bandwidth: 0, mediaType: 'AUDIO' }], fmp4)).toEqual(DEMUXED);
    expect(contentShapeOf(variants, ts)).toEqual(MUXED);
    expect(contentShapeOf(null, ts)).toEqual(MUXED);
    expect(contentShapeOf([{ url: 's', kind: 'rendition', bandwidth: 0, mediaType: 'SUBTITLES' }], ts).demuxedAudio).toBe(false);
  });
});

describe('fittingRenditions', () => {
  it('demuxed fMP4 content takes the demuxed fMP4 ladder, video first then audio, and not the muxed TS one', () => {
    expect(fittingRenditions(DEMUXED, fmp4Demuxed)).toEqual(fmp4Demuxed);
    expect(fittingRenditions(DEMUXED, tsMuxed)).toEqual([]);
  });

  it('muxed TS content takes the TS ladder and not the demuxed one', () => {
    expect(fittingRenditions(MUXED, tsMuxed)).toEqual(tsMuxed);
    expect(fittingRenditions(MUXED, fmp4Demuxed)).toEqual([]);
  });

  it('demuxed content needs audio renditions: fMP4 video alone does not fit', () => {
    expect(fittingRenditions(DEMUXED, fmp4Demuxed.slice(0, 1))).toEqual([]);
  });

  it('muxed content drops video-only variants of a mixed ladder', () => {
    expect(fittingRenditions({ container: 'fmp4', demuxedAudio: false }, [r({ container: 'fmp4', codecs: 'avc1.4d401f,mp4a.40.2' }), ...fmp4Demuxed]))
      .toHaveLength(1);
  });

  it('a ladder that does not declare its tracks is judged by container only', () => {
    const bare = [r({ container: 'ts' })];
    expect(fittingRenditions({ container: 'ts', demuxedAudio: true }, bare)).toEqual(bare);
    expect(fittingRenditions(DEMUXED, bare)).toEqual([]);
  });
});
