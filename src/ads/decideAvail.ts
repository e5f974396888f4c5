/**
 * One ad decision for one avail: ask the ADS, read the VAST, resolve each ad's streaming renditions, and
 * fill the avail. Every failure fails open (DESIGN invariant 6): the avail then plays content, and the
 * reason is recorded on it. VAST Error URLs of rejected ads are returned for the caller to fire.
 */
import { StitchboxError } from '../errors';
import type { PlaybackConfiguration, EffectiveSettings } from '../session/config';
import type { PlannedAd, PlannedAvail, SkippedAd, AdRendition } from '../session/plan';
import type { SessionRecord } from '../session/sessionRecord';
import { parseVast } from '../vast/parseVast';
import type { VastAd, VastDocument } from '../vast/parseVast';
import { adsInPlayOrder } from '../vast/podOrder';
import { validateAd } from '../vast/validateAd';
import { selectStreamingMedia } from '../vast/selectStreamingMedia';
import { expandAdsTemplate } from './expandAdsTemplate';
import { fillAvail } from './fillAvail';
import { loadHlsCreative, renditionDuration, type FetchText } from './loadHlsCreative';

export interface AvailSlot {
  index: number;
  breakOrdinal: number;
  contentTime: number;
  originSegment: number;
  replaceCount: number;
  /** Seconds of content the break replaces (0 for an insertion). */
  replacedDuration: number;
  signalledDuration: number | null;
}

export interface DecideDeps {
  fetchText: FetchText;
  now(): number;
  /** Loads the configured slate once per plan (null when none is configured or it fails). */
  loadSlate(): Promise<AdRendition[] | null>;
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

export async function decideAvail(args: {
  config: PlaybackConfiguration; settings: EffectiveSettings; session: SessionRecord; slot: AvailSlot;
  scte: Record<string, string | number>; asset: Record<string, string>; deadline: number; deps: DecideDeps;
}): Promise<Decision> {
  const { config, settings, session, slot, deps } = args;
  const avail: PlannedAvail = {
    index: slot.index, breakOrdinal: slot.breakOrdinal, contentTime: slot.contentTime, originSegment: slot.originSegment,
    replaceCount: slot.replaceCount, signalledDuration: slot.signalledDuration, ads: [], slate: null, skipped: [],
    failure: null, adsRequestUrl: null, adsLatencyMs: null,
  };
  const errorBeacons: ErrorBeacon[] = [];
  const fail = (why: string): Decision => { avail.ads = []; avail.slate = null; avail.failure = why; return { avail, errorBeacons }; };
  const remaining = () => args.deadline - deps.now();

  const { url } = expandAdsTemplate(config.AdDecisionServerUrl, {
    session: sessionVars(session, slot),
    avail: { index: slot.index, random: Math.floor(Math.random() * 10_000_000_000) },
    scte: args.scte,
    playerParams: session.playerParams,
    asset: args.asset,
  });
  avail.adsRequestUrl = url;

  // 1. The ADS request, bounded by the per-request timeout and what is left of the decision budget.
  const t0 = deps.now();
  let text: string;
  try {
    const timeoutMs = Math.max(1, Math.min(settings.adsRequestTimeoutMs, remaining()));
    const res = await deps.fetchText(url, { timeoutMs, headers: { Accept: 'application/xml, text/xml, */*' } });
    avail.adsLatencyMs = deps.now() - t0;
    if (res.status < 200 || res.status > 299) return fail(`ERROR_ADS_INVALID_RESPONSE: the ADS answered HTTP ${res.status}`);
    text = res.text;
  } catch (e) {
    avail.adsLatencyMs = deps.now() - t0;
    const se = e as StitchboxError;
    return fail(se.code === 'TIMEOUT' || se.code === 'ADS_TIMEOUT' ? `ERROR_ADS_TIMEOUT: ${se.message}` : `ERROR_ADS_INVALID_RESPONSE: ${(e as Error).message}`);
  }

  // 2. The VAST document.
  let vast: VastDocument;
  try {
    vast = parseVast(text).vast;
  } catch (e) {
    return fail(`ERROR_ADS_RESPONSE_PARSE: ${(e as Error).message}`);
  }
  const ordered = adsInPlayOrder(vast);
  if (!ordered.length) {
    // VAST 4.2 §2.3.6.3: 303 "No Ads VAST response"; the VAST-level Error element is the place to report it.
    errorBeacons.push(...errorBeaconsOf('vast', vast.errors, 303));
    return fail('EMPTY_VAST_RESPONSE: the ADS returned no ads');
  }

  // 3. Each ad: validate, pick its streaming rendition ladder, load it (in parallel, within the budget).
  const skip = (ad: VastAd, reason: SkippedAd['reason'], message: string, vastErrorCode: number) => {
    avail.skipped.push({ vastAdId: ad.id, creativeId: ad.creatives[0]?.id ?? '', reason, message });
    errorBeacons.push(...errorBeaconsOf(`ad:${ad.id}`, ad.errors, vastErrorCode));
  };
  const loaded = await Promise.all(ordered.map(async (ad, i): Promise<PlannedAd | null> => {
    if (ad.kind === 'wrapper') { skip(ad, 'INVALID_VAST_WRAPPER_AD', 'wrapper ads are not followed yet', 302); return null; }
    const rejection = validateAd(ad);
    if (rejection) { skip(ad, rejection.reason, `${rejection.code}: ${rejection.message}`, rejection.vastErrorCode); return null; }
    const media = selectStreamingMedia(ad, { creativeUrlTemplate: settings.creativeUrlTemplate, format: 'hls' });
    if (!('url' in media)) { skip(ad, media.reason, `${media.code}: ${media.message}`, media.vastErrorCode); return null; }
    let renditions: AdRendition[];
    try {
      renditions = await loadHlsCreative(deps.fetchText, media.url, Math.max(1, Math.min(settings.adsRequestTimeoutMs, remaining())));
    } catch (e) {
      skip(ad, 'MEDIA_FILE_UNAVAILABLE', `ERROR_VAST_INVALID_MEDIA_FILE: ${(e as Error).message}`, (e as StitchboxError).vastErrorCode ?? 401);
      return null;
    }
    const creative = ad.creatives.find((c) => c.linear) ?? ad.creatives[0];
    const linear = creative.linear!;
    const tracking: Record<string, string[]> = { impression: [...ad.impressions] };
    for (const t of linear.tracking) (tracking[t.event] ??= []).push(t.url);
    return {
      index: i, vastAdId: ad.id, adSystem: ad.adSystem, adTitle: ad.adTitle, creativeId: creative.id,
      creativeSequence: creative.sequence, duration: renditionDuration(renditions[0]), skipOffset: linear.skipOffset,
      adParameters: linear.adParameters, renditions, tracking, clickThrough: linear.clickThrough,
      clickTracking: linear.clickTracking, errorUrls: ad.errors,
    };
  }));
  const candidates = loaded.filter((a): a is PlannedAd => a !== null);

  // 4. Fill: whole ads in response order; slate for the remainder of a replaced break (protocols.md §7).
  const limit = slot.replaceCount > 0 ? slot.replacedDuration : null;
  const slate = limit !== null ? await deps.loadSlate() : null;
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
