/**
 * Read access to an MPD (ISO/IEC 23009-1) on the round-tripping tree of mpdXml.ts: Periods and their
 * timing, AdaptationSets, Representations, the SegmentTemplate in effect (with SegmentTimeline, `$Number$` /
 * `$Time$`), SegmentList and SegmentBase, BaseURL resolution. Nothing here writes; the stitchers edit the
 * tree and write it with writeMpd. Built for VOD and live alike: timing follows §5.3.2.1 for static and
 * dynamic MPDs, and a timeline's open-ended `S@r="-1"` is expanded only up to a bound the caller gives.
 */
import { dashDuration } from '../scte35/dashDuration';
import { attrValue, element, elements, getAttr, parseXmlDocument, tagOf, localName, textContent, writeXmlDocument, type XNode } from './mpdXml';

export interface Mpd {
  /** The whole document: declaration, comments, the MPD element. */
  doc: XNode[];
  root: XNode;
}

/** The MPD of a text, or null when it is not XML with an `<MPD>` root. */
export function parseMpd(text: string): Mpd | null {
  const doc = parseXmlDocument(text);
  if (!doc) return null;
  const root = doc.find((n) => { const t = tagOf(n); return t !== null && localName(t) === 'MPD'; });
  return root ? { doc, root } : null;
}

export function writeMpd(mpd: Mpd): string {
  return writeXmlDocument(mpd.doc);
}

export const isStaticMpd = (root: XNode): boolean => (attrValue(root, 'type') ?? 'static').trim() === 'static';

export function periodsOf(root: XNode): XNode[] {
  return elements(root, 'Period');
}

export interface PeriodTiming {
  /** Seconds on the MPD timeline; null when nothing gives it. */
  start: number | null;
  /** Seconds: next start − start, else @duration, else the rest of mediaPresentationDuration; null when unknown. */
  duration: number | null;
}

/** Period starts and lengths (ISO/IEC 23009-1 §5.3.2.1). */
export function periodTimings(root: XNode): PeriodTiming[] {
  const periods = periodsOf(root);
  const starts: (number | null)[] = [];
  periods.forEach((p, i) => {
    const start = dashDuration(attrValue(p, 'start'));
    if (start !== null) { starts.push(start); return; }
    if (i === 0) { starts.push(isStaticMpd(root) ? 0 : null); return; }
    const prev = starts[i - 1];
    const prevDuration = dashDuration(attrValue(periods[i - 1], 'duration'));
    starts.push(prev !== null && prevDuration !== null ? prev + prevDuration : null);
  });
  const total = dashDuration(attrValue(root, 'mediaPresentationDuration'));
  return periods.map((p, i) => {
    const start = starts[i];
    const next = i + 1 < periods.length ? starts[i + 1] : null;
    let duration = start !== null && next !== null ? next - start : dashDuration(attrValue(p, 'duration'));
    if (duration === null && i === periods.length - 1 && start !== null && total !== null) duration = total - start;
    return { start, duration };
  });
}

export function adaptationSetsOf(period: XNode): XNode[] {
  return elements(period, 'AdaptationSet');
}

export function representationsOf(adaptationSet: XNode): XNode[] {
  return elements(adaptationSet, 'Representation');
}

/** 'video', 'audio', 'text' or 'other', from @contentType, @mimeType (AdaptationSet or Representation), then @codecs. */
export function mediaKindOf(adaptationSet: XNode, rep?: XNode): 'video' | 'audio' | 'text' | 'other' {
  const ct = attrValue(adaptationSet, 'contentType');
  if (ct === 'video' || ct === 'audio' || ct === 'text') return ct;
  const mime = attrValue(rep, 'mimeType') ?? attrValue(adaptationSet, 'mimeType') ?? (rep ? undefined : representationsOf(adaptationSet).map((r) => attrValue(r, 'mimeType')).find(Boolean));
  if (mime?.startsWith('video/')) return 'video';
  if (mime?.startsWith('audio/')) return 'audio';
  if (mime?.startsWith('text/') || mime === 'application/ttml+xml') return 'text';
  if (mime === 'application/mp4') {
    const codecs = attrValue(rep, 'codecs') ?? attrValue(adaptationSet, 'codecs') ?? '';
    if (/^(stpp|wvtt)/.test(codecs)) return 'text';
  }
  return 'other';
}

/** An attribute looked up from the innermost level outwards (the inheritance rule of §5.3.9.1 for segment info). */
export function inherited(levels: readonly (XNode | undefined)[], name: string): string | undefined {
  for (let i = levels.length - 1; i >= 0; i--) {
    const v = attrValue(levels[i], name);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** One `S` of a SegmentTimeline, as written. */
export interface TimelineEntry { t?: number; d: number; r: number }

export interface SegmentTemplateInfo {
  timescale: number;
  media: string | undefined;
  initialization: string | undefined;
  startNumber: number;
  presentationTimeOffset: number;
  /** @duration (timescale units) for templates without a timeline. */
  duration: number | undefined;
  timeline: TimelineEntry[] | null;
  /** The SegmentTemplate elements from the outermost level in: the stitcher edits the innermost. */
  nodes: XNode[];
}

const uint = (v: string | undefined): number | undefined => {
  if (v === undefined || !/^\s*\d+\s*$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
};
const int = (v: string | undefined): number | undefined => {
  if (v === undefined || !/^\s*-?\d+\s*$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
};

function timelineOf(node: XNode | undefined): TimelineEntry[] | null {
  const tl = element(node, 'SegmentTimeline');
  if (!tl) return null;
  return elements(tl, 'S').map((s) => {
    const e: TimelineEntry = { d: uint(getAttr(s, 'd')) ?? 0, r: int(getAttr(s, 'r')) ?? 0 };
    const t = uint(getAttr(s, 't'));
    if (t !== undefined) e.t = t;
    return e;
  });
}

/**
 * The SegmentTemplate in effect for a Representation, merged over Period, AdaptationSet and Representation
 * (§5.3.9.1: the lower level's attributes override), or null when none of them has one.
 */
export function segmentTemplateOf(period: XNode, adaptationSet: XNode, rep: XNode): SegmentTemplateInfo | null {
  const nodes = [period, adaptationSet, rep].map((n) => element(n, 'SegmentTemplate')).filter((n): n is XNode => n !== undefined);
  if (!nodes.length) return null;
  let timeline: TimelineEntry[] | null = null;
  for (const n of nodes) timeline = timelineOf(n) ?? timeline;
  return {
    timescale: uint(inherited(nodes, 'timescale')) || 1,
    media: inherited(nodes, 'media'),
    initialization: inherited(nodes, 'initialization'),
    startNumber: uint(inherited(nodes, 'startNumber')) ?? 1,
    presentationTimeOffset: uint(inherited(nodes, 'presentationTimeOffset')) ?? 0,
    duration: uint(inherited(nodes, 'duration')),
    timeline,
    nodes,
  };
}

/** One media segment: its number and time (timescale units) as the template addresses it. */
export interface TemplateSegment { number: number; time: number; duration: number }

/**
 * The segments of a template within [presentationTimeOffset, presentationTimeOffset + periodDuration): the
 * timeline expanded (`S@r` repeats; `r="-1"` up to the next `S@t` or the Period end), or the @duration
 * form counted to the Period end. Null when the Period length is needed and unknown.
 */
export function templateSegments(info: SegmentTemplateInfo, periodDuration: number | null): TemplateSegment[] | null {
  const end = periodDuration === null ? null : info.presentationTimeOffset + Math.round(periodDuration * info.timescale);
  const out: TemplateSegment[] = [];
  let number = info.startNumber;
  if (info.timeline) {
    let time = info.timeline[0]?.t ?? info.presentationTimeOffset;
    info.timeline.forEach((s, i) => {
      if (s.t !== undefined) time = s.t;
      let repeats = s.r;
      if (repeats < 0) {
        const nextT = info.timeline![i + 1]?.t;
        const until = nextT ?? end;
        repeats = until === null || s.d <= 0 ? 0 : Math.max(0, Math.ceil((until - time) / s.d) - 1);
      }
      for (let k = 0; k <= repeats; k++) {
        out.push({ number, time, duration: s.d });
        number++;
        time += s.d;
      }
    });
    return out;
  }
  if (info.duration === undefined || info.duration <= 0 || end === null) return null;
  for (let time = info.presentationTimeOffset; time < end; time += info.duration) {
    out.push({ number, time, duration: Math.min(info.duration, end - time) });
    number++;
  }
  return out;
}

/** `$RepresentationID$`, `$Number%05d$`, `$Time$`, `$Bandwidth$`, `$$` (§5.3.9.4.4). */
export function expandTemplate(pattern: string, vars: { RepresentationID?: string; Number?: number; Time?: number; Bandwidth?: number }): string {
  return pattern.replace(/\$(RepresentationID|Number|Time|Bandwidth|)(%0(\d+)d)?\$/g, (_m, name: string, _f: string, width: string) => {
    if (name === '') return '$';
    const v = (vars as Record<string, string | number | undefined>)[name];
    if (v === undefined) return _m;
    const s = String(v);
    return width ? s.padStart(Number(width), '0') : s;
  });
}

/** RFC 3986 resolution; a base that does not parse leaves the reference as it is. */
export function resolveUrl(base: string, ref: string): string {
  try {
    return new URL(ref, base).href;
  } catch {
    return ref;
  }
}

/** The base URL in effect at the innermost of `levels` (MPD, Period, AdaptationSet, Representation): each first BaseURL resolved in turn (§5.6). */
export function baseUrlOf(documentUrl: string, levels: readonly (XNode | undefined)[]): string {
  let base = documentUrl;
  for (const level of levels) {
    const b = element(level, 'BaseURL');
    if (b) base = resolveUrl(base, textContent(b));
  }
  return base;
}

/** A media segment, addressed: absolute URL (and byte range), seconds. */
export interface ResolvedSegment { uri: string; duration: number; byteRange?: string; number?: number; time?: number }

export interface ResolvedRepresentation {
  init: { uri: string; byteRange?: string } | null;
  segments: ResolvedSegment[];
  timescale: number;
  /** What addressed it. */
  addressing: 'template' | 'list' | 'base';
}

/**
 * A Representation's segments as absolute URLs: SegmentTemplate (timeline or @duration), SegmentList
 * (SegmentURL@media/@mediaRange with @duration or a timeline) or SegmentBase (the whole BaseURL as one
 * segment, its @indexRange not read). Null when it cannot be addressed.
 */
export function resolveRepresentation(documentUrl: string, root: XNode, period: XNode, adaptationSet: XNode, rep: XNode, periodDuration: number | null): ResolvedRepresentation | null {
  const base = baseUrlOf(documentUrl, [root, period, adaptationSet, rep]);
  const id = attrValue(rep, 'id');
  const bandwidth = uint(getAttr(rep, 'bandwidth'));
  const tpl = segmentTemplateOf(period, adaptationSet, rep);
  if (tpl) {
    if (!tpl.media) return null;
    const segs = templateSegments(tpl, periodDuration);
    if (!segs) return null;
    return {
      init: tpl.initialization ? { uri: resolveUrl(base, expandTemplate(tpl.initialization, { RepresentationID: id, Bandwidth: bandwidth })) } : null,
      segments: segs.map((s) => ({
        uri: resolveUrl(base, expandTemplate(tpl.media!, { RepresentationID: id, Bandwidth: bandwidth, Number: s.number, Time: s.time })),
        duration: s.duration / tpl.timescale, number: s.number, time: s.time,
      })),
      timescale: tpl.timescale,
      addressing: 'template',
    };
  }
  const list = [period, adaptationSet, rep].map((n) => element(n, 'SegmentList')).filter((n): n is XNode => n !== undefined);
  if (list.length) {
    const inner = list[list.length - 1];
    const timescale = uint(inherited(list, 'timescale')) || 1;
    const each = uint(inherited(list, 'duration'));
    const timeline = timelineOf(inner);
    const durations: number[] = [];
    if (timeline) for (const s of timeline) for (let k = 0; k <= Math.max(0, s.r); k++) durations.push(s.d);
    const initNode = list.map((n) => element(n, 'Initialization')).filter(Boolean).pop();
    const urls = elements(inner, 'SegmentURL');
    return {
      init: initNode ? { uri: resolveUrl(base, attrValue(initNode, 'sourceURL') ?? ''), ...(getAttr(initNode, 'range') ? { byteRange: attrValue(initNode, 'range') } : {}) } : null,
      segments: urls.map((u, i) => {
        const seg: ResolvedSegment = { uri: resolveUrl(base, attrValue(u, 'media') ?? ''), duration: (durations[i] ?? each ?? 0) / timescale };
        const range = attrValue(u, 'mediaRange');
        if (range) seg.byteRange = range;
        return seg;
      }),
      timescale,
      addressing: 'list',
    };
  }
  if (periodDuration !== null) return { init: null, segments: [{ uri: base, duration: periodDuration }], timescale: 1, addressing: 'base' };
  return null;
}
