/**
 * The ad plan of a DASH VOD session (issue 7 item 4): the SCTE-35 breaks of the origin MPD (findDashBreaks,
 * protocols.md §15), one ad decision per break (decideAvail, the same as HLS: one per avail per session,
 * in parallel within the decision budget) with the creatives' DASH renditions, and where each ad lands on the
 * stitched timeline (stitchDashVod, run once), with the DASH ids of §5.2.
 *
 * - VOD breaks are insertions (nothing is replaced, as HLS VOD `EXT-X-CUE-OUT:0`, §7). A duration the marker
 *   signals (Event@duration, BreakDuration, segmentationDuration) bounds the ads (whole ads only) and the rest
 *   is slate when a DASH slate is configured (SlateAdUrl naming an `.mpd`); a duration that only comes from
 *   the Period end, or a signalled 0 (the VOD insertion form, like `EXT-X-CUE-OUT:0`), bounds nothing.
 * - An MPD without SCTE-35 markers gets one pre-roll from the ADS answer (as HLS, §7 "No markers").
 * - DashConfiguration.OriginManifestType picks the marker rule (§15): MULTI_PERIOD (default), a Period is an avail
 *   when its first SCTE-35 Event is a cue-out; SINGLE_PERIOD, every cue-out Event is an avail at its own time in
 *   its Period, and stitchDashVod splits the Period there. A single-period duration found only from the next
 *   cue-in is not a signalled one, so it bounds nothing (VOD breaks insert, nothing is replaced).
 * - A dynamic MPD gets an empty plan here: live DASH is stitched break by break (src/dash/live).
 */
import { decideAvail, type Decision, type DecideArgs, type AvailSlot } from '../ads/decideAvail';
import type { ContentShape } from '../ads/contentShape';
import type { FetchText } from '../ads/loadHlsCreative';
import type { Problem } from '../errors';
import { findDashBreaks, type DashBreak } from '../scte35/dashBreaks';
import type { EffectiveSettings, PlaybackConfiguration } from '../session/config';
import type { AdRendition, AvailTimeline, PlannedAvail, SessionPlan } from '../session/plan';
import type { SessionRecord } from '../session/sessionRecord';
import { adPeriodId, availIdOf, contentPeriodName } from './dashPeriodIds';
import { loadDashCreative } from './loadDashCreative';
import { adaptationSetsOf, isStaticMpd, mediaKindOf, parseMpd, periodsOf, representationsOf } from './mpdModel';
import { attrValue } from './mpdXml';
import { stitchDashVod } from './stitchDashVod';

export interface DashPlanResult {
  plan: SessionPlan;
  errorBeacons: { availIndex: number; beacon: Decision['errorBeacons'][number] }[];
  problems: Problem[];
}

const SIGNALLED = new Set<DashBreak['durationSource']>(['event', 'break_duration', 'segmentation_duration']);

/** What ad ladders the content takes (contentShape.ts): its container, and whether audio is its own AdaptationSet. */
export function dashContentShape(text: string): ContentShape {
  const mpd = parseMpd(text);
  const period = mpd ? periodsOf(mpd.root)[0] : undefined;
  const sets = period ? adaptationSetsOf(period) : [];
  const kinds = sets.map((as) => mediaKindOf(as));
  const video = sets[kinds.indexOf('video')];
  const mime = video ? attrValue(video, 'mimeType') ?? attrValue(representationsOf(video)[0], 'mimeType') : undefined;
  return { container: mime?.endsWith('/mp2t') ? 'ts' : 'fmp4', demuxedAudio: kinds.includes('video') && kinds.includes('audio') };
}

/** ptsTime (90 kHz) of a stitched time: the DASH eventId of an ad's tracking events (§5.2). */
export const ptsTimeOf = (seconds: number): string => String(Math.round(seconds * 90_000));

export async function planDashVod(args: {
  config: PlaybackConfiguration; settings: EffectiveSettings; session: SessionRecord;
  mpd: { text: string; url: string };
  fetchText: FetchText; now(): number;
}): Promise<DashPlanResult> {
  const { config, settings, session, mpd, fetchText, now } = args;
  const parsed = parseMpd(mpd.text);
  if (!parsed || !isStaticMpd(parsed.root)) return { plan: { kind: 'dash-vod', avails: [], timeline: [], decidedAt: now() }, errorBeacons: [], problems: [] };
  const { breaks, problems } = findDashBreaks(mpd.text, { originManifestType: settings.dashOriginManifestType });
  const periods = periodsOf(parsed.root);
  const deadline = now() + settings.decisionBudgetMs;
  let slatePromise: Promise<AdRendition[] | null> | null = null;
  const slateUrl = config.SlateAdUrl && /\.mpd($|[?#])/i.test(config.SlateAdUrl) ? config.SlateAdUrl : null;
  const loadSlate = () => (slatePromise ??= slateUrl
    ? loadDashCreative(fetchText, slateUrl, settings.adsRequestTimeoutMs).catch(() => null)
    : Promise.resolve(null));
  const common: Omit<DecideArgs, 'slot' | 'scte'> = {
    config, settings, session, asset: {}, deadline, deps: { fetchText, now, loadSlate },
    contentShape: dashContentShape(mpd.text), creativeFormat: 'dash',
  };

  // One avail per place: two cues at the same Period offset are one break, the first.
  const places: { periodIndex: number; offset: number; brk: DashBreak | null }[] = [];
  for (const b of breaks) {
    if (places.some((p) => p.periodIndex === b.periodIndex && Math.abs(p.offset - b.startTime) < 1e-6)) continue;
    places.push({ periodIndex: b.periodIndex, offset: Math.max(0, b.startTime), brk: b });
  }
  if (!breaks.length && periods.length) places.push({ periodIndex: 0, offset: 0, brk: null });

  const decisions = await Promise.all(places.map((p, i) => {
    // A signalled 0 (Event@duration="0") is VOD insertion without a bound, as HLS `EXT-X-CUE-OUT:0` (§7).
    const signalled = p.brk && SIGNALLED.has(p.brk.durationSource) && (p.brk.duration ?? 0) > 0 ? p.brk.duration : null;
    const slot: AvailSlot = {
      index: i, breakOrdinal: i, contentTime: p.brk?.absoluteStartTime ?? 0, originSegment: p.periodIndex,
      replaceCount: 0, replacedDuration: 0, signalledDuration: signalled, fillLimit: signalled,
    };
    return decideAvail({ ...common, slot, scte: p.brk?.scteVars ?? {} });
  }));
  const avails: PlannedAvail[] = decisions.map((d, i) => {
    const p = places[i];
    const periodId = contentPeriodName(attrValue(periods[p.periodIndex], 'id'), p.periodIndex);
    d.avail.dash = {
      periodId, periodIndex: p.periodIndex, offset: p.offset, availId: availIdOf(periodId, p.offset),
      adPeriodIds: d.avail.ads.map((_a, k) => adPeriodId(periodId, p.offset, k)),
    };
    return d.avail;
  });
  const plan: SessionPlan = { kind: 'dash-vod', avails, timeline: [], decidedAt: now() };
  plan.timeline = dashTimelineOf(plan, mpd);
  const errorBeacons = decisions.flatMap((d) => d.errorBeacons.map((beacon) => ({ availIndex: d.avail.index, beacon })));
  return { plan, errorBeacons, problems };
}

/** Stitch once to learn where every ad lands (tracking times and ids, protocols.md §5.1 DASH VOD, §5.2). */
export function dashTimelineOf(plan: SessionPlan, mpd: { text: string; url: string }): AvailTimeline[] {
  let placed;
  try {
    placed = stitchDashVod(mpd.text, { mpdUrl: mpd.url, avails: plan.avails, adBaseUrl: () => '' }).placed;
  } catch {
    return [];
  }
  return placed.map((p) => ({
    availIndex: p.availIndex, availId: p.availId, startTime: p.startTime, firstSequence: 0, programDateTime: null,
    ads: p.ads.map((a) => ({
      startTime: a.startTime, duration: a.duration, firstSequence: 0, segmentDurations: a.segmentDurations,
      ids: { adId: a.periodId, eventId: ptsTimeOf(a.startTime) },
    })),
  }));
}
