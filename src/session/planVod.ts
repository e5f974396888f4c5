/**
 * The ad plan of an HLS VOD session: the breaks of the first media playlist, one ad decision per break
 * (all in parallel, bounded by the decision budget), and where each ad lands on the stitched timeline.
 */
import { decideAvail, type AvailSlot, type ErrorBeacon } from '../ads/decideAvail';
import { loadHlsCreative, type FetchText } from '../ads/loadHlsCreative';
import { findBreaks } from '../hls/findBreaks';
import type { MediaPlaylist } from '../hls/parseMedia';
import { stitchMedia } from '../hls/stitchMedia';
import { buildInsertions } from './buildInsertions';
import type { EffectiveSettings, PlaybackConfiguration } from './config';
import type { AdRendition, AvailTimeline, PlannedAvail, SessionPlan } from './plan';
import type { PlaylistRef, SessionRecord } from './sessionRecord';

export interface VodPlanResult {
  plan: SessionPlan;
  errorBeacons: { availIndex: number; beacon: ErrorBeacon }[];
}

/** [asset.KEY] values from `#EXT-X-ASSET:KEY=urlencoded,...` tags (protocols.md §6.1). */
function assetVars(playlist: MediaPlaylist): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = [...playlist.headerLines, ...(playlist.segments[0]?.tagLines ?? [])];
  for (const l of lines) {
    if (!l.startsWith('#EXT-X-ASSET:')) continue;
    for (const kv of l.slice(13).split(',')) {
      const eq = kv.indexOf('=');
      if (eq <= 0) continue;
      try { out[kv.slice(0, eq)] = decodeURIComponent(kv.slice(eq + 1).replace(/^"|"$/g, '')); } catch { /* keep raw out */ }
    }
  }
  return out;
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
  const asset = assetVars(first.playlist);
  const decisions = await Promise.all(slots.map((slot) => decideAvail({
    config, settings, session, slot, scte: {}, asset, deadline, deps: { fetchText, now, loadSlate },
  })));
  const avails: PlannedAvail[] = decisions.map((d) => d.avail);
  const plan: SessionPlan = { kind: 'hls-vod', avails, timeline: [], decidedAt: now() };
  plan.timeline = timelineOf(plan, first);
  return {
    plan,
    errorBeacons: decisions.flatMap((d) => d.errorBeacons.map((beacon) => ({ availIndex: d.avail.index, beacon }))),
  };
}

/** Stitch the first playlist once to learn where every ad lands (tracking times and ids, protocols.md §5). */
export function timelineOf(plan: SessionPlan, first: { ref: PlaylistRef; playlist: MediaPlaylist; url: string }): AvailTimeline[] {
  const { breaks } = findBreaks(first.playlist);
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
