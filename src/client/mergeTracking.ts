/**
 * Merge one tracking answer into what the page already knows (protocols.md §3, §4; §19 "Beacon accuracy").
 *
 * Answers are not snapshots to swap in (Shaka swaps, players.md §1.5): a live break first seen with
 * `durationInSeconds: 0` and few events gains its later ads and events (§3.1, BMW MediaTailorSession.ts),
 * a `nextToken` answer lists only beacons after the token (§3.2), and StreamPackage never resends an
 * event (§17). So:
 * - avails are keyed by `availId`, ads by `adId` inside their avail, events by `eventType` + `eventId`
 *   (impression and start share an eventId: §5.2), with `startTimeInSeconds` as the fallback key when an
 *   id is missing;
 * - a known item takes the newer answer's fields, except that a duration never shrinks back to 0 and
 *   lists (ads, events, beacon URLs, break tracking) are unions: nothing seen once is forgotten while it
 *   can still play;
 * - an avail missing from the answer is kept until it is behind the playhead (its end <= playhead), so a
 *   break that scrolled out of a live window but has not been played yet still fires.
 * Fired flags are not stored here (see firedSet.ts), so no merge can reset them.
 *
 * Input is untrusted JSON: entries that are not objects, or lack the arrays Shaka would throw on, are
 * dropped and reported in `problems`; the merge never throws on bad data (fail open).
 */
import type { MediaTailorAd, MediaTailorAvail, MediaTailorTrackingEvent } from '../tracking/mediaTailorTypes';

export interface TrackingState {
  /** Linear avails, sorted by start time. */
  avails: MediaTailorAvail[];
  /** Last `nextToken` seen (null or "" when the server pages nothing). */
  nextToken: string | null;
}

export interface MergeResult {
  state: TrackingState;
  /** Entries that were dropped and why; empty for a well-formed answer. */
  problems: string[];
}

export const emptyTrackingState = (): TrackingState => ({ avails: [], nextToken: null });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

function union(a: string[], b: string[]): string[] {
  if (!b.length) return a;
  const out = a.slice();
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

/** Later non-zero durations win; a 0 never overwrites a known one (§3.1: live breaks start at 0). */
const duration = (prev: number, next: number) => (next > 0 ? next : prev);

const eventKey = (e: MediaTailorTrackingEvent) => `${e.eventType}|${e.eventId || `@${e.startTimeInSeconds}`}`;
const adKey = (a: MediaTailorAd) => a.adId || `@${a.startTimeInSeconds}`;
export const availKey = (a: MediaTailorAvail) => a.availId || `@${a.startTimeInSeconds}`;

function readEvent(v: unknown): MediaTailorTrackingEvent | null {
  if (!isObject(v) || typeof v.eventType !== 'string') return null;
  return { ...(v as unknown as MediaTailorTrackingEvent), beaconUrls: strings(v.beaconUrls), eventId: str(v.eventId), startTimeInSeconds: num(v.startTimeInSeconds), durationInSeconds: num(v.durationInSeconds) };
}

function readAd(v: unknown, problems: string[]): MediaTailorAd | null {
  if (!isObject(v)) { problems.push('an ad is not an object'); return null; }
  const events: MediaTailorTrackingEvent[] = [];
  if (!Array.isArray(v.trackingEvents)) problems.push(`ad ${str(v.adId)}: trackingEvents is not an array`);
  else for (const e of v.trackingEvents) { const r = readEvent(e); if (r) events.push(r); else problems.push(`ad ${str(v.adId)}: a tracking event without eventType`); }
  return {
    ...(v as unknown as MediaTailorAd),
    adId: str(v.adId),
    startTimeInSeconds: num(v.startTimeInSeconds),
    durationInSeconds: num(v.durationInSeconds),
    companionAds: Array.isArray(v.companionAds) ? v.companionAds : [],
    skipOffset: typeof v.skipOffset === 'string' ? v.skipOffset : null,
    trackingEvents: events,
  };
}

function readAvail(v: unknown, problems: string[]): MediaTailorAvail | null {
  if (!isObject(v)) { problems.push('an avail is not an object'); return null; }
  if (!Array.isArray(v.ads)) { problems.push(`avail ${str(v.availId)}: ads is not an array`); return null; }
  const ads = v.ads.map((a) => readAd(a, problems)).filter((a): a is MediaTailorAd => a !== null);
  const breakEvents = Array.isArray(v.adBreakTrackingEvents)
    ? v.adBreakTrackingEvents.filter(isObject).map((e) => ({ eventType: str(e.eventType), beaconUrls: strings(e.beaconUrls) }))
    : [];
  return {
    ...(v as unknown as MediaTailorAvail),
    availId: str(v.availId),
    startTimeInSeconds: num(v.startTimeInSeconds),
    durationInSeconds: num(v.durationInSeconds),
    adBreakTrackingEvents: breakEvents,
    ads,
  };
}

function mergeEvents(prev: MediaTailorTrackingEvent[], next: MediaTailorTrackingEvent[]): MediaTailorTrackingEvent[] {
  const out = prev.slice();
  const index = new Map(out.map((e, i) => [eventKey(e), i]));
  for (const e of next) {
    const i = index.get(eventKey(e));
    if (i === undefined) { index.set(eventKey(e), out.length); out.push(e); continue; }
    out[i] = { ...out[i], ...e, beaconUrls: union(out[i].beaconUrls, e.beaconUrls) };
  }
  return out.sort((a, b) => a.startTimeInSeconds - b.startTimeInSeconds);
}

function mergeAd(prev: MediaTailorAd, next: MediaTailorAd): MediaTailorAd {
  return {
    ...prev,
    ...next,
    durationInSeconds: duration(prev.durationInSeconds, next.durationInSeconds),
    companionAds: next.companionAds.length ? next.companionAds : prev.companionAds,
    trackingEvents: mergeEvents(prev.trackingEvents, next.trackingEvents),
  };
}

function mergeAvail(prev: MediaTailorAvail, next: MediaTailorAvail): MediaTailorAvail {
  const ads = prev.ads.slice();
  const index = new Map(ads.map((a, i) => [adKey(a), i]));
  for (const a of next.ads) {
    const i = index.get(adKey(a));
    if (i === undefined) { index.set(adKey(a), ads.length); ads.push(a); } else ads[i] = mergeAd(ads[i], a);
  }
  ads.sort((a, b) => a.startTimeInSeconds - b.startTimeInSeconds);
  const breakEvents = prev.adBreakTrackingEvents.slice();
  for (const e of next.adBreakTrackingEvents) {
    const i = breakEvents.findIndex((x) => x.eventType === e.eventType);
    if (i === -1) breakEvents.push(e); else breakEvents[i] = { ...breakEvents[i], beaconUrls: union(breakEvents[i].beaconUrls, e.beaconUrls) };
  }
  return { ...prev, ...next, durationInSeconds: duration(prev.durationInSeconds, next.durationInSeconds), ads, adBreakTrackingEvents: breakEvents };
}

/** End of an avail on the timeline: its own duration, or its last ad's end if that reaches further. */
export function availEnd(a: MediaTailorAvail): number {
  let end = a.startTimeInSeconds + a.durationInSeconds;
  for (const ad of a.ads) end = Math.max(end, ad.startTimeInSeconds + ad.durationInSeconds);
  return end;
}

/**
 * Merge `answer` (a parsed tracking JSON body) into `prev`. `playhead` (seconds, the player's current time)
 * decides which avails that are missing from the answer may go.
 */
export function mergeTracking(prev: TrackingState, answer: unknown, playhead: number): MergeResult {
  const problems: string[] = [];
  if (!isObject(answer) || !Array.isArray(answer.avails)) {
    return { state: prev, problems: ['the answer has no avails array: ignored'] };
  }
  const byKey = new Map(prev.avails.map((a) => [availKey(a), a]));
  const seen = new Set<string>();
  for (const raw of answer.avails) {
    const next = readAvail(raw, problems);
    if (!next) continue;
    const k = availKey(next);
    seen.add(k);
    const old = byKey.get(k);
    byKey.set(k, old ? mergeAvail(old, next) : next);
  }
  const avails = [...byKey.entries()]
    .filter(([k, a]) => seen.has(k) || availEnd(a) > playhead)
    .map(([, a]) => a)
    .sort((a, b) => a.startTimeInSeconds - b.startTimeInSeconds);
  const token = answer.nextToken ?? answer.NextToken;
  return { state: { avails, nextToken: typeof token === 'string' ? token : null }, problems };
}
