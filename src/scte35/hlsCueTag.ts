/**
 * The HLS cue tags that carry SCTE-35 and stay in the playlist as they are (the stitcher passes their
 * lines through; src/hls/readCueTag.ts reads the EXT-X-CUE-* family it owns):
 *
 * - `#EXT-X-DATERANGE` with `SCTE35-OUT` (cue-out), `SCTE35-IN` (cue-in, paired by ID) or `SCTE35-CMD`
 *   (classified by its decoded command), hexadecimal payloads (RFC 8216 §4.3.2.7.1). Duration: `DURATION`,
 *   else `PLANNED-DURATION`, else the decoded break_duration / segmentation_duration. `START-DATE` is
 *   ignored: the tag's position decides (protocols.md §6.1).
 * - `#EXT-X-SPLICEPOINT-SCTE35:<base64>` (protocols.md §6.1) and `#EXT-OATCLS-SCTE35:<base64>`: what the
 *   decoded section says (src/scte35/hlsCueSignal.ts). An EXT-OATCLS-SCTE35 next to an EXT-X-CUE-* tag
 *   only supplies that cue's payload (parseMedia attaches it, src/scte35/hlsCueAttach.ts).
 * - `#EXT-X-SCTE35:CUE="<base64>",CUE-OUT=YES|CONT,CUE-IN=YES,DURATION=..,ELAPSED=..,ID=..` (SCTE 35 HLS
 *   tag, as x9k3 writes it) and grafov's older `#EXT-SCTE35:` spelling of it: the attributes decide, else
 *   the decoded section.
 *
 * A payload that does not decode leaves a cue that its tag alone describes (DATERANGE OUT / IN, EXT-X-SCTE35
 * CUE-OUT / CUE-IN) with `scte35Error` and a problem; a tag that says nothing without its payload is dropped
 * with a problem. A decoded signal that is not an ad break (a program start, a chapter, splice_null) gives
 * no cue and no problem: the tag is valid, it is just not ours.
 */
import type { Cue, CueReading, CueStyle } from '../hls/readCueTag';
import { scanAttributes } from '../hls/attributes';
import { HlsProblem } from '../hls/hlsProblem';
import { parseDecimal } from '../hls/parseDecimal';
import { hlsCuePayload, type PayloadReading } from './hlsCuePayload';
import { CueProblem } from './hlsCueProblem';
import { hlsCueSignal, type CueSignal } from './hlsCueSignal';

const TICKS = 90_000;

const DATERANGE = '#EXT-X-DATERANGE:';
const SPLICEPOINT = '#EXT-X-SPLICEPOINT-SCTE35:';
const OATCLS = '#EXT-OATCLS-SCTE35:';
const SCTE35 = '#EXT-X-SCTE35:';
const SCTE35_OLD = '#EXT-SCTE35:';

/** Read one of the tags above; null when `line` is none of them (or a DATERANGE without SCTE35 attributes). */
export function readHlsCueTag(line: string): CueReading | null {
  // One character test first: every tag here is `#EXT-X-D...`, `#EXT-X-S...`, `#EXT-O...` or `#EXT-S...`.
  const c = line.charCodeAt(5);
  if (c === 0x58 /* X */) {
    const d = line.charCodeAt(7);
    if (d === 0x44 /* D */ && line.startsWith(DATERANGE)) return readDateRange(line);
    if (d === 0x53 /* S */) {
      if (line.startsWith(SPLICEPOINT)) return readPayloadOnly(line, SPLICEPOINT.length, 'splicepoint');
      if (line.startsWith(SCTE35)) return readScte35(line, SCTE35.length);
    }
    return null;
  }
  if (c === 0x4f /* O */ && line.startsWith(OATCLS)) return readPayloadOnly(line, OATCLS.length, 'oatcls');
  if (c === 0x53 /* S */ && line.startsWith(SCTE35_OLD)) return readScte35(line, SCTE35_OLD.length);
  return null;
}

function seconds(ticks: number | null): number | null {
  return ticks === null ? null : ticks / TICKS;
}

function invalid(line: string, error: string, kept: boolean): CueReading['problem'] {
  return { code: CueProblem.CUE_SCTE35_INVALID, message: `the SCTE-35 payload of ${line} does not decode (${error}); ${kept ? 'the cue is kept by its tag' : 'the tag is ignored'}` };
}

/** The cue with its payload fields: the section, or the error and the problem that goes with it. */
function withPayload(cue: Cue, payload: PayloadReading | null, line: string): CueReading {
  if (payload === null) return { cue, problem: null };
  if (payload.section !== null) {
    cue.scte35 = payload.section;
    return { cue, problem: null };
  }
  cue.scte35Error = payload.error;
  return { cue, problem: invalid(line, payload.error, true) };
}

/** A decimal attribute; a value that is not a plain number is a problem and reads as absent. */
function decimalAttr(text: string | undefined, line: string, problems: CueReading['problem'][]): number | null {
  if (text === undefined) return null;
  const v = parseDecimal(text);
  if (v === null) problems.push({ code: HlsProblem.BAD_CUE, message: `cue duration "${text}" is not a plain number of seconds: ${line}` });
  return v;
}

function readDateRange(line: string): CueReading | null {
  // Interstitials and other metadata DATERANGEs are most of them: skip the attribute scan.
  if (line.indexOf('SCTE35-', DATERANGE.length) < 0) return null;
  let id: string | undefined;
  let durationText: string | undefined;
  let plannedText: string | undefined;
  let out: string | undefined;
  let inn: string | undefined;
  let cmd: string | undefined;
  scanAttributes(line, DATERANGE.length, (name, s, e) => {
    switch (name) {
      case 'ID': id = line.slice(s, e); break;
      case 'DURATION': durationText = line.slice(s, e); break;
      case 'PLANNED-DURATION': plannedText = line.slice(s, e); break;
      case 'SCTE35-OUT': out = line.slice(s, e); break;
      case 'SCTE35-IN': inn = line.slice(s, e); break;
      case 'SCTE35-CMD': cmd = line.slice(s, e); break;
    }
  });
  const text = out ?? inn ?? cmd;
  if (text === undefined) return null;
  // An empty value carries no payload (the RFC 8216 §8.10 example wrapped over several lines reads so).
  const payload = text.trim() === '' ? null : hlsCuePayload(text, 'hex');
  const signal = payload === null || payload.section === null ? null : hlsCueSignal(payload.section);
  const problems: CueReading['problem'][] = [];
  const duration = () => decimalAttr(durationText, line, problems) ?? decimalAttr(plannedText, line, problems) ?? seconds(signal?.durationTicks ?? null);
  const ids = id === undefined ? {} : { id };

  let reading: CueReading;
  if (out !== undefined || inn !== undefined) {
    // The attribute says out or in; a decoded payload can only say that it is no ad break at all.
    if (signal?.kind === 'none') return { cue: null, problem: null };
    const cue: Cue = out !== undefined
      ? { kind: 'out', style: 'daterange', duration: duration(), tag: line, ...ids }
      : { kind: 'in', style: 'daterange', tag: line, ...ids };
    reading = withPayload(cue, payload, line);
  } else {
    // SCTE35-CMD (a time_signal, a splice_insert): only the decoded command says what it is.
    if (payload === null) return { cue: null, problem: null };
    if (payload.section === null) return { cue: null, problem: invalid(line, payload.error, false) };
    if (signal === null || (signal.kind !== 'out' && signal.kind !== 'in')) return { cue: null, problem: null };
    const cue: Cue = signal.kind === 'out'
      ? { kind: 'out', style: 'daterange', duration: duration(), tag: line, ...ids }
      : { kind: 'in', style: 'daterange', tag: line, ...ids };
    reading = withPayload(cue, payload, line);
  }
  return { cue: reading.cue, problem: reading.problem ?? problems[0] ?? null };
}

function cueFromSignal(signal: CueSignal, style: CueStyle, line: string, id: string | undefined, duration: number | null): Cue | null {
  const ids = id !== undefined ? { id } : signal.eventId !== null ? { id: String(signal.eventId) } : {};
  if (signal.kind === 'out') return { kind: 'out', style, duration: duration ?? seconds(signal.durationTicks), tag: line, ...ids };
  if (signal.kind === 'in') return { kind: 'in', style, tag: line, ...ids };
  return null;
}

/** EXT-X-SPLICEPOINT-SCTE35 / EXT-OATCLS-SCTE35: the base64 section is all there is. */
function readPayloadOnly(line: string, start: number, style: CueStyle): CueReading {
  const payload = hlsCuePayload(line.slice(start).trim(), 'base64');
  if (payload.section === null) return { cue: null, problem: invalid(line, payload.error, false) };
  const cue = cueFromSignal(hlsCueSignal(payload.section), style, line, undefined, null);
  if (cue !== null) cue.scte35 = payload.section;
  return { cue, problem: null };
}

/** EXT-X-SCTE35 / EXT-SCTE35 attribute list. */
function readScte35(line: string, start: number): CueReading {
  const attrs: Record<string, string> = {};
  scanAttributes(line, start, (name, s, e) => { attrs[name.toUpperCase()] = line.slice(s, e); });
  const payload = attrs.CUE === undefined ? { section: null, error: 'no CUE attribute' } as const : hlsCuePayload(attrs.CUE, 'base64');
  const problems: CueReading['problem'][] = [];
  const duration = decimalAttr(attrs.DURATION, line, problems);
  const id = attrs.ID === undefined || attrs.ID === '' ? undefined : attrs.ID;
  const ids = id === undefined ? {} : { id };
  const cueOut = (attrs['CUE-OUT'] ?? '').toUpperCase();
  let cue: Cue | null;
  if (cueOut === 'YES') {
    const signal = payload.section === null ? null : hlsCueSignal(payload.section);
    cue = { kind: 'out', style: 'scte35', duration: duration ?? seconds(signal?.durationTicks ?? null), tag: line, ...ids };
  } else if (cueOut === 'CONT') {
    cue = { kind: 'continue', style: 'scte35', elapsed: decimalAttr(attrs.ELAPSED, line, problems), duration, tag: line, ...ids };
  } else if ((attrs['CUE-IN'] ?? '').toUpperCase() === 'YES') {
    cue = { kind: 'in', style: 'scte35', tag: line, ...ids };
  } else {
    // No CUE-OUT / CUE-IN attribute: the section decides, and without it the tag says nothing.
    if (payload.section === null) return { cue: null, problem: invalid(line, payload.error, false) };
    cue = cueFromSignal(hlsCueSignal(payload.section), 'scte35', line, id, duration);
    if (cue === null) return { cue: null, problem: null };
  }
  const reading = withPayload(cue, payload, line);
  if (cue.id === undefined && cue.scte35 !== undefined) {
    const eventId = hlsCueSignal(cue.scte35).eventId;
    if (eventId !== null) cue.id = String(eventId);
  }
  return { cue, problem: reading.problem ?? problems[0] ?? null };
}
