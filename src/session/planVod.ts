/**
 * The ad plan of an HLS VOD session: the breaks of the first media playlist, one ad decision per break
 * (all in parallel, bounded by the decision budget), and where each ad lands on the stitched timeline.
 *
 * Content without cue markers (protocols.md §7 "No markers: a VAST response becomes one pre-roll; a VMAP
 * response places breaks at its timeOffsets, rounded down to segment boundaries"): the ADS is asked once,
 * at session start, and its answer places the breaks. Such breaks are insertions (nothing is replaced, as
 * VOD `EXT-X-CUE-OUT:0`), and `vodBreaks` gives them to stitching in place of the playlist's cues.
 */
import { assetVars } from '../scte35/assetVars';
import { scteVars } from '../scte35/scteVars';
import { adsRequestUrl, decideAvail, requestAds, type AdSource, type AvailSlot, type Decision, type DecideArgs, type ErrorBeacon } from '../ads/decideAvail';
import { contentShapeOf } from '../ads/contentShape';
import { loadHlsCreative, type FetchText } from '../ads/loadHlsCreative';
import { loadDashCreative } from '../dash/loadDashCreative';
import { findBreaks, type SignalledBreak } from '../hls/findBreaks';
import type { MediaPlaylist } from '../hls/parseMedia';
import { stitchMedia } from '../hls/stitchMedia';
import { breakTime } from '../vast/parseTimeOffset';
import type { VmapDocument } from '../vast/vmapModel';
import { buildInsertions } from './buildInsertions';
import type { EffectiveSettings, PlaybackConfiguration } from './config';
import type { AdRendition, AvailTimeline, PlannedAvail, PlannedNonLinearAvail, SessionPlan } from './plan';
import { decideOverlay, type OverlayDecision, type OverlaySource } from '../ads/decideOverlay';
import type { PlaylistRef, SessionRecord } from './sessionRecord';

export interface VodPlanResult {
  plan: SessionPlan;
  errorBeacons: { availIndex: number; beacon: ErrorBeacon }[];
}

/** An insertion slot at origin segment `at` (segments.length: after the last one). */
function insertionSlot(index: number, at: number, contentTime: number): AvailSlot {
  return { index, breakOrdinal: index, contentTime, originSegment: at, replaceCount: 0, replacedDuration: 0, signalledDuration: null };
}

/** Start times of the segments, and the total duration, as sums of EXTINF. */
function segmentStarts(playlist: MediaPlaylist): { starts: number[]; total: number } {
  const starts: number[] = [];
  let t = 0;
  for (const s of playlist.segments) { starts.push(t); t += s.duration; }
  return { starts, total: t };
}

/** The segment boundary at or before `t` (protocols.md §7: rounded down); the end of the content stays the end. */
function roundDown(starts: readonly number[], total: number, t: number): { at: number; time: number } {
  if (t >= total - 1e-6) return { at: starts.length, time: total };
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= t + 1e-6) lo = mid; else hi = mid - 1;
  }
  return { at: lo, time: starts[lo] ?? 0 };
}

type Common = Omit<DecideArgs, 'slot' | 'source' | 'breakTracking'>;

/** An overlay break of a VMAP answer, decided beside the linear ones and placed once their timeline is known. */
interface OverlayJob {
  breakId: string;
  /** Origin segment index of the boundary it starts at, and its content time. */
  at: number;
  contentTime: number;
  tracking: { event: string; url: string }[];
  decision: Promise<OverlayDecision>;
}

/** VMAP breaks placed on the content, one decision each; breaks that cannot be placed or played are reported. */
async function vmapDecisions(vmap: VmapDocument, url: string, playlist: MediaPlaylist, common: Common, overlays: OverlayJob[]): Promise<Decision[]> {
  const { starts, total } = segmentStarts(playlist);
  const taken = new Set<number>();
  const jobs: Promise<Decision>[] = [];
  const unplayable: ErrorBeacon[] = [];
  for (const brk of vmap.breaks) {
    const errorUrls = brk.tracking.filter((t) => t.event === 'error').map((t) => t.url);
    // Overlay breaks, when the session asked for overlay avails (protocols.md §1.1, §4.1): listed, not stitched.
    if (!brk.breakTypes.includes('linear') && brk.breakTypes.includes('nonlinear') && common.session.overlayAvails) {
      const t = brk.timeOffset ? breakTime(brk.timeOffset, total) : null;
      const source: OverlaySource | null = brk.adSource?.vast ? { kind: 'vast', vast: brk.adSource.vast, url }
        : brk.adSource?.adTagUri ? { kind: 'url', url: brk.adSource.adTagUri } : null;
      if (t === null || source === null) {
        for (const u of errorUrls) unplayable.push({ subject: `vmap:${brk.breakId}`, url: u, errorCode: source === null ? 1005 : 1004 });
        continue;
      }
      const { at, time } = roundDown(starts, total, t);
      overlays.push({
        breakId: brk.breakId, at, contentTime: time, tracking: brk.tracking,
        decision: decideOverlay(source, {
          fetchText: common.deps.fetchText, now: common.deps.now, requestTimeoutMs: common.settings.adsRequestTimeoutMs, deadline: common.deadline,
        }).catch((e): OverlayDecision => ({ ok: false, failure: `overlay ads: ${(e as Error).message}`, vmapErrorCode: 1008 })),
      });
      continue;
    }
    // VMAP 1.0 error 1003 "AdBreak type not supported": only linear breaks are stitched.
    if (!brk.breakTypes.includes('linear')) {
      for (const u of errorUrls) unplayable.push({ subject: `vmap:${brk.breakId}`, url: u, errorCode: 1003 });
      continue;
    }
    const t = brk.timeOffset ? breakTime(brk.timeOffset, total) : null;
    const source: AdSource | null = brk.adSource?.vast ? { kind: 'vast', vast: brk.adSource.vast, url }
      : brk.adSource?.adTagUri ? { kind: 'url', url: brk.adSource.adTagUri } : null;
    // A position (#n) names a cue point this content does not have; a custom source is not VAST (1005).
    if (t === null || source === null) {
      for (const u of errorUrls) unplayable.push({ subject: `vmap:${brk.breakId}`, url: u, errorCode: source === null ? 1005 : 1004 });
      continue;
    }
    const { at, time } = roundDown(starts, total, t);
    if (taken.has(at)) continue; // two offsets rounded to one boundary: one break there, the first.
    taken.add(at);
    const slot = insertionSlot(jobs.length, at, time);
    jobs.push(decideAvail({ ...common, slot, source, breakTracking: brk.tracking }).then((d) => {
      d.avail.placement = 'vmap';
      if (brk.breakId) d.avail.vmapBreakId = brk.breakId;
      return d;
    }));
  }
  const decisions = await Promise.all(jobs);
  if (unplayable.length) {
    // Reported on the first avail's key space (or a content-only avail when nothing was placed).
    if (decisions.length) decisions[0].errorBeacons.push(...unplayable);
    else decisions.push({ avail: failedAvail(insertionSlot(0, 0, 0), 'the VMAP answer has no break that can be placed', url), errorBeacons: unplayable });
  }
  return decisions;
}

function failedAvail(slot: AvailSlot, failure: string, url: string | null): PlannedAvail {
  return {
    index: slot.index, breakOrdinal: slot.breakOrdinal, contentTime: slot.contentTime, originSegment: slot.originSegment, replaceCount: 0,
    signalledDuration: null, ads: [], slate: null, skipped: [], failure, adsRequestUrl: url, adsLatencyMs: null,
  };
}

/** Content without cue markers: one ADS request at session start; its answer places the breaks. */
async function placedDecisions(playlist: MediaPlaylist, common: Common, overlays: OverlayJob[]): Promise<Decision[]> {
  const first = insertionSlot(0, 0, 0);
  const url = adsRequestUrl({ ...common, slot: first });
  const answer = await requestAds(url, common.settings, common.deadline, common.deps);
  if (!answer.ok) {
    const avail = failedAvail(first, answer.failure, url);
    avail.adsLatencyMs = answer.latencyMs;
    return [{ avail, errorBeacons: [] }];
  }
  let decisions: Decision[];
  if (answer.response.kind === 'vmap') decisions = await vmapDecisions(answer.response.vmap, answer.url, playlist, common, overlays);
  else {
    const d = await decideAvail({ ...common, slot: first, source: { kind: 'vast', vast: answer.response.vast, url: answer.url } });
    d.avail.placement = 'vast-preroll';
    decisions = [d];
  }
  for (const d of decisions) {
    if (d.avail.adsRequestUrl === answer.url) d.avail.adsRequestUrl = url;
    d.avail.adsLatencyMs = answer.latencyMs + (d.avail.adsLatencyMs ?? 0);
  }
  return decisions;
}

export async function planVod(args: {
  config: PlaybackConfiguration; settings: EffectiveSettings; session: SessionRecord;
  first: { ref: PlaylistRef; playlist: MediaPlaylist; url: string };
  fetchText: FetchText; now(): number;
}): Promise<VodPlanResult> {
  const { config, settings, session, first, fetchText, now } = args;
  const { breaks } = findBreaks(first.playlist);
  const deadline = now() + settings.decisionBudgetMs;

  let slatePromise: Promise<AdRendition[] | null> | null = null;
  const loadSlate = () => (slatePromise ??= config.SlateAdUrl
    ? loadHlsCreative(fetchText, config.SlateAdUrl, settings.adsRequestTimeoutMs).catch(() => null)
    : Promise.resolve(null));
  // Each creative URL is loaded once per plan, whichever avails pick it: a pod's ads come back in every break,
  // and 3 breaks of 2 ads with a TS and an fMP4 ladder each were 45 requests at once, queued behind the
  // browser's 6 connections per host, before the first media playlist could be answered (BENCHMARKS.md,
  // browser.ttff). Each avail gets its own copy, so nothing one avail does to its renditions reaches another.
  const creatives = new Map<string, Promise<AdRendition[]>>();
  const loadCreative = (format: 'hls' | 'dash', url: string, timeoutMs: number) => {
    const key = `${format} ${url}`;
    let p = creatives.get(key);
    if (!p) creatives.set(key, p = (format === 'dash' ? loadDashCreative : loadHlsCreative)(fetchText, url, timeoutMs));
    return p.then((r) => structuredClone(r));
  };
  // Once per session: which ad ladders the content can play (issue 5, contentShape.ts).
  const contentShape = contentShapeOf(session.playlists, first.playlist);
  const common: Common = { config, settings, session, scte: {}, asset: assetVars(first.playlist, 0), deadline, deps: { fetchText, now, loadSlate, loadCreative }, contentShape };

  let decisions: Decision[];
  const overlays: OverlayJob[] = [];
  if (!breaks.length) {
    decisions = await placedDecisions(first.playlist, common, overlays);
  } else {
    const segs = first.playlist.segments;
    const slots: AvailSlot[] = breaks.map((b, i) => {
      const end = b.endSegment ?? Math.min(segs.length, b.startSegment);
      let replaced = 0;
      for (let s = b.startSegment; s < end; s++) replaced += segs[s].duration;
      return {
        index: i, breakOrdinal: b.ordinal, contentTime: b.startTime, originSegment: b.startSegment,
        replaceCount: Math.max(0, end - b.startSegment), replacedDuration: replaced, signalledDuration: b.duration,
      };
    });
    // Each break's own [scte.*] and [asset.*] values (protocols.md §11).
    decisions = await Promise.all(slots.map((slot, i) => decideAvail({
      ...common, slot, scte: scteVars(breaks[i].scteCue), asset: assetVars(first.playlist, breaks[i].startSegment),
    })));
  }
  const avails: PlannedAvail[] = decisions.map((d) => d.avail);
  const plan: SessionPlan = { kind: 'hls-vod', avails, timeline: [], decidedAt: now() };
  plan.timeline = timelineOf(plan, first);
  const errorBeacons = decisions.flatMap((d) => d.errorBeacons.map((beacon) => ({ availIndex: d.avail.index, beacon })));
  if (overlays.length) {
    const placed: PlannedNonLinearAvail[] = [];
    for (const o of overlays) {
      const d = await o.decision;
      if (!d.ok) {
        o.tracking.filter((t) => t.event === 'error').forEach((t) => errorBeacons.push({ availIndex: 0, beacon: { subject: `vmap:${o.breakId}`, url: t.url, errorCode: d.vmapErrorCode } }));
        continue;
      }
      placed.push({ vmapBreakId: o.breakId, ...overlayPlace(plan, first.playlist, o.at, o.contentTime), programDateTime: null, breakTracking: o.tracking, nonLinearAds: d.nonLinearAds });
    }
    if (placed.length) plan.nonLinearAvails = placed;
  }
  return { plan, errorBeacons };
}

/**
 * Where an overlay starting at origin boundary `at` lands on the stitched timeline (protocols.md §5.1, §5.2):
 * its content time plus the ads inserted at or before that boundary (a linear break there plays first), and
 * the sequence number of the content segment it starts on.
 */
function overlayPlace(plan: SessionPlan, playlist: MediaPlaylist, at: number, contentTime: number): { startTime: number; firstSequence: number } {
  let time = contentTime;
  let sequence = playlist.mediaSequence + at;
  for (const t of plan.timeline) {
    const avail = plan.avails.find((a) => a.index === t.availIndex);
    if (!avail || avail.originSegment > at) continue;
    for (const ad of t.ads) { time += ad.duration; sequence += ad.segmentDurations.length; }
  }
  return { startTime: time, firstSequence: sequence };
}

/**
 * The breaks stitching uses for a VOD media playlist: its cue markers, or, when the ad answer placed the
 * breaks (content without markers), one insertion per placed avail at its segment boundary, as if the
 * playlist carried `EXT-X-CUE-OUT:0` there. Every playlist of the session gets the same breaks (invariant 2).
 */
export function vodBreaks(plan: SessionPlan, playlist: MediaPlaylist): SignalledBreak[] {
  const placed = plan.avails.filter((a) => a.placement !== undefined);
  if (!placed.length) return findBreaks(playlist).breaks;
  return placed.map((a) => {
    const cueOut = { kind: 'out' as const, style: 'cueout' as const, tag: '#EXT-X-CUE-OUT:0', duration: 0 };
    return {
      ordinal: a.breakOrdinal, startSegment: Math.min(a.originSegment, playlist.segments.length), endSegment: Math.min(a.originSegment, playlist.segments.length),
      startTime: a.contentTime, duration: 0, cueOut, scteCue: cueOut,
    };
  });
}

/** Stitch the first playlist once to learn where every ad lands (tracking times and ids, protocols.md §5). */
export function timelineOf(plan: SessionPlan, first: { ref: PlaylistRef; playlist: MediaPlaylist; url: string }): AvailTimeline[] {
  const breaks = vodBreaks(plan, first.playlist);
  const { insertions, refs } = buildInsertions(plan, breaks, first.ref);
  const { placed } = stitchMedia(first.playlist, insertions, { baseUrl: first.url, rewriteAdUri: (_p, _i, _s, seg) => seg.uri, stripCues: true });
  const out = new Map<number, AvailTimeline>();
  for (const p of placed) {
    const ref = refs[p.insertion][p.piece];
    let t = out.get(ref.avail);
    if (!t) {
      t = { availIndex: ref.avail, startTime: p.startTime, firstSequence: p.firstSequence, ads: [], programDateTime: null };
      out.set(ref.avail, t);
    }
    if (p.kind === 'ad') {
      const segments = insertions[p.insertion].pieces[p.piece].segments;
      t.ads.push({ startTime: p.startTime, duration: p.duration, firstSequence: p.firstSequence, segmentDurations: segments.map((s) => s.duration) });
    }
  }
  return [...out.values()].sort((a, b) => a.availIndex - b.availIndex);
}
