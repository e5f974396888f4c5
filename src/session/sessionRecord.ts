/** A session as stored in IndexedDB: everything later requests need (DESIGN invariant 7). */
import type { AvailSuppression } from './live/availSuppression';

export interface PlaylistRef {
  /** Absolute origin URL of the media playlist. */
  url: string;
  /** 'variant' for EXT-X-STREAM-INF, 'rendition' for EXT-X-MEDIA, 'iframe' for I-frame playlists. */
  kind: 'variant' | 'rendition' | 'iframe';
  bandwidth: number;
  width?: number;
  height?: number;
  codecs?: string;
  /** EXT-X-MEDIA TYPE for renditions. */
  mediaType?: string;
}

export interface SessionRecord {
  id: string;
  /** [session.uuid]: an RFC 4122 v4 UUID, distinct from the id. */
  uuid: string;
  account: string;
  configName: string;
  /** Origin asset path below VideoContentSourceUrl, e.g. `vod/master.m3u8`. */
  assetPath: string;
  format: 'hls' | 'dash';
  reportingMode: 'client' | 'server';
  playerParams: Record<string, string>;
  manifestParams: Record<string, string>;
  /** Query parameters forwarded on every origin manifest request (protocols.md §1.1 "any other key"). */
  originParams: Record<string, string>;
  overlayAvails: boolean;
  /** Session-level avail suppression (protocols.md §8), overriding the configuration's; absent/null = the configuration's. */
  availSuppression?: AvailSuppression | null;
  /** `streamId` of the session start (protocols.md §1.1): matches prefetch schedules with that StreamId (§10). */
  streamId?: string;
  userAgent: string;
  referer: string;
  createdAt: number;
  lastSeenAt: number;
  /**
   * Epoch ms when a VOD media playlist with ads stitched in was first served to this session: from then on
   * its planned ads count as inserted (StreamPackage tracking, protocols.md §17). Absent on older records.
   */
  mediaServedAt?: number;
  /** The media playlists of the origin multivariant playlist, by the index used in /v1/manifest URLs. */
  playlists: PlaylistRef[] | null;
}
