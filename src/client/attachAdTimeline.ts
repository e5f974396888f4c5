/**
 * A player-agnostic ad timeline on a `<video>`: it reads only `currentTime`, `timeupdate`, `seeking`,
 * `seeked`, `ended` and, where the browser has it, `requestVideoFrameCallback` (for sharper timing than
 * timeupdate's ~250 ms), so it works under hls.js, Shaka, dash.js or native playback alike.
 *
 * It emits typed events for ad UIs (`on(type, detail => …)`): breakStart, adStart, companions (the ad's
 * `companionAds`, with adStart), skippable (the ad's skipOffset reached), firstQuartile, midpoint,
 * thirdQuartile, adEnd (complete), breakEnd, clickThrough, skip (skip()). Which cue is due when: cuesDue.ts (a seek
 * does not fire what it jumps over; every cue fires at most once per ad instance).
 *
 * Beacons (protocols.md §14.2, §14.3): with `reportingMode: 'client'` the timeline sends each cue's
 * beacon URLs itself (impression+start, quartiles, complete, VMAP breakStart/breakEnd; ClickTracking on
 * click(); `skip` on skip()), with VAST macros filled (`[CACHEBUSTING]`, `[TIMESTAMP]`, ...). A URL fires at most once per
 * ad instance and event type, even when an answer lists it twice or a later answer repeats it: the
 * fired set (memory, or sessionStorage with `persist`) is keyed on instance, event type and URL. With
 * `reportingMode: 'server'` (server-side or hybrid mode) the page fires nothing: the worker does.
 */
import { expandMacros } from '../vast/expandMacros';
import type { MediaTailorAd, MediaTailorAvail } from '../tracking/mediaTailorTypes';
import { adInstance, buildAdCues, type AdCue, type CueKind } from './buildAdCues';
import { cuesDue, type PlayheadStep } from './cuesDue';
import { createFiredSet, type FiredSet } from './firedSet';
import type { TrackingPoller } from './createTrackingPoller';
import { availKey } from './mergeTracking';
import { TypedEventTarget } from './typedEventTarget';

export interface AdEventDetail {
  type: CueKind | 'companions' | 'clickThrough' | 'skip';
  /** Playhead when the event was emitted. */
  time: number;
  avail: MediaTailorAvail;
  availId: string;
  ad?: MediaTailorAd;
  adId?: string;
  /** 1-based position of the ad in its break, and the break's ad count: "Ad 1 of 2". */
  adNumber: number;
  adCount: number;
  /** Beacon URLs sent for this event (client mode), after macro expansion. */
  beacons: string[];
}

export interface AdTimelineEvents extends Record<string, unknown> {
  breakStart: AdEventDetail;
  adStart: AdEventDetail;
  skippable: AdEventDetail;
  firstQuartile: AdEventDetail;
  midpoint: AdEventDetail;
  thirdQuartile: AdEventDetail;
  adEnd: AdEventDetail;
  breakEnd: AdEventDetail;
  companions: AdEventDetail & { companions: MediaTailorAd['companionAds'] };
  clickThrough: AdEventDetail & { url: string };
  /** The viewer skipped the ad (skip()); `to` is where the player should seek: the ad's end. */
  skip: AdEventDetail & { to: number };
}

export interface AdTimelineOptions {
  /** `client`: the page fires the beacons; `server`: the worker does (server-side or hybrid mode). */
  reportingMode: 'client' | 'server';
  /**
   * How a beacon URL is sent (client mode). Default: `fetch(url, {mode: 'no-cors', keepalive: true})`, a
   * GET like Bitmovin's (players.md §2); GET is what VAST trackers expect (§1.7: POSTs get 404 there).
   * `key` names the beacon (ad instance, event, URL as listed) the same way on every call and after a reload:
   * `Stitchbox.beaconSender` uses it to hand the beacon to the worker's outbox (sent once, kept while offline).
   */
  fireBeacons?: (url: string, key: string) => void;
  /** Keep the fired set in this storage (e.g. `sessionStorage`) across reloads of the same session. */
  persist?: Pick<Storage, 'getItem' | 'setItem'>;
}

export interface CurrentAd {
  avail: MediaTailorAvail;
  ad: MediaTailorAd;
  adNumber: number;
  adCount: number;
  /** Seconds left in the ad. */
  remaining: number;
  skippable: boolean;
}

function defaultFire(url: string): void {
  void fetch(url, { mode: 'no-cors', keepalive: true, credentials: 'include', cache: 'no-store' }).catch(() => undefined);
}

export class AdTimeline extends TypedEventTarget<AdTimelineEvents> {
  private cues: AdCue[] = [];
  private last: number;
  private seeking = false;
  private detached = false;
  private readonly cueFired: FiredSet;
  private readonly beaconFired: FiredSet;
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly video: HTMLVideoElement, private readonly poller: TrackingPoller, private readonly opts: AdTimelineOptions) {
    super();
    const key = `stitchbox:fired:${poller.trackingUrl}`;
    this.cueFired = createFiredSet({ storage: opts.persist, storageKey: `${key}:cues` });
    this.beaconFired = createFiredSet({ storage: opts.persist, storageKey: `${key}:beacons` });
    poller.usePlayhead(() => video.currentTime);
    this.cues = buildAdCues(poller.state());
    this.last = video.currentTime;

    const listen = (target: EventTarget, type: string, fn: () => void) => {
      target.addEventListener(type, fn);
      this.cleanups.push(() => target.removeEventListener(type, fn));
    };
    this.cleanups.push(poller.on('update', ({ state }) => { this.cues = buildAdCues(state); this.sample(); }));
    listen(video, 'timeupdate', () => this.sample());
    listen(video, 'seeking', () => { this.seeking = true; });
    listen(video, 'seeked', () => { this.seeking = false; this.step({ kind: 'seek', to: video.currentTime }); });
    // The last frames before `ended` may come after the last timeupdate; complete sits exactly at the ad
    // end (§4.5), which the stream's end may miss by rounding, so `ended` plays on a little past it.
    listen(video, 'ended', () => this.step({ kind: 'play', from: this.last, to: Math.max(video.currentTime, this.last) + ENDED_SLACK_S }));
    this.frameLoop();
    // The attach is a landing: the ad under the playhead (if tracking already has it) starts. In a
    // microtask, so that listeners added right after attachAdTimeline() see it.
    queueMicrotask(() => { if (this.last === video.currentTime) this.step({ kind: 'seek', to: video.currentTime }); });
  }

  /** The ad under the playhead, for an ad UI ("Ad 1 of 2 · 0:07"). */
  current(): CurrentAd | null {
    const t = this.video.currentTime;
    for (const avail of this.poller.state().avails) {
      const i = avail.ads.findIndex((a) => t >= a.startTimeInSeconds && t < a.startTimeInSeconds + a.durationInSeconds);
      if (i === -1) continue;
      const ad = avail.ads[i];
      return {
        avail, ad, adNumber: i + 1, adCount: avail.ads.length,
        remaining: ad.startTimeInSeconds + ad.durationInSeconds - t,
        skippable: this.cueFired.has(`${adInstance(avail, ad)}#skippable`),
      };
    }
    return null;
  }

  /**
   * The viewer clicked the current ad: fires its ClickTracking (client mode, once per ad instance), emits
   * clickThrough and returns the landing page (the clickThrough event's URL, §4.5), or null when no ad
   * with a landing page is playing. Opening the page is the caller's (popup blockers want the click's own task).
   */
  click(): string | null {
    const cur = this.current();
    if (!cur) return null;
    const url = cur.ad.trackingEvents.find((e) => e.eventType === 'clickThrough')?.beaconUrls[0] ?? null;
    const instance = adInstance(cur.avail, cur.ad);
    const tracking = [...new Set(cur.ad.trackingEvents.filter((e) => e.eventType === 'clickTracking').flatMap((e) => e.beaconUrls))];
    const sent = this.fire(instance, 'clickTracking', tracking);
    if (url) this.emit('clickThrough', { ...this.detail('clickThrough', cur.avail, cur.ad, cur.adNumber - 1, sent), url });
    return url;
  }

  /**
   * The viewer skipped the current ad. Only once its skipOffset is reached (the `skippable` event fired,
   * VAST 4.2 §3.9.1: a skip control before the offset is not offered), else null. Fires the ad's `skip`
   * tracking (client mode, once per ad instance: the tracking JSON lists it at the ad start, §4.5), emits
   * `skip`, and returns where to seek: the ad's end. The ad's `complete` and any quartile not reached never
   * fire for this instance (a skipped ad was not watched to its end); when it is the break's last ad,
   * breakEnd fires now, since the seek lands past the break. Seeking is the caller's, as opening the landing
   * page is for click().
   */
  skip(): number | null {
    const cur = this.current();
    if (!cur?.skippable) return null;
    const instance = adInstance(cur.avail, cur.ad);
    const to = cur.ad.startTimeInSeconds + cur.ad.durationInSeconds;
    const tracking = [...new Set(cur.ad.trackingEvents.filter((e) => e.eventType === 'skip').flatMap((e) => e.beaconUrls))];
    const sent = this.fire(instance, 'skip', tracking);
    for (const kind of ['firstQuartile', 'midpoint', 'thirdQuartile', 'adEnd'] as const) this.cueFired.add(`${instance}#${kind}`);
    this.emit('skip', { ...this.detail('skip', cur.avail, cur.ad, cur.adNumber - 1, sent), to });
    if (cur.adNumber === cur.adCount) {
      const end = this.cues.find((c) => c.kind === 'breakEnd' && c.instance === availKey(cur.avail));
      if (end && !this.cueFired.has(end.key) && this.cueFired.has(`${end.instance}#breakStart`)) this.fireCue(end);
    }
    return to;
  }

  detach(): void {
    this.detached = true;
    for (const c of this.cleanups.splice(0)) c();
  }

  private sample(): void {
    if (this.seeking || this.detached) return;
    const t = this.video.currentTime;
    // A backwards move without seeking events (a player that resets currentTime) counts as a seek.
    this.step(t < this.last ? { kind: 'seek', to: t } : { kind: 'play', from: this.last, to: t });
  }

  private frameLoop(): void {
    const v = this.video as HTMLVideoElement & { requestVideoFrameCallback?: (cb: () => void) => number };
    if (typeof v.requestVideoFrameCallback !== 'function') return;
    const onFrame = () => { if (!this.detached) { this.sample(); v.requestVideoFrameCallback!(onFrame); } };
    v.requestVideoFrameCallback(onFrame);
  }

  private step(step: PlayheadStep): void {
    if (this.detached) return;
    const due = cuesDue(this.cues, step, (k) => this.cueFired.has(k));
    this.last = step.to;
    for (const cue of due) this.fireCue(cue);
  }

  private fireCue(cue: AdCue): void {
    this.cueFired.add(cue.key);
    const sent = cue.beacons.flatMap((b) => this.fire(cue.instance, b.eventType, b.urls));
    this.emit(cue.kind, this.detail(cue.kind, cue.avail, cue.ad, cue.adIndex, sent));
    if (cue.kind === 'adStart' && cue.ad) {
      this.emit('companions', { ...this.detail('companions', cue.avail, cue.ad, cue.adIndex, []), companions: cue.ad.companionAds ?? [] });
    }
  }

  /** Sends the URLs not yet sent for (instance, eventType); returns what it sent. */
  private fire(instance: string, eventType: string, urls: string[]): string[] {
    if (this.opts.reportingMode !== 'client') return [];
    const send = this.opts.fireBeacons ?? defaultFire;
    const sent: string[] = [];
    for (const url of urls) {
      const key = `${instance}|${eventType}|${url}`;
      if (this.beaconFired.has(key)) continue;
      this.beaconFired.add(key);
      const expanded = expandMacros(url, { timestamp: Date.now(), mediaPlayhead: this.video.currentTime });
      try { send(expanded, key); } catch (e) { console.error('[stitchbox] beacon failed', e); }
      sent.push(expanded);
    }
    return sent;
  }

  private detail(type: AdEventDetail['type'], avail: MediaTailorAvail, ad: MediaTailorAd | undefined, adIndex: number, beacons: string[]): AdEventDetail {
    return {
      type, time: this.video.currentTime, avail, availId: avail.availId, ad, adId: ad?.adId,
      adNumber: adIndex + 1, adCount: avail.ads.length, beacons,
    };
  }
}

const ENDED_SLACK_S = 0.5;

export function attachAdTimeline(video: HTMLVideoElement, poller: TrackingPoller, opts: AdTimelineOptions): AdTimeline {
  return new AdTimeline(video, poller, opts);
}
