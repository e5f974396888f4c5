import { describe, expect, it } from 'vitest';
import { closestRendition, type RenditionInfo } from '../../../src/ads/closestRendition';

const ladder: RenditionInfo[] = [
  { bandwidth: 800_000, width: 640, height: 360, codecs: 'avc1.4d401e,mp4a.40.2' },
  { bandwidth: 1_500_000, width: 1280, height: 720, codecs: 'avc1.4d401f,mp4a.40.2' },
  { bandwidth: 3_000_000, width: 1280, height: 720, codecs: 'avc1.640028,mp4a.40.2' },
  { bandwidth: 6_000_000, width: 1920, height: 1080, codecs: 'avc1.640028,mp4a.40.2' },
];

describe('closestRendition', () => {
  it('same resolution, then the highest bandwidth not above the content', () => {
    expect(closestRendition({ bandwidth: 2_000_000, width: 1280, height: 720, codecs: 'avc1.64001f,mp4a.40.2' }, ladder)).toBe(1);
    expect(closestRendition({ bandwidth: 4_000_000, width: 1280, height: 720, codecs: 'avc1.64001f,mp4a.40.2' }, ladder)).toBe(2);
  });

  it('when every candidate is above the content bandwidth, the lowest above', () => {
    expect(closestRendition({ bandwidth: 1_000_000, width: 1280, height: 720 }, ladder)).toBe(1);
  });

  it('nearest resolution by pixel count when none is the same', () => {
    expect(closestRendition({ bandwidth: 5_000_000, width: 1600, height: 900 }, ladder)).toBe(2);
    expect(closestRendition({ bandwidth: 500_000, width: 416, height: 234 }, ladder)).toBe(0);
    expect(closestRendition({ bandwidth: 9_000_000, width: 3840, height: 2160 }, ladder)).toBe(3);
  });

  it('without a content resolution, bandwidth decides', () => {
    expect(closestRendition({ bandwidth: 3_500_000 }, ladder)).toBe(2);
    expect(closestRendition({ bandwidth: 100 }, ladder)).toBe(0);
  });

  it('ad renditions without a resolution come after those with one', () => {
    const ads = [{ bandwidth: 2_000_000 }, { bandwidth: 900_000, width: 1920, height: 1080 }];
    expect(closestRendition({ bandwidth: 2_000_000, width: 1280, height: 720 }, ads)).toBe(1);
  });

  it('codec families must match when both are known', () => {
    const ads: RenditionInfo[] = [
      { bandwidth: 2_000_000, width: 1280, height: 720, codecs: 'hvc1.1.6.L93.B0,mp4a.40.2' },
      { bandwidth: 1_000_000, width: 640, height: 360, codecs: 'avc3.4d401e,mp4a.40.5' },
    ];
    // avc1 content: the HEVC rendition is out even though its resolution matches; avc3 is the same family.
    expect(closestRendition({ bandwidth: 2_000_000, width: 1280, height: 720, codecs: 'avc1.64001f,mp4a.40.2' }, ads)).toBe(1);
    expect(closestRendition({ bandwidth: 2_000_000, width: 1280, height: 720, codecs: 'hev1.1.6.L93.B0,mp4a.40.2' }, ads)).toBe(0);
    expect(closestRendition({ bandwidth: 2_000_000, codecs: 'av01.0.05M.08' }, ads)).toBe(-1);
    expect(closestRendition({ bandwidth: 2_000_000, codecs: 'avc1.64001f,ec-3' }, ads)).toBe(-1);
  });

  it('audio goes to audio, video to video', () => {
    const ads: RenditionInfo[] = [
      { bandwidth: 2_000_000, width: 1280, height: 720, codecs: 'avc1.64001f,mp4a.40.2' },
      { bandwidth: 128_000, codecs: 'mp4a.40.2' },
    ];
    expect(closestRendition({ bandwidth: 96_000, codecs: 'mp4a.40.2' }, ads)).toBe(1);
    expect(closestRendition({ bandwidth: 3_000_000, codecs: 'avc1.64001f,mp4a.40.2' }, ads)).toBe(0);
    expect(closestRendition({ bandwidth: 96_000, codecs: 'ac-3' }, ads)).toBe(-1);
  });

  it('prefers the same track set (demuxed video with demuxed video) when resolution allows', () => {
    const ads: RenditionInfo[] = [
      { bandwidth: 1_500_000, width: 1280, height: 720, codecs: 'avc1.64001f,mp4a.40.2' },
      { bandwidth: 1_400_000, width: 1280, height: 720, codecs: 'avc1.64001f' },
    ];
    expect(closestRendition({ bandwidth: 1_500_000, width: 1280, height: 720, codecs: 'avc1.64001f' }, ads)).toBe(1);
    expect(closestRendition({ bandwidth: 1_500_000, width: 1280, height: 720, codecs: 'avc1.64001f,mp4a.40.2' }, ads)).toBe(0);
  });

  it('unknown codecs on either side do not exclude', () => {
    expect(closestRendition({ bandwidth: 1_500_000, width: 1280, height: 720 }, [{ bandwidth: 1_000_000, codecs: 'hvc1.1' }])).toBe(0);
    expect(closestRendition({ bandwidth: 1_500_000, codecs: 'avc1.64001f' }, [{ bandwidth: 1_000_000 }])).toBe(0);
  });

  it('-1 for an empty list', () => {
    expect(closestRendition({ bandwidth: 1 }, [])).toBe(-1);
  });
});
