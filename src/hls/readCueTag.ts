/**
 * Cue tags of HLS media playlists (protocols.md §6.1), one line at a time, into one typed cue model:
 * out / continue / in, a duration, the decoded SCTE-35 when the tag carries it. The playlist parser
 * (parseMedia) collects them per segment and findBreaks pairs them into breaks.
 *
 * Two families of tags:
 * - Tags the stitcher owns (style `cueout`, `adobe`): removed from the output, or passed through as cues
 *   (protocols.md §6.2). Read here:
 *   - `#EXT-X-CUE-OUT` bare, `:30`, `:30.000`, `:DURATION=120`, `:DURATION="120"`, `:4,SpliceType=...`
 *     (AWS MediaConvert), `:DURATION=366,ID=..,CUE=".."` (Envivio). ISO-8601 durations are not supported
 *     (protocols.md §6.1) and give a problem.
 *   - `#EXT-X-CUE-OUT-CONT` bare, `:ElapsedTime=8.8,Duration=15,SCTE35=...` (Elemental), `:2/120` and
 *     `:10/4, SpliceType=...` (elapsed/duration).
 *   - `#EXT-X-CUE-IN` with or without attributes.
 *   - Adobe Primetime legacy `#EXT-X-CUE:TYPE=SpliceOut|SpliceIn|SpliceInsert,ID=..,TIME=..,DURATION=..[,ELAPSED=..]`
 *     (Azure Media Services live timed metadata §3.2.3; Adobe: DURATION 0 means unknown) and `#EXT-X-CUE-CONT`.
 *   A `CUE=` / `SCTE35=` payload is decoded and attached; when it does not decode the cue stands on its tag.
 * - Tags that stay in the segment's tag lines and pass through the stitcher as they are: EXT-X-DATERANGE
 *   (protocols.md §6.2), EXT-X-SPLICEPOINT-SCTE35, EXT-OATCLS-SCTE35, EXT-X-SCTE35 / EXT-SCTE35. Read by
 *   src/scte35/hlsCueTag.ts.
 */
import type { SpliceInfoSection } from '../scte35/types';
import { hlsCuePayload } from '../scte35/hlsCuePayload';
import { readHlsCueTag } from '../scte35/hlsCueTag';
import { CueProblem } from '../scte35/hlsCueProblem';
import { parseAttributes } from './attributes';
import { HlsProblem } from './hlsProblem';
import { parseDecimal } from './parseDecimal';

/**
 * Which tag a cue came from: `cueout` EXT-X-CUE-OUT/-CONT/-IN, `adobe` EXT-X-CUE/-CONT, `daterange`
 * EXT-X-DATERANGE SCTE35-*, `splicepoint` EXT-X-SPLICEPOINT-SCTE35, `oatcls` EXT-OATCLS-SCTE35,
 * `scte35` EXT-X-SCTE35 (and grafov's EXT-SCTE35).
 */
export type CueStyle = 'cueout' | 'daterange' | 'splicepoint' | 'oatcls' | 'scte35' | 'adobe';

interface CueFields {
  style: CueStyle;
  /** The raw line. */
  tag: string;
  /**
   * What pairs a cue-in with its cue-out: the EXT-X-DATERANGE ID, an ID attribute, else the decoded
   * splice_event_id / segmentation_event_id (decimal).
   */
  id?: string;
  /** The decoded splice_info_section the tag carries (or an EXT-OATCLS-SCTE35 next to it supplied). */
  scte35?: SpliceInfoSection;
  /** Why the tag's payload did not decode; the cue then stands on what its tag says. */
  scte35Error?: string;
}
export interface CueOut extends CueFields { kind: 'out'; duration: number | null; }
export interface CueCont extends CueFields { kind: 'continue'; elapsed: number | null; duration: number | null; }
export interface CueIn extends CueFields { kind: 'in'; }
export type Cue = CueOut | CueCont | CueIn;

/**
 * A cue tag read, with any problem in it. `cue` is null when the tag is a cue tag but signals no ad break
 * (a program start, a chapter, a heartbeat) or cannot be used (its payload did not decode and the tag
 * alone says nothing: the problem says so).
 */
export interface CueReading {
  cue: Cue | null;
  problem: { code: string; message: string } | null;
}

/** Cues whose line the stitcher owns (removed or passed through as a cue, protocols.md §6.2); the others stay in tagLines. */
export function ownsCueLine(cue: Cue): boolean {
  return cue.style === 'cueout' || cue.style === 'adobe';
}

/** Attribute lookup ignoring case (`ElapsedTime` vs `ELAPSEDTIME` in the wild). */
function attr(attrs: Record<string, string>, name: string): string | undefined {
  if (attrs[name] !== undefined) return attrs[name];
  const upper = name.toUpperCase();
  for (const k of Object.keys(attrs)) if (k.toUpperCase() === upper) return attrs[k];
  return undefined;
}

function firstToken(value: string): string {
  const comma = value.indexOf(',');
  return (comma < 0 ? value : value.slice(0, comma)).trim();
}

function badDuration(line: string, text: string): CueReading['problem'] {
  return { code: HlsProblem.BAD_CUE, message: `cue duration "${text}" is not a plain number of seconds: ${line}` };
}

/** Decode a `CUE=` / `SCTE35=` base64 payload onto the cue; a failure is a problem, the cue stays. */
function attachPayload(reading: CueReading, text: string | undefined): CueReading {
  const cue = reading.cue;
  if (cue === null || text === undefined || text.trim() === '') return reading;
  const payload = hlsCuePayload(text.trim(), 'base64');
  if (payload.section !== null) {
    cue.scte35 = payload.section;
    return reading;
  }
  cue.scte35Error = payload.error;
  const problem = { code: CueProblem.CUE_SCTE35_INVALID, message: `the SCTE-35 payload of ${cue.tag} does not decode (${payload.error}); the cue is kept by its tag` };
  return { cue, problem: reading.problem ?? problem };
}

function readCueOut(line: string, value: string): CueReading {
  if (value === '') return { cue: { kind: 'out', style: 'cueout', duration: null, tag: line }, problem: null };
  const token = firstToken(value);
  const attrs = parseAttributes(value);
  const text = token.includes('=') ? attr(attrs, 'DURATION') : token;
  const cue: CueOut = { kind: 'out', style: 'cueout', duration: null, tag: line };
  const id = attr(attrs, 'ID');
  if (id !== undefined && id !== '') cue.id = id;
  if (text === undefined) return attachPayload({ cue, problem: null }, attr(attrs, 'CUE'));
  cue.duration = parseDecimal(text);
  return attachPayload({ cue, problem: cue.duration === null ? badDuration(line, text) : null }, attr(attrs, 'CUE'));
}

function readCueOutCont(line: string, value: string): CueReading {
  let elapsedText: string | undefined;
  let durationText: string | undefined;
  let payload: string | undefined;
  const token = firstToken(value);
  if (token.includes('/') && !token.includes('=')) {
    const slash = token.indexOf('/');
    elapsedText = token.slice(0, slash);
    durationText = token.slice(slash + 1);
  } else if (value !== '') {
    const attrs = parseAttributes(value);
    elapsedText = attr(attrs, 'ElapsedTime');
    durationText = attr(attrs, 'Duration');
    payload = attr(attrs, 'SCTE35');
  }
  const elapsed = elapsedText === undefined ? null : parseDecimal(elapsedText);
  const duration = durationText === undefined ? null : parseDecimal(durationText);
  const bad = (elapsedText !== undefined && elapsed === null) ? elapsedText : (durationText !== undefined && duration === null) ? durationText : null;
  const cue: CueCont = { kind: 'continue', style: 'cueout', elapsed, duration, tag: line };
  return attachPayload({ cue, problem: bad === null ? null : badDuration(line, bad) }, payload);
}

function readCueIn(line: string, value: string): CueReading {
  const cue: CueIn = { kind: 'in', style: 'cueout', tag: line };
  if (value.includes('=')) {
    const id = attr(parseAttributes(value), 'ID');
    if (id !== undefined && id !== '') cue.id = id;
  }
  return { cue, problem: null };
}

function readAdobeCue(line: string, value: string): CueReading {
  const attrs = parseAttributes(value);
  const type = (attr(attrs, 'TYPE') ?? '').toUpperCase();
  const idText = attr(attrs, 'ID');
  const id = idText === undefined || idText === '' ? {} : { id: idText };
  if (type === 'SPLICEIN') return { cue: { kind: 'in', style: 'adobe', tag: line, ...id }, problem: null };
  const durationText = attr(attrs, 'DURATION');
  const duration = durationText === undefined ? null : parseDecimal(durationText);
  const problem = durationText !== undefined && duration === null ? badDuration(line, durationText) : null;
  const elapsedText = attr(attrs, 'ELAPSED');
  const payload = attr(attrs, 'CUE');
  if (elapsedText !== undefined) {
    const elapsed = parseDecimal(elapsedText);
    const cue: CueCont = { kind: 'continue', style: 'adobe', elapsed, duration, tag: line, ...id };
    return attachPayload({ cue, problem: problem ?? (elapsed === null ? badDuration(line, elapsedText) : null) }, payload);
  }
  // SpliceInsert marks an insertion point (Adobe offline packager); elsewhere DURATION=0 means "unknown".
  const signalled = type === 'SPLICEINSERT' ? duration ?? 0 : duration === 0 ? null : duration;
  return attachPayload({ cue: { kind: 'out', style: 'adobe', duration: signalled, tag: line, ...id }, problem }, payload);
}

/**
 * Read a cue tag with any problem in it; null when `line` is not a cue tag. Cheap for other lines: a
 * prefix check (this runs on every tag of a 7,200-segment live playlist that is not EXTINF or PDT).
 */
export function readCue(line: string): CueReading | null {
  if (!line.startsWith('#EXT-X-CUE')) return readHlsCueTag(line);
  const colon = line.indexOf(':');
  const name = (colon < 0 ? line : line.slice(0, colon)).trimEnd();
  const value = colon < 0 ? '' : line.slice(colon + 1).trim();
  switch (name) {
    case '#EXT-X-CUE-OUT': return readCueOut(line, value);
    case '#EXT-X-CUE-OUT-CONT': return readCueOutCont(line, value);
    case '#EXT-X-CUE-IN': return readCueIn(line, value);
    case '#EXT-X-CUE': return readAdobeCue(line, value);
    case '#EXT-X-CUE-CONT': {
      const elapsedText = attr(parseAttributes(value), 'AVAIL-DUR-ELAPSED');
      const elapsed = elapsedText === undefined ? null : parseDecimal(elapsedText);
      return { cue: { kind: 'continue', style: 'adobe', elapsed, duration: null, tag: line }, problem: null };
    }
    default: return null;
  }
}

/** The cue a tag line carries, or null when it is not a cue tag or signals no ad break. */
export function readCueTag(line: string): Cue | null {
  return readCue(line)?.cue ?? null;
}
