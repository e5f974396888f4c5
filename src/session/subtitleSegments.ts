/**
 * Subtitle playlists of a stitched session (issue 5 item 5; DESIGN invariant 2: all media playlists, subtitles
 * included, place each ad boundary at the same times).
 *
 * A content subtitle playlist (EXT-X-MEDIA TYPE=SUBTITLES) gets, for each ad or slate piece, WebVTT segments
 * with the durations of a video rendition of that piece, so stitchMedia writes them with the same
 * EXT-X-DISCONTINUITY tags, media sequence numbers and discontinuity sequence as the video playlists. Their
 * URIs are the /v1/segment route with a `.vtt` extension, which answers an empty WebVTT document for segments
 * of the session's plan only (engine.ts serveSegment), and fires no beacon (a player loads subtitles ahead of
 * the picture).
 *
 * The empty document has no cues, so its timestamp map aligns nothing: hls.js anchors each discontinuity
 * (`cc`) of a subtitle playlist at initPTS[cc], found from the main playlist's first fragment of that cc
 * (players.md §3.2; hls.js src/utils/webvtt-parser.ts, timeline-controller.ts), and an ad piece is a cc of its
 * own. The map written, MPEGTS 0 at LOCAL 0, is what RFC 8216 §3.5 assumes without one; the body is never
 * empty, since hls.js fails an empty subtitle payload ("Empty subtitle payload").
 *
 * Not done: an ad creative's own subtitle rendition (loadHlsCreative reads variants and audio renditions only;
 * the sample ads have none), so ads always get the empty documents.
 */
import type { AdSegment } from './plan';
import { extensionOf } from './routes';
import type { PlaylistRef } from './sessionRecord';

export const EMPTY_WEBVTT = 'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n';

/** Whether a playlist of the session is a subtitle rendition (EXT-X-MEDIA TYPE=SUBTITLES). */
export function isSubtitlesRef(ref: PlaylistRef): boolean {
  return ref.kind === 'rendition' && (ref.mediaType ?? '').toUpperCase() === 'SUBTITLES';
}

/** The subtitle stand-ins of a video rendition's segments: the same EXTINF, no init segment or byte range. */
export function subtitleSegments(segments: readonly AdSegment[]): AdSegment[] {
  return segments.map((s) => ({ uri: s.uri, duration: s.duration, durationText: s.durationText }));
}

/** The extension an ad segment's /v1/segment URL gets in this playlist: `.vtt` in a subtitle playlist. */
export function adSegmentExtension(ref: PlaylistRef, uri: string): string {
  return isSubtitlesRef(ref) ? '.vtt' : extensionOf(uri);
}
