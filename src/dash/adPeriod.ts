/**
 * One ad (or slate) Period of a stitched MPD (protocols.md §15, players.md §4), from the plan's DASH
 * renditions of the creative (loadDashCreative.ts):
 * - one AdaptationSet per video/audio AdaptationSet of the content Period it sits next to, holding for each
 *   content Representation the closest ad rendition (closestRendition, as HLS chooses per variant), each once;
 *   the AdaptationSet keeps the content's @id and @lang so players keep the track across the boundary;
 * - each Representation with its own BaseURL: the ad's own location (client-side reporting) or the session's
 *   `/v1/dashsegment/…/<r>/` path (server-side reporting, so segment requests fire beacons), given by the caller;
 * - the creative's SegmentTemplate and SegmentTimeline as written, with @presentationTimeOffset = the earliest
 *   presentation time of its first segment, so media lands at the Period start (dash.js and Shaka:
 *   timestampOffset = Period@start − PTO/timescale, players.md §1.9, §4). A rendition without a template
 *   (SegmentList/SegmentBase creative) is written as a SegmentList with a SegmentTimeline.
 */
import { closestRendition } from '../ads/closestRendition';
import type { AdRendition, DashRendition } from '../session/plan';
import { isoSeconds } from './isoSeconds';
import { adaptationSetsOf, mediaKindOf, representationsOf } from './mpdModel';
import { attrValue, escapeXml, newElement, prefixLike, textNode, type XNode } from './mpdXml';

export interface AdPeriodArgs {
  id: string;
  /** Seconds on the stitched timeline. */
  start: number;
  duration: number;
  renditions: readonly AdRendition[];
  /** The content Period whose AdaptationSets the ad mirrors. */
  contentPeriod: XNode;
  /** The BaseURL to write for rendition `r` (an index into `renditions`). */
  baseUrl(r: number): string;
  /** URL of a segment relative to `baseUrl(r)` when a template cannot be kept (SegmentList form). */
  segmentUrl(r: number, segment: number): string;
}

/** A Representation-like view of a content Representation, for closestRendition. */
function infoOf(as: XNode, rep: XNode) {
  const n = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined);
  const info: { bandwidth: number; width?: number; height?: number; codecs?: string } = { bandwidth: n(attrValue(rep, 'bandwidth')) ?? 0 };
  const w = n(attrValue(rep, 'width') ?? attrValue(as, 'width'));
  const h = n(attrValue(rep, 'height') ?? attrValue(as, 'height'));
  const c = attrValue(rep, 'codecs') ?? attrValue(as, 'codecs');
  if (w !== undefined) info.width = w;
  if (h !== undefined) info.height = h;
  if (c !== undefined) info.codecs = c;
  return info;
}

/** An element whose attributes are already XML text (copied from the creative as written). */
function rawElement(tag: string, attrs: Record<string, string>, content: XNode[] = []): XNode {
  const node: XNode = { [tag]: content };
  if (Object.keys(attrs).length) node[':@'] = { ...attrs };
  return node;
}

const SEGMENT_ATTRS = new Set(['media', 'initialization', 'index', 'bitstreamSwitching', 'timescale', 'startNumber', 'duration', 'endNumber',
  'presentationTimeOffset', 'availabilityTimeOffset', 'availabilityTimeComplete', 'indexRange', 'indexRangeExact', 'presentationDuration']);

function segmentInfo(tag: (l: string) => string, d: DashRendition, r: AdRendition, ri: number, args: AdPeriodArgs): XNode {
  if (d.template) {
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(d.template.attrs)) if (SEGMENT_ATTRS.has(k)) attrs[k] = v;
    attrs.presentationTimeOffset = String(d.firstTime);
    const content: XNode[] = [];
    if (d.template.timeline) {
      content.push(rawElement(tag('SegmentTimeline'), {}, d.template.timeline.map((s) => {
        const a: Record<string, string> = {};
        if (s.t !== undefined) a.t = String(s.t);
        a.d = String(s.d);
        if (s.r !== 0) a.r = String(s.r);
        return rawElement(tag('S'), a);
      })));
    }
    return rawElement(tag('SegmentTemplate'), attrs, content);
  }
  // SegmentList (or SegmentBase creative): explicit URLs with their durations on a timeline.
  const ts = d.timescale;
  const content: XNode[] = [];
  const init = r.segments[0]?.map;
  if (init) content.push(rawElement(tag('Initialization'), { sourceURL: escapeXml(init.uri) }));
  content.push(rawElement(tag('SegmentTimeline'), {}, r.segments.map((s, i) => rawElement(tag('S'), i === 0 ? { t: String(d.firstTime), d: String(Math.round(s.duration * ts)) } : { d: String(Math.round(s.duration * ts)) }))));
  r.segments.forEach((s, i) => {
    const a: Record<string, string> = { media: escapeXml(args.segmentUrl(ri, i)) };
    if (s.byteRange) a.mediaRange = escapeXml(s.byteRange);
    content.push(rawElement(tag('SegmentURL'), a));
  });
  return rawElement(tag('SegmentList'), { timescale: String(ts), presentationTimeOffset: String(d.firstTime) }, content);
}

export function adPeriod(args: AdPeriodArgs): XNode {
  const tag = (l: string) => prefixLike(args.contentPeriod, l);
  const sets: XNode[] = [];
  const dashRenditions = args.renditions.map((r, i) => ({ r, i })).filter((x) => x.r.dash !== undefined);
  for (const as of adaptationSetsOf(args.contentPeriod)) {
    const kind = mediaKindOf(as);
    if (kind !== 'video' && kind !== 'audio') continue;
    const candidates = dashRenditions.filter((x) => x.r.dash!.kind === kind);
    if (!candidates.length) continue;
    const chosen: number[] = [];
    for (const rep of representationsOf(as)) {
      const k = closestRendition(infoOf(as, rep), candidates.map((x) => x.r));
      const idx = candidates[k < 0 ? 0 : k].i;
      if (!chosen.includes(idx)) chosen.push(idx);
    }
    if (!chosen.length) chosen.push(candidates[0].i);
    const first = args.renditions[chosen[0]].dash!;
    const asAttrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(first.adaptationSetAttrs)) if (!SEGMENT_ATTRS.has(k) && k !== 'id' && k !== 'lang') asAttrs[k] = v;
    const contentId = attrValue(as, 'id');
    const lang = attrValue(as, 'lang');
    const attrs: Record<string, string> = {};
    if (contentId !== undefined) attrs.id = escapeXml(contentId);
    Object.assign(attrs, asAttrs);
    if (lang !== undefined) attrs.lang = escapeXml(lang);
    if (attrs.contentType === undefined) attrs.contentType = kind;
    const reps = chosen.map((ri) => {
      const r = args.renditions[ri];
      const d = r.dash!;
      const repAttrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(d.representationAttrs)) if (!SEGMENT_ATTRS.has(k)) repAttrs[k] = v;
      // AdaptationSet attributes of another creative AdaptationSet (e.g. its own mimeType) go onto the Representation.
      for (const [k, v] of Object.entries(d.adaptationSetAttrs)) {
        if (!SEGMENT_ATTRS.has(k) && k !== 'id' && k !== 'lang' && attrs[k] === undefined && repAttrs[k] === undefined && /^(mimeType|codecs|width|height|frameRate|audioSamplingRate|sar)$/.test(k)) repAttrs[k] = v;
      }
      return rawElement(tag('Representation'), repAttrs, [
        newElement(tag('BaseURL'), {}, [textNode(args.baseUrl(ri))]),
        segmentInfo(tag, d, r, ri, args),
      ]);
    });
    sets.push(rawElement(tag('AdaptationSet'), attrs, reps));
  }
  return newElement(tag('Period'), { id: args.id, start: isoSeconds(args.start), duration: isoSeconds(args.duration) }, sets);
}
