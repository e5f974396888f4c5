/**
 * `stitchbox`: the page side (README "Page-side client"): register the worker and install configurations,
 * open sessions, poll tracking, drive an ad UI from a `<video>`.
 */
export { registerStitchbox, StitchboxConfigError, type Stitchbox } from './registerStitchbox';
export {
  openMediaTailorSession, openStreamPackageSession, openBroadpeakSession, mediaTailorSessionBody,
  type MediaTailorSessionOptions, type SessionUrls,
} from './openSession';
export { createTrackingPoller, TrackingPoller, type TrackingPollerOptions, type TrackingPollerEvents } from './createTrackingPoller';
export {
  attachAdTimeline, AdTimeline, type AdEventDetail, type AdTimelineEvents, type AdTimelineOptions, type CurrentAd,
} from './attachAdTimeline';
export { readBroadpeakTracking } from './readBroadpeakTracking';
export { parseSkipOffset } from './parseSkipOffset';
export type { PlaybackConfiguration } from '../session/config';
export type { PageBeacon } from '../session/messages';
export type * from '../tracking/mediaTailorTypes';
