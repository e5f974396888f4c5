/**
 * DASH VOD stitching (protocols.md §15, players.md §4; issue 7 item 3): the origin MPD with each planned
 * avail's ads inserted as Periods of their own. Pure: MPD text and plan in, MPD text and where every ad
 * landed out.
 *
 * - Output is always multi-period. An avail at offset 0 < t < D of a content Period splits it: the first part
 *   keeps the Period (its id, @duration t), the remainder is a copy with id `<periodId>_PT<t>S`, @duration D − t
 *   and every SegmentTemplate/SegmentList/SegmentBase and EventStream @presentationTimeOffset moved on by
 *   t × timescale, so it starts playing at content time t. An avail at 0 goes before the Period, at D after it.
 * - Ads are Periods `<periodId>_PT<t>S_<adIndex>` (dashPeriodIds.ts, adPeriod.ts); a signalled remainder
 *   the ads do not fill gets slate Periods (one per loop of the slate creative, the last cut by @duration:
 *   a Period cannot loop its media, since each loop would carry the same media times).
 * - Every Period gets @start on the stitched timeline (the ad's start is the tracking JSON's startTime, §5.1,
 *   and its @id the adId, §5.2); content Periods keep their media, only their place moves.
 *   MPD@mediaPresentationDuration grows by what was inserted.
 * - The stitched MPD is served from stitchbox, not the origin: an absolute MPD-level BaseURL (the origin's
 *   location) keeps the content's relative URLs right; `<Location>` carries the session URL when given (§15).
 * - SCTE-35 EventStreams (the markers the ads were placed by) are removed unless `keepMarkers`
 *   (ad marker passthrough); everything else passes through unchanged (mpdXml.ts round trip).
 * - A content Period whose known duration is 0 (a marker-only Period) is dropped once its markers are.
 * Throws when the text is not an MPD or its Period starts cannot be known; the caller fails open.
 */
import { ErrorCode, StitchboxError } from '../errors';
import type { PlannedAvail } from '../session/plan';
import { dashDuration } from '../scte35/dashDuration';
import { SCTE35_BIN_SCHEME, SCTE35_XML_SCHEME } from '../scte35/dashBreaks';
import { adPeriod } from './adPeriod';
import { contentPeriodName, slatePeriodId, splitPeriodId } from './dashPeriodIds';
import { isoSeconds } from './isoSeconds';
import { periodsOf, periodTimings, parseMpd, resolveUrl, writeMpd } from './mpdModel';
import { attrValue, cloneNode, contentOf, elements, getAttr, localName, newElement, prefixLike, setAttr, setContent, tagOf, textContent, textNode, type XNode } from './mpdXml';

export interface DashStitchArgs {
  /** Absolute URL the origin MPD was fetched from. */
  mpdUrl: string;
  /** The plan's avails; those with `dash`, ads and no failure are inserted. */
  avails: readonly PlannedAvail[];
  /**
   * BaseURL of an ad (or slate) rendition in its Period: the session's /v1/dashsegment path or the ad's own
   * location. Absolute: the MPD-level BaseURL is the origin's, so a host-relative path would resolve there.
   */
  adBaseUrl(avail: PlannedAvail, piece: number | 'slate', rendition: number, periodId: string): string;
  /** Absolute session URL for `<Location>` (protocols.md §15); absent: none written. */
  location?: string;
  /** Keep the SCTE-35 EventStreams (ad marker passthrough). */
  keepMarkers?: boolean;
}

export interface PlacedDashAd { periodId: string; startTime: number; duration: number; segmentDurations: number[] }
export interface PlacedDashAvail { availIndex: number; availId: string; startTime: number; ads: PlacedDashAd[] }

const EPS = 1e-6;

/** Directory of a URL (up to its last '/'), for relative segment URLs under a rendition's base. */
export const directoryOf = (url: string): string => url.slice(0, url.lastIndexOf('/') + 1);

/** `uri` relative to `dir` when it lies under it, else as it is. */
export const relativeTo = (dir: string, uri: string): string => (dir && uri.startsWith(dir) ? uri.slice(dir.length) : uri);

function isScte35(stream: XNode): boolean {
  const s = attrValue(stream, 'schemeIdUri')?.trim();
  return s === SCTE35_XML_SCHEME || s === SCTE35_BIN_SCHEME;
}

/**
 * Move every @presentationTimeOffset of a Period copy on by `seconds`: each SegmentTemplate/SegmentList/
 * SegmentBase gets its effective PTO (inherited from the levels above, §5.3.9.1) plus the shift in its
 * effective timescale, and each EventStream likewise.
 */
export function shiftPresentationTime(node: XNode, seconds: number, inherited: Record<string, { pto: number; ts: number }> = {}): void {
  const here = { ...inherited };
  for (const child of elements(node)) {
    const name = localName(tagOf(child)!);
    if (name === 'SegmentTemplate' || name === 'SegmentList' || name === 'SegmentBase') {
      const up = inherited[name] ?? { pto: 0, ts: 1 };
      const ts = Number(getAttr(child, 'timescale') ?? up.ts) || 1;
      const pto = Number(getAttr(child, 'presentationTimeOffset') ?? (ts === up.ts ? up.pto : Math.round((up.pto / up.ts) * ts))) || 0;
      here[name] = { pto, ts };
      setAttr(child, 'presentationTimeOffset', String(pto + Math.round(seconds * ts)));
    } else if (name === 'EventStream') {
      const ts = Number(getAttr(child, 'timescale') ?? 1) || 1;
      const pto = Number(getAttr(child, 'presentationTimeOffset') ?? 0) || 0;
      setAttr(child, 'presentationTimeOffset', String(pto + Math.round(seconds * ts)));
    }
  }
  for (const child of elements(node)) {
    const name = localName(tagOf(child)!);
    if (name === 'AdaptationSet' || name === 'Representation') shiftPresentationTime(child, seconds, here);
  }
}

/** Ensure an absolute MPD-level BaseURL and, when given, a Location (ISO/IEC 23009-1 element order: after ProgramInformation). */
export function anchor(root: XNode, mpdUrl: string, location: string | undefined): void {
  const kids = contentOf(root);
  const bases = elements(root, 'BaseURL');
  if (bases.length) {
    for (const b of bases) setContent(b, [textNode(resolveUrl(mpdUrl, textContent(b)))]);
  } else {
    let at = 0;
    kids.forEach((k, i) => { const t = tagOf(k); if (t && localName(t) === 'ProgramInformation') at = i + 1; });
    kids.splice(at, 0, newElement(prefixLike(elements(root, 'Period')[0], 'BaseURL'), {}, [textNode(directoryOf(mpdUrl))]));
  }
  if (location !== undefined) {
    for (const l of elements(root, 'Location')) kids.splice(kids.indexOf(l), 1);
    const lastBase = elements(root, 'BaseURL').pop()!;
    kids.splice(kids.indexOf(lastBase) + 1, 0, newElement(prefixLike(lastBase, 'Location'), {}, [textNode(location)]));
  }
}

export function stitchDashVod(text: string, args: DashStitchArgs): { text: string; placed: PlacedDashAvail[] } {
  const mpd = parseMpd(text);
  if (!mpd) throw new StitchboxError(ErrorCode.MANIFEST_INVALID, 'not an MPD: the text is not XML with an <MPD> root');
  const root = mpd.root;
  const periods = periodsOf(root);
  const timings = periodTimings(root);
  if (timings.some((t) => t.start === null)) throw new StitchboxError(ErrorCode.MANIFEST_INVALID, 'a Period start cannot be known (no @start and no @duration before it)');

  const avails = args.avails.filter((a) => a.dash && a.failure === null && a.ads.length > 0 && a.dash.periodIndex < periods.length)
    .slice().sort((a, b) => a.dash!.periodIndex - b.dash!.periodIndex || a.dash!.offset - b.dash!.offset || a.index - b.index);
  const placed: PlacedDashAvail[] = [];
  let shift = 0;
  const rootKids = contentOf(root);
  let totalInserted = 0;

  periods.forEach((period, pi) => {
    const start = timings[pi].start!;
    const D = timings[pi].duration;
    const name = contentPeriodName(attrValue(period, 'id'), pi);
    const here = avails.filter((a) => a.dash!.periodIndex === pi);
    if (!args.keepMarkers) {
      const kids = contentOf(period);
      for (const s of elements(period, 'EventStream').filter(isScte35)) kids.splice(kids.indexOf(s), 1);
    }
    const out: XNode[] = [];
    let cursor = 0; // content seconds of this Period already written
    const content = (from: number, to: number | null) => {
      const length = to === null ? null : to - from;
      if (length !== null && length <= EPS) return;
      let node = period;
      if (from > EPS) {
        node = cloneNode(period);
        setAttr(node, 'id', splitPeriodId(name, from));
        shiftPresentationTime(node, from);
      }
      setAttr(node, 'start', isoSeconds(start + from + shift));
      if (length !== null && (from > EPS || (D !== null && to! < D - EPS) || getAttr(period, 'duration') !== undefined)) setAttr(node, 'duration', isoSeconds(length));
      out.push(node);
    };
    for (const avail of here) {
      const at = D === null ? avail.dash!.offset : Math.min(Math.max(0, avail.dash!.offset), D);
      if (at > cursor + EPS) content(cursor, at);
      cursor = Math.max(cursor, at);
      const availStart = start + at + shift;
      const ads: PlacedDashAd[] = [];
      let t = availStart;
      avail.ads.forEach((ad, k) => {
        const id = avail.dash!.adPeriodIds[k];
        out.push(adPeriod({
          id, start: t, duration: ad.duration, renditions: ad.renditions, contentPeriod: period,
          baseUrl: (r) => args.adBaseUrl(avail, k, r, id),
          segmentUrl: (r, s) => relativeTo(directoryOf(ad.renditions[r].dash!.baseUrl), ad.renditions[r].segments[s].uri),
        }));
        ads.push({ periodId: id, startTime: t, duration: ad.duration, segmentDurations: ad.renditions[0].segments.map((s) => s.duration) });
        t += ad.duration;
      });
      if (avail.slate && avail.slate.duration > EPS) {
        const loop = avail.slate.renditions[0] ? avail.slate.renditions[0].segments.reduce((s, x) => s + x.duration, 0) : 0;
        let left = avail.slate.duration;
        for (let k = 0; left > EPS && loop > EPS; k++) {
          const d = Math.min(loop, left);
          const id = slatePeriodId(avail.dash!.periodId, avail.dash!.offset, k);
          out.push(adPeriod({
            id, start: t, duration: d, renditions: avail.slate.renditions, contentPeriod: period,
            baseUrl: (r) => args.adBaseUrl(avail, 'slate', r, id),
            segmentUrl: (r, s) => relativeTo(directoryOf(avail.slate!.renditions[r].dash!.baseUrl), avail.slate!.renditions[r].segments[s].uri),
          }));
          t += d;
          left -= d;
        }
      }
      placed.push({ availIndex: avail.index, availId: avail.dash!.availId, startTime: availStart, ads });
      shift += t - availStart;
      totalInserted += t - availStart;
    }
    // The rest of the Period (a Period of known length 0, a marker-only one, writes nothing).
    if (D === null || cursor < D - EPS) content(cursor, D);
    const at = rootKids.indexOf(period);
    rootKids.splice(at, 1, ...out);
  });

  const total = dashDuration(attrValue(root, 'mediaPresentationDuration'));
  if (total !== null && totalInserted > 0) setAttr(root, 'mediaPresentationDuration', isoSeconds(total + totalInserted));
  anchor(root, args.mpdUrl, args.location);
  return { text: writeMpd(mpd), placed };
}
