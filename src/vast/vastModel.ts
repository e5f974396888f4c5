/**
 * The normalized VAST model (VAST 2.0-4.3). This first version carries what stitching inline linear ads
 * needs; companions, non-linear ads, icons, verifications and extensions are added by later issues as new
 * fields, so consumers should not rely on the absence of a field.
 */

/** VAST 4.2 `MediaFile`. Numbers are null when absent or unreadable. */
export interface VastMediaFile {
  uri: string;
  delivery: 'streaming' | 'progressive' | string;
  type: string;
  width: number | null;
  height: number | null;
  bitrate: number | null;
  minBitrate: number | null;
  maxBitrate: number | null;
  codec: string | null;
  id: string | null;
  apiFramework: string | null;
  scalable: boolean | null;
  maintainAspectRatio: boolean | null;
}

/** VAST 4.2 `Tracking`; `offset` only for `progress` events. */
export interface VastTracking {
  event: string;
  url: string;
  offset: string | null;
}

export interface VastLinear {
  /** Seconds, from `Duration` ("HH:MM:SS" or "HH:MM:SS.mmm"); null when absent or unreadable. */
  duration: number | null;
  durationText: string | null;
  /** `skipoffset` as written ("HH:MM:SS(.mmm)" or "n%"); null = not skippable. */
  skipOffset: string | null;
  mediaFiles: VastMediaFile[];
  tracking: VastTracking[];
  clickThrough: string | null;
  clickTracking: string[];
  customClick: string[];
  adParameters: string;
  /** How many `MediaFiles` / `TrackingEvents` blocks the Linear had (MediaTailor rejects several: protocols.md §12). */
  mediaFilesBlocks?: number;
  trackingEventsBlocks?: number;
}

export interface VastCreative {
  id: string;
  adId: string;
  sequence: string;
  universalAdIds: { idRegistry: string; value: string }[];
  /** The first Linear of the creative, or null when it is a companion / non-linear creative. */
  linear: VastLinear | null;
  /** How many Linear elements the creative had. */
  linearCount: number;
}

export interface VastAd {
  id: string;
  /** `Ad@sequence`: its position in a pod (VAST 4.2 §2.3.1.2); null for a standalone ad. */
  sequence: number | null;
  kind: 'inline' | 'wrapper';
  adSystem: string;
  adSystemVersion: string;
  adTitle: string;
  impressions: string[];
  /** Error URLs of the ad, `[ERRORCODE]` still in them. */
  errors: string[];
  creatives: VastCreative[];
  /** `VASTAdTagURI` of a wrapper, null for an inline ad. */
  wrapperUri: string | null;
  /** How many `Creatives` blocks the ad had (MediaTailor wants exactly one: protocols.md §12). */
  creativesBlocks?: number;
}

export interface VastDocument {
  version: string;
  ads: VastAd[];
  /** VAST-level Error URLs (fired with 303 when there is no ad). */
  errors: string[];
}
