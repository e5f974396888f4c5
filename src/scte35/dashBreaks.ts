/**
 * The ad breaks an MPD signals in its SCTE-35 EventStreams (protocols.md §15, UG-OLD:dash-ad-markers),
 * on which the MPD stitcher builds. Pure: text in, breaks and problems out.
 *
 * - Schemes: `urn:scte:scte35:2013:xml` (SpliceInfoSection in XML, inside scte35:Signal or directly in the
 *   Event) and `urn:scte:scte35:2014:xml+bin` (base64 scte35:Binary, decoded with the codec). Either scheme
 *   accepts either form, as encoders mix them.
 * - A cue-out is a splice_insert with out_of_network_indicator (not cancelled) or a time_signal with a
 *   segmentation descriptor of type 0x22, 0x30, 0x32, 0x34 or 0x36 (protocols.md §15).
 * - Multi-period input (MediaTailor's default): a Period is an avail when the FIRST Event of its SCTE-35
 *   EventStream is a cue-out; later Events are ignored. Single-period input: every cue-out is an avail.
 * - Times: (Event@presentationTime − EventStream@presentationTimeOffset) / EventStream@timescale from the
 *   Period start (ISO/IEC 23009-1 §5.10.2); the Period start from Period@start, else the previous Period's
 *   start + @duration, else 0 for the first Period of a static MPD (§5.3.2.1).
 * - Duration lookup order: Event@duration → SpliceInsert BreakDuration@duration → SegmentationDescriptor
 *   @segmentationDuration → to the end of the Period (multi-period). Single-period without any of them: up
 *   to the next cue-in Event of the stream when there is one [INFERRED: the UG says "the end of the Event"],
 *   else unknown (null).
 *
 * Fail open (DESIGN.md invariant 6): an Event that cannot be read is a problem and not a break; only a text
 * that is not an MPD at all throws.
 */
import { ErrorCode, StitchboxError, type Problem } from '../errors';
import { fromBase64 } from './bytes';
import { dashDuration } from './dashDuration';
import { attr, child, children, parseMpdRoot, textOf, uintAttr, type XmlNode } from './dashXml';
import { dashXmlSection } from './dashXmlSection';
import { decodeSpliceInfoSection } from './decode';
import { CueProblem } from './hlsCueProblem';
import { DASH_BREAK_END_TYPES, DASH_BREAK_START_TYPES, hlsCueSignal } from './hlsCueSignal';
import { scteVarsOf } from './scteVars';
import type { SpliceInfoSection } from './types';

export const SCTE35_XML_SCHEME = 'urn:scte:scte35:2013:xml';
export const SCTE35_BIN_SCHEME = 'urn:scte:scte35:2014:xml+bin';

const TICKS = 90_000;

export interface DashBreak {
  /** Period@id, null when the Period has none. */
  periodId: string | null;
  /** Index of the Period in the MPD, from 0. */
  periodIndex: number;
  /** Seconds from the Period's start. */
  startTime: number;
  /** Seconds on the MPD timeline (the Period's start + startTime); null when the Period's start is unknown. */
  absoluteStartTime: number | null;
  /** Seconds, by the lookup order above; null when nothing gives it. */
  duration: number | null;
  /** What gave the duration. */
  durationSource: 'event' | 'break_duration' | 'segmentation_duration' | 'period_end' | 'cue_in' | null;
  /** Event@id, null when absent. */
  eventId: string | null;
  /** Event@presentationTime as written (EventStream@timescale units), and that timescale. */
  presentationTime: number;
  timescale: number;
  schemeIdUri: string;
  /** The decoded section when the Event carried scte35:Binary; null for the XML form. */
  scte35: SpliceInfoSection | null;
  /** `[scte.*]` values (src/scte35/scteVars.ts), from the binary or the XML form. */
  scteVars: Record<string, string>;
}

export interface DashBreakOptions {
  /** MediaTailor's DashConfiguration.OriginManifestType; default MULTI_PERIOD. */
  originManifestType?: 'MULTI_PERIOD' | 'SINGLE_PERIOD';
}

/** One SCTE-35 Event, read. */
interface CueEvent {
  node: XmlNode;
  kind: 'out' | 'in' | 'other';
  presentationTime: number;
  timescale: number;
  pto: number;
  schemeIdUri: string;
  /** Binary form decoded, or the XML form as a section. */
  section: SpliceInfoSection;
  binary: boolean;
}

function isScte35Scheme(uri: string | undefined): uri is string {
  return uri === SCTE35_XML_SCHEME || uri === SCTE35_BIN_SCHEME;
}

/** The section of an Event: scte35:Binary (base64) or an XML SpliceInfoSection, in a Signal or not. */
function readSection(event: XmlNode): { section: SpliceInfoSection; binary: boolean } | { error: string } {
  const signal = child(event, 'Signal') ?? event;
  const binary = child(signal, 'Binary');
  if (binary !== undefined) {
    try {
      return { section: decodeSpliceInfoSection(fromBase64(textOf(binary))), binary: true };
    } catch (e) {
      return { error: `its scte35:Binary does not decode (${e instanceof Error ? e.message : String(e)})` };
    }
  }
  const xml = child(signal, 'SpliceInfoSection');
  if (xml !== undefined) {
    const section = dashXmlSection(xml);
    return section === null ? { error: 'its SpliceInfoSection holds no splice command' } : { section, binary: false };
  }
  return { error: 'it holds neither scte35:Binary nor scte35:SpliceInfoSection' };
}

interface PeriodTimes {
  start: number | null;
  /** The Period's length: next start − start, else @duration, else the rest of mediaPresentationDuration. */
  duration: number | null;
}

/** Period starts and lengths (ISO/IEC 23009-1 §5.3.2.1). */
function periodTimes(mpd: XmlNode, periods: XmlNode[]): PeriodTimes[] {
  const isStatic = (attr(mpd, 'type') ?? 'static') === 'static';
  const starts: (number | null)[] = [];
  periods.forEach((p, i) => {
    const start = dashDuration(attr(p, 'start'));
    if (start !== null) { starts.push(start); return; }
    if (i === 0) { starts.push(isStatic ? 0 : null); return; }
    const prevStart = starts[i - 1];
    const prevDuration = dashDuration(attr(periods[i - 1], 'duration'));
    starts.push(prevStart !== null && prevDuration !== null ? prevStart + prevDuration : null);
  });
  const total = dashDuration(attr(mpd, 'mediaPresentationDuration'));
  return periods.map((p, i) => {
    const start = starts[i];
    const next = i + 1 < periods.length ? starts[i + 1] : null;
    let duration = start !== null && next !== null ? next - start : dashDuration(attr(p, 'duration'));
    if (duration === null && i === periods.length - 1 && start !== null && total !== null) duration = total - start;
    return { start, duration };
  });
}

function eventsOf(period: XmlNode, periodIndex: number, problems: Problem[]): CueEvent[] {
  const out: CueEvent[] = [];
  for (const stream of children(period, 'EventStream')) {
    const schemeIdUri = attr(stream, 'schemeIdUri')?.trim();
    if (!isScte35Scheme(schemeIdUri)) continue;
    const timescale = uintAttr(stream, 'timescale') ?? 1;
    const pto = uintAttr(stream, 'presentationTimeOffset') ?? 0;
    for (const node of children(stream, 'Event')) {
      const read = readSection(node);
      const id = attr(node, 'id');
      if ('error' in read) {
        problems.push({ code: CueProblem.DASH_EVENT_INVALID, message: `Period ${periodIndex}: SCTE-35 Event ${id ?? '(no id)'} is ignored: ${read.error}` });
        continue;
      }
      const kind = hlsCueSignal(read.section, DASH_BREAK_START_TYPES, DASH_BREAK_END_TYPES).kind;
      out.push({
        node, kind: kind === 'out' || kind === 'in' ? kind : 'other', presentationTime: uintAttr(node, 'presentationTime') ?? 0,
        timescale: timescale === 0 ? 1 : timescale, pto, schemeIdUri, section: read.section, binary: read.binary,
      });
    }
  }
  return out;
}

/** Event@duration → BreakDuration@duration → SegmentationDescriptor@segmentationDuration (protocols.md §15). */
function signalledDuration(e: CueEvent): { duration: number; source: DashBreak['durationSource'] } | null {
  const eventDuration = uintAttr(e.node, 'duration');
  if (eventDuration !== null) return { duration: eventDuration / e.timescale, source: 'event' };
  const s = e.section;
  if (s.encrypted_packet) return null;
  if (s.splice_command_type === 0x05 && !s.splice_command.splice_event_cancel_indicator && s.splice_command.break_duration !== undefined) {
    return { duration: s.splice_command.break_duration.duration / TICKS, source: 'break_duration' };
  }
  const d = hlsCueSignal(s, DASH_BREAK_START_TYPES, DASH_BREAK_END_TYPES).descriptor;
  if (d?.segmentation_duration !== undefined) return { duration: d.segmentation_duration / TICKS, source: 'segmentation_duration' };
  return null;
}

const relative = (e: CueEvent): number => (e.presentationTime - e.pto) / e.timescale;

export function findDashBreaks(mpdText: string, options: DashBreakOptions = {}): { breaks: DashBreak[]; problems: Problem[] } {
  const mpd = parseMpdRoot(mpdText);
  if (mpd === null) throw new StitchboxError(ErrorCode.MANIFEST_INVALID, 'not an MPD: the text is not XML with an <MPD> root');
  const singlePeriod = options.originManifestType === 'SINGLE_PERIOD';
  const problems: Problem[] = [];
  const breaks: DashBreak[] = [];
  const periods = children(mpd, 'Period');
  const times = periodTimes(mpd, periods);

  periods.forEach((period, periodIndex) => {
    const events = eventsOf(period, periodIndex, problems);
    if (events.length === 0) return;
    // Multi-period: the first Event decides whether the Period is an avail (protocols.md §15).
    const outs = singlePeriod ? events.filter((e) => e.kind === 'out') : events[0].kind === 'out' ? [events[0]] : [];
    const { start, duration: periodDuration } = times[periodIndex];
    if (outs.length > 0 && start === null) {
      problems.push({ code: CueProblem.DASH_PERIOD_START_UNKNOWN, message: `Period ${periodIndex} has no @start and the one before it no @duration: its breaks have no absolute time` });
    }
    for (const e of outs) {
      const startTime = relative(e);
      let found = signalledDuration(e);
      if (found === null && !singlePeriod && periodDuration !== null) found = { duration: Math.max(0, periodDuration - startTime), source: 'period_end' };
      if (found === null && singlePeriod) {
        const back = events.find((x) => x.kind === 'in' && x.schemeIdUri === e.schemeIdUri && relative(x) > startTime);
        if (back !== undefined) found = { duration: relative(back) - startTime, source: 'cue_in' };
      }
      breaks.push({
        periodId: attr(period, 'id') ?? null,
        periodIndex,
        startTime,
        absoluteStartTime: start === null ? null : start + startTime,
        duration: found?.duration ?? null,
        durationSource: found?.source ?? null,
        eventId: attr(e.node, 'id') ?? null,
        presentationTime: e.presentationTime,
        timescale: e.timescale,
        schemeIdUri: e.schemeIdUri,
        scte35: e.binary ? e.section : null,
        scteVars: scteVarsOf(e.section, DASH_BREAK_START_TYPES, DASH_BREAK_END_TYPES),
      });
    }
  });
  return { breaks, problems };
}
