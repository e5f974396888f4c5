/**
 * Resolve an ad's streaming HLS MediaFile into rendition segment lists. The creative URL may be a
 * multivariant playlist (a rendition ladder, with or without audio renditions) or a single media playlist.
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

/** Container of a rendition from its first segment (RFC 8216 §3.2, §3.3: EXT-X-MAP means fragmented MPEG-4). */
export function containerOf(segments: readonly AdSegment[]): 'ts' | 'fmp4' | undefined {
  const first = segments[0];
  if (!first) return undefined;
  if (first.map) return 'fmp4';
  let end = first.uri.indexOf('?');
  if (end === -1) end = first.uri.length;
  const path = first.uri.slice(0, end).toLowerCase();
  if (path.endsWith('.ts')) return 'ts';
  if (path.endsWith('.m4s') || path.endsWith('.mp4')) return 'fmp4';
  return undefined;
}

/** Does a CODECS value name a video codec, an audio codec (RFC 6381 sample-entry prefixes)? */
function codecKinds(codecs: string | undefined): { video: boolean; audio: boolean } | null {
  if (!codecs || !codecs.trim()) return null;
  let video = false;
  let audio = false;
  for (const raw of codecs.split(',')) {
    const c = raw.trim().toLowerCase();
    if (/^(avc[13]|hvc1|hev1|dvh1|dvhe|av01|vp0[89])/.test(c)) video = true;
    else if (/^(mp4a|ac-3|ec-3|ac-4|opus|flac)/.test(c)) audio = true;
  }
  return { video, audio };
}

async function loadRendition(fetchText: FetchText, url: string, timeoutMs: number): Promise<{ url: string; segments: AdSegment[] }> {
  const res = await fetchOk(fetchText, url, timeoutMs);
  const segments = adSegmentsOf(res.text, res.url);
  if (!segments.length) throw new StitchboxError(ErrorCode.AD_MEDIA_FAILED, `ad playlist ${url} has no segments`, { vastErrorCode: 405 });
  return { url: res.url, segments };
}

/**
 * The creative's renditions: the variants (EXT-X-STREAM-INF) in playlist order, then its audio renditions
 * (EXT-X-MEDIA TYPE=AUDIO with a URI, once per URI) with `mediaType: 'AUDIO'`, so a demuxed session can give
 * its audio playlists audio ad segments (players.md §3.2). Variants stay first: the first rendition sets the
 * ad's duration and the live layout (plan.ts, live/breakRegion.ts).
 */
export async function loadHlsCreative(fetchText: FetchText, url: string, timeoutMs: number): Promise<AdRendition[]> {
  const top = await fetchOk(fetchText, url, timeoutMs);
  if (!isMasterPlaylist(top.text)) {
    const segments = adSegmentsOf(top.text, top.url);
    if (!segments.length) throw new StitchboxError(ErrorCode.AD_MEDIA_FAILED, `ad playlist ${url} has no segments`, { vastErrorCode: 405 });
    const r: AdRendition = { playlistUrl: top.url, bandwidth: 0, segments };
    const container = containerOf(segments);
    if (container) r.container = container;
    return [r];
  }
  const { playlist } = parseMaster(top.text);
  if (!playlist.variants.length) throw new StitchboxError(ErrorCode.AD_MEDIA_FAILED, `ad multivariant playlist ${url} lists no variants`, { vastErrorCode: 405 });
  // Audio groups whose renditions have their own playlists: a variant naming one carries no audio itself (RFC 8216 §4.3.4.2.1).
  const audioGroups = new Set<string>();
  const audio = playlist.renditions.filter((m) => m.type === 'AUDIO' && m.uri !== undefined);
  for (const m of audio) audioGroups.add(m.groupId);
  const variants = Promise.all(playlist.variants.map(async (v) => {
    const { url: playlistUrl, segments } = await loadRendition(fetchText, resolveUri(top.url, v.uri), timeoutMs);
    const r: AdRendition = { playlistUrl, bandwidth: v.bandwidth, segments };
    if (v.width !== undefined) r.width = v.width;
    if (v.height !== undefined) r.height = v.height;
    if (v.codecs !== undefined) r.codecs = v.codecs;
    const container = containerOf(segments);
    if (container) r.container = container;
    const kinds = codecKinds(v.codecs);
    if (kinds && kinds.audio && !kinds.video) r.audioOnly = true;
    else if ((v.audio !== undefined && audioGroups.has(v.audio)) || (kinds && kinds.video && !kinds.audio)) r.videoOnly = true;
    return r;
  }));
  const seen = new Set<string>();
  const renditions = Promise.all(audio.filter((m) => !seen.has(m.uri!) && seen.add(m.uri!)).map(async (m) => {
    const { url: playlistUrl, segments } = await loadRendition(fetchText, resolveUri(top.url, m.uri!), timeoutMs);
    const r: AdRendition = { playlistUrl, bandwidth: 0, segments, mediaType: 'AUDIO', groupId: m.groupId, audioOnly: true };
    const container = containerOf(segments);
    if (container) r.container = container;
    return r;
  }));
  const [v, a] = await Promise.all([variants, renditions]);
  return [...v, ...a];
}

/** Sum of EXTINF, rounded to microseconds so float noise does not leak into fill decisions. */
export function renditionDuration(r: AdRendition): number {
  let d = 0;
  for (const s of r.segments) d += s.duration;
  return Math.round(d * 1e6) / 1e6;
}
