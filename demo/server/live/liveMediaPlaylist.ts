import { SignalText, cueTags } from './cueTags';
import { SUBTITLE_RENDITION } from './liveLadder';
import { playlistVersion } from './liveMaster';
import { SEGMENT_SECONDS, type LiveOptions } from './liveOptions';
import { isLoopStart, liveWindow, programDateMs } from './liveWindow';

/**
 * One media playlist of the live simulator at `nowMs` (RFC 8216 §6.2.2 live playlist: no EXT-X-ENDLIST,
 * no PLAYLIST-TYPE). A pure function of (nowMs, options, rendition): two refreshes list every segment
 * they share with the same URI, duration, discontinuity, date and cue tags (DESIGN.md invariant 1), and
 * all renditions of a playback place the breaks on the same media sequence numbers (invariant 2).
 *
 * Segment URIs are relative to `/origin/live/` and name the media sequence number, like a real packager's:
 * `ts/360p/1234.ts` (muxed), `aes/360p/1234.ts` (encrypted), `fmp4/360p/1234.m4s` with
 * `fmp4/360p/init.mp4` (demuxed; the audio rendition is `fmp4/audio/...`). They carry no query: their
 * bytes depend only on the path (content segment n mod 30, and for AES the IV n).
 *
 * The subtitle rendition (`subs`) lists WebVTT segments `ts/subs/1234.vtt` (muxed and encrypted: the TS
 * content's timestamps) or `fmp4/subs/1234.vtt` (demuxed), with the same EXTINF, discontinuities, dates and
 * cue tags as the video (a packager marks every rendition alike, protocols.md §6.1); no key, no init segment.
 */

/** EXT-X-KEY IV for sequence n: n as a 128-bit big-endian number, which is also the implicit IV (RFC 8216 §5.2). */
export function ivHex(n: number): string {
  return `0x${n.toString(16).padStart(32, '0')}`;
}

/** The segment URI of sequence n, relative to /origin/live/. */
export function segmentUri(o: LiveOptions, rendition: string, n: number): string {
  if (rendition === SUBTITLE_RENDITION) return `${o.variant === 'demuxed' ? 'fmp4' : 'ts'}/${SUBTITLE_RENDITION}/${n}.vtt`;
  switch (o.variant) {
    case 'muxed': return `ts/${rendition}/${n}.ts`;
    case 'encrypted': return `aes/${rendition}/${n}.ts`;
    case 'demuxed': return `fmp4/${rendition}/${n}.m4s`;
  }
}

export const KEY_URI = 'key';

const EXTINF = `#EXTINF:${SEGMENT_SECONDS.toFixed(3)},`;

export function liveMediaPlaylist(nowMs: number, o: LiveOptions, rendition: string): string {
  const w = liveWindow(nowMs, o);
  const lines = [
    '#EXTM3U',
    `#EXT-X-VERSION:${playlistVersion(o)}`,
    `#EXT-X-TARGETDURATION:${SEGMENT_SECONDS}`,
    `#EXT-X-MEDIA-SEQUENCE:${w.first}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${w.discontinuitySequence}`,
  ];
  // One init segment for the whole stream: every pass over the content has the same track setup, so the
  // map carries across the loop discontinuities (RFC 8216 §4.3.2.5).
  const subtitles = rendition === SUBTITLE_RENDITION;
  if (o.variant === 'demuxed' && !subtitles) lines.push(`#EXT-X-MAP:URI="fmp4/${rendition}/init.mp4"`);
  const signals = new SignalText(o);
  for (let n = w.first; n < w.end; n++) {
    if (isLoopStart(n)) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(programDateMs(n, o)).toISOString()}`);
    for (const tag of cueTags(n, w.first, o, signals)) lines.push(tag);
    if (o.variant === 'encrypted' && !subtitles) lines.push(`#EXT-X-KEY:METHOD=AES-128,URI="${KEY_URI}",IV=${ivHex(n)}`);
    lines.push(EXTINF, segmentUri(o, rendition, n));
  }
  return lines.join('\n') + '\n';
}
