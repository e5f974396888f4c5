import { describe, expect, it } from 'vitest';
import { isMasterPlaylist, parseMaster } from '../../../src/hls/parseMaster';
import { rewriteMaster } from '../../../src/hls/rewriteMaster';
import { corpusFiles, corpusText } from './corpus';

const masters = corpusFiles().filter((f) => isMasterPlaylist(f.text));

describe('rewriteMaster', () => {
  it('finds the corpus masters', () => {
    expect(masters.length).toBeGreaterThanOrEqual(15);
  });

  it.each(masters.map((f) => [f.name, f.text]))('%s: identity rewrite gives the same bytes', (_name, text) => {
    const seen: string[] = [];
    const { text: out, uris } = rewriteMaster(text, (uri) => { seen.push(uri); return uri; });
    expect(out).toBe(text);
    // Every playlist of the parsed model is among the URIs, and nothing else.
    const { playlist } = parseMaster(text);
    const expected = new Set([...playlist.variants, ...playlist.iframeVariants].map((v) => v.uri));
    for (const r of playlist.renditions) if (r.uri !== undefined) expected.add(r.uri);
    expect(new Set(uris)).toEqual(expected);
    expect(new Set(seen)).toEqual(expected);
  });

  it.each(masters.map((f) => [f.name, f.text]))('%s: only the URIs change', (_name, text) => {
    const { text: out, uris } = rewriteMaster(text, (_uri, i) => `\u0000${i}\u0000`);
    expect(out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => uris[Number(i)])).toBe(text);
    const renamed = rewriteMaster(text, (_uri, i) => `/v1/manifest/a/c/s/${i}.m3u8`).text;
    expect(parseMaster(renamed).playlist.variants.every((v) => v.uri.startsWith('/v1/manifest/'))).toBe(true);
  });

  it('numbers distinct URIs in document order; the same URI keeps its index', () => {
    const text = corpusText('comcast-mamba/hls_master_playlist_sap.m3u8');
    const calls: [string, number][] = [];
    const { uris } = rewriteMaster(text, (uri, i) => { calls.push([uri, i]); return `${i}.m3u8`; });
    expect(uris[0]).toBe('IP_720p60_51_SAP_TS/4242/format-hls-track-audio-bandwidth-104000-repid-104000.m3u8');
    expect(uris).toHaveLength(11);
    // The audio-only variant repeats the first rendition's URI.
    const last = calls[calls.length - 1];
    expect(last).toEqual([uris[0], 0]);
    expect(calls.map((c) => c[1])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0]);
  });

  it('rewrites the URI line of STREAM-INF, EXT-X-MEDIA and I-FRAME URI= attributes, keeping CRLF and spacing', () => {
    const text = '#EXTM3U\r\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="audio/en.m3u8"\r\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="a"\r\n# comment\r\n  v/1.m3u8  \r\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=2,URI="v/iframe.m3u8"\r\n#EXT-X-SESSION-DATA:DATA-ID="x",URI="data.json"';
    const { text: out, uris } = rewriteMaster(text, (uri, i) => `X${i}`);
    expect(uris).toEqual(['audio/en.m3u8', 'v/1.m3u8', 'v/iframe.m3u8']);
    expect(out).toBe('#EXTM3U\r\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="X0"\r\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="a"\r\n# comment\r\n  X1  \r\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=2,URI="X2"\r\n#EXT-X-SESSION-DATA:DATA-ID="x",URI="data.json"');
  });
});
