/**
 * broadpeak.io Session Tracking JSON (`bk-ml`, protocols.md §16) read into the MediaTailor shape the poller
 * merges and the ad timeline plays (§4), so one page-side client serves all three dialects:
 * pod → avail (`availId` = pod `id`), ad → ad, `trackers` with a time → trackingEvents, `clicks` →
 * clickThrough / clickTracking events (§4.5), `skippability.skipoffset_ms` → `skipOffset`.
 *
 * - Slate entries (`adid: "SLATE"`) are not ads (§7) and are left out.
 * - Broadpeak's own CLI keys ads by `adid` + `starttime_ms` while merging polls (§16): that pair is the adId,
 *   so the same creative twice in a session stays two ad instances.
 * - Times: milliseconds from the session start for VOD and live without program date times, which is the
 *   player's timeline. Live with program date times gives epoch milliseconds (§16), which `video.currentTime`
 *   is not: such answers are read as they are and their ads never come due (not supported).
 * - Anything that is not an object with an `adpods` array gives `{}`: the merge reports it and keeps its state.
 */
import type { MediaTailorAd, MediaTailorAvail, MediaTailorTrackingEvent } from '../tracking/mediaTailorTypes';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ms = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

function vastTime(msValue: number): string {
  const t = Math.max(0, Math.round(msValue));
  const h = Math.floor(t / 3_600_000), m = Math.floor(t / 60_000) % 60, s = Math.floor(t / 1000) % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(t % 1000).padStart(3, '0')}`;
}

function event(eventType: string, urls: string[], atMs: number, adId: string): MediaTailorTrackingEvent {
  return {
    beaconUrls: urls, duration: 'PT0S', durationInSeconds: 0, eventId: `${adId}:${eventType}:${atMs}`, eventProgramDateTime: null,
    eventType, startTime: `PT${atMs / 1000}S`, startTimeInSeconds: atMs / 1000,
  };
}

function readAd(a: Record<string, unknown>): MediaTailorAd {
  const start = ms(a.starttime_ms);
  const dur = ms(a.duration_ms);
  const adId = `${String(a.adid ?? '')}@${start}`;
  const trackingEvents: MediaTailorTrackingEvent[] = [];
  for (const t of Array.isArray(a.trackers) ? a.trackers.filter(isObject) : []) {
    // A tracker with no time is fired on a player action (pause, mute, ...): not a timeline event.
    if (typeof t.event !== 'string' || typeof t.starttime_ms !== 'number') continue;
    trackingEvents.push(event(t.event, strings(t.urls), t.starttime_ms, adId));
  }
  const clicks = isObject(a.clicks) ? a.clicks : {};
  if (typeof clicks.clickthrough === 'string' && clicks.clickthrough) trackingEvents.push(event('clickThrough', [clicks.clickthrough], start, adId));
  const tracking = strings(clicks.clicktracking);
  if (tracking.length) trackingEvents.push(event('clickTracking', tracking, start, adId));
  const skip = isObject(a.skippability) && a.skippability.skippable === true && typeof a.skippability.skipoffset_ms === 'number' ? vastTime(a.skippability.skipoffset_ms) : null;
  return {
    adId, adParameters: '', adProgramDateTime: null, adSystem: '', adTitle: typeof a.title === 'string' ? a.title : '',
    adVerifications: [], companionAds: [], creativeId: typeof a.creativeid === 'string' ? a.creativeid : '', creativeSequence: '',
    duration: `PT${dur / 1000}S`, durationInSeconds: dur / 1000, extensions: [], icons: [], mediaFiles: { mediaFilesList: [], mezzanine: '' },
    skipOffset: skip, startTime: `PT${start / 1000}S`, startTimeInSeconds: start / 1000, trackingEvents, vastAdId: String(a.adid ?? ''),
  };
}

export function readBroadpeakTracking(body: unknown): { avails: MediaTailorAvail[]; nextToken: null } | Record<string, never> {
  if (!isObject(body) || !Array.isArray(body.adpods)) return {};
  const avails: MediaTailorAvail[] = [];
  for (const pod of body.adpods.filter(isObject)) {
    const ads = (Array.isArray(pod.ads) ? pod.ads.filter(isObject) : []).filter((a) => a.adid !== 'SLATE').map(readAd);
    const start = ads.length ? ads[0].startTimeInSeconds : ms(pod.starttime_ms) / 1000;
    const dur = ads.reduce((s, a) => s + a.durationInSeconds, 0);
    avails.push({
      adBreakTrackingEvents: [], adMarkerDuration: null, ads, availId: String(pod.id ?? ''), availProgramDateTime: null,
      duration: `PT${dur}S`, durationInSeconds: dur, meta: null, nonLinearAdsList: [], startTime: `PT${start}S`, startTimeInSeconds: start,
    });
  }
  return { avails, nextToken: null };
}
