import { ErrorCode, StitchboxError } from '../../../src/errors';
import { cueEventStreamXml, type DashCue, type DashCueScheme } from './dashCueEvent';
import { renditionsOf, type DashLadder } from './dashLadder';
import { adaptationSetsXml, isoSeconds, LIVE_PROFILE, MPD_NAMESPACES, MPD_PROLOG } from './mpdXml';

/**
 * The demo's DASH VOD, `/origin/dash/vod.mpd` (DESIGN.md "The demo server", issue 7 item 5): a static
 * multi-period MPD over the 60 s demuxed fMP4 content (content-fmp4/), with the breaks of the HLS VOD
 * (demo/media/vod: pre-roll at 0, mid-roll at 30 s, post-roll at 60 s, each `#EXT-X-CUE-OUT:0` insertion).
 *
 * One Period per content part, cut at the break points (a break point is a segment index of the content);
 * each Period's SCTE-35 EventStream has as its first Event a splice_insert cue-out at the Period start
 * (protocols.md §15: in multi-period input, the first Event decides whether a Period is an avail). The
 * post-roll falls at the end of the content, so it opens a last Period of no length: its AdaptationSets
 * list no segment (a Period without AdaptationSets is refused by Shaka, DASH_EMPTY_PERIOD).
 *
 * VOD breaks are insertions with no length of their own (HLS `#EXT-X-CUE-OUT:0`, protocols.md §7), so the
 * Event carries @duration="0" and the splice_insert no break_duration: the stitcher reads 0 s
 * (findDashBreaks duration source 'event'), not "to the end of the Period".
 *
 * Times, per track in its own timescale (readFmp4Track.ts): Period@start is the video tfdt of the Period's
 * first segment; each Representation's @presentationTimeOffset is that same instant in its timescale
 * (video 12288 Hz, audio 44100 Hz), so audio and video stay in sync across the cut (players map media time
 * PTO to Period@start: dash.js and Shaka set timestampOffset = Period@start − PTO, players.md §4). The AAC
 * segments are whole frames and do not end on the 2 s grid: the first audio segment of the mid-roll
 * Period starts 8 samples (0.18 ms) after 30 s and the Period before it overlaps by as much, which the
 * players' append windows trim.
 *
 * `periods: 'single'` (`/origin/dash/vod.mpd?periods=single`) is the same content and breaks as a single-period
 * MPD, for MediaTailor's DashConfiguration.OriginManifestType SINGLE_PERIOD (protocols.md §15: every qualifying
 * Event is an avail): one Period `vod` over every segment, one SCTE-35 EventStream holding the three cue-outs
 * at their media times (the post-roll's at the Period's end). Read with the multi-period rule, only its first
 * Event counts (the pre-roll).
 */

/** Content segment indices (of 30) where the HLS VOD has a break: before segment 0, before 15, after the last. */
export const VOD_BREAK_SEGMENTS: readonly number[] = [0, 15, 30];

/** splice_event_id / Event@id of break i. */
export function vodEventId(i: number): number {
  return i + 1;
}

/** Period@id of the Period that starts at `seconds`. */
export function vodPeriodId(seconds: number): string {
  return `vod-${Math.round(seconds * 1000) / 1000}`;
}

export const DASH_VOD_PERIODS = ['multi', 'single'] as const;
export type DashVodPeriods = (typeof DASH_VOD_PERIODS)[number];

/** The `periods` query parameter of /origin/dash/vod.mpd: multi (default) or single; anything else is a 400. */
export function parseDashVodPeriods(q: URLSearchParams): DashVodPeriods {
  const v = q.get('periods');
  if (v === null || v === '') return 'multi';
  if (!(DASH_VOD_PERIODS as readonly string[]).includes(v)) {
    throw new StitchboxError(ErrorCode.BAD_REQUEST, `DASH VOD origin: periods: "${v}" is not one of ${DASH_VOD_PERIODS.join(', ')}`, { details: { param: 'periods' } });
  }
  return v as DashVodPeriods;
}

export interface DashVodOptions {
  scheme: DashCueScheme;
  /** One Period per content part (default) or one Period with every cue-out in its EventStream. */
  periods?: DashVodPeriods;
  /** Break points (content segment indices, ascending); VOD_BREAK_SEGMENTS by default. */
  breakSegments?: readonly number[];
}

/** The SegmentTemplate URLs, relative to /origin/dash/vod.mpd: the content-fmp4 files under /origin/dash/vod/. */
export const VOD_URLS = { initialization: 'vod/$RepresentationID$/init.mp4', media: 'vod/$RepresentationID$/seg_$Number%03d$.m4s' };

export function dashVodMpd(ladder: DashLadder, o: DashVodOptions): string {
  const lead = ladder.video[0].track;
  const count = Math.min(...renditionsOf(ladder).map((r) => r.track.segments.length));
  const points = (o.breakSegments ?? VOD_BREAK_SEGMENTS).filter((s) => s >= 0 && s <= count);
  // Period boundaries: the content start, every break point, the content end.
  const cuts = [...new Set([0, ...points, count])].sort((a, b) => a - b);
  const timeOf = (segment: number) => (segment < count ? lead.segments[segment].t : lead.segments[count - 1].t + lead.segments[count - 1].d) / lead.timescale;
  const total = timeOf(count);
  const mpdOpen = [
    MPD_PROLOG,
    `<MPD ${MPD_NAMESPACES} profiles="${LIVE_PROFILE}" type="static" mediaPresentationDuration="${isoSeconds(total)}" minBufferTime="PT2S">`,
  ];

  if (o.periods === 'single') {
    const start = timeOf(0);
    const periodPts = Math.round(start * 90_000);
    const cues: DashCue[] = points.map((seg, i) => ({ eventId: vodEventId(i), out: true, pts: Math.round(timeOf(seg) * 90_000), breakDuration: null, eventDuration: 0 }));
    return [
      ...mpdOpen,
      `  <Period id="vod" start="${isoSeconds(start)}">`,
      ...(cues.length ? [cueEventStreamXml(o.scheme, cues, periodPts, '    ')] : []),
      adaptationSetsXml(ladder, VOD_URLS, (r) => ({
        pto: Math.round(start * r.track.timescale),
        entries: r.track.segments.slice(0, count).map((x) => ({ t: x.t, d: x.d })),
        startNumber: 0,
      }), '    '),
      '  </Period>',
      '</MPD>',
      '',
    ].join('\n');
  }

  const periods: string[] = [];
  for (let p = 0; p < cuts.length; p++) {
    const from = cuts[p];
    const to = p + 1 < cuts.length ? cuts[p + 1] : count;
    // The post-roll at the end makes a last Period of no length; without a break there, no such Period.
    if (from === to && !points.includes(from)) continue;
    const start = timeOf(from);
    const lines = [`  <Period id="${vodPeriodId(start)}" start="${isoSeconds(start)}"${from === to ? ' duration="PT0S"' : ''}>`];
    const breakIndex = points.indexOf(from);
    if (breakIndex !== -1) {
      const pts = Math.round(start * 90_000);
      lines.push(cueEventStreamXml(o.scheme, { eventId: vodEventId(breakIndex), out: true, pts, breakDuration: null, eventDuration: 0 }, pts, '    '));
    }
    lines.push(
      adaptationSetsXml(ladder, VOD_URLS, (r) => ({
        pto: Math.round(start * r.track.timescale),
        entries: r.track.segments.slice(from, to).map((s) => ({ t: s.t, d: s.d })),
        startNumber: from,
      }), '    '),
      '  </Period>',
    );
    periods.push(lines.join('\n'));
  }
  return [
    ...mpdOpen,
    ...periods,
    '</MPD>',
    '',
  ].join('\n');
}
