/**
 * broadpeak.io Session Tracking JSON (`bk-ml`, protocols.md §16) for one session, from the same plan and
 * timelines that the MediaTailor tracking JSON is built from (so both dialects describe one stitched stream).
 *
 * What §16 confirms ([OBSERVED] in Broadpeak's own CLI): top-level `adpods[]`, each pod `{id, ads[]}`, each ad
 * `{adid, starttime_ms, duration_ms}`, slate as an entry with `adid: "SLATE"`; `starttime_ms` is epoch
 * milliseconds in live; clients key ads by `adid` + `starttime_ms` while merging polls. Everything else here is
 * [UNCERTAIN] (the schema was not available) and therefore additive, snake_case like the confirmed keys, every
 * key always present:
 * - top level `refresh_delay_ms`: when to ask again (the caller decides it, see broadpeakSession.ts);
 * - pod `starttime_ms` / `duration_ms` (its first entry's start, the sum of its entries);
 * - ad `creativeid`, `title`, `skippability {skippable, skipoffset_ms}`, `trackers [{event, starttime_ms, urls}]`,
 *   `clicks {clickthrough, clicktracking}`, `verifications [...]`. Slate entries carry the same keys, empty.
 *
 * Time bases (protocols.md §5.1, §16): VOD, and live without EXT-X-PROGRAM-DATE-TIME, use milliseconds from the
 * session's first served segment (the MediaTailor clock); live with PDT uses epoch milliseconds (the wall clock
 * of the ad's first segment). Milliseconds are truncated, as the MediaTailor seconds are (§4.5).
 *
 * Live coverage: a pod is listed from the moment its first ad segment was written to a playlist of the session
 * until its last listed segment has left the newest window (the whole DVR window, as liveTracking.ts). While its
 * break runs, the pod grows at the live edge: an ad appears once its first segment has been listed (with its
 * whole decided duration, so its quartiles are right at once), the slate entry grows with what was listed.
 * Once the break has ended, an ad cut by an early cue-in lasts what was listed of it (§7 EARLY_CUE_IN).
 */
import { slateSegments } from '../session/buildInsertions';
import { decidedBreaks } from '../session/live/liveWindow';
import type { LiveTimeline } from '../session/live/liveTimeline';
import type { PlannedAd, PlannedAvail, SessionPlan } from '../session/plan';
import { parseVastTime } from '../vast/parseVastTime';
import { truncatedMillis } from './isoDuration';

export interface BroadpeakTracker {
  /** The VAST event name (`impression`, `start`, `firstQuartile`, ..., `progress`, `pause`, ...). */
  event: string;
  /** When to fire, in the answer's time base; null for events fired on a player action (pause, mute, skip, ...). */
  starttime_ms: number | null;
  urls: string[];
}

export interface BroadpeakVerification {
  vendor: string;
  javascript_resources: { url: string; api_framework: string; browser_optional: boolean | null }[];
  parameters: string;
  trackers: { event: string; url: string }[];
}

export interface BroadpeakAd {
  /** VAST `Ad@id` (else the creative id, else `<pod>.<index>`); `"SLATE"` for slate. */
  adid: string;
  starttime_ms: number;
  duration_ms: number;
  creativeid: string;
  title: string;
  skippability: { skippable: boolean; skipoffset_ms: number | null };
  trackers: BroadpeakTracker[];
  /** `clickthrough`: the landing page; `clicktracking`: URLs to call on a click. */
  clicks: { clickthrough: string | null; clicktracking: string[] };
  verifications: BroadpeakVerification[];
}

export interface BroadpeakPod {
  /** HLS: the media sequence number of the pod's first segment (the MediaTailor `availId`, §5.2). */
  id: string;
  starttime_ms: number;
  duration_ms: number;
  ads: BroadpeakAd[];
}

export interface BroadpeakTracking {
  adpods: BroadpeakPod[];
  refresh_delay_ms: number;
}

export const SLATE_ADID = 'SLATE';

const QUARTILE_EVENTS = [
  ['impression', 0], ['start', 0], ['firstQuartile', 0.25], ['midpoint', 0.5], ['thirdQuartile', 0.75], ['complete', 1],
] as const;
/** Events placed by their own rule, or not listed as trackers (clicks are under `clicks`). */
const NOT_OTHER = new Set<string>([...QUARTILE_EVENTS.map(([e]) => e), 'progress', 'clickThrough', 'clickTracking']);

/**
 * VAST `skipoffset` ("HH:MM:SS(.mmm)" or "n%", VAST 4.2 §3.9.1) in ms from the ad start. An offset that cannot
 * be read makes the ad not skippable: the conservative reading for what advertisers pay on.
 */
export function skipOffsetMs(skipOffset: string | null, durationMs: number): number | null {
  if (skipOffset === null) return null;
  const t = skipOffset.trim();
  if (t.endsWith('%')) {
    const n = Number(t.slice(0, -1));
    return t.length > 1 && Number.isFinite(n) && n >= 0 && n <= 100 ? Math.floor((n / 100) * durationMs) : null;
  }
  const v = parseVastTime(t);
  return v && t.includes(':') ? truncatedMillis(v.seconds) : null;
}

function adEntry(ad: PlannedAd, fallbackId: string, startMs: number, durationMs: number): BroadpeakAd {
  const trackers: BroadpeakTracker[] = QUARTILE_EVENTS.map(([event, f]) => ({
    event, starttime_ms: startMs + Math.floor(f * durationMs), urls: (ad.tracking[event] ?? []).slice(),
  }));
  for (const p of ad.progress ?? []) {
    trackers.push({ event: 'progress', starttime_ms: startMs + Math.min(durationMs, truncatedMillis(p.offset)), urls: [p.url] });
  }
  for (const event of Object.keys(ad.tracking).sort()) {
    const urls = ad.tracking[event];
    if (NOT_OTHER.has(event) || !urls?.length) continue;
    trackers.push({ event, starttime_ms: null, urls: urls.slice() });
  }
  const skip = skipOffsetMs(ad.skipOffset ?? null, durationMs);
  return {
    adid: ad.vastAdId || ad.creativeId || fallbackId,
    starttime_ms: startMs,
    duration_ms: durationMs,
    creativeid: ad.creativeId ?? '',
    title: ad.adTitle ?? '',
    skippability: { skippable: skip !== null, skipoffset_ms: skip },
    trackers,
    clicks: { clickthrough: ad.clickThrough ?? null, clicktracking: (ad.clickTracking ?? []).slice() },
    verifications: (ad.verifications ?? []).map((v) => ({
      vendor: v.vendor,
      javascript_resources: v.javaScriptResources.map((j) => ({ url: j.uri, api_framework: j.apiFramework, browser_optional: j.browserOptional })),
      parameters: v.verificationParameters,
      trackers: v.tracking.map((t) => ({ event: t.event, url: t.url })),
    })),
  };
}

function slateEntry(startMs: number, durationMs: number): BroadpeakAd {
  return {
    adid: SLATE_ADID, starttime_ms: startMs, duration_ms: durationMs, creativeid: '', title: '',
    skippability: { skippable: false, skipoffset_ms: null }, trackers: [], clicks: { clickthrough: null, clicktracking: [] }, verifications: [],
  };
}

function pod(id: string, ads: BroadpeakAd[]): BroadpeakPod {
  const start = ads[0].starttime_ms;
  const last = ads[ads.length - 1];
  return { id, starttime_ms: start, duration_ms: last.starttime_ms + last.duration_ms - start, ads };
}

/** VOD (and a session whose breaks are all decided up front): every filled avail of the plan, on its timeline. */
export function buildBroadpeakVod(plan: SessionPlan, refreshDelayMs: number): BroadpeakTracking {
  const byIndex = new Map<number, PlannedAvail>();
  for (const a of plan.avails) byIndex.set(a.index, a);
  const adpods: BroadpeakPod[] = [];
  const timeline = plan.timeline.slice().sort((a, b) => a.startTime - b.startTime || a.availIndex - b.availIndex);
  for (const t of timeline) {
    const avail = byIndex.get(t.availIndex);
    if (!avail || avail.failure !== null) continue;
    const entries: BroadpeakAd[] = [];
    const n = Math.min(avail.ads.length, t.ads.length);
    let endMs = truncatedMillis(t.startTime);
    for (let i = 0; i < n; i++) {
      const startMs = truncatedMillis(t.ads[i].startTime);
      const e = adEntry(avail.ads[i], `${t.firstSequence}.${i}`, startMs, truncatedMillis(t.ads[i].duration));
      entries.push(e);
      endMs = e.starttime_ms + e.duration_ms;
    }
    // The slate follows the ads (buildInsertions.ts), repeated to cover what they left of the break.
    const slate = avail.slate?.renditions[0];
    if (avail.slate && slate) {
      const d = slateSegments(slate, avail.slate.duration).reduce((s, x) => s + x.duration, 0);
      if (d > 0) entries.push(slateEntry(endMs, truncatedMillis(d)));
    }
    if (entries.length) adpods.push(pod(String(t.firstSequence), entries));
  }
  return { adpods, refresh_delay_ms: refreshDelayMs };
}

/** Live HLS: the decided breaks of the session's live timeline still in its newest window (see the header). */
export function buildBroadpeakLive(tl: LiveTimeline, refreshDelayMs: number): BroadpeakTracking {
  const adpods: BroadpeakPod[] = [];
  for (const { brk, layout, region } of decidedBreaks(tl)) {
    if (!brk.stitched || !brk.avail || region.listed === 0) continue;
    if (tl.windowStart !== undefined && brk.stitched.msn + region.listed <= tl.windowStart) continue;
    const running = region.resumeMsn === null;
    const pdtMs = brk.pdt ? Date.parse(brk.pdt) : NaN;
    // Break offset (s) → the answer's time base: epoch ms from the PDT when the origin has one, else session ms.
    const at = Number.isNaN(pdtMs)
      ? (s: number) => truncatedMillis(brk.stitched!.time + s)
      : (s: number) => pdtMs + truncatedMillis(s);
    const entries: BroadpeakAd[] = [];
    for (let p = 0; p < layout.pieces.length; p++) {
      const piece = layout.pieces[p];
      let first = -1;
      let full = 0;
      let listed = 0;
      layout.segments.forEach((s, j) => {
        if (s.piece !== p) return;
        if (first < 0) first = j;
        full += s.end - s.start;
        if (j < region.listed) listed += s.end - s.start;
      });
      if (first < 0 || first >= region.listed) break; // pieces are in play order: later ones are not listed either
      const startS = layout.segments[first].start;
      if (piece === 'slate') {
        const prev = entries[entries.length - 1];
        // Slate loops are one SLATE entry; it grows with what was listed.
        if (prev?.adid === SLATE_ADID && prev.creativeid === '' && prev.trackers.length === 0) prev.duration_ms += truncatedMillis(listed);
        else entries.push(slateEntry(at(startS), truncatedMillis(listed)));
        continue;
      }
      const ad = brk.avail.ads.find((a) => a.index === piece);
      if (!ad) continue;
      const startMs = at(startS);
      entries.push(adEntry(ad, `${brk.stitched.msn}.${piece}`, startMs, truncatedMillis(running ? full : listed)));
    }
    if (entries.length) adpods.push(pod(String(brk.stitched.msn), entries));
  }
  adpods.sort((a, b) => a.starttime_ms - b.starttime_ms);
  return { adpods, refresh_delay_ms: refreshDelayMs };
}
