import type { DashLadder } from './dashLadder';
import { adaptationSetsXml, isoSeconds, LIVE_PROFILE, MPD_NAMESPACES, MPD_PROLOG } from './mpdXml';

/**
 * The DASH rendition of an ad creative or of the slate, `/ads/media/<ad>/manifest.mpd` (DESIGN.md "The
 * demo server": ads "packaged as HLS and DASH renditions"; protocols.md §15 "ads from DASH renditions of
 * the creative"): a static single-Period MPD over the demuxed fMP4 files make-media.sh wrote in
 * ads/<ad>/fmp4/ (video 360p + 180p, AAC audio), segments by `$Number$` from 0, times from the files
 * (readFmp4Track.ts). The media starts at 0, so @presentationTimeOffset is 0 (players.md §4: an ad Period's
 * PTO is the earliest presentation time of its first segment). Its duration is the video's; the AAC
 * audio, whole 1024-sample frames, runs a few ms longer and is trimmed.
 */

/** SegmentTemplate URLs relative to /ads/media/<ad>/manifest.mpd. */
export const AD_URLS = { initialization: 'fmp4/$RepresentationID$/init.mp4', media: 'fmp4/$RepresentationID$/seg_$Number%03d$.m4s' };

export function dashAdMpd(ladder: DashLadder): string {
  const lead = ladder.video[0].track;
  const last = lead.segments[lead.segments.length - 1];
  const duration = (last.t + last.d) / lead.timescale;
  return [
    MPD_PROLOG,
    `<MPD ${MPD_NAMESPACES} profiles="${LIVE_PROFILE}" type="static" mediaPresentationDuration="${isoSeconds(duration)}" minBufferTime="PT2S">`,
    '  <Period id="0" start="PT0S">',
    adaptationSetsXml(ladder, AD_URLS, (r) => ({ pto: 0, entries: r.track.segments.map((s) => ({ t: s.t, d: s.d })), startNumber: 0 }), '    '),
    '  </Period>',
    '</MPD>',
    '',
  ].join('\n');
}
