/**
 * Resolve an ad's streaming HLS MediaFile into rendition segment lists. The creative URL may be a
 * multivariant playlist (a rendition ladder) or a single media playlist.
 */
import { ErrorCode, StitchboxError } from '../errors';
import { isMasterPlaylist, parseMaster } from '../hls/parseMaster';
import { parseMedia } from '../hls/parseMedia';
import { resolveUri } from '../hls/resolveUri';
import type { AdRendition, AdSegment } from '../session/plan';
import type { FetchTextOptions, HttpResult } from '../session/ports';

export type FetchText = (url: string, opts?: FetchTextOptions) => Promise<HttpResult>;

async function fetchOk(fetchText: FetchText, url: string, timeoutMs: number): Promise<HttpResult> {
  const res = await fetchText(url, { timeoutMs });
  if (res.status < 200 || res.status > 299) throw new StitchboxError(ErrorCode.AD_MEDIA_FAILED, `ad playlist ${url} answered HTTP ${res.status}`, { vastErrorCode: 401 });
  return res;
}

/** Segments of a media playlist with absolute URIs and the EXT-X-MAP in effect. */
export function adSegmentsOf(text: string, baseUrl: string): AdSegment[] {
  const { playlist } = parseMedia(text);
  return playlist.segments.map((s) => {
    const seg: AdSegment = { uri: resolveUri(baseUrl, s.uri), duration: s.duration, durationText: s.durationText };
    if (s.map) {
      const m = /URI="([^"]*)"/.exec(s.map);
      const br = /BYTERANGE="([^"]*)"/.exec(s.map);
      if (m) seg.map = br ? { uri: resolveUri(baseUrl, m[1]), byteRange: br[1] } : { uri: resolveUri(baseUrl, m[1]) };
    }
    const byteRange = s.tagLines.find((l) => l.startsWith('#EXT-X-BYTERANGE:'));
    if (byteRange) seg.byteRange = byteRange.slice('#EXT-X-BYTERANGE:'.length);
    return seg;
  });
}

export async function loadHlsCreative(fetchText: FetchText, url: string, timeoutMs: number): Promise<AdRendition[]> {
  const top = await fetchOk(fetchText, url, timeoutMs);
  if (!isMasterPlaylist(top.text)) {
    const segments = adSegmentsOf(top.text, top.url);
    if (!segments.length) throw new StitchboxError(ErrorCode.AD_MEDIA_FAILED, `ad playlist ${url} has no segments`, { vastErrorCode: 405 });
    return [{ playlistUrl: top.url, bandwidth: 0, segments }];
  }
  const { playlist } = parseMaster(top.text);
  if (!playlist.variants.length) throw new StitchboxError(ErrorCode.AD_MEDIA_FAILED, `ad multivariant playlist ${url} lists no variants`, { vastErrorCode: 405 });
  return Promise.all(playlist.variants.map(async (v) => {
    const playlistUrl = resolveUri(top.url, v.uri);
    const res = await fetchOk(fetchText, playlistUrl, timeoutMs);
    const segments = adSegmentsOf(res.text, res.url);
    if (!segments.length) throw new StitchboxError(ErrorCode.AD_MEDIA_FAILED, `ad playlist ${playlistUrl} has no segments`, { vastErrorCode: 405 });
    const r: AdRendition = { playlistUrl: res.url, bandwidth: v.bandwidth, segments };
    if (v.width !== undefined) r.width = v.width;
    if (v.height !== undefined) r.height = v.height;
    if (v.codecs !== undefined) r.codecs = v.codecs;
    return r;
  }));
}

/** Sum of EXTINF, rounded to microseconds so float noise does not leak into fill decisions. */
export function renditionDuration(r: AdRendition): number {
  let d = 0;
  for (const s of r.segments) d += s.duration;
  return Math.round(d * 1e6) / 1e6;
}
