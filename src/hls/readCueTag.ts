/**
 * Cue tags of HLS media playlists (protocols.md §6.1), one line at a time. Kept apart from the playlist
 * parser so later cue styles (EXT-X-DATERANGE SCTE35-OUT/IN, EXT-X-SPLICEPOINT-SCTE35, EXT-OATCLS-SCTE35,
 * EXT-X-SCTE35 with decoded SCTE-35) slot in here without touching the parser.
 *
 * Understood now:
 * - `#EXT-X-CUE-OUT` bare, `:30`, `:30.000`, `:DURATION=120`, `:DURATION="120"`, `:4,SpliceType=...`
 *   (AWS MediaConvert), `:DURATION=366,ID=..,CUE=".."` (Envivio). ISO-8601 durations are not supported
 *   (protocols.md §6.1) and give a problem.
 * - `#EXT-X-CUE-OUT-CONT` bare, `:ElapsedTime=8.8,Duration=15,SCTE35=...` (Elemental), `:2/120` and
 *   `:10/4, SpliceType=...` (elapsed/duration).
 * - `#EXT-X-CUE-IN` with or without attributes.
 * - Adobe Primetime legacy `#EXT-X-CUE:TYPE=SpliceOut|SpliceIn|SpliceInsert,ID=..,TIME=..,DURATION=..[,ELAPSED=..]`
 *   (Azure Media Services live timed metadata §3.2.3; Adobe: DURATION 0 means unknown) and `#EXT-X-CUE-CONT`.
 */
import { parseAttributes } from './attributes';
import { HlsProblem } from './hlsProblem';
import { parseDecimal } from './parseDecimal';

export interface CueOut { kind: 'out'; duration: number | null; tag: string /* the raw line */; }
export interface CueCont { kind: 'continue'; elapsed: number | null; duration: number | null; tag: string; }
export interface CueIn { kind: 'in'; tag: string; }
export type Cue = CueOut | CueCont | CueIn;

/** A cue and, when part of it did not parse, why (the cue is still usable). */
export interface CueReading {
  cue: Cue;
  problem: { code: HlsProblem; message: string } | null;
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

function readCueOut(line: string, value: string): CueReading {
  if (value === '') return { cue: { kind: 'out', duration: null, tag: line }, problem: null };
  const token = firstToken(value);
  const text = token.includes('=') ? attr(parseAttributes(value), 'DURATION') : token;
  if (text === undefined) return { cue: { kind: 'out', duration: null, tag: line }, problem: null };
  const duration = parseDecimal(text);
  return { cue: { kind: 'out', duration, tag: line }, problem: duration === null ? badDuration(line, text) : null };
}

function readCueOutCont(line: string, value: string): CueReading {
  let elapsedText: string | undefined;
  let durationText: string | undefined;
  const token = firstToken(value);
  if (token.includes('/') && !token.includes('=')) {
    const slash = token.indexOf('/');
    elapsedText = token.slice(0, slash);
    durationText = token.slice(slash + 1);
  } else if (value !== '') {
    const attrs = parseAttributes(value);
    elapsedText = attr(attrs, 'ElapsedTime');
    durationText = attr(attrs, 'Duration');
  }
  const elapsed = elapsedText === undefined ? null : parseDecimal(elapsedText);
  const duration = durationText === undefined ? null : parseDecimal(durationText);
  const bad = (elapsedText !== undefined && elapsed === null) ? elapsedText : (durationText !== undefined && duration === null) ? durationText : null;
  return { cue: { kind: 'continue', elapsed, duration, tag: line }, problem: bad === null ? null : badDuration(line, bad) };
}

function readAdobeCue(line: string, value: string): CueReading {
  const attrs = parseAttributes(value);
  const type = (attr(attrs, 'TYPE') ?? '').toUpperCase();
  if (type === 'SPLICEIN') return { cue: { kind: 'in', tag: line }, problem: null };
  const durationText = attr(attrs, 'DURATION');
  const duration = durationText === undefined ? null : parseDecimal(durationText);
  const problem = durationText !== undefined && duration === null ? badDuration(line, durationText) : null;
  const elapsedText = attr(attrs, 'ELAPSED');
  if (elapsedText !== undefined) {
    const elapsed = parseDecimal(elapsedText);
    return { cue: { kind: 'continue', elapsed, duration, tag: line }, problem: problem ?? (elapsed === null ? badDuration(line, elapsedText) : null) };
  }
  // SpliceInsert marks an insertion point (Adobe offline packager); elsewhere DURATION=0 means "unknown".
  if (type === 'SPLICEINSERT') return { cue: { kind: 'out', duration: duration ?? 0, tag: line }, problem };
  return { cue: { kind: 'out', duration: duration === 0 ? null : duration, tag: line }, problem };
}

/** Read a cue tag with any problem in it; null when `line` is not a cue tag. */
export function readCue(line: string): CueReading | null {
  // Cheap reject first: every cue tag understood starts with `#EXT-X-CUE`.
  if (!line.startsWith('#EXT-X-CUE')) return null;
  const colon = line.indexOf(':');
  const name = (colon < 0 ? line : line.slice(0, colon)).trimEnd();
  const value = colon < 0 ? '' : line.slice(colon + 1).trim();
  switch (name) {
    case '#EXT-X-CUE-OUT': return readCueOut(line, value);
    case '#EXT-X-CUE-OUT-CONT': return readCueOutCont(line, value);
    case '#EXT-X-CUE-IN': return { cue: { kind: 'in', tag: line }, problem: null };
    case '#EXT-X-CUE': return readAdobeCue(line, value);
    case '#EXT-X-CUE-CONT': {
      const elapsedText = attr(parseAttributes(value), 'AVAIL-DUR-ELAPSED');
      const elapsed = elapsedText === undefined ? null : parseDecimal(elapsedText);
      return { cue: { kind: 'continue', elapsed, duration: null, tag: line }, problem: null };
    }
    default: return null;
  }
}

/** The cue a tag line carries, or null when it is not a cue tag this module understands. */
export function readCueTag(line: string): Cue | null {
  return readCue(line)?.cue ?? null;
}
