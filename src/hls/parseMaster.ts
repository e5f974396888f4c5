/**
 * HLS multivariant ("master") playlist → model (RFC 8216 §4.3.4): variants (EXT-X-STREAM-INF and the
 * URI line after it), renditions (EXT-X-MEDIA) and I-frame variants (EXT-X-I-FRAME-STREAM-INF).
 * Tolerant: problems are recorded, never thrown.
 */
import type { Problem } from '../errors';
import { parseAttributes, scanAttributes } from './attributes';
import { forEachLine } from './forEachLine';
import { HlsProblem } from './hlsProblem';
import { parseDecimal } from './parseDecimal';

export interface Variant {
  uri: string; bandwidth: number; averageBandwidth?: number; width?: number; height?: number;
  codecs?: string; frameRate?: number; audio?: string; video?: string; subtitles?: string; closedCaptions?: string;
}
export interface Rendition {
  type: 'AUDIO' | 'VIDEO' | 'SUBTITLES' | 'CLOSED-CAPTIONS'; groupId: string; name: string;
  uri?: string; language?: string; isDefault: boolean;
}
export interface MasterPlaylist { variants: Variant[]; renditions: Rendition[]; iframeVariants: Variant[]; }

const RENDITION_TYPES: ReadonlySet<string> = new Set(['AUDIO', 'VIDEO', 'SUBTITLES', 'CLOSED-CAPTIONS']);

/**
 * True for a multivariant playlist: it lists variants or renditions and no segments (RFC 8216 §4.3: the
 * two kinds share no tags, §4.3.4 tags must not appear in media playlists).
 */
export function isMasterPlaylist(text: string): boolean {
  if (text.includes('#EXTINF')) return false;
  return text.includes('#EXT-X-STREAM-INF') || text.includes('#EXT-X-I-FRAME-STREAM-INF') || text.includes('#EXT-X-MEDIA:');
}

/** Attributes of a tag line, values unquoted, plus which ones were quoted (CLOSED-CAPTIONS=NONE vs ="NONE"). */
function attributesOf(line: string): { attrs: Record<string, string>; quoted: Set<string> } {
  const attrs: Record<string, string> = {};
  const quoted = new Set<string>();
  scanAttributes(line, line.indexOf(':') + 1, (name, s, e, q) => {
    attrs[name] = line.slice(s, e);
    if (q) quoted.add(name);
  });
  return { attrs, quoted };
}

function variantOf(line: string, lineNo: number, problems: Problem[]): Variant {
  const { attrs, quoted } = attributesOf(line);
  const bandwidth = parseDecimal(attrs.BANDWIDTH ?? '');
  if (bandwidth === null) problems.push({ code: HlsProblem.MISSING_ATTRIBUTE, message: `no valid BANDWIDTH: ${line}`, line: lineNo });
  const v: Variant = { uri: attrs.URI ?? '', bandwidth: bandwidth ?? 0 };
  const avg = parseDecimal(attrs['AVERAGE-BANDWIDTH'] ?? '');
  if (avg !== null) v.averageBandwidth = avg;
  const res = attrs.RESOLUTION;
  if (res !== undefined) {
    const x = res.indexOf('x');
    const w = parseDecimal(res.slice(0, x));
    const h = parseDecimal(res.slice(x + 1));
    if (x > 0 && w !== null && h !== null) { v.width = w; v.height = h; }
    else problems.push({ code: HlsProblem.BAD_TAG_VALUE, message: `RESOLUTION=${res} is not WxH`, line: lineNo });
  }
  if (attrs.CODECS !== undefined) v.codecs = attrs.CODECS;
  const fr = parseDecimal(attrs['FRAME-RATE'] ?? '');
  if (fr !== null) v.frameRate = fr;
  if (attrs.AUDIO !== undefined) v.audio = attrs.AUDIO;
  if (attrs.VIDEO !== undefined) v.video = attrs.VIDEO;
  if (attrs.SUBTITLES !== undefined) v.subtitles = attrs.SUBTITLES;
  // CLOSED-CAPTIONS=NONE (enumerated, unquoted) means "no captions", not a group named NONE (§4.3.4.2).
  const cc = attrs['CLOSED-CAPTIONS'];
  if (cc !== undefined && (quoted.has('CLOSED-CAPTIONS') || cc !== 'NONE')) v.closedCaptions = cc;
  return v;
}

function renditionOf(line: string, lineNo: number, problems: Problem[]): Rendition | null {
  const attrs = parseAttributes(line.slice(line.indexOf(':') + 1));
  const type = attrs.TYPE;
  if (type === undefined || !RENDITION_TYPES.has(type)) {
    problems.push({ code: HlsProblem.BAD_TAG_VALUE, message: `EXT-X-MEDIA without a valid TYPE is ignored: ${line}`, line: lineNo });
    return null;
  }
  if (attrs['GROUP-ID'] === undefined || attrs.NAME === undefined) {
    problems.push({ code: HlsProblem.MISSING_ATTRIBUTE, message: `EXT-X-MEDIA without GROUP-ID or NAME: ${line}`, line: lineNo });
  }
  const r: Rendition = { type: type as Rendition['type'], groupId: attrs['GROUP-ID'] ?? '', name: attrs.NAME ?? '', isDefault: attrs.DEFAULT === 'YES' };
  if (attrs.URI !== undefined) r.uri = attrs.URI;
  if (attrs.LANGUAGE !== undefined) r.language = attrs.LANGUAGE;
  return r;
}

export function parseMaster(text: string): { playlist: MasterPlaylist; problems: Problem[] } {
  const problems: Problem[] = [];
  const playlist: MasterPlaylist = { variants: [], renditions: [], iframeVariants: [] };
  let first = true;
  // A STREAM-INF waiting for its URI line, with its line number.
  let pending: { variant: Variant; lineNo: number } | null = null;
  const flushPending = () => {
    if (pending === null) return;
    // Some packagers (Comcast mamba fixtures) put the URI in a URI attribute instead of the next line.
    if (pending.variant.uri !== '') playlist.variants.push(pending.variant);
    else problems.push({ code: HlsProblem.STREAM_INF_WITHOUT_URI, message: 'an #EXT-X-STREAM-INF has no URI line after it', line: pending.lineNo });
    pending = null;
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  forEachLine(body, (start, end, index) => {
    const line = body.slice(start, end);
    const lineNo = index + 1;
    if (line.trim() === '') return;
    if (first) {
      first = false;
      if (line.trimEnd() !== '#EXTM3U') problems.push({ code: HlsProblem.MISSING_EXTM3U, message: 'the playlist does not start with #EXTM3U', line: lineNo });
    }
    if (line.charCodeAt(0) !== 35) {
      if (pending !== null) {
        pending.variant.uri = line.trim();
        playlist.variants.push(pending.variant);
        pending = null;
      }
      return;
    }
    if (!line.startsWith('#EXT')) return; // comments may sit between STREAM-INF and its URI
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      flushPending();
      pending = { variant: variantOf(line, lineNo, problems), lineNo };
      return;
    }
    flushPending();
    if (line.startsWith('#EXT-X-MEDIA:')) {
      const r = renditionOf(line, lineNo, problems);
      if (r) playlist.renditions.push(r);
    } else if (line.startsWith('#EXT-X-I-FRAME-STREAM-INF:')) {
      const v = variantOf(line, lineNo, problems);
      if (v.uri === '') problems.push({ code: HlsProblem.MISSING_ATTRIBUTE, message: `EXT-X-I-FRAME-STREAM-INF without URI: ${line}`, line: lineNo });
      else playlist.iframeVariants.push(v);
    }
  });
  flushPending();
  return { playlist, problems };
}
