import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseVast } from '../../../src/vast/parseVast';
import { selectStreamingMedia } from '../../../src/vast/selectStreamingMedia';
import { ad, creative, linear, mediaFile } from './vastFixtures';

const withFiles = (...files: ReturnType<typeof mediaFile>[]) => ad({ creatives: [creative({ linear: linear({ mediaFiles: files }) })] });
const hls = { format: 'hls' as const };

describe('selectStreamingMedia', () => {
  it('picks the streaming HLS MediaFile over progressive files', () => {
    const a = withFiles(
      mediaFile({ uri: 'https://cdn/ad-1080.mp4', bitrate: 5000 }),
      mediaFile({ uri: 'https://cdn/ad/master.m3u8', delivery: 'streaming', type: 'application/x-mpegURL', bitrate: null }),
    );
    expect(selectStreamingMedia(a, hls)).toEqual({ url: 'https://cdn/ad/master.m3u8' });
  });

  it('recognises application/vnd.apple.mpegurl and a .m3u8 URL with a query', () => {
    expect(selectStreamingMedia(withFiles(mediaFile({ uri: 'https://cdn/a', type: 'application/vnd.apple.mpegurl', delivery: 'streaming' })), hls))
      .toEqual({ url: 'https://cdn/a' });
    expect(selectStreamingMedia(withFiles(mediaFile({ uri: 'https://cdn/a/index.M3U8?token=1', type: '', delivery: 'streaming' })), hls))
      .toEqual({ url: 'https://cdn/a/index.M3U8?token=1' });
  });

  it('prefers delivery="streaming" and a declared type, then the higher bitrate', () => {
    const a = withFiles(
      mediaFile({ uri: 'https://cdn/untyped.m3u8', type: 'video/unknown', delivery: 'progressive' }),
      mediaFile({ uri: 'https://cdn/low.m3u8', type: 'application/x-mpegURL', delivery: 'streaming', bitrate: 800 }),
      mediaFile({ uri: 'https://cdn/high.m3u8', type: 'application/x-mpegURL', delivery: 'streaming', bitrate: 3000 }),
    );
    expect(selectStreamingMedia(a, hls)).toEqual({ url: 'https://cdn/high.m3u8' });
  });

  it('never picks a VPAID file', () => {
    const a = withFiles(mediaFile({ uri: 'https://cdn/vpaid.m3u8', type: 'application/x-mpegURL', delivery: 'streaming', apiFramework: 'VPAID' }));
    expect(selectStreamingMedia(a, hls)).toMatchObject({ reason: 'MEDIA_FILE_UNAVAILABLE' });
  });

  it('matches the session format: a DASH file for dash, not for hls', () => {
    const a = withFiles(mediaFile({ uri: 'https://cdn/ad.mpd', type: 'application/dash+xml', delivery: 'streaming' }));
    expect(selectStreamingMedia(a, { format: 'dash' })).toEqual({ url: 'https://cdn/ad.mpd' });
    expect(selectStreamingMedia(a, hls)).toMatchObject({ reason: 'MEDIA_FILE_UNAVAILABLE', vastErrorCode: 403 });
  });

  it('rejects progressive-only ads (the IAB corpus) with 403 when no template is configured', () => {
    const xml = readFileSync(new URL('../../../../shared/corpus/vast/iab-vast-samples/VAST_4.2/Inline_Linear_Tag-test.xml', import.meta.url), 'utf8');
    const r = selectStreamingMedia(parseVast(xml).vast.ads[0], hls);
    expect(r).toMatchObject({ reason: 'MEDIA_FILE_UNAVAILABLE', code: 'ERROR_VAST_INVALID_MEDIA_FILE', vastErrorCode: 403 });
    expect(selectStreamingMedia(parseVast(xml).vast.ads[0], { format: 'hls', creativeUrlTemplate: '  ' })).toMatchObject({ vastErrorCode: 403 });
  });

  it('builds the URL from the creative URL template, values URI-encoded', () => {
    const a = ad({
      id: 'ad 1',
      creatives: [creative({ id: 'cr/7', adId: 'A&B', linear: linear({ mediaFiles: [
        mediaFile({ uri: 'https://cdn/low.mp4', bitrate: 500 }), mediaFile({ uri: 'https://cdn/high.mp4?x=1', bitrate: 4000 }),
      ] }) })],
    });
    const tpl = 'https://ads.example.com/[creative.id]/[creative.adId]/[ad.id]/master.m3u8?src=[mediafile.url]&keep=[other]';
    expect(selectStreamingMedia(a, { format: 'hls', creativeUrlTemplate: tpl })).toEqual({
      url: 'https://ads.example.com/cr%2F7/A%26B/ad%201/master.m3u8?src=https%3A%2F%2Fcdn%2Fhigh.mp4%3Fx%3D1&keep=[other]',
    });
  });

  it('uses the VAST stream before the template', () => {
    const a = withFiles(mediaFile({ uri: 'https://cdn/s.m3u8', type: 'application/x-mpegURL', delivery: 'streaming' }));
    expect(selectStreamingMedia(a, { format: 'hls', creativeUrlTemplate: 'https://t/[creative.id].m3u8' })).toEqual({ url: 'https://cdn/s.m3u8' });
  });

  it('rejects when the template needs a value the ad lacks', () => {
    const a = ad({ creatives: [creative({ id: '' })] });
    const r = selectStreamingMedia(a, { format: 'hls', creativeUrlTemplate: 'https://t/[creative.id]/master.m3u8' });
    expect(r).toMatchObject({ reason: 'MEDIA_FILE_UNAVAILABLE', vastErrorCode: 403 });
    expect((r as { message: string }).message).toContain('[creative.id]');
  });

  it('rejects an ad without a linear creative', () => {
    expect(selectStreamingMedia(ad({ creatives: [creative({ linear: null, linearCount: 0 })] }), hls)).toMatchObject({ reason: 'MEDIA_FILE_UNAVAILABLE' });
  });
});
