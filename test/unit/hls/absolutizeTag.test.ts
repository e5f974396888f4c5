import { describe, expect, it } from 'vitest';
import { absolutizeTag, uriTagName } from '../../../src/hls/absolutizeTag';
import { createUriResolver } from '../../../src/hls/resolveUri';

const resolve = createUriResolver('https://o.example/a/b/index.m3u8');

describe('absolutizeTag', () => {
  it.each([
    ['#EXT-X-KEY:METHOD=AES-128,URI="../k.key",IV=0x1', '#EXT-X-KEY:METHOD=AES-128,URI="https://o.example/a/k.key",IV=0x1'],
    ['#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://abc",KEYFORMAT="com.apple.streamingkeydelivery"', '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://abc",KEYFORMAT="com.apple.streamingkeydelivery"'],
    ['#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"', '#EXT-X-MAP:URI="https://o.example/a/b/init.mp4",BYTERANGE="720@0"'],
    ['#EXT-X-PART:DURATION=0.33334,URI="filePart271.0.mp4",INDEPENDENT=YES', '#EXT-X-PART:DURATION=0.33334,URI="https://o.example/a/b/filePart271.0.mp4",INDEPENDENT=YES'],
    ['#EXT-X-PRELOAD-HINT:TYPE=PART,URI="filePart273.4.mp4"', '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="https://o.example/a/b/filePart273.4.mp4"'],
    ['#EXT-X-RENDITION-REPORT:URI="../1M/waitForMSN.php",LAST-MSN=273', '#EXT-X-RENDITION-REPORT:URI="https://o.example/a/1M/waitForMSN.php",LAST-MSN=273'],
    ['#EXT-X-DATERANGE:ID="0",CLASS="com.apple.hls.interstitial",X-ASSET-URI="ad.m3u8",X-ASSET-LIST="/list.json"', '#EXT-X-DATERANGE:ID="0",CLASS="com.apple.hls.interstitial",X-ASSET-URI="https://o.example/a/b/ad.m3u8",X-ASSET-LIST="https://o.example/list.json"'],
    ['#EXT-X-KEY:METHOD=NONE', '#EXT-X-KEY:METHOD=NONE'],
  ])('%s', (line, expected) => {
    const name = uriTagName(line);
    expect(name).not.toBeNull();
    expect(absolutizeTag(line, name ?? '', resolve)).toBe(expected);
  });

  it('leaves other tags alone (no name)', () => {
    for (const line of ['#EXTINF:4,', '#EXT-X-PROGRAM-DATE-TIME:2020-01-01T00:00:00Z', '#EXT-X-MEDIA-SEQUENCE:1', '#EXT-X-PARTX:URI="a"', '#EXT-X-DISCONTINUITY']) {
      expect(uriTagName(line)).toBeNull();
    }
  });
});
