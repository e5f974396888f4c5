/**
 * Subtitle playlists of a stitched session (issue 5 item 5; DESIGN invariant 2: all media playlists, subtitles
 * included, place each ad boundary at the same times).
 *
 * A content subtitle playlist (EXT-X-MEDIA TYPE=SUBTITLES) gets, for each ad or slate piece, WebVTT segments
 * with the durations of a video rendition of that piece, so stitchMedia writes them with the same
 * EXT-X-DISCONTINUITY tags, media sequence numbers and discontinuity sequence as the video playlists. Their
 * URIs are the /v1/segment route with a `.vtt` extension, which answers STAND_IN_WEBVTT, a document that shows
 * nothing, for segments of the session's plan only (engine.ts serveSegment), and fires no beacon (a player
 * loads subtitles ahead of the picture).
 *
 * Why it holds one cue, empty and 1 ms long: hls.js maps the cues of each discontinuity (`cc`) by initPTS[cc],
 * which it learns when the main playlist's first fragment of that cc is demuxed (players.md §3.2; hls.js
 * src/utils/webvtt-parser.ts, timeline-controller.ts). A WebVTT fragment with a cue waits for it; one without
 * cues does not. With cue-less ad segments the subtitle loader ran through the ads' ccs ahead of the video and
 * reached the content after the break before the video did; hls.js parked that fragment, gave it up as
 * "Subtitle discontinuity domain does not match main" at the next initPTS of an earlier cc, and loaded no
 * subtitle after the break (seen in test/e2e/subtitles.spec.ts). The placeholder cue makes every ad fragment
 * wait for its cc like content does; it has no text, so nothing is displayed. The timestamp map must not say
 * MPEGTS 0: hls.js takes an offset of 0 from a missing initPTS for "no offset" and does not wait. MPEGTS 126000
 * (1.4 s) is where ffmpeg's and many packagers' MPEG-TS timestamps start, so the placeholder falls near the ad's
 * start; the ad's own timestamps are not known here, and an invisible 1 ms cue may fall anywhere.
 *
 * Not done: an ad creative's own subtitle rendition (loadHlsCreative reads variants and audio renditions only;
 * the sample ads have none), so ads always get the empty documents.
 */
import type { AdSegment } from './plan';
import { extensionOf } from './routes';
import type { PlaylistRef } from './sessionRecord';

export const STAND_IN_WEBVTT = 'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n\n00:00:00.000 --> 00:00:00.001\n\n';

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
