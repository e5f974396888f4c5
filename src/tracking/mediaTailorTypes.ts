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

/** §4.4; filled only with the VPAID / interactive MediaFiles of an ad (the player runs them, mediaFilesJson.ts). */
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

/**
 * §4.4 `Companion`. Attribute values are strings as in the VAST (null when absent), the way MediaTailor's
 * examples and the Bitmovin client type them; the resources and click tracking are single URLs (the first).
 */
export interface MediaTailorCompanion {
  adParameters: string | null;
  altText: string | null;
  attributes: {
    adSlotId: string | null; apiFramework: string | null; assetHeight: string | null; assetWidth: string | null;
    expandedHeight: string | null; expandedWidth: string | null; height: string | null; id: string | null;
    pxratio: string | null; renderingMode: string | null; width: string | null;
  };
  companionClickThrough: string | null;
  companionClickTracking: string | null;
  htmlResource: string | null;
  iFrameResource: string | null;
  sequence: string | null;
  staticResource: string | null;
  trackingEvents: { beaconUrls: string[]; eventType: string }[];
}

/** §4.4 `Icon` (AdChoices and other industry icons), times on the session timeline like the ad's. */
export interface MediaTailorIcon {
  attributes: {
    apiFramework: string | null; duration: string | null; height: string | null; offset: string | null; program: string | null;
    pxratio: string | null; width: string | null; xPosition: string | null; yPosition: string | null;
  }[];
  dateTime: IsoDateTime | null;
  duration: IsoDuration | null;
  durationInSeconds: number | null;
  htmlResource: string | null;
  iFrameResource: string | null;
  iconClickFallbackImages: { altText: string | null; height: string | null; staticResource: { creativeType: string | null; uri: string | null }; width: string | null }[];
  iconClickThrough: string | null;
  iconClickTracking: string | null;
  iconClicks: string | null;
  iconViewTracking: string | null;
  id: string | null;
  startTime: IsoDuration;
  startTimeInSeconds: number;
  staticResource: { creativeType: string | null; uri: string | null } | null;
}

/** §4.4 `AdVerification` (Open Measurement); every value a string. */
export interface MediaTailorAdVerification {
  executableResource: { apiFramework: string; language: string; type: string; uri: string }[];
  javaScriptResource: { apiFramework: string; browserOptional: string; uri: string }[];
  trackingEvents: { event: string; uri: string }[];
  vendor: string;
  verificationParameters: string;
}

/** §4.4 one entry of `nonLinearAdsList[].nonLinearAdList[]` (an overlay; Shaka reads staticResource, ids, size). */
export interface MediaTailorNonLinearAd {
  adId: string;
  adParameters: string | null;
  adSystem: string;
  adTitle: string;
  apiFramework: string | null;
  clickThrough: string | null;
  clickTracking: string | null;
  clickTrackingId: string | null;
  creativeAdId: string;
  creativeId: string;
  creativeSequence: string;
  duration: IsoDuration | null;
  durationInSeconds: number;
  expandedHeight: string | null;
  expandedWidth: string | null;
  height: string | null;
  htmlResource: string | null;
  iFrameResource: string | null;
  maintainAspectRatio: boolean;
  minSuggestedDuration: string | null;
  scalable: boolean;
  staticResource: string | null;
  staticResourceCreativeType: string | null;
  width: string | null;
}

/** §4.4 `NonLinearAds`: one VAST NonLinearAds creative. */
export interface MediaTailorNonLinearAds {
  extensions: { content: string; type: string }[];
  nonLinearAdList: MediaTailorNonLinearAd[];
  trackingEvents: { beaconUrls: string[]; eventType: string }[];
}

export interface MediaTailorAd {
  /** HLS: media sequence number of the ad's first segment (§5.2). */
  adId: string;
  adParameters: string;
  adProgramDateTime: IsoDateTime | null;
  adSystem: string;
  adTitle: string;
  adVerifications: MediaTailorAdVerification[];
  companionAds: MediaTailorCompanion[];
  creativeId: string;
  creativeSequence: string;
  duration: IsoDuration;
  durationInSeconds: number;
  extensions: { content: string; type: string }[];
  icons: MediaTailorIcon[];
  mediaFiles: { mediaFilesList: MediaTailorMediaFile[]; mezzanine: string };
  skipOffset: string | null;
  startTime: IsoDuration;
  startTimeInSeconds: number;
  trackingEvents: MediaTailorTrackingEvent[];
  vastAdId: string;
}

export interface MediaTailorAvail {
  /** VMAP AdBreak TrackingEvents (breakStart, breakEnd, error) grouped by event (§4.2). */
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
  nonLinearAdsList: MediaTailorNonLinearAds[];
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
