import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * What an MPD must say about one fMP4 rendition folder of demo/media (init.mp4 + seg_NNN.m4s, written by
 * scripts/make-media.sh), read from the files themselves (ISO/IEC 14496-12):
 *
 * - timescale: the track's `mdhd` (§8.4.2), the unit of SegmentTemplate@timescale, S@t/@d and
 *   @presentationTimeOffset;
 * - each segment's start and duration: its `tfdt` baseMediaDecodeTime (§8.8.12) and the sum of its `trun`
 *   sample durations (§8.8.8, defaults from `tfhd` §8.8.7 / `trex` §8.8.3).
 *
 * Why the files and not the HLS playlists' EXTINF: EXTINF is rounded to microseconds in seconds
 * (`#EXTINF:1.996916` is 88064 / 44100 = 1.99691609...), carries no timescale, and a SegmentTimeline whose
 * @t disagreed with the fragments' tfdt by even one tick would place the media off its MPD time (dash.js
 * and Shaka set timestampOffset from PTO and Period@start, players.md §4, not from EXTINF). The AAC audio
 * segments are whole 1024-sample frames (87 or 86 per segment), so they are not 2 s long: 2.020136 s and
 * 1.996916 s alternate; only the video's 48 frames at 24 fps make exactly 2 s.
 *
 * Demo server code (Node I/O), run once per server start; a folder that is missing or malformed is null,
 * so the demo serves the rest.
 */

export interface Fmp4Segment {
  /** File name, e.g. `seg_000.m4s`. */
  file: string;
  /** tfdt, in `timescale` units. */
  t: number;
  /** Sum of the fragment's sample durations, in `timescale` units. */
  d: number;
  bytes: number;
  /** Number of samples (video: frames). */
  samples: number;
}

export interface Fmp4Track {
  kind: 'video' | 'audio';
  timescale: number;
  /** RFC 6381 codec string from the sample entry: `avc1.PPCCLL` (avcC, ISO/IEC 14496-15 §5.3.3.1) or `mp4a.40.2`. */
  codecs: string;
  width?: number;
  height?: number;
  sampleRate?: number;
  channels?: number;
  segments: Fmp4Segment[];
  /** Peak segment bit rate, bit/s (MPD Representation@bandwidth, ISO/IEC 23009-1 §5.3.5.2, with minBufferTime = one segment). */
  bandwidth: number;
}

type Box = [type: string, start: number, end: number];

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Child boxes of [start, end): type, start of body, end. */
function boxes(b: Uint8Array, start: number, end: number): Box[] {
  const v = view(b);
  const out: Box[] = [];
  let o = start;
  while (o + 8 <= end) {
    let size = v.getUint32(o);
    let header = 8;
    if (size === 1) {
      size = Number(v.getBigUint64(o + 8));
      header = 16;
    } else if (size === 0) {
      size = end - o;
    }
    if (size < header || o + size > end) throw new Error(`bad box at byte ${o}`);
    out.push([String.fromCharCode(b[o + 4], b[o + 5], b[o + 6], b[o + 7]), o + header, o + size]);
    o += size;
  }
  return out;
}

function find(b: Uint8Array, start: number, end: number, pathTypes: string[]): Box {
  let box: Box = ['', start, end];
  for (const type of pathTypes) {
    const next = boxes(b, box[1], box[2]).find(([t]) => t === type);
    if (!next) throw new Error(`no ${pathTypes.join('/')} box`);
    box = next;
  }
  return box;
}

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

interface InitFacts {
  kind: 'video' | 'audio';
  timescale: number;
  codecs: string;
  width?: number;
  height?: number;
  sampleRate?: number;
  channels?: number;
  /** trex default_sample_duration. */
  defaultDuration: number;
}

function readInit(b: Uint8Array): InitFacts {
  const v = view(b);
  const [, ms] = find(b, 0, b.length, ['moov', 'trak', 'mdia', 'mdhd']);
  const timescale = b[ms] === 1 ? v.getUint32(ms + 4 + 16) : v.getUint32(ms + 4 + 8);
  const [, hs] = find(b, 0, b.length, ['moov', 'trak', 'mdia', 'hdlr']);
  const handler = String.fromCharCode(b[hs + 8], b[hs + 9], b[hs + 10], b[hs + 11]);
  const [, ts] = find(b, 0, b.length, ['moov', 'mvex', 'trex']);
  const defaultDuration = v.getUint32(ts + 4 + 8);
  const [, ss, se] = find(b, 0, b.length, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd']);
  // stsd: version/flags, entry_count, then the sample entries (§8.5.2).
  const [entryType, es, ee] = boxes(b, ss + 8, se)[0];
  if (handler === 'vide' && (entryType === 'avc1' || entryType === 'avc3')) {
    // VisualSampleEntry: 6 reserved + data_reference_index, 16 bytes pre_defined/reserved, width, height, ... 78 bytes (§12.1.3).
    const width = v.getUint16(es + 24);
    const height = v.getUint16(es + 26);
    const [, cs] = boxes(b, es + 78, ee).find(([t]) => t === 'avcC') ?? (() => { throw new Error('no avcC'); })();
    return { kind: 'video', timescale, codecs: `${entryType}.${hex2(b[cs + 1])}${hex2(b[cs + 2])}${hex2(b[cs + 3])}`, width, height, defaultDuration };
  }
  if (handler === 'soun' && entryType === 'mp4a') {
    // AudioSampleEntry: 8 + 8 reserved, channelcount, samplesize, 4 reserved, samplerate 16.16 (§12.2.3).
    const channels = v.getUint16(es + 16);
    const sampleRate = v.getUint32(es + 24) >>> 16;
    // AAC-LC is what make-media.sh encodes (it checks the profile); the esds object type is 0x40 (MPEG-4 audio).
    return { kind: 'audio', timescale, codecs: 'mp4a.40.2', sampleRate, channels, defaultDuration };
  }
  throw new Error(`unsupported track: ${handler} ${entryType}`);
}

/** tfdt and the summed sample durations of a media segment's first track fragment. */
function readFragment(b: Uint8Array, defaultDuration: number): { t: number; d: number; samples: number } {
  const v = view(b);
  const moof = boxes(b, 0, b.length).find(([t]) => t === 'moof');
  if (!moof) throw new Error('no moof');
  const traf = boxes(b, moof[1], moof[2]).find(([t]) => t === 'traf');
  if (!traf) throw new Error('no traf');
  const kids = boxes(b, traf[1], traf[2]);
  const tfhd = kids.find(([t]) => t === 'tfhd');
  const tfdt = kids.find(([t]) => t === 'tfdt');
  if (!tfhd || !tfdt) throw new Error('no tfhd or tfdt');
  const tfhdFlags = v.getUint32(tfhd[1]) & 0xffffff;
  let o = tfhd[1] + 8;
  if (tfhdFlags & 0x1) o += 8; // base_data_offset
  if (tfhdFlags & 0x2) o += 4; // sample_description_index
  const fragmentDefault = tfhdFlags & 0x8 ? v.getUint32(o) : defaultDuration;
  const t = b[tfdt[1]] === 1 ? Number(v.getBigUint64(tfdt[1] + 4)) : v.getUint32(tfdt[1] + 4);
  let d = 0;
  let samples = 0;
  for (const [type, s] of kids) {
    if (type !== 'trun') continue;
    const flags = v.getUint32(s) & 0xffffff;
    const count = v.getUint32(s + 4);
    samples += count;
    let p = s + 8;
    if (flags & 0x1) p += 4; // data_offset
    if (flags & 0x4) p += 4; // first_sample_flags
    for (let i = 0; i < count; i++) {
      if (flags & 0x100) {
        d += v.getUint32(p);
        p += 4;
      } else {
        d += fragmentDefault;
      }
      if (flags & 0x200) p += 4;
      if (flags & 0x400) p += 4;
      if (flags & 0x800) p += 4;
    }
  }
  return { t, d, samples };
}

/** The track of one rendition folder, or null when its files are missing or not fMP4 this reader knows. */
export function readFmp4Track(dir: string): Fmp4Track | null {
  try {
    const init = readInit(readFileSync(path.join(dir, 'init.mp4')));
    const files = readdirSync(dir).filter((f) => /^seg_\d{3}\.m4s$/.test(f)).sort();
    if (files.length === 0) return null;
    const segments = files.map((file) => {
      const full = path.join(dir, file);
      return { file, ...readFragment(readFileSync(full), init.defaultDuration), bytes: statSync(full).size };
    });
    const bandwidth = Math.ceil(Math.max(...segments.map((s) => (s.bytes * 8 * init.timescale) / s.d)));
    const { kind, timescale, codecs, width, height, sampleRate, channels } = init;
    return { kind, timescale, codecs, width, height, sampleRate, channels, segments, bandwidth };
  } catch {
    return null;
  }
}
