import { describe, expect, it } from 'vitest';
import { isMasterPlaylist, parseMaster } from '../../../src/hls/parseMaster';
import { corpusFiles, corpusText } from './corpus';

describe('isMasterPlaylist', () => {
  it('tells the corpus masters from the media playlists', () => {
    const masters = corpusFiles().filter((f) => isMasterPlaylist(f.text)).map((f) => f.name);
    expect(masters).toContain('grafov-m3u8/master-with-hlsv7.m3u8');
    expect(masters).toContain('comcast-mamba/hls_master_playlist_sap.m3u8');
    expect(masters).not.toContain('globocom-m3u8/cue_out_playlist.m3u8');
    expect(masters).not.toContain('videojs-m3u8-parser/llhls.m3u8');
    // Every file the helper calls a master has STREAM-INF or MEDIA lines and no segments.
    for (const f of corpusFiles()) {
      expect(isMasterPlaylist(f.text)).toBe(!f.text.includes('#EXTINF') && /#EXT-X-(STREAM-INF|I-FRAME-STREAM-INF|MEDIA):/.test(f.text));
    }
  });
});

describe('parseMaster (RFC 8216 §4.3.4)', () => {
  it('reads variants, renditions and I-frame variants (videojs master-fmp4)', () => {
    const { playlist, problems } = parseMaster(corpusText('videojs-m3u8-parser/master-fmp4.m3u8'));
    expect(problems).toEqual([]);
    expect(playlist.variants).toHaveLength(24);
    expect(playlist.variants[0]).toEqual({
      uri: 'v4/prog_index.m3u8', bandwidth: 2215219, averageBandwidth: 2165224, codecs: 'avc1.640020,mp4a.40.2',
      width: 960, height: 540, frameRate: 59.94, closedCaptions: 'cc1', audio: 'aud1', subtitles: 'sub1',
    });
    expect(playlist.renditions.map((r) => [r.type, r.groupId, r.uri ?? null])).toEqual([
      ['AUDIO', 'aud1', 'a1/prog_index.m3u8'], ['AUDIO', 'aud2', 'a2/prog_index.m3u8'], ['AUDIO', 'aud3', 'a3/prog_index.m3u8'],
      ['SUBTITLES', 'sub1', 's1/eng/prog_index.m3u8'], ['CLOSED-CAPTIONS', 'cc1', null],
    ]);
    expect(playlist.renditions[0]).toEqual({ type: 'AUDIO', groupId: 'aud1', name: 'English', language: 'eng', isDefault: true, uri: 'a1/prog_index.m3u8' });
    expect(playlist.iframeVariants).toHaveLength(6);
    expect(playlist.iframeVariants[0]).toMatchObject({ uri: 'v6/iframe_index.m3u8', bandwidth: 166942, width: 1920, height: 1080 });
  });

  it('CLOSED-CAPTIONS=NONE means no captions; CRLF lines; comment lines before #EXTM3U are a problem', () => {
    const ad = parseMaster(corpusText('eyevinn-hls-splice/ad1__master.m3u8'));
    expect(ad.playlist.variants.map((v) => [v.uri, v.closedCaptions])).toEqual([['index_0_av.m3u8', undefined], ['index_1_av.m3u8', undefined]]);
    expect(ad.playlist.variants[0].codecs).toBe('avc1.77.30, mp4a.40.2');
    const v7 = parseMaster(corpusText('grafov-m3u8/master-with-hlsv7.m3u8'));
    expect(v7.problems.map((p) => p.code)).toEqual(['MISSING_EXTM3U']);
    expect(v7.playlist.variants).toHaveLength(9);
    expect(v7.playlist.iframeVariants).toHaveLength(9);
  });

  it('takes a URI attribute on EXT-X-STREAM-INF when no URI line follows (Comcast mamba)', () => {
    const { playlist, problems } = parseMaster(corpusText('comcast-mamba/hls_master_playlist_sap.m3u8'));
    expect(problems).toEqual([]);
    expect(playlist.variants).toHaveLength(8);
    expect(playlist.variants[0].uri).toBe('IP_720p60_51_SAP_TS/4242/format-hls-track-video-bandwidth-328400-repid-328400.m3u8');
    expect(playlist.renditions.filter((r) => r.isDefault).map((r) => r.groupId)).toEqual(['g104000', 'g147200']);
  });

  it('records problems and keeps going', () => {
    const { playlist, problems } = parseMaster([
      '#EXTM3U',
      '#EXT-X-STREAM-INF:RESOLUTION=640x360',
      'a.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=100',
      '#EXT-X-MEDIA:TYPE=BOGUS,GROUP-ID="x",NAME="y"',
      '#EXT-X-STREAM-INF:BANDWIDTH=200,RESOLUTION=wide',
      '# a comment between the tag and its URI',
      'b.m3u8',
    ].join('\n'));
    expect(playlist.variants.map((v) => [v.uri, v.bandwidth, v.width])).toEqual([['a.m3u8', 0, 640], ['b.m3u8', 200, undefined]]);
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ['MISSING_ATTRIBUTE', 2], ['STREAM_INF_WITHOUT_URI', 4], ['BAD_TAG_VALUE', 5], ['BAD_TAG_VALUE', 6],
    ]);
  });
});
