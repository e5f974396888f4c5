/**
 * One ad decision for one avail: ask the ADS, read its answer (VAST, or VMAP whose first linear break is
 * used), follow the wrappers, resolve each ad's streaming renditions, and fill the avail. Every failure
 * fails open (DESIGN invariant 6): the avail then plays content, and the reason is recorded on it. VAST
 * Error URLs of rejected ads, failed wrapper chains and empty answers are returned for the caller to fire.
 */
import { StitchboxError } from '../errors';
import type { PlaybackConfiguration, EffectiveSettings } from '../session/config';
import type { PlannedAd, PlannedAvail, PlannedNonLinearAds, SkippedAd, AdRendition } from '../session/plan';
import type { SessionRecord } from '../session/sessionRecord';
import { parseAdResponse, type AdResponse } from '../vast/parseAdResponse';
import { parseVastTime } from '../vast/parseVastTime';
import { resolveVast, type ResolvedAd, type WrapperFailure } from '../vast/resolveWrappers';
import { validateAd } from '../vast/validateAd';
import { selectStreamingMedia, streamingMediaFiles } from '../vast/selectStreamingMedia';
import type { VastAd, VastDocument, VastLinear } from '../vast/vastModel';
import { fittingRenditions, type ContentShape } from './contentShape';
import { expandAdsTemplate } from './expandAdsTemplate';
import { fillAvail } from './fillAvail';
import { isInteractiveMediaFile } from '../tracking/mediaFilesJson';
import { loadHlsCreative, renditionDuration, type FetchText } from './loadHlsCreative';
import { loadDashCreative } from '../dash/loadDashCreative';

export interface AvailSlot {
  index: number;
  breakOrdinal: number;
  contentTime: number;
  originSegment: number;
  replaceCount: number;
  /** Seconds of content the break replaces (0 for an insertion). */
  replacedDuration: number;
  signalledDuration: number | null;
  /**
   * Seconds the ads may fill when nothing is replaced (a DASH VOD insertion with a signalled duration,
   * src/dash/planDashVod.ts): whole ads within it, the rest slate. Absent: the replaced duration, if any.
   */
  fillLimit?: number | null;
}

export interface DecideDeps {
  fetchText: FetchText;
  now(): number;
  /** Loads the configured slate once per plan (null when none is configured or it fails). */
  loadSlate(): Promise<AdRendition[] | null>;
  /**
   * Loads one creative's ladder in place of loadHlsCreative / loadDashCreative over fetchText: a VOD plan
   * (planVod.ts) passes one that loads each creative URL once for all its avails.
   */
  loadCreative?(format: 'hls' | 'dash', url: string, timeoutMs: number): Promise<AdRendition[]>;
}

export interface ErrorBeacon {
  /** Dedupe key part: which ad (or 'vast') the error is about. */
  subject: string;
  url: string;
  errorCode: number;
}

export interface Decision {
  avail: PlannedAvail;
  errorBeacons: ErrorBeacon[];
}

/**
 * Where the ads come from: the configured ADS template (the default), a URL to ask as is (a VMAP
 * `AdTagURI`), or a document already in hand (a VMAP inline `VASTAdData`, or the session-start answer).
 */
export type AdSource =
  | { kind: 'template' } | { kind: 'url'; url: string } | { kind: 'vast'; vast: VastDocument; url: string }
  /** Ads retrieved ahead of the break by a prefetch schedule (src/session/prefetch): only the fill step runs, no request. */
  | { kind: 'prefetched'; avail: PlannedAvail };

export interface DecideArgs {
  config: PlaybackConfiguration; settings: EffectiveSettings; session: SessionRecord; slot: AvailSlot;
  scte: Record<string, string | number>; asset: Record<string, string>; deadline: number; deps: DecideDeps;
  source?: AdSource;
  /** VMAP break tracking; its `error` URLs are fired with a VMAP error code when the break plays content. */
  breakTracking?: { event: string; url: string }[];
  /**
   * The session content's container and muxing (contentShapeOf): only a ladder that fits it is stitched, the
   * others are skipped with NO_VARIANT_MATCH (issue 5). Absent: the best streaming MediaFile, unchecked.
   */
  contentShape?: ContentShape;
  /** Which streaming MediaFiles the session plays: HLS (default) or DASH (`application/dash+xml`, loadDashCreative). */
  creativeFormat?: 'hls' | 'dash';
}

/** An ADS answer, or why there is none (the avail failure strings of protocols.md §12). */
export type AdsAnswer =
  | { ok: true; url: string; response: AdResponse; latencyMs: number }
  | { ok: false; url: string; failure: string; latencyMs: number | null; vmapErrorCode: number };

function errorBeaconsOf(subject: string, urls: readonly string[], code: number): ErrorBeacon[] {
  return urls.filter((u) => u.trim()).map((url) => ({ subject, url: url.trim(), errorCode: code }));
}

/** Player params by lower-cased name: MediaTailor treats inner adsParams keys case-insensitively (§1.1). */
function sessionVars(session: SessionRecord, slot: AvailSlot) {
  const durMs = slot.signalledDuration !== null ? Math.round(slot.signalledDuration * 1000) : slot.replaceCount > 0 ? Math.round(slot.replacedDuration * 1000) : 300000;
  return {
    id: session.id,
    uuid: session.uuid,
    avail_duration_ms: durMs,
    avail_duration_secs: Math.round(durMs / 1000),
    user_agent: session.userAgent,
    referer: session.referer,
    client_ip: '',
  };
}

/** The ADS URL of a slot: the configured template with the session, avail, SCTE-35, player and asset values. */
export function adsRequestUrl(args: Pick<DecideArgs, 'config' | 'session' | 'slot' | 'scte' | 'asset'>): string {
  return expandAdsTemplate(args.config.AdDecisionServerUrl, {
    session: sessionVars(args.session, args.slot),
    avail: { index: args.slot.index, random: Math.floor(Math.random() * 10_000_000_000) },
    scte: args.scte,
    playerParams: args.session.playerParams,
    asset: args.asset,
  }).url;
}

/**
 * One ADS request, bounded by the per-request timeout and what is left of the decision budget, and its
 * answer read. `vmapErrorCode` is what a VMAP break's `error` tracking gets for this failure (VMAP 1.0
 * error codes: 1007 retrieval timeout, 1008 retrieval error, 1006 extraction or parsing error).
 */
export async function requestAds(url: string, settings: EffectiveSettings, deadline: number, deps: Pick<DecideDeps, 'fetchText' | 'now'>): Promise<AdsAnswer> {
  const t0 = deps.now();
  let text: string;
  try {
    const timeoutMs = Math.max(1, Math.min(settings.adsRequestTimeoutMs, deadline - deps.now()));
    const res = await deps.fetchText(url, { timeoutMs, headers: { Accept: 'application/xml, text/xml, */*' } });
    if (res.status < 200 || res.status > 299) {
      return { ok: false, url, failure: `ERROR_ADS_INVALID_RESPONSE: the ADS answered HTTP ${res.status}`, latencyMs: deps.now() - t0, vmapErrorCode: 1008 };
    }
    text = res.text;
    url = res.url || url;
  } catch (e) {
    const se = e as StitchboxError;
    const timeout = se.code === 'TIMEOUT' || se.code === 'ADS_TIMEOUT';
    return {
      ok: false, url, latencyMs: deps.now() - t0, vmapErrorCode: timeout ? 1007 : 1008,
      failure: timeout ? `ERROR_ADS_TIMEOUT: ${se.message}` : `ERROR_ADS_INVALID_RESPONSE: ${(e as Error).message}`,
    };
  }
  const latencyMs = deps.now() - t0;
  try {
    return { ok: true, url, response: parseAdResponse(text), latencyMs };
  } catch (e) {
    return { ok: false, url, failure: `ERROR_ADS_RESPONSE_PARSE: ${(e as Error).message}`, latencyMs, vmapErrorCode: 1006 };
  }
}

/** Seconds from the ad start of a `progress` offset ("HH:MM:SS(.mmm)" or "n%" of the ad duration). */
function progressOffset(offset: string | null, duration: number): number | null {
  const t = (offset ?? '').trim();
  if (t.endsWith('%')) {
    const p = Number(t.slice(0, -1));
    return Number.isFinite(p) && p >= 0 && p <= 100 ? (p / 100) * duration : null;
  }
  const time = parseVastTime(t);
  return time ? Math.min(time.seconds, duration) : null;
}

export function plannedAd(r: ResolvedAd, i: number, linear: VastLinear, renditions: AdRendition[]): PlannedAd {
  const ad = r.ad;
  const creative = ad.creatives.find((c) => c.linear) ?? ad.creatives[0];
  const duration = renditionDuration(renditions[0]);
  const tracking: Record<string, string[]> = { impression: [...ad.impressions] };
  const progress: { offset: number; url: string }[] = [];
  for (const t of linear.tracking) {
    (tracking[t.event] ??= []).push(t.url);
    if (t.event === 'progress') {
      const offset = progressOffset(t.offset, duration);
      if (offset !== null) progress.push({ offset, url: t.url });
    }
  }
  return {
    index: i, vastAdId: ad.id, adSystem: ad.adSystem, adTitle: ad.adTitle, creativeId: creative.id,
    creativeSequence: creative.sequence, duration, skipOffset: linear.skipOffset,
    adParameters: linear.adParameters, renditions, tracking, clickThrough: linear.clickThrough,
    clickTracking: linear.clickTracking, errorUrls: ad.errors,
    progress, customClick: linear.customClick,
    companionAds: ad.creatives.flatMap((c) => c.companionAds?.companions ?? []),
    icons: linear.icons, verifications: ad.verifications, extensions: ad.extensions,
    universalAdIds: creative.universalAdIds, wrapperUrls: r.wrapperUrls,
    interactiveMediaFiles: linear.mediaFiles.filter(isInteractiveMediaFile), mezzanine: linear.mezzanines[0]?.uri ?? '',
    interactiveCreativeFiles: linear.interactiveCreativeFiles,
  };
}

export function nonLinearAdsOf(ads: readonly ResolvedAd[]): PlannedNonLinearAds[] {
  const out: PlannedNonLinearAds[] = [];
  for (const { ad } of ads) {
    for (const c of ad.creatives) {
      if (!c.nonLinearAds || !c.nonLinearAds.nonLinears.length) continue;
      out.push({
        vastAdId: ad.id, adSystem: ad.adSystem, adTitle: ad.adTitle, creativeId: c.id, creativeAdId: c.adId, creativeSequence: c.sequence,
        nonLinears: c.nonLinearAds.nonLinears, tracking: c.nonLinearAds.tracking, extensions: ad.extensions,
      });
    }
  }
  return out;
}

/** MediaTailor skip reason for an ad whose wrapper chain gave nothing (protocols.md §13). */
function wrapperSkipReason(f: WrapperFailure): SkippedAd['reason'] {
  if (f.timedOut) return 'ADS_TIMEOUT';
  return f.code >= 100 && f.code < 200 ? 'VAST_PARSING_ERROR' : 'INVALID_VAST_WRAPPER_AD';
}

export async function decideAvail(args: DecideArgs): Promise<Decision> {
  const { config, settings, slot, deps } = args;
  const avail: PlannedAvail = {
    index: slot.index, breakOrdinal: slot.breakOrdinal, contentTime: slot.contentTime, originSegment: slot.originSegment,
    replaceCount: slot.replaceCount, signalledDuration: slot.signalledDuration, ads: [], slate: null, skipped: [],
    failure: null, adsRequestUrl: null, adsLatencyMs: null,
  };
  if (args.breakTracking?.length) avail.breakTracking = args.breakTracking;
  const errorBeacons: ErrorBeacon[] = [];
  const breakErrors = (code: number) => errorBeacons.push(...errorBeaconsOf('vmap-break', (args.breakTracking ?? []).filter((t) => t.event === 'error').map((t) => t.url), code));
  const fail = (why: string, vmapErrorCode = 1004): Decision => {
    avail.ads = []; avail.slate = null; avail.failure = why;
    breakErrors(vmapErrorCode);
    return { avail, errorBeacons };
  };
  const remaining = () => args.deadline - deps.now();

  // 1. The answer: a document in hand, or one ADS request (the template, or a URL as given).
  const source = args.source ?? { kind: 'template' };
  let vast: VastDocument;
  let vastUrl: string;
  if (source.kind === 'prefetched') {
    // The answer, wrappers and ladders were handled at retrieval (and its VAST errors fired then).
    avail.adsRequestUrl = source.avail.adsRequestUrl;
    avail.skipped.push(...source.avail.skipped);
    if (source.avail.nonLinearAds) avail.nonLinearAds = source.avail.nonLinearAds;
    return fillStep(source.avail.ads);
  } else if (source.kind === 'vast') {
    vast = source.vast;
    vastUrl = source.url;
    avail.adsRequestUrl = source.url;
  } else {
    const url = source.kind === 'url' ? source.url : adsRequestUrl(args);
    avail.adsRequestUrl = url;
    const answer = await requestAds(url, settings, args.deadline, deps);
    avail.adsLatencyMs = answer.latencyMs;
    if (!answer.ok) return fail(answer.failure, answer.vmapErrorCode);
    if (answer.response.kind === 'vmap') {
      // A break signalled by a cue marker is one break: the VMAP's first linear break with ads fills it.
      const brk = answer.response.vmap.breaks.find((b) => b.breakTypes.includes('linear') && (b.adSource?.vast || b.adSource?.adTagUri));
      if (!brk) return fail('EMPTY_VAST_RESPONSE: the VMAP answer has no linear break with ads');
      const tracking = [...(args.breakTracking ?? []), ...brk.tracking];
      const next: AdSource = brk.adSource!.vast ? { kind: 'vast', vast: brk.adSource!.vast, url: answer.url } : { kind: 'url', url: brk.adSource!.adTagUri! };
      const d = await decideAvail({ ...args, source: next, breakTracking: tracking });
      d.avail.adsLatencyMs = answer.latencyMs + (d.avail.adsLatencyMs ?? 0);
      return d;
    }
    vast = answer.response.vast;
    vastUrl = answer.url;
  }

  // 2. The wrappers, followed within what is left of the budget (protocols.md §12: 3 s a request, 7 levels).
  const resolved = await resolveVast({ vast, url: vastUrl }, {
    fetchText: deps.fetchText, now: deps.now, requestTimeoutMs: settings.adsRequestTimeoutMs, deadline: args.deadline,
  });
  for (const f of resolved.failures) avail.skipped.push({ vastAdId: f.rootAdId, creativeId: '', reason: wrapperSkipReason(f), message: `VAST ${f.code}: ${f.message}` });
  for (const e of resolved.errors) errorBeacons.push({ subject: `wrapper:${e.rootAdId}`, url: e.url, errorCode: e.code });
  const nonLinear = nonLinearAdsOf(resolved.ads);
  if (nonLinear.length) avail.nonLinearAds = nonLinear;
  if (!vast.ads.length) {
    // VAST 4.2 §2.3.6.3: 303 "No Ads VAST response"; the VAST-level Error element is the place to report it.
    errorBeacons.push(...errorBeaconsOf('vast', vast.errors, 303));
    return fail('EMPTY_VAST_RESPONSE: the ADS returned no ads');
  }

  // 3. Each ad: validate, pick its streaming rendition ladder, load it (in parallel, within the budget).
  const skip = (ad: VastAd, reason: SkippedAd['reason'], message: string, vastErrorCode: number) => {
    avail.skipped.push({ vastAdId: ad.id, creativeId: ad.creatives[0]?.id ?? '', reason, message });
    errorBeacons.push(...errorBeaconsOf(`ad:${ad.id}`, ad.errors, vastErrorCode));
  };
  /**
   * The ladder to stitch: without a content shape, the best streaming MediaFile as before; with one, every
   * streaming MediaFile (loaded together, within the budget) and the first, in rank order, that fits the
   * content. Loaded ladders that all misfit: NO_VARIANT_MATCH (protocols.md §13) with VAST error 403
   * ("Couldn't find MediaFile that is supported by this video player"), so the break fails open.
   */
  const format = args.creativeFormat ?? 'hls';
  const loadLadder = async (ad: VastAd, best: string): Promise<{ renditions: AdRendition[] } | { reason: SkippedAd['reason']; message: string; vastErrorCode: number }> => {
    const shape = args.contentShape;
    const urls = [best];
    if (shape) for (const mf of streamingMediaFiles(ad, format)) if (!urls.includes(mf.uri)) urls.push(mf.uri);
    const timeoutMs = Math.max(1, Math.min(settings.adsRequestTimeoutMs, remaining()));
    const load = format === 'dash' ? loadDashCreative : loadHlsCreative;
    const results = await Promise.allSettled(urls.map((u) => (deps.loadCreative ? deps.loadCreative(format, u, timeoutMs) : load(deps.fetchText, u, timeoutMs))));
    let firstError: unknown = null;
    let misfits = 0;
    for (const res of results) {
      if (res.status === 'rejected') { firstError ??= res.reason; continue; }
      const renditions = shape ? fittingRenditions(shape, res.value) : res.value;
      if (renditions.length) return { renditions };
      misfits++;
    }
    if (misfits === 0) {
      const e = firstError as StitchboxError;
      return { reason: 'MEDIA_FILE_UNAVAILABLE', message: `ERROR_VAST_INVALID_MEDIA_FILE: ${e.message}`, vastErrorCode: e.vastErrorCode ?? 401 };
    }
    return {
      reason: 'NO_VARIANT_MATCH', vastErrorCode: 403,
      message: `no streaming rendition fits the content (${shape!.container}, ${shape!.demuxedAudio ? 'demuxed' : 'muxed'} audio)`,
    };
  };
  // Ladders load in parallel; skips (and their Error URLs) are recorded afterwards in response order, so the
  // decision does not depend on which load finished first.
  type Skip = { skipped: [VastAd, SkippedAd['reason'], string, number] };
  const loaded = await Promise.all(resolved.ads.map(async (r, i): Promise<PlannedAd | Skip> => {
    const ad = r.ad;
    const rejection = validateAd(ad);
    if (rejection) return { skipped: [ad, rejection.reason, `${rejection.code}: ${rejection.message}`, rejection.vastErrorCode] };
    const media = selectStreamingMedia(ad, { creativeUrlTemplate: settings.creativeUrlTemplate, format });
    if (!('url' in media)) return { skipped: [ad, media.reason, `${media.code}: ${media.message}`, media.vastErrorCode] };
    const loadedLadder = await loadLadder(ad, media.url);
    if ('reason' in loadedLadder) return { skipped: [ad, loadedLadder.reason, loadedLadder.message, loadedLadder.vastErrorCode] };
    return plannedAd(r, i, ad.creatives.find((c) => c.linear)!.linear!, loadedLadder.renditions);
  }));
  const candidates: PlannedAd[] = [];
  for (const x of loaded) {
    if ('skipped' in x) skip(...x.skipped);
    else candidates.push(x);
  }
  return fillStep(candidates);

  // 4. Fill: whole ads in response order; slate for the remainder of a replaced break (protocols.md §7).
  async function fillStep(candidates: PlannedAd[]): Promise<Decision> {
    const limit = slot.fillLimit ?? (slot.replaceCount > 0 ? slot.replacedDuration : null);
    // The slate is one URL (SlateAdUrl): it is used when its ladder fits the content, else the remainder plays content.
    const slateLadder = limit !== null ? await deps.loadSlate() : null;
    const fittingSlate = slateLadder && args.contentShape ? fittingRenditions(args.contentShape, slateLadder) : slateLadder;
    const slate = fittingSlate && fittingSlate.length ? fittingSlate : null;
    const fill = fillAvail(candidates, limit, { slateAvailable: slate !== null, personalizationThreshold: config.PersonalizationThresholdSeconds ?? null });
    for (const s of fill.skipped) {
      avail.skipped.push({ vastAdId: s.ad.vastAdId, creativeId: s.ad.creativeId, reason: s.reason, message: `ad of ${s.ad.duration}s does not fit` });
    }
    if (fill.abandoned) return fail('LEFTOVER_AVAIL_EXCEEDED_THRESHOLD: the unfilled remainder exceeds the personalization threshold');
    if (!fill.chosen.length) return fail(avail.skipped.length ? 'no ad could be stitched' : 'EMPTY_VAST_RESPONSE');
    avail.ads = fill.chosen.map((a, i) => ({ ...a, index: i }));
    if (slate && fill.slateDuration > 0) avail.slate = { renditions: slate, duration: fill.slateDuration };
    return { avail, errorBeacons };
  }
}
