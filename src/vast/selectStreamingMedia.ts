/**
 * Which streamable rendition ladder plays an ad (DESIGN.md "Ad creatives in a browser"): a browser cannot
 * transcode, so an ad is stitchable only through
 * 1. a MediaFile of the linear creative that is a stream of the session's format: HLS
 *    (`application/x-mpegURL`, `application/vnd.apple.mpegurl`, or a URL whose path ends `.m3u8`) or DASH
 *    (`application/dash+xml`, or `.mpd`); `delivery="streaming"` and a declared type rank first
 *    (VAST 4.2 `MediaFile@delivery`: streaming is what HLS/DASH are); or
 * 2. the configured creative URL template (the role of MediaTailor's transcoded-ad CDN, keyed by creative
 *    id: protocols.md §7 "Creatives are cached by Creative@id"), with the placeholders `[creative.id]`,
 *    `[creative.adId]`, `[ad.id]` and `[mediafile.url]` (the highest-bitrate MediaFile, the file MediaTailor
 *    would transcode: protocols.md §12), each value URI-encoded.
 * The ad server's own stream is preferred; the template is the fallback for ads that only carry files.
 * Otherwise the ad is skipped with MEDIA_FILE_UNAVAILABLE and VAST error 403 ("Couldn't find MediaFile
 * that is supported by this video player", VAST 4.2 §2.3.6.3).
 */
import type { AdRejection } from './adRejection';
import { encodeUriValue } from './encodeUriValue';
import type { VastAd, VastLinear, VastMediaFile } from './vastModel';

const TYPES = {
  hls: new Set(['application/x-mpegurl', 'application/vnd.apple.mpegurl', 'audio/mpegurl', 'audio/x-mpegurl']),
  dash: new Set(['application/dash+xml']),
} as const;
const EXTENSIONS = { hls: '.m3u8', dash: '.mpd' } as const;

/** Path of a URL without query or fragment, lower-cased (no `new URL`: relative and odd URLs are common). */
function pathOf(url: string): string {
  let end = url.length;
  const q = url.indexOf('?');
  if (q !== -1) end = q;
  const h = url.indexOf('#');
  if (h !== -1 && h < end) end = h;
  return url.slice(0, end).toLowerCase();
}

/** 0: not a stream of this format; higher is a better match. */
function rank(mf: VastMediaFile, format: 'hls' | 'dash'): number {
  // VPAID / SIMID files are interactive code, never video (protocols.md §4.4).
  if (mf.apiFramework && mf.apiFramework.trim()) return 0;
  const typed = TYPES[format].has(mf.type.toLowerCase());
  if (!typed && !pathOf(mf.uri).endsWith(EXTENSIONS[format])) return 0;
  return (typed ? 2 : 1) + (mf.delivery.toLowerCase() === 'streaming' ? 2 : 0);
}

function bestStream(linear: VastLinear, format: 'hls' | 'dash'): VastMediaFile | null {
  let best: VastMediaFile | null = null;
  let bestRank = 0;
  for (const mf of linear.mediaFiles) {
    const r = rank(mf, format);
    // Among equals, the higher bitrate (a multivariant playlist usually declares none and ranks last-but-equal).
    if (r > bestRank || (r === bestRank && r > 0 && (mf.bitrate ?? 0) > (best!.bitrate ?? 0))) {
      best = mf;
      bestRank = r;
    }
  }
  return best;
}

/**
 * Every streaming MediaFile of the ad's linear creative for `format`, best first (the order bestStream
 * ranks by): a caller that can tell which ladder fits its content (the ads' contentShape.ts) tries them in turn.
 */
export function streamingMediaFiles(ad: VastAd, format: 'hls' | 'dash'): VastMediaFile[] {
  const linear = ad.creatives.find((c) => c.linear !== null)?.linear;
  if (!linear) return [];
  return linear.mediaFiles
    .map((mf, i) => ({ mf, i, r: rank(mf, format) }))
    .filter((x) => x.r > 0)
    .sort((a, b) => b.r - a.r || (b.mf.bitrate ?? 0) - (a.mf.bitrate ?? 0) || a.i - b.i)
    .map((x) => x.mf);
}

function highestBitrate(files: readonly VastMediaFile[]): VastMediaFile | null {
  let best: VastMediaFile | null = null;
  for (const mf of files) {
    if (mf.apiFramework && mf.apiFramework.trim()) continue;
    if (!best || (mf.bitrate ?? 0) > (best.bitrate ?? 0)) best = mf;
  }
  return best;
}

const PLACEHOLDER = /\[(creative\.id|creative\.adId|ad\.id|mediafile\.url)\]/g;

function unavailable(ad: VastAd, message: string): AdRejection {
  return { reason: 'MEDIA_FILE_UNAVAILABLE', code: 'ERROR_VAST_INVALID_MEDIA_FILE', vastErrorCode: 403, message: `ad "${ad.id}": ${message}` };
}

export function selectStreamingMedia(
  ad: VastAd,
  opts: { creativeUrlTemplate?: string | null; format: 'hls' | 'dash' },
): { url: string } | AdRejection {
  const creative = ad.creatives.find((c) => c.linear !== null);
  if (!creative) return unavailable(ad, 'no linear creative');
  const linear = creative.linear!;
  const stream = bestStream(linear, opts.format);
  if (stream) return { url: stream.uri };

  const template = opts.creativeUrlTemplate?.trim();
  if (!template) return unavailable(ad, `no streaming ${opts.format.toUpperCase()} MediaFile and no creative URL template configured`);
  const values: Record<string, string> = {
    'creative.id': creative.id,
    'creative.adId': creative.adId,
    'ad.id': ad.id,
    'mediafile.url': highestBitrate(linear.mediaFiles)?.uri ?? '',
  };
  let missing: string | null = null;
  const url = template.replace(PLACEHOLDER, (_m, name: string) => {
    const v = values[name];
    if (!v) missing ??= name;
    return encodeUriValue(v);
  });
  if (missing !== null) return unavailable(ad, `the creative URL template needs [${missing}], which the ad does not have`);
  return { url };
}
