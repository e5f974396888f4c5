/**
 * MediaTailor client-side tracking JSON (protocols.md §4). Keys are declared in alphabetical order, the
 * order they are serialised in (§4.7; Shaka compares responses with an alphabetical-key stringify:
 * players.md §1.5). Every array is always present. Times appear twice: an ISO 8601 duration and float
 * seconds truncated to milliseconds (§4.5).
 */

/** ISO 8601 duration, e.g. `PT21.592S`, `PT5M34.967S`. */
export type IsoDuration = string;
/** ISO 8601 date-time. */
export type IsoDateTime = string;

export interface MediaTailorTrackingEvent {
  beaconUrls: string[];
  duration: IsoDuration;
  durationInSeconds: number;
  /** HLS: media sequence number of the segment the event falls on (§5.2). */
  eventId: string;
  eventProgramDateTime: IsoDateTime | null;
  eventType: string;
  startTime: IsoDuration;
  startTimeInSeconds: number;
}

/** §4.4; filled only for VPAID / interactive creatives, which stitchbox does not stitch yet. */
export interface MediaTailorMediaFile {
  apiFramework: string;
  bitrate: number;
  delivery: string;
  height: number;
  maintainAspectRatio: boolean;
  mediaFileUri: string;
  mediaType: string;
  scalable: boolean;
  width: number;
}

export interface MediaTailorAd {
  /** HLS: media sequence number of the ad's first segment (§5.2). */
  adId: string;
  adParameters: string;
  adProgramDateTime: IsoDateTime | null;
  adSystem: string;
  adTitle: string;
  adVerifications: unknown[];
  companionAds: unknown[];
  creativeId: string;
  creativeSequence: string;
  duration: IsoDuration;
  durationInSeconds: number;
  extensions: { type: string; content: string }[];
  icons: unknown[];
  mediaFiles: { mediaFilesList: MediaTailorMediaFile[]; mezzanine: string };
  skipOffset: string | null;
  startTime: IsoDuration;
  startTimeInSeconds: number;
  trackingEvents: MediaTailorTrackingEvent[];
  vastAdId: string;
}

export interface MediaTailorAvail {
  adBreakTrackingEvents: { beaconUrls: string[]; eventType: string }[];
  adMarkerDuration: IsoDuration | null;
  ads: MediaTailorAd[];
  /** HLS: media sequence number of the avail's first segment (§5.2). */
  availId: string;
  availProgramDateTime: IsoDateTime | null;
  /** Covers the ads only, not slate (§4.2). */
  duration: IsoDuration;
  durationInSeconds: number;
  meta: null;
  nonLinearAdsList: unknown[];
  startTime: IsoDuration;
  startTimeInSeconds: number;
}

export interface MediaTailorTracking {
  avails: MediaTailorAvail[];
  dashAvailabilityStartTime: IsoDateTime | null;
  hlsAnchorMediaSequenceNumber: number | null;
  nextToken: string | null;
  nonLinearAvails: MediaTailorAvail[];
}

/** Short names for consumers that only speak MediaTailor. */
export type Avail = MediaTailorAvail;
export type Ad = MediaTailorAd;
export type TrackingEvent = MediaTailorTrackingEvent;
