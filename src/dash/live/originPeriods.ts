/**
 * The origin MPD's Periods as the live stitcher reads them: id, start, the XML node, and where the origin's
 * published media ends (the live edge). Times are seconds on the MPD timeline, which for a dynamic MPD is
 * relative to MPD@availabilityStartTime (ISO/IEC 23009-1 §5.3.2.1, protocols.md §5.1).
 */
import { adaptationSetsOf, periodsOf, periodTimings, representationsOf, segmentTemplateOf } from '../mpdModel';
import { attrValue, type XNode } from '../mpdXml';

export interface OriginPeriod {
  id: string | null;
  start: number | null;
  node: XNode;
}

export function originPeriods(root: XNode): OriginPeriod[] {
  const timings = periodTimings(root);
  return periodsOf(root).map((node, i) => ({ id: attrValue(node, 'id') ?? null, start: timings[i].start, node }));
}

/** Seconds from availabilityStartTime to `epochMs`, or null when the MPD has no parseable availabilityStartTime. */
export function sinceAvailabilityStart(root: XNode, epochMs: number): number | null {
  const ast = Date.parse(attrValue(root, 'availabilityStartTime') ?? '');
  return Number.isNaN(ast) ? null : (epochMs - ast) / 1000;
}

/**
 * Where the origin's published media ends: the end of the newest segment of the last Period's first
 * SegmentTimeline (the origin's own account of what it has published), else publishTime (or now) relative
 * to availabilityStartTime (SegmentTemplate@duration: segments are available by the wall clock, §5.3.9.5).
 */
export function originEdge(root: XNode, periods: readonly OriginPeriod[], nowMs: number): number | null {
  const last = periods[periods.length - 1];
  if (last && last.start !== null) {
    for (const as of adaptationSetsOf(last.node)) {
      for (const rep of representationsOf(as)) {
        const tpl = segmentTemplateOf(last.node, as, rep);
        if (!tpl?.timeline?.length) continue;
        let time = tpl.timeline[0].t ?? tpl.presentationTimeOffset;
        for (const s of tpl.timeline) {
          if (s.t !== undefined) time = s.t;
          time += s.d * (Math.max(0, s.r) + 1);
        }
        return last.start + (time - tpl.presentationTimeOffset) / tpl.timescale;
      }
    }
  }
  const published = Date.parse(attrValue(root, 'publishTime') ?? '');
  return sinceAvailabilityStart(root, Number.isNaN(published) ? nowMs : published);
}
