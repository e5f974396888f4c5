import { SEGMENT_SECONDS, type LiveOptions } from '../live/liveOptions';
import { breakEventId } from '../live/breakSignal';
import { contentIndex, liveWindow, LOOP_SEGMENTS, publishedSegments } from '../live/liveWindow';
import { cueEventStreamXml, type DashCue } from './dashCueEvent';
import type { DashLiveOptions } from './dashLiveOptions';
import type { DashLadder, DashRendition } from './dashLadder';
import { adaptationSetsXml, escXml, isoSeconds, LIVE_PROFILE, MPD_NAMESPACES, MPD_PROLOG, type TemplateUrls } from './mpdXml';

/**
 * The demo's DASH live stream, `/origin/dash/live.mpd` (issue 7 item 5): a dynamic MPD over the looping
 * 60 s fMP4 content on the HLS live simulator's timeline (live/liveWindow.ts: segment n covers stream time
 * [2n, 2n+2) s, is published once stream time reaches 2n+2 s, plays content segment n mod 30; break k
 * covers segments [offset + k·every, offset + k·every + breakdur) / 2). A pure function of (now, options).
 *
 * Periods. A new Period begins at every break start (its EventStream's first Event is the splice_insert
 * cue-out, with break_duration and Event@duration = breakdur), at every return (first Event the
 * splice_insert with out_of_network_indicator 0, no duration), and where the content loops (its media
 * timestamps start again at 0, which one Period's SegmentTimeline cannot express). A break that spans a
 * loop point is cut there: the part after the loop is a Period of its own with no Event. A Period is
 * listed once its first segment is published and while any of its segments is in the window.
 *
 * Stable across refreshes (protocols.md §15 "PTO stability", §19), all derived from the Period's first
 * segment n0 alone: Period@id `live-<2·n0>`, Period@start = 2·n0 s, and each Representation's
 * @presentationTimeOffset = the content's media time at n0 (video tfdt of content segment n0 mod 30) in
 * its own timescale. Only the SegmentTimeline (and with $Number$ addressing, @startNumber = the number of
 * the first listed segment) moves with the window.
 *
 * Time. MPD time t is wall-clock availabilityStartTime + t (ISO/IEC 23009-1 §5.3.9.5). At speed 1,
 * availabilityStartTime = t0. A player cannot run an MPD faster than the wall clock, so with speed > 1
 * availabilityStartTime is put where the live edge equals the simulated stream time at this response
 * (now − (now − t0)·speed): it moves back on every refresh, while Period@start, @id and PTO do not. Such
 * MPDs are for tests that read the MPD text (the stitcher's property tests), not for players.
 * UTCTiming is `urn:mpeg:dash:utc:direct:2014` (the server's clock at the response), so players need no
 * time server.
 *
 * Segment URLs (relative to the MPD) carry t0 and speed, because a segment is served only once the
 * simulated clock has published it (404 for the future): `live/<rep>/<n>.m4s` ($Number$) or
 * `live/<rep>/<pass>/<tfdt>.m4s` ($Time$, pass = n div 30 names the loop, tfdt the content segment).
 */

export interface LivePeriodSpan {
  /** First segment of the Period (stream sequence number). */
  n0: number;
  /** Segments of the Period listed in this MPD: [from, to). */
  from: number;
  to: number;
  /** What opens the Period. */
  kind: 'start' | 'break' | 'return' | 'loop';
  /** The break, for 'break' and 'return'. */
  k: number | null;
}

/** The segment that opens the Period segment n belongs to, and why. */
export function periodStartOf(n: number, o: LiveOptions): { n0: number; kind: LivePeriodSpan['kind']; k: number | null } {
  const loop = n - (n % LOOP_SEGMENTS);
  let best: { n0: number; kind: LivePeriodSpan['kind']; k: number | null } = { n0: loop, kind: loop === 0 ? 'start' : 'loop', k: null };
  const offset = o.offsetSeconds / SEGMENT_SECONDS;
  if (n >= offset) {
    const every = o.everySeconds / SEGMENT_SECONDS;
    const length = o.breakSeconds / SEGMENT_SECONDS;
    const k = Math.floor((n - offset) / every);
    const start = offset + k * every;
    const edge = n - start < length ? { n0: start, kind: 'break' as const, k } : { n0: start + length, kind: 'return' as const, k };
    // A break edge on the loop point is still that edge (its Event must open the Period).
    if (edge.n0 >= best.n0) best = edge;
  }
  return best;
}

/** The Periods the window [first, end) touches, in order. */
export function livePeriodSpans(first: number, end: number, o: LiveOptions): LivePeriodSpan[] {
  const spans: LivePeriodSpan[] = [];
  for (let n = first; n < end; n++) {
    const p = periodStartOf(n, o);
    const last = spans[spans.length - 1];
    if (last && last.n0 === p.n0) last.to = n + 1;
    else spans.push({ n0: p.n0, from: n, to: n + 1, kind: p.kind, k: p.k });
  }
  return spans;
}

export function livePeriodId(n0: number): string {
  return `live-${n0 * SEGMENT_SECONDS}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function liveUrls(o: DashLiveOptions, pass: number): TemplateUrls {
  const q = `?t0=${o.live.t0Ms}&speed=${o.live.speed}`;
  return {
    initialization: 'live/$RepresentationID$/init.mp4',
    media: o.addressing === 'number' ? `live/$RepresentationID$/$Number$.m4s${q}` : `live/$RepresentationID$/${pass}/$Time$.m4s${q}`,
  };
}

/** Media time, in seconds, where content segment c starts: its video tfdt (the content-fmp4 timeline starts at 0). */
function contentSeconds(ladder: DashLadder, c: number): number {
  const lead = ladder.video[0].track;
  return lead.segments[c].t / lead.timescale;
}

function cueOf(span: LivePeriodSpan, o: LiveOptions, pts: number): DashCue | null {
  if (span.k === null) return null;
  const eventId = breakEventId(span.k);
  if (span.kind === 'break') {
    const ticks = o.breakSeconds * 90_000;
    return { eventId, out: true, pts, breakDuration: ticks, eventDuration: ticks };
  }
  if (span.kind === 'return') return { eventId, out: false, pts, breakDuration: null, eventDuration: null };
  return null;
}

export function dashLiveMpd(nowMs: number, ladder: DashLadder, o: DashLiveOptions): string {
  const lo = o.live;
  const w = liveWindow(nowMs, lo);
  const streamMs = Math.max(0, (nowMs - lo.t0Ms) * lo.speed);
  const ast = lo.speed === 1 ? lo.t0Ms : Math.round(nowMs - streamMs);
  // Changes only when a segment is published: two refreshes between publications are the same text but for UTCTiming.
  const publishTime = ast + publishedSegments(nowMs, lo) * SEGMENT_SECONDS * 1000;
  const delay = Math.min(3 * SEGMENT_SECONDS, lo.windowSeconds - SEGMENT_SECONDS);

  const periods: string[] = [];
  for (const span of livePeriodSpans(w.first, w.end, lo)) {
    const c0 = contentIndex(span.n0);
    const mediaStart = contentSeconds(ladder, c0);
    const lines = [`  <Period id="${livePeriodId(span.n0)}" start="${isoSeconds(span.n0 * SEGMENT_SECONDS)}">`];
    const pts = Math.round(mediaStart * 90_000);
    const cue = cueOf(span, lo, pts);
    if (cue !== null) lines.push(cueEventStreamXml(o.scheme, cue, pts, '    '));
    const pass = Math.floor(span.n0 / LOOP_SEGMENTS);
    lines.push(
      adaptationSetsXml(ladder, liveUrls(o, pass), (r: DashRendition) => {
        const entries = [];
        for (let n = span.from; n < span.to; n++) {
          const s = r.track.segments[contentIndex(n)];
          entries.push({ t: s.t, d: s.d });
        }
        return { pto: Math.round(mediaStart * r.track.timescale), entries, ...(o.addressing === 'number' ? { startNumber: span.from } : {}) };
      }, '    '),
      '  </Period>',
    );
    periods.push(lines.join('\n'));
  }
  return [
    MPD_PROLOG,
    `<MPD ${MPD_NAMESPACES} profiles="${LIVE_PROFILE}" type="dynamic" availabilityStartTime="${iso(ast)}" publishTime="${iso(publishTime)}" ` +
      `minimumUpdatePeriod="${isoSeconds(SEGMENT_SECONDS / lo.speed)}" timeShiftBufferDepth="${isoSeconds(lo.windowSeconds)}" ` +
      `suggestedPresentationDelay="${isoSeconds(delay)}" minBufferTime="${isoSeconds(SEGMENT_SECONDS)}">`,
    ...periods,
    `  <UTCTiming schemeIdUri="urn:mpeg:dash:utc:direct:2014" value="${escXml(iso(nowMs))}"/>`,
    '</MPD>',
    '',
  ].join('\n');
}
