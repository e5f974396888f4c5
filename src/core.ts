/**
 * `stitchbox/core`: the pure functions (no I/O, no browser APIs), for servers, build tools and tests.
 * The same code the worker runs: the SCTE-35 codec, VAST/VMAP reading, HLS parsing and stitching, and
 * playback configuration validation (README "Package entry points").
 */
export * from './scte35/index';

export { parseVast } from './vast/parseVast';
export type * from './vast/vastModel';
export { parseVmap } from './vast/parseVmap';
export type * from './vast/vmapModel';
export { parseAdResponse, type AdResponse } from './vast/parseAdResponse';

export { isMasterPlaylist, parseMaster, type MasterPlaylist, type Rendition, type Variant } from './hls/parseMaster';
export { parseMedia, type MediaPlaylist, type MediaSegment, type Cue, type CueCont, type CueIn, type CueOut, type CueStyle } from './hls/parseMedia';
export { findBreaks, type SignalledBreak } from './hls/findBreaks';
export { stitchMedia, type Insertion, type StitchOptions, type StitchPiece, type StitchResult, type PlacedPiece } from './hls/stitchMedia';
export { rewriteMaster } from './hls/rewriteMaster';

export { parseConfig, validateConfig, effectiveSettings } from './session/config';
export type { PlaybackConfiguration, StitchboxSettings, AvailSuppressionConfig, EffectiveSettings } from './session/config';

export { StitchboxError, ErrorCode, type Problem } from './errors';
