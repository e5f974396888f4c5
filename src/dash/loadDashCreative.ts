/**
 * Resolve an ad's streaming DASH MediaFile (`application/dash+xml`, selectStreamingMedia.ts) into renditions
 * (issue 7 item 2): one per Representation of the creative's first Period, video first (the first rendition
 * sets the ad's duration, plan.ts), then audio, with its segment list, durations and what an ad Period needs
 * to be written (`dash`, plan.ts DashRendition). Text and other AdaptationSets are left out: the stitched ad
 * Period carries video and audio only.
 *
 * The same fields as an HLS ladder (container, codecs, audioOnly/videoOnly, mediaType 'AUDIO') are filled so
 * that fittingRenditions (contentShape.ts) and chooseAdRendition judge DASH ladders alike.
 */
import { ErrorCode, StitchboxError } from '../errors';
import type { FetchText } from '../ads/loadHlsCreative';
import type { AdRendition, AdSegment, DashRendition } from '../session/plan';
import { adaptationSetsOf, baseUrlOf, mediaKindOf, parseMpd, periodsOf, periodTimings, representationsOf, resolveRepresentation, segmentTemplateOf } from './mpdModel';
import { attrValue, type XNode } from './mpdXml';

/** Attributes of a node as written, minus the ones the stitcher writes itself. */
function rawAttrs(node: XNode, drop: readonly string[] = []): Record<string, string> {
  const a = (node[':@'] ?? {}) as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (!drop.includes(k)) out[k] = v;
  return out;
}

const num = (v: string | undefined): number | undefined => {
  if (v === undefined || !/^\s*\d+\s*$/.test(v)) return undefined;
  return Number(v);
};

/** Container from the MIME type (ISO BMFF or MPEG-2 TS), else from the first segment's extension. */
function containerOf(mime: string | undefined, first: string | undefined): 'ts' | 'fmp4' | undefined {
  if (mime?.endsWith('/mp4')) return 'fmp4';
  if (mime?.endsWith('/mp2t')) return 'ts';
  const path = (first ?? '').split('?')[0].toLowerCase();
  if (path.endsWith('.m4s') || path.endsWith('.mp4')) return 'fmp4';
  if (path.endsWith('.ts')) return 'ts';
  return undefined;
}

/** The renditions of an ad MPD text fetched from `url` (exported for tests on fixtures). */
export function dashCreativeRenditions(text: string, url: string): AdRendition[] {
  const mpd = parseMpd(text);
  if (!mpd) throw new StitchboxError(ErrorCode.AD_MEDIA_FAILED, `ad MPD ${url} is not an MPD`, { vastErrorCode: 405 });
  const period = periodsOf(mpd.root)[0];
  if (!period) throw new StitchboxError(ErrorCode.AD_MEDIA_FAILED, `ad MPD ${url} has no Period`, { vastErrorCode: 405 });
  const timing = periodTimings(mpd.root)[0];
  const out: { r: AdRendition; order: number }[] = [];
  for (const as of adaptationSetsOf(period)) {
    for (const rep of representationsOf(as)) {
      const kind = mediaKindOf(as, rep);
      if (kind !== 'video' && kind !== 'audio') continue;
      const resolved = resolveRepresentation(url, mpd.root, period, as, rep, timing.duration);
      if (!resolved || !resolved.segments.length) continue;
      const tpl = segmentTemplateOf(period, as, rep);
      const segments: AdSegment[] = resolved.segments.map((s) => {
        const seg: AdSegment = { uri: s.uri, duration: s.duration, durationText: String(s.duration) };
        if (resolved.init) seg.map = resolved.init.byteRange ? { uri: resolved.init.uri, byteRange: resolved.init.byteRange } : { uri: resolved.init.uri };
        if (s.byteRange) seg.byteRange = s.byteRange;
        return seg;
      });
      const mime = attrValue(rep, 'mimeType') ?? attrValue(as, 'mimeType');
      const codecs = attrValue(rep, 'codecs') ?? attrValue(as, 'codecs');
      const dash: DashRendition = {
        baseUrl: baseUrlOf(url, [mpd.root, period, as, rep]),
        kind,
        adaptationSetAttrs: rawAttrs(as),
        representationAttrs: rawAttrs(rep),
        template: tpl ? {
          attrs: Object.assign({}, ...tpl.nodes.map((n) => rawAttrs(n))) as Record<string, string>,
          timeline: tpl.timeline,
        } : null,
        timescale: resolved.timescale,
        firstTime: tpl ? (tpl.timeline ? (resolved.segments[0].time ?? tpl.presentationTimeOffset) : tpl.presentationTimeOffset) : 0,
      };
      const r: AdRendition = { playlistUrl: `${url}#${attrValue(rep, 'id') ?? out.length}`, bandwidth: num(attrValue(rep, 'bandwidth')) ?? 0, segments, dash };
      const width = num(attrValue(rep, 'width') ?? attrValue(as, 'width'));
      const height = num(attrValue(rep, 'height') ?? attrValue(as, 'height'));
      if (width !== undefined) r.width = width;
      if (height !== undefined) r.height = height;
      if (codecs) r.codecs = codecs;
      const container = containerOf(mime, segments[0]?.uri);
      if (container) r.container = container;
      if (kind === 'audio') { r.mediaType = 'AUDIO'; r.audioOnly = true; } else r.videoOnly = true;
      out.push({ r, order: kind === 'video' ? 0 : 1 });
    }
  }
  if (!out.length) throw new StitchboxError(ErrorCode.AD_MEDIA_FAILED, `ad MPD ${url} has no video or audio Representation that can be addressed`, { vastErrorCode: 405 });
  return out.sort((a, b) => a.order - b.order).map((x) => x.r);
}

export async function loadDashCreative(fetchText: FetchText, url: string, timeoutMs: number): Promise<AdRendition[]> {
  const res = await fetchText(url, { timeoutMs });
  if (res.status < 200 || res.status > 299) throw new StitchboxError(ErrorCode.AD_MEDIA_FAILED, `ad MPD ${url} answered HTTP ${res.status}`, { vastErrorCode: 401 });
  return dashCreativeRenditions(res.text, res.url || url);
}
