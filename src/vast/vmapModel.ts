/**
 * The normalized VMAP 1.0 model (IAB VMAP 1.0: `VMAP`, `AdBreak`, `AdSource`, `TrackingEvents`, `Extensions`).
 */
import type { VastDocument, VastExtension } from './vastModel';

/** `AdBreak@timeOffset` in each of its forms. */
export type VmapTimeOffset =
  | { kind: 'start' }
  | { kind: 'end' }
  | { kind: 'time'; seconds: number }
  | { kind: 'percent'; percent: number }
  /** `#n`: the n-th break opportunity (cue point) of the content, 1-based. */
  | { kind: 'position'; position: number };

export interface VmapAdSource {
  id: string;
  allowMultipleAds: boolean | null;
  followRedirects: boolean | null;
  /** Inline `VASTAdData`, read as VAST; null when the source is a URI or custom data, or the VAST was unusable. */
  vast: VastDocument | null;
  /** `AdTagURI`, and its `templateType` ("vast3", ...). */
  adTagUri: string | null;
  templateType: string;
  /** `CustomAdData` as written (a format stitchbox does not read). */
  customData: string | null;
}

export interface VmapAdBreak {
  breakId: string;
  /** `breakType`: "linear", "nonlinear", "display", or a comma-separated combination. */
  breakTypes: string[];
  timeOffsetText: string;
  /** Null when the offset is missing or unreadable (the break cannot be placed). */
  timeOffset: VmapTimeOffset | null;
  /** `repeatAfter` in seconds, null when absent. */
  repeatAfter: number | null;
  adSource: VmapAdSource | null;
  /** `TrackingEvents`: breakStart, breakEnd and error (with `[ERRORCODE]`). */
  tracking: { event: string; url: string }[];
  extensions: VastExtension[];
}

export interface VmapDocument {
  version: string;
  breaks: VmapAdBreak[];
  extensions: VastExtension[];
}
