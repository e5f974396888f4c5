/**
 * The ad plan of a session: what the ad decision chose for each avail, with the streaming renditions of
 * every ad already resolved to segment lists. It is stored in IndexedDB (DESIGN invariant 7) and is the
 * only input, with the origin playlist, that stitching and tracking need.
 */
import type { VastCompanion, VastExtension, VastIcon, VastInteractiveCreativeFile, VastMediaFile, VastNonLinear, VastTracking, VastVerification } from '../vast/vastModel';

/** One segment of an ad or slate rendition; `uri` is absolute. */
export interface AdSegment {
  uri: string;
  /** EXTINF duration in seconds. */
  duration: number;
  /** The EXTINF duration exactly as the ad playlist wrote it, so output keeps its precision. */
  durationText: string;
  /** EXT-X-MAP in effect for this segment (fMP4), absolute URI. */
  map?: { uri: string; byteRange?: string };
  /** EXT-X-BYTERANGE value as written. */
  byteRange?: string;
}

/** One streaming rendition of an ad creative (or of the slate). */
export interface AdRendition {
  /** URL of the rendition's media playlist, absolute. */
  playlistUrl: string;
  bandwidth: number;
  width?: number;
  height?: number;
  codecs?: string;
  /** 'AUDIO' for an EXT-X-MEDIA audio rendition of the creative; absent for a variant (EXT-X-STREAM-INF). */
  mediaType?: 'AUDIO';
  /** EXT-X-MEDIA GROUP-ID of an audio rendition. */
  groupId?: string;
  /** Segment container, from the first segment: EXT-X-MAP or .m4s/.mp4 ⇒ fmp4, .ts ⇒ ts; absent when unknown. */
  container?: 'ts' | 'fmp4';
  /** The playlist carries audio only (an audio rendition, or CODECS without a video codec). */
  audioOnly?: boolean;
  /** The playlist carries video only (its audio is in an audio group, or CODECS without an audio codec). */
  videoOnly?: boolean;
  segments: AdSegment[];
  /** The rendition read from a DASH creative (an MPD Representation): what an ad Period is written from (src/dash). */
  dash?: DashRendition;
}

/**
 * A Representation of a DASH ad creative, as plain data (the plan is stored): enough to write it into an ad
 * Period of a stitched MPD (src/dash/adPeriod.ts) and to map a `/v1/dashsegment/` request back to one of
 * its segments (protocols.md §2, §15).
 */
export interface DashRendition {
  /** Absolute base URL in effect at the Representation (its BaseURL chain resolved against the MPD URL). */
  baseUrl: string;
  /** 'video', 'audio' or 'text': the AdaptationSet it belongs to. */
  kind: 'video' | 'audio' | 'text' | 'other';
  /** AdaptationSet and Representation attributes as written (raw XML values), without segment information. */
  adaptationSetAttrs: Record<string, string>;
  representationAttrs: Record<string, string>;
  /** The SegmentTemplate in effect (merged attributes, raw) and its timeline; null when the Representation uses SegmentList/SegmentBase. */
  template: { attrs: Record<string, string>; timeline: { t?: number; d: number; r: number }[] | null } | null;
  timescale: number;
  /** Earliest presentation time of the first segment (timescale units): the ad Period's presentationTimeOffset. */
  firstTime: number;
}

/** MediaTailor skip reasons (protocols.md §13), plus the VAST-level ones stitchbox adds. */
export type SkipReason =
  | 'NEW_CREATIVE' | 'PROFILE_NOT_FOUND' | 'TRANSCODE_ERROR' | 'TRANSCODE_IN_PROGRESS' | 'INTERNAL_ERROR'
  | 'AVAIL_DURATION_EXCEEDED' | 'LEFTOVER_AVAIL_EXCEEDED_THRESHOLD' | 'VAST_PARSING_ERROR' | 'ADS_TIMEOUT'
  | 'MEDIA_FILE_UNAVAILABLE' | 'SESSION_INITIALIZATION_FAILED' | 'EARLY_CUE_IN' | 'NO_VARIANT_MATCH'
  | 'NO_MODEL_CREATIVE_MATCH' | 'REJECTED_REPLICA_VAST' | 'INVALID_VAST_WRAPPER_AD' | 'IMPORT_ERROR' | 'IMPORT_IN_PROGRESS';

export interface PlannedAd {
  /** Position of the ad in its avail, 0-based. */
  index: number;
  vastAdId: string;
  adSystem: string;
  adTitle: string;
  creativeId: string;
  creativeSequence: string;
  /** Seconds: the sum of EXTINF of the first rendition (what the stitched timeline uses). */
  duration: number;
  skipOffset: string | null;
  adParameters: string;
  renditions: AdRendition[];
  /** VAST tracking URLs by event type: impression, start, firstQuartile, midpoint, thirdQuartile, complete, ... */
  tracking: Record<string, string[]>;
  clickThrough: string | null;
  clickTracking: string[];
  /** VAST Error URLs of the ad (with [ERRORCODE] still in them). */
  errorUrls: string[];
  /** `progress` events with their offset resolved to seconds from the ad start (VAST 4.2 `Tracking@offset`). */
  progress?: { offset: number; url: string }[];
  customClick?: string[];
  /** Companion ads of the ad's creatives (tracking JSON `companionAds`, protocols.md §4.4). */
  companionAds?: VastCompanion[];
  icons?: VastIcon[];
  /** Open Measurement verifications (tracking JSON `adVerifications`). */
  verifications?: VastVerification[];
  /** VAST Extensions as `{type, content}` (tracking JSON `extensions`). */
  extensions?: VastExtension[];
  universalAdIds?: { idRegistry: string; value: string }[];
  /** VPAID / script MediaFiles the player runs itself, and the Mezzanine URI (tracking JSON `mediaFiles`, §4.4). */
  interactiveMediaFiles?: VastMediaFile[];
  mezzanine?: string;
  /** VAST 4.1 InteractiveCreativeFile (SIMID): tracking JSON `extensions` (§4.4). */
  interactiveCreativeFiles?: VastInteractiveCreativeFile[];
  /** The wrapper URLs followed to reach this ad, outermost first. */
  wrapperUrls?: string[];
}

/** Non-linear ads (overlays) of an avail's answer: not stitched, listed for the tracking JSON (`nonLinearAdsList`). */
export interface PlannedNonLinearAds {
  vastAdId: string;
  adSystem: string;
  adTitle: string;
  creativeId: string;
  creativeAdId: string;
  creativeSequence: string;
  nonLinears: VastNonLinear[];
  tracking: VastTracking[];
  extensions: VastExtension[];
}

export interface SkippedAd {
  vastAdId: string;
  creativeId: string;
  reason: SkipReason;
  message: string;
}

export interface PlannedAvail {
  /** Index of the avail in the session, 0-based ([avail.index]). */
  index: number;
  /** Which origin break this is: for VOD the ordinal of the cue-out in the origin media playlist. */
  breakOrdinal: number;
  /** Content time (seconds, sum of origin EXTINF) where the break starts. */
  contentTime: number;
  /** Origin segment index at which the break starts (segments.length for a break after the last segment). */
  originSegment: number;
  /** Number of origin segments the break replaces (0: insertion, as VOD `EXT-X-CUE-OUT:0`). */
  replaceCount: number;
  /** Duration the marker signalled, seconds, or null when it gave none. */
  signalledDuration: number | null;
  ads: PlannedAd[];
  /** Slate that fills the rest of a replaced break, with its duration in seconds. */
  slate: { renditions: AdRendition[]; duration: number } | null;
  skipped: SkippedAd[];
  /** When the break plays content (fail open), why. */
  failure: string | null;
  /** The ADS request as sent, and how long it took (ms). */
  adsRequestUrl: string | null;
  adsLatencyMs: number | null;
  /**
   * Who placed the break when the content has no cue markers (protocols.md §7): a VMAP answer's
   * `AdBreak@timeOffset`, or a plain VAST answer as the one pre-roll. Absent: a cue marker placed it.
   */
  placement?: 'vmap' | 'vast-preroll';
  /** VMAP `AdBreak@breakId`. */
  vmapBreakId?: string;
  /** VMAP break tracking (breakStart, breakEnd, error): tracking JSON `adBreakTrackingEvents`. */
  breakTracking?: { event: string; url: string }[];
  nonLinearAds?: PlannedNonLinearAds[];
  /** DASH: where the break is in the origin MPD and the Period ids it gets (src/dash, protocols.md §15). */
  dash?: DashAvailPlace;
}

/** Where a DASH break sits in the origin MPD and the ids of the Periods stitched for it (protocols.md §15, §5.2). */
export interface DashAvailPlace {
  /** Period@id of the content Period the break is in (`p<index>` when it has none), its index, and the offset (s) in it. */
  periodId: string;
  periodIndex: number;
  offset: number;
  /** The avail's id (tracking availId, /v1/dashsegment path): `<periodId>_PT<offset>S`. */
  availId: string;
  /** Period@id of each ad, in order: `<periodId>_PT<offset>S_<adIndex>` (VOD insertion). */
  adPeriodIds: string[];
}

/** Where an avail's ads landed on the session's stitched timeline (its first media playlist, protocols.md §5.1). */
export interface AvailTimeline {
  availIndex: number;
  /** Seconds from the first segment served to the session. */
  startTime: number;
  /** Media sequence number of the avail's first segment ([availId] for HLS). */
  firstSequence: number;
  ads: { startTime: number; duration: number; firstSequence: number; segmentDurations: number[]; ids?: DashAdIds }[];
  programDateTime: string | null;
  /** DASH: the avail's id (protocols.md §5.2: a Period id, not a sequence number). */
  availId?: string;
}

/** DASH ids of an ad in the tracking JSON (protocols.md §5.2): adId its Period id, eventId the ptsTime of its start. */
export interface DashAdIds { adId: string; eventId: string }

/**
 * An overlay avail (VMAP `breakType="nonlinear"`, session `overlayAvails: "on"`): nothing is stitched, its
 * NonLinearAds are listed in the tracking JSON's `nonLinearAvails` (protocols.md §4.1) at its place on the
 * session's stitched timeline.
 */
export interface PlannedNonLinearAvail {
  /** VMAP `AdBreak@breakId`. */
  vmapBreakId: string;
  /** Seconds from the first segment served to the session. */
  startTime: number;
  /** Media sequence number of the stitched segment it starts on ([availId] for HLS). */
  firstSequence: number;
  programDateTime: string | null;
  breakTracking: { event: string; url: string }[];
  nonLinearAds: PlannedNonLinearAds[];
}

export interface SessionPlan {
  /** 'dash-vod': a DASH VOD session (src/dash/planDashVod.ts); its avails carry `dash`. */
  kind: 'hls-vod' | 'dash-vod';
  avails: PlannedAvail[];
  /** Overlay avails (absent: none). */
  nonLinearAvails?: PlannedNonLinearAvail[];
  /** Timeline of each filled avail on the first variant's stitched playlist. */
  timeline: AvailTimeline[];
  /** Epoch ms when the plan was decided. */
  decidedAt: number;
}
