import type { DashLadder, DashRendition } from './dashLadder';
import { SCTE35_NAMESPACE } from './dashCueEvent';

/**
 * Pieces of MPD text shared by the demo's DASH origin (VOD, live) and ad renditions (ISO/IEC 23009-1,
 * DASH-IF IOP live profile `urn:mpeg:dash:profile:isoff-live:2011`): AdaptationSets with a SegmentTemplate
 * + SegmentTimeline per Representation, times in each track's own timescale.
 */

export const MPD_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>';
export const MPD_NAMESPACES = `xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:scte35="${SCTE35_NAMESPACE}"`;
export const LIVE_PROFILE = 'urn:mpeg:dash:profile:isoff-live:2011';

export function escXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** xs:duration of a number of seconds, `PT30S`, `PT1.5S`: rounded to microseconds, no float noise. */
export function isoSeconds(seconds: number): string {
  const s = Math.round(seconds * 1e6) / 1e6;
  return `PT${Number.isInteger(s) ? s : s.toFixed(6).replace(/0+$/, '')}S`;
}

/** One segment on a track's media timeline (timescale units). */
export interface TimelineEntry {
  t: number;
  d: number;
}

/**
 * `<S>` elements for `entries` (ISO/IEC 23009-1 §5.3.9.6): @t on the first and wherever the timeline is not
 * contiguous, @r for runs of equal @d.
 */
export function segmentTimelineXml(entries: readonly TimelineEntry[]): string {
  const out: string[] = [];
  let i = 0;
  let end: number | null = null;
  while (i < entries.length) {
    const { t, d } = entries[i];
    let r = 0;
    while (i + r + 1 < entries.length && entries[i + r + 1].d === d && entries[i + r + 1].t === t + (r + 1) * d) r++;
    out.push(`<S${end === t ? '' : ` t="${t}"`} d="${d}"${r > 0 ? ` r="${r}"` : ''}/>`);
    end = t + (r + 1) * d;
    i += r + 1;
  }
  return out.length === 0 ? '<SegmentTimeline/>' : `<SegmentTimeline>${out.join('')}</SegmentTimeline>`;
}

/** What one Representation lists in one Period. */
export interface RepresentationTimeline {
  /** @presentationTimeOffset: the media time at the Period start, in the track's timescale. */
  pto: number;
  entries: TimelineEntry[];
  /** @startNumber: the $Number$ of the first entry (omitted when undefined). */
  startNumber?: number;
}

/** SegmentTemplate URLs, relative to the MPD, with `$RepresentationID$` and `$Number$` / `$Time$`. */
export interface TemplateUrls {
  initialization: string;
  media: string;
}

function segmentTemplateXml(r: DashRendition, urls: TemplateUrls, tl: RepresentationTimeline): string {
  const start = tl.startNumber === undefined ? '' : ` startNumber="${tl.startNumber}"`;
  const head = `<SegmentTemplate timescale="${r.track.timescale}" presentationTimeOffset="${tl.pto}"${start} ` +
    `initialization="${escXml(urls.initialization)}" media="${escXml(urls.media)}"`;
  // No segment (the VOD's post-roll Period, of no length): a SegmentTimeline needs at least one S (ISO/IEC
  // 23009-1 §5.3.9.6, and dash.js throws on an empty one), so the template says its segment @duration
  // instead, which over a Period of no length gives none.
  if (tl.entries.length === 0) return `${head} duration="${r.track.segments[0].d}"/>`;
  return `${head}>${segmentTimelineXml(tl.entries)}</SegmentTemplate>`;
}

/** Frames per second of a video track, from its first segment (48 frames in 24576 / 12288 s = 24). */
function frameRate(r: DashRendition): string {
  const s = r.track.segments[0];
  const fps = (s.samples * r.track.timescale) / s.d;
  return Number.isInteger(fps) ? String(fps) : `${Math.round(fps * 1000)}/1000`;
}

/** The video AdaptationSet and the audio one, each Representation with its own SegmentTemplate. */
export function adaptationSetsXml(ladder: DashLadder, urls: TemplateUrls, timelineOf: (r: DashRendition) => RepresentationTimeline, pad: string): string {
  const lines: string[] = [];
  const maxW = Math.max(...ladder.video.map((v) => v.track.width ?? 0));
  const maxH = Math.max(...ladder.video.map((v) => v.track.height ?? 0));
  lines.push(`${pad}<AdaptationSet id="1" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="${maxW}" maxHeight="${maxH}" par="16:9">`);
  for (const v of ladder.video) {
    lines.push(
      `${pad}  <Representation id="${escXml(v.id)}" bandwidth="${v.track.bandwidth}" codecs="${v.track.codecs}" width="${v.track.width}" height="${v.track.height}" frameRate="${frameRate(v)}" sar="1:1">`,
      `${pad}    ${segmentTemplateXml(v, urls, timelineOf(v))}`,
      `${pad}  </Representation>`,
    );
  }
  lines.push(`${pad}</AdaptationSet>`);
  const a = ladder.audio;
  if (a) {
    lines.push(
      `${pad}<AdaptationSet id="2" contentType="audio" mimeType="audio/mp4" lang="en" segmentAlignment="true" startWithSAP="1">`,
      `${pad}  <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="${a.track.channels ?? 2}"/>`,
      `${pad}  <Representation id="${escXml(a.id)}" bandwidth="${a.track.bandwidth}" codecs="${a.track.codecs}" audioSamplingRate="${a.track.sampleRate ?? a.track.timescale}">`,
      `${pad}    ${segmentTemplateXml(a, urls, timelineOf(a))}`,
      `${pad}  </Representation>`,
      `${pad}</AdaptationSet>`,
    );
  }
  return lines.join('\n');
}
