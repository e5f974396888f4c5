/**
 * What kind of ad ladder a session's content can take (issue 5; DESIGN invariant 6). A browser cannot
 * transcode, so an ad plays only when one of its streaming ladders has the content's container and the same
 * muxed/demuxed layout: muxed MPEG-TS ad segments in a demuxed fMP4 audio playlist make hls.js fail with
 * fragParsingError (players.md §3.2: audio and video playlists take their discontinuities together, and each
 * needs segments of its own kind). An ad without a fitting ladder is skipped with NO_VARIANT_MATCH
 * (protocols.md §13) and the break plays content.
 */
import type { MediaPlaylist } from '../hls/parseMedia';
import type { AdRendition } from '../session/plan';
import type { PlaylistRef } from '../session/sessionRecord';

export interface ContentShape {
  container: 'ts' | 'fmp4';
  /** The content has audio renditions with their own playlists (EXT-X-MEDIA TYPE=AUDIO with URI). */
  demuxedAudio: boolean;
}

/**
 * The shape of a session's content, from the media playlists of its origin multivariant playlist (only
 * renditions with a URI are listed there) and one of its media playlists: EXT-X-MAP ⇒ fmp4 (RFC 8216 §4.3.2.5).
 */
export function contentShapeOf(playlists: readonly PlaylistRef[] | null, media: MediaPlaylist): ContentShape {
  const first = media.segments[0];
  const path = first ? first.uri.split('?')[0].toLowerCase() : '';
  const fmp4 = first ? first.map !== null || path.endsWith('.m4s') || path.endsWith('.mp4') : false;
  return {
    container: fmp4 ? 'fmp4' : 'ts',
    demuxedAudio: (playlists ?? []).some((p) => p.kind === 'rendition' && (p.mediaType ?? '').toUpperCase() === 'AUDIO'),
  };
}

function isAudio(r: AdRendition): boolean {
  return r.mediaType === 'AUDIO' || r.audioOnly === true;
}

/** A rendition's container fits when it is the content's, or unknown (a single playlist of odd URIs). */
function containerFits(r: AdRendition, shape: ContentShape): boolean {
  return r.container === undefined || r.container === shape.container;
}

/**
 * The renditions of an ad ladder that this content can play, in their order (variants first), or an empty
 * list when the ladder does not fit: the container must be the content's; then, when the ladder declares its
 * tracks (CODECS, audio groups), demuxed content needs video variants and audio renditions, muxed content
 * variants that carry their own audio.
 */
export function fittingRenditions(shape: ContentShape, renditions: readonly AdRendition[]): AdRendition[] {
  const fits = renditions.filter((r) => containerFits(r, shape));
  // Tracks unknowable (a bare media playlist, variants without CODECS or audio groups): the container decides.
  if (!renditions.some((r) => r.codecs !== undefined || r.mediaType !== undefined || r.audioOnly || r.videoOnly)) return fits;
  const video = fits.filter((r) => !isAudio(r) && (shape.demuxedAudio ? true : r.videoOnly !== true));
  if (!video.length) return [];
  if (!shape.demuxedAudio) return video;
  const audio = fits.filter(isAudio);
  if (!audio.length) return [];
  // A muxed variant in a demuxed video playlist would play the ad's audio twice: keep it only without a better one.
  const videoOnly = video.filter((r) => r.videoOnly === true);
  return [...(videoOnly.length ? videoOnly : video), ...audio];
}
