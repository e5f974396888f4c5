import { AUDIO_RENDITION, SUBTITLE_RENDITION, type LiveLadder, type VideoRendition } from './liveLadder';
import type { LiveOptions } from './liveOptions';

/**
 * The live simulator's multivariant playlist (RFC 8216 §4.3.4): both video renditions, highest first, for
 * the demuxed variant an audio group (EXT-X-MEDIA TYPE=AUDIO) that every variant names, and in every variant
 * a WebVTT subtitle group (EXT-X-MEDIA TYPE=SUBTITLES, not selected by default). Each media
 * playlist URI carries `childQuery` (the master's own query, with t0 pinned), so all playlists of one
 * playback compute the same timeline.
 */

/** TS playlists need nothing past version 3; fMP4 with EXT-X-MAP needs 6, and ffmpeg writes 7 for them. */
export function playlistVersion(o: LiveOptions): number {
  return o.variant === 'demuxed' ? 7 : 3;
}

/**
 * AES-128 pads each segment to a whole 16-byte block (PKCS7, RFC 8216 §4.3.2.4): at most 16 bytes per 2 s
 * segment, 64 bit/s, which BANDWIDTH as a peak must include.
 */
const AES_PADDING_BPS = 64;

function streamInf(r: VideoRendition, o: LiveOptions): string {
  const extra = o.variant === 'encrypted' ? AES_PADDING_BPS : 0;
  const audio = o.variant === 'demuxed' ? `,AUDIO="${AUDIO_RENDITION}"` : '';
  return (
    `#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth + extra},AVERAGE-BANDWIDTH=${r.averageBandwidth + extra},` +
    `RESOLUTION=${r.width}x${r.height},CODECS="${r.codecs}",FRAME-RATE=${r.frameRate.toFixed(3)}${audio},SUBTITLES="${SUBTITLE_RENDITION}"`
  );
}

/** `childQuery` is `?...` (percent-encoded, so it holds no `"`) or empty. */
export function liveMaster(o: LiveOptions, ladder: LiveLadder, childQuery: string): string {
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${playlistVersion(o)}`, '#EXT-X-INDEPENDENT-SEGMENTS'];
  const renditions = o.variant === 'demuxed' ? ladder.demuxed : ladder.muxed;
  if (o.variant === 'demuxed') {
    lines.push(
      `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="${AUDIO_RENDITION}",NAME="main",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="${AUDIO_RENDITION}.m3u8${childQuery}"`,
    );
  }
  lines.push(
    `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${SUBTITLE_RENDITION}",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,URI="${SUBTITLE_RENDITION}.m3u8${childQuery}"`,
  );
  for (const r of [...renditions].sort((a, b) => b.bandwidth - a.bandwidth)) {
    lines.push(streamInf(r, o), `${r.name}.m3u8${childQuery}`);
  }
  return lines.join('\n') + '\n';
}
