import { describe, expect, it } from 'vitest';
import { chooseAdRendition } from '../../../src/ads/chooseAdRendition';
import type { AdRendition } from '../../../src/session/plan';
import type { PlaylistRef } from '../../../src/session/sessionRecord';

const seg = (uri: string) => ({ uri, duration: 2, durationText: '2.000' });
const video = (h: number, bandwidth: number): AdRendition => ({
  playlistUrl: `https://ad.test/${h}p/index.m3u8`, bandwidth, width: (h * 16) / 9, height: h, codecs: 'avc1.42C01E,mp4a.40.2',
  container: 'fmp4', videoOnly: true, segments: [seg(`https://ad.test/${h}p/seg_000.m4s`)],
});
const audio: AdRendition = {
  playlistUrl: 'https://ad.test/audio/index.m3u8', bandwidth: 0, mediaType: 'AUDIO', groupId: 'audio', audioOnly: true, container: 'fmp4',
  segments: [seg('https://ad.test/audio/seg_000.m4s')],
};
const ladder = [video(360, 100_000), video(180, 60_000), audio];

describe('chooseAdRendition', () => {
  it('gives an audio playlist the ad audio rendition, wherever it is in the list', () => {
    const ref: PlaylistRef = { url: 'https://o.test/audio.m3u8', kind: 'rendition', bandwidth: 0, mediaType: 'AUDIO' };
    expect(chooseAdRendition(ref, ladder)).toBe(2);
    expect(chooseAdRendition(ref, [audio, ...ladder.slice(0, 2)])).toBe(0);
  });

  it('gives a video variant the closest video rendition, never the audio one', () => {
    const big: PlaylistRef = { url: 'v0', kind: 'variant', bandwidth: 90_000, width: 640, height: 360, codecs: 'avc1.42C01E,mp4a.40.2' };
    const small: PlaylistRef = { url: 'v1', kind: 'variant', bandwidth: 59_000, width: 320, height: 180, codecs: 'avc1.42C01E,mp4a.40.2' };
    expect(chooseAdRendition(big, ladder)).toBe(0);
    expect(chooseAdRendition(small, ladder)).toBe(1);
    // A variant without resolution or codecs still gets video: the highest bandwidth not above its own.
    expect(chooseAdRendition({ url: 'v', kind: 'variant', bandwidth: 70_000 }, [audio, ...ladder.slice(0, 2)])).toBe(2);
  });

  it('a subtitles rendition is not audio: it gets a video rendition (never dropped, invariant 2)', () => {
    expect(chooseAdRendition({ url: 's', kind: 'rendition', bandwidth: 0, mediaType: 'SUBTITLES' }, ladder)).not.toBe(2);
  });

  it('falls back to the closest of all when nothing is of the right kind, and -1 only for an empty list', () => {
    const ref: PlaylistRef = { url: 'a', kind: 'rendition', bandwidth: 0, mediaType: 'AUDIO' };
    // Bandwidth 0: every rendition is above it, so the lowest above wins.
    expect(chooseAdRendition(ref, ladder.slice(0, 2))).toBe(1);
    expect(chooseAdRendition(ref, [])).toBe(-1);
  });
});
