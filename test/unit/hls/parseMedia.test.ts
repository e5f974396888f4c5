import { describe, expect, it } from 'vitest';
import { parseMedia } from '../../../src/hls/parseMedia';
import { corpusText } from './corpus';

describe('parseMedia (RFC 8216 §4.3.2, §4.3.3)', () => {
  it('splits playlist-level header lines from segment lines (Comcast mamba live fMP4)', () => {
    const { playlist, problems } = parseMedia(corpusText('comcast-mamba/hls_variant_playlist_with_daterange_metadata.m3u8'));
    expect(problems).toEqual([]);
    expect(playlist.headerLines).toEqual(['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-TARGETDURATION:6', '#EXT-X-MEDIA-SEQUENCE:112000', '#EXT-X-DISCONTINUITY-SEQUENCE:5']);
    expect([playlist.version, playlist.targetDuration, playlist.mediaSequence, playlist.discontinuitySequence, playlist.playlistType, playlist.endList]).toEqual([6, 6, 112000, 5, null, false]);
    const [first, second] = playlist.segments;
    expect(first.tagLines.map((l) => l.slice(0, l.indexOf(':')))).toEqual([
      '#EXT-X-PROGRAM-DATE-TIME', '#EXT-X-KEY', '#EXT-X-MAP', '#EXT-X-DATERANGE', '#EXT-X-DATERANGE', '#EXT-X-DATERANGE', '#EXT-X-DATERANGE',
    ]);
    expect(first).toMatchObject({ uri: '1584552452/576p-30fps-1850k-112001.mp4', duration: 6.006, durationText: '6.006', title: 'LTC=2020-03-26T11:26:25.123Z', programDateTime: '2020-03-26T11:26:25.123Z', discontinuity: false });
    expect(first.key).toMatch(/^#EXT-X-KEY:METHOD=SAMPLE-AES,KEYFORMAT="com.apple.streamingkeydelivery"/);
    expect(second).toMatchObject({ tagLines: [], key: first.key, map: '#EXT-X-MAP:URI="1584552452/576p-30fps-1850k-init.mp4"', programDateTime: null });
  });

  it('keeps a PROGRAM-DATE-TIME written between EXTINF and URI with its segment (globocom)', () => {
    const { playlist } = parseMedia(corpusText('globocom-m3u8/cue_out_playlist.m3u8'));
    expect(playlist.segments[0]).toMatchObject({ duration: 10, programDateTime: '2015-06-18T23:22:10Z', tagLines: ['#EXT-X-PROGRAM-DATE-TIME:2015-06-18T23:22:10Z'] });
    expect(playlist.segments[3].cues.map((c) => c.kind)).toEqual(['in']);
    expect(playlist.segments[3].tagLines[0]).toMatch(/^#EXT-OATCLS-SCTE35:/);
  });

  it('reads CRLF playlists and keeps the VOD flags (hls-splice)', () => {
    const { playlist, problems } = parseMedia(corpusText('eyevinn-hls-splice/hls2_cue__index_0_v.m3u8'));
    expect(problems).toEqual([]);
    expect(playlist.headerLines).toEqual(['#EXTM3U', '#EXT-X-TARGETDURATION:9', '#EXT-X-ALLOW-CACHE:YES', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS', '#EXT-X-MEDIA-SEQUENCE:1']);
    expect(playlist.playlistType).toBe('VOD');
    expect(playlist.endList).toBe(true);
    expect(playlist.segments).toHaveLength(10);
    expect(playlist.segments[5].tagLines).toEqual(['## splice_insert(auto_return)', '#EXT-X-DATERANGE:ID="1-804",START-DATE="1970-01-01T00:13:24Z",PLANNED-DURATION=0,SCTE35-OUT=0xFC302000000000000000FFF00F05000000017FFFFE000000000000000000007A3D9BBD']);
    expect(playlist.segments[5].cues.map((c) => [c.kind, c.tag])).toEqual([['out', '#EXT-X-CUE-OUT:0'], ['in', '#EXT-X-CUE-IN']]);
    expect(playlist.segments[9]).toMatchObject({ uri: 'segment10_0_av.ts', durationText: '6.266', title: '' });
  });

  it('tracks EXT-X-MAP and discontinuities (CMAF pre-stitched VOD)', () => {
    const { playlist } = parseMedia(corpusText('eyevinn-hls-vodtolive/hls_subs5_preroll__level_0.m3u8'));
    const s = playlist.segments;
    expect(s[0].discontinuity).toBe(true);
    expect(s[0].map).toBe('#EXT-X-MAP:URI="https://mock.source.vod.com/asset/bumpers/tv4_spring/output.ism/hls/output-video=4000000.m4s"');
    expect(s[1].discontinuity).toBe(true);
    expect(s[2].discontinuity).toBe(false);
    expect(s[2].map).toBe('#EXT-X-MAP:URI="https://mock.source.vod.com/asset/64871c70280b4a002ac43d6d/output.ism/hls/output-video=4000000.m4s"');
    expect(s[14].cues.map((c) => c.kind)).toEqual(['in']);
    expect(playlist.headerLines).toContain('#USP-X-TIMESTAMP-MAP:MPEGTS=900000,LOCAL=1970-01-01T00:00:00Z');
  });

  it('groups the EXT-X-KEY lines of one block; METHOD=NONE clears the key', () => {
    const { playlist } = parseMedia([
      '#EXTM3U', '#EXT-X-TARGETDURATION:4',
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k1",KEYFORMAT="com.apple.streamingkeydelivery"',
      '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;base64,AAAA",KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"',
      '#EXTINF:4,', 'a.ts',
      '#EXTINF:4,', 'b.ts',
      '#EXT-X-KEY:METHOD=AES-128,URI="k2.key"', '#EXTINF:4,', 'c.ts',
      '#EXT-X-KEY:METHOD=NONE', '#EXTINF:4,', 'd.ts',
    ].join('\n'));
    const keys = playlist.segments.map((s) => s.key);
    expect(keys[0]?.split('\n')).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe('#EXT-X-KEY:METHOD=AES-128,URI="k2.key"');
    expect(keys[3]).toBeNull();
    expect(playlist.segments[3].tagLines).toEqual(['#EXT-X-KEY:METHOD=NONE']);
  });

  it('keeps what follows the last URI: post-roll cues, LL-HLS parts, lines after ENDLIST', () => {
    const vas = parseMedia(corpusText('eyevinn-hls-vodtolive/hls_ts_vas_demux_broken__media7070700.m3u8')).playlist;
    expect(vas.trailingCues.map((c) => c.kind)).toEqual(['in']);
    expect(vas.trailingLines).toEqual([]);
    const ll = parseMedia(corpusText('videojs-m3u8-parser/llhls.m3u8')).playlist;
    expect(ll.trailingLines.length).toBeGreaterThan(0);
    expect(ll.trailingLines.every((l) => /^#EXT-X-(PART|PRELOAD-HINT|RENDITION-REPORT):/.test(l))).toBe(true);
    const shaka = parseMedia(corpusText('shaka-player/hls-interstitial__main.m3u8')).playlist;
    expect(shaka.endList).toBe(true);
    expect(shaka.trailingLines.map((l) => l.slice(0, 22))).toEqual(['#EXT-X-DATERANGE:ID="0', '#EXT-X-DATERANGE:ID="1']);
  });

  it('tolerates broken input with problems: wrapped tags, orphan EXTINF, bad numbers, no EXTM3U', () => {
    const wrapped = parseMedia(corpusText('etherlabsio-go-m3u8/dateRangeScte35.m3u8'));
    expect(wrapped.playlist.segments.map((s) => s.uri)).toEqual(['http://media.example.com/first.ts', 'http://media.example.com/second.ts', 'http://media.example.com/third.ts']);
    expect(wrapped.playlist.segments[0].tagLines).toHaveLength(4);
    expect(wrapped.problems.map((p) => [p.code, p.line])).toEqual([['URI_WITHOUT_EXTINF', 4], ['URI_WITHOUT_EXTINF', 5], ['URI_WITHOUT_EXTINF', 6], ['URI_WITHOUT_EXTINF', 14], ['URI_WITHOUT_EXTINF', 15]]);
    expect(wrapped.playlist.trailingLines).toEqual(['#EXT-X-DATERANGE:ID="splice-6FFFFFF0",DURATION=59.993,SCTE35-IN=', '0xFC002A0000000000FF00000F056FFFFFF000401162802E6100000000000A00', '08029896F50000008700000000']);

    const grafov = parseMedia(corpusText('grafov-m3u8/media-playlist-with-cue-out-in-without-oatcls.m3u8'));
    expect(grafov.problems.map((p) => p.code)).toEqual(['EXTINF_WITHOUT_URI']);
    expect(grafov.playlist.trailingLines).toEqual(['#EXTINF:6, no desc']);
    expect(grafov.playlist.segments[0].title).toBe(' no desc');

    const bad = parseMedia('#EXT-X-VERSION:x\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:LIVE\n#EXTINF:abc,\na.ts\n#EXTINF:3,\nb.ts\n');
    expect(bad.problems.map((p) => [p.code, p.line])).toEqual([['MISSING_EXTM3U', 1], ['BAD_TAG_VALUE', 1], ['BAD_TAG_VALUE', 3], ['BAD_EXTINF', 4], ['TARGETDURATION_EXCEEDED', undefined]]);
    expect(bad.playlist.segments.map((s) => [s.uri, s.duration, s.durationText])).toEqual([['a.ts', 0, 'abc'], ['b.ts', 3, '3']]);
  });

  it('flags delta updates (EXT-X-SKIP)', () => {
    expect(parseMedia(corpusText('videojs-m3u8-parser/llhlsDelta.m3u8')).problems.map((p) => p.code)).toEqual(['DELTA_PLAYLIST']);
  });
});
