/**
 * The normalized VAST model (VAST 2.0-4.3). Absent strings are "", absent numbers and optional values
 * null, absent lists []. Field names follow the VAST 4.2 element and attribute names (InLine, Wrapper,
 * Linear, NonLinearAds, CompanionAds, Icons, AdVerifications, Extensions, ViewableImpression), so each
 * field can be found in the spec and the IAB vast_4.2.xsd by its name.
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
  /** VAST 4.1+ `fileSize` (bytes) and `mediaType` ("2D", "3D", "360"). */
  fileSize: number | null;
  mediaType: string | null;
}

/** VAST 4.1 `Mezzanine`: the raw, high-quality file meant for server-side transcoding (SSAI). */
export interface VastMezzanine {
  uri: string;
  delivery: string;
  type: string;
  width: number | null;
  height: number | null;
  codec: string | null;
  id: string | null;
  fileSize: number | null;
  mediaType: string | null;
}

/** VAST 4.1 `InteractiveCreativeFile` (SIMID and other interactive code, separated from the video). */
export interface VastInteractiveCreativeFile {
  uri: string;
  type: string;
  apiFramework: string | null;
  variableDuration: boolean | null;
}

/** VAST 4.1 `ClosedCaptionFile`. */
export interface VastClosedCaptionFile {
  uri: string;
  type: string;
  language: string;
}

/** VAST 4.2 `Tracking`; `offset` only for `progress` events (time or percentage as written). */
export interface VastTracking {
  event: string;
  url: string;
  offset: string | null;
}

/** The three resource kinds of companions, non-linear ads and icons (VAST 4.2 `StaticResource`, `IFrameResource`, `HTMLResource`). */
export interface VastResources {
  staticResources: { uri: string; creativeType: string }[];
  iframeResources: string[];
  htmlResources: string[];
}

/** VAST 4.2 `Icon` (industry icons such as AdChoices). */
export interface VastIcon extends VastResources {
  program: string;
  width: number | null;
  height: number | null;
  xPosition: string;
  yPosition: string;
  duration: string | null;
  offset: string | null;
  apiFramework: string | null;
  pxratio: string | null;
  clickThrough: string | null;
  clickTracking: string[];
  viewTracking: string[];
  clickFallbackImages: { uri: string; altText: string; width: number | null; height: number | null }[];
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
  mezzanines: VastMezzanine[];
  interactiveCreativeFiles: VastInteractiveCreativeFile[];
  closedCaptionFiles: VastClosedCaptionFile[];
  icons: VastIcon[];
}

/** VAST 4.2 `Companion`. */
export interface VastCompanion extends VastResources {
  id: string;
  width: number | null;
  height: number | null;
  assetWidth: number | null;
  assetHeight: number | null;
  expandedWidth: number | null;
  expandedHeight: number | null;
  apiFramework: string | null;
  adSlotId: string | null;
  pxratio: string | null;
  renderingMode: string | null;
  altText: string;
  adParameters: string;
  clickThrough: string | null;
  clickTracking: string[];
  tracking: VastTracking[];
}

export interface VastCompanionAds {
  /** `required`: "all", "any" or "none" (VAST 3+), null when not said. */
  required: string | null;
  companions: VastCompanion[];
}

/** VAST 4.2 `NonLinear`, an overlay shown over the content. */
export interface VastNonLinear extends VastResources {
  id: string;
  width: number | null;
  height: number | null;
  expandedWidth: number | null;
  expandedHeight: number | null;
  scalable: boolean | null;
  maintainAspectRatio: boolean | null;
  minSuggestedDuration: string | null;
  apiFramework: string | null;
  adParameters: string;
  clickThrough: string | null;
  clickTracking: string[];
}

export interface VastNonLinearAds {
  nonLinears: VastNonLinear[];
  tracking: VastTracking[];
}

/** VAST 4.2 `Extension`: its type and its inner XML as written (protocols.md §4.3 `extensions`). */
export interface VastExtension {
  type: string;
  content: string;
}

/** VAST 4.1 `Verification` (Open Measurement), also read from the VAST 3 `Extension type="AdVerifications"`. */
export interface VastVerification {
  vendor: string;
  javaScriptResources: { uri: string; apiFramework: string; browserOptional: boolean | null }[];
  executableResources: { uri: string; apiFramework: string; type: string; language: string }[];
  tracking: VastTracking[];
  verificationParameters: string;
}

/** VAST 4.0 `ViewableImpression`. */
export interface VastViewableImpression {
  id: string;
  viewable: string[];
  notViewable: string[];
  viewUndetermined: string[];
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
  apiFramework: string | null;
  nonLinearAds: VastNonLinearAds | null;
  companionAds: VastCompanionAds | null;
  creativeExtensions: VastExtension[];
}

/** VAST 4.2 `Wrapper` attributes; null when the wrapper did not say. */
export interface VastWrapperOptions {
  /** Default true: the wrapper's answer may itself be a wrapper. */
  followAdditionalWrappers: boolean | null;
  /** Default false for a wrapper inside a pod: its answer counts as one ad, the first. */
  allowMultipleAds: boolean | null;
  /** When the wrapper's chain ends in no ad: true, use a stand-alone ad of the response; false, move on. No default. */
  fallbackOnNoAd: boolean | null;
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
  /** `Ad@adType` (VAST 4.1: video, audio, hybrid), "" when absent. */
  adType: string;
  conditionalAd: boolean | null;
  adServingId: string;
  pricing: { value: string; model: string; currency: string } | null;
  advertiser: string;
  categories: { authority: string; value: string }[];
  description: string;
  survey: string | null;
  expires: number | null;
  extensions: VastExtension[];
  verifications: VastVerification[];
  viewableImpression: VastViewableImpression | null;
  blockedAdCategories: string[];
  /** Wrapper attributes; null for an inline ad. */
  wrapper: VastWrapperOptions | null;
}

export interface VastDocument {
  version: string;
  ads: VastAd[];
  /** VAST-level Error URLs (fired with 303 when there is no ad). */
  errors: string[];
}
