import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBreaks } from '../../../src/hls/findBreaks';
import { parseMedia } from '../../../src/hls/parseMedia';
import { decodeSpliceInfoSection, fromBase64, fromHex, type ClearSpliceInfoSection, type SpliceInfoSection } from '../../../src/scte35';
import { CONTENT_FIRST_PTS, segmentPts } from '../../../demo/server/live/breakSignal';
import { liveMediaPlaylist } from '../../../demo/server/live/liveMediaPlaylist';
import { parseLiveOptions, type LiveOptions } from '../../../demo/server/live/liveOptions';
import { CORPUS_DIR, MEDIA_DIR } from './fixture';
import { readLivePlaylist, tagAttribute, type LivePlaylist, type LiveSegment } from './liveFixture';

// The live simulator's break markers over time, per cue style (protocols.md §6.1): where they sit, what
// durations they carry, and that every SCTE-35 payload is a valid section (CRC checked by the decoder)
// with the event id, type, duration and PTS of its break.

const T0 = Date.UTC(2025, 0, 1);
const TICKS = 90_000;

function opts(query: string): LiveOptions {
  return parseLiveOptions(new URLSearchParams(query), T0);
}

/** A long window seen at one time: 12 breaks of the default timeline, all markers in view. */
function longPlaylist(o: LiveOptions, nowMs = T0 + 400_000): LivePlaylist {
  return readLivePlaylist(liveMediaPlaylist(nowMs, { ...o, windowSeconds: 14_400 }, '360p'));
}

function clear(section: SpliceInfoSection): ClearSpliceInfoSection {
  if (section.encrypted_packet) throw new Error('encrypted section');
  return section;
}

function decodeB64(text: string): ClearSpliceInfoSection {
  return clear(decodeSpliceInfoSection(fromBase64(text)));
}

function decodeHex(text: string): ClearSpliceInfoSection {
  expect(text).toMatch(/^0x[0-9A-F]+$/);
  return clear(decodeSpliceInfoSection(fromHex(text.slice(2))));
}

/** The tag lines of a segment that start with `prefix`, and their values after it. */
function tagLines(s: LiveSegment, prefix: string): string[] {
  return s.tags.filter((t) => t.startsWith(prefix));
}

function tagValue(s: LiveSegment, prefix: string): string[] {
  return tagLines(s, prefix).map((t) => t.slice(prefix.length));
}

/**
 * Break k of `o` starts at sequence `start`; its cue-in goes before `end`. Breaks starting below `below`,
 * or with `complete`, only those whose cue-in segment is below it too.
 */
function expectedBreaks(o: LiveOptions, below: number, complete = true): { k: number; start: number; end: number }[] {
  const out = [];
  for (let k = 0; ; k++) {
    const start = (o.offsetSeconds + k * o.everySeconds) / 2;
    const end = start + o.breakSeconds / 2;
    if (start >= below || (complete && end >= below)) return out;
    out.push({ k, start, end });
  }
}

/** PTS of the first video frame of an MPEG-TS file (PES header, ISO/IEC 13818-1 §2.4.3.7), video on PID 0x100. */
function firstVideoPts(ts: Buffer): number {
  for (let off = 0; off + 188 <= ts.length; off += 188) {
    const pid = ((ts[off + 1] & 0x1f) << 8) | ts[off + 2];
    if (pid !== 0x100 || (ts[off + 1] & 0x40) === 0) continue;
    const afc = (ts[off + 3] >> 4) & 3;
    const p = off + 4 + (afc === 3 ? 1 + ts[off + 4] : 0);
    const b = ts.subarray(p + 9, p + 14);
    return (b[0] & 0x0e) * 2 ** 29 + b[1] * 2 ** 22 + (b[2] & 0xfe) * 2 ** 14 + b[3] * 2 ** 7 + (b[4] >> 1);
  }
  throw new Error('no video PES');
}

describe('splice PTS', () => {
  it('is the content TS timestamp of the segment where the splice happens', () => {
    for (const r of ['360p', '180p']) {
      for (const c of [0, 1, 17, 29]) {
        const ts = readFileSync(path.join(MEDIA_DIR, 'content', r, `seg_${String(c).padStart(3, '0')}.ts`));
        expect(firstVideoPts(ts), `${r} seg ${c}`).toBe(CONTENT_FIRST_PTS + c * 2 * TICKS);
      }
    }
    // The content restarts its timestamps on every pass (the loop discontinuity), and so does the PTS.
    expect(segmentPts(31)).toBe(segmentPts(1));
    expect(segmentPts(30 * 1000 + 5)).toBe(CONTENT_FIRST_PTS + 5 * 2 * TICKS);
  });
});

describe('cueout', () => {
  it('CUE-OUT:DURATION, CUE-OUT-CONT with the elapsed time on each later break segment, CUE-IN after', () => {
    const o = opts('cue=cueout');
    const p = longPlaylist(o);
    const breaks = expectedBreaks(o, p.segments.length, false);
    expect(breaks.length).toBeGreaterThanOrEqual(12);
    for (const s of p.segments) {
      const b = breaks.find((x) => s.seq >= x.start && s.seq <= x.end);
      const cueTags = s.tags.filter((t) => t.startsWith('#EXT-X-CUE'));
      if (!b) expect(cueTags, `seq ${s.seq}`).toEqual([]);
      else if (s.seq === b.start) expect(cueTags).toEqual(['#EXT-X-CUE-OUT:DURATION=16']);
      else if (s.seq === b.end) expect(cueTags).toEqual(['#EXT-X-CUE-IN']);
      else expect(cueTags).toEqual([`#EXT-X-CUE-OUT-CONT:ElapsedTime=${2 * (s.seq - b.start)},Duration=16`]);
    }
  });

  it('the stitcher\'s own parser finds the same breaks, with their durations', () => {
    for (const cue of ['cueout', 'oatcls']) {
      const o = opts(`cue=${cue}&breakdur=20&every=36&offset=4`);
      const text = liveMediaPlaylist(T0 + 400_000, { ...o, windowSeconds: 14_400 }, '180p');
      const { breaks, problems } = findBreaks(parseMedia(text).playlist);
      expect(problems, cue).toEqual([]);
      const expected = expectedBreaks(o, 200).filter((b) => b.end < 200);
      expect(breaks.map((b) => [b.startSegment, b.endSegment, b.duration]), cue).toEqual(expected.map((b) => [b.start, b.end, 20]));
    }
  });

  it('a window that opens mid-break starts with CUE-OUT-CONT, as packagers keep sending it', () => {
    const o = opts('cue=cueout');
    // 51 segments out, window of 30: 21..50, and break 1 covers 20..27.
    const p = readLivePlaylist(liveMediaPlaylist(T0 + 2000 * 51, o, '360p'));
    expect(p.mediaSequence).toBe(21);
    expect(p.segments[0].tags).toEqual(['#EXT-X-CUE-OUT-CONT:ElapsedTime=2,Duration=16']);
  });
});

describe('daterange', () => {
  it('DATERANGE SCTE35-OUT at the start and the same ID with SCTE35-IN, END-DATE and DURATION after', () => {
    const o = opts('cue=daterange&breakdur=24&every=40');
    const p = longPlaylist(o);
    const breaks = expectedBreaks(o, p.segments.length);
    for (const { k, start, end } of breaks) {
      const id = `splice-${1000 + k}`;
      const startDate = new Date(T0 + 2000 * start).toISOString();
      const [out] = tagLines(p.segments[start], '#EXT-X-DATERANGE:');
      expect(tagAttribute(out, 'ID')).toBe(id);
      expect(tagAttribute(out, 'START-DATE')).toBe(startDate);
      expect(tagAttribute(out, 'PLANNED-DURATION')).toBe('24');
      expect(decodeHex(tagAttribute(out, 'SCTE35-OUT')!)).toMatchObject({
        splice_command_type: 5,
        splice_command: {
          splice_event_id: 1000 + k, out_of_network_indicator: true, duration_flag: true,
          break_duration: { auto_return: true, duration: 24 * TICKS }, splice_time: { pts_time: segmentPts(start) },
        },
      });
      const [inn] = tagLines(p.segments[end], '#EXT-X-DATERANGE:');
      expect(tagAttribute(inn, 'ID')).toBe(id);
      expect(tagAttribute(inn, 'START-DATE')).toBe(startDate);
      // END-DATE = START-DATE + DURATION (RFC 8216 §4.3.2.7), the date of the first segment after the break.
      expect(tagAttribute(inn, 'END-DATE')).toBe(new Date(T0 + 2000 * end).toISOString());
      expect(tagAttribute(inn, 'DURATION')).toBe('24');
      expect(decodeHex(tagAttribute(inn, 'SCTE35-IN')!)).toMatchObject({
        splice_command_type: 5,
        splice_command: { splice_event_id: 1000 + k, out_of_network_indicator: false, duration_flag: false, splice_time: { pts_time: segmentPts(end) } },
      });
      for (let n = start + 1; n < end; n++) expect(p.segments[n].tags).toEqual([]);
    }
    expect(p.segments.filter((s) => s.tags.length > 0).length).toBe(2 * breaks.length);
  });

  it('repeats the break\'s SCTE35-OUT range before the first segment while the window opens mid-break', () => {
    const o = opts('cue=daterange');
    const full = longPlaylist(o, T0 + 2000 * 51);
    const p = readLivePlaylist(liveMediaPlaylist(T0 + 2000 * 51, o, '360p'));
    expect(p.mediaSequence).toBe(21);
    // Break 1 covers 20..27: its OUT line is the very line written at sequence 20.
    expect(p.segments[0].tags).toEqual(full.segments[20].tags);
    expect(tagAttribute(p.segments[0].tags[0], 'ID')).toBe('splice-1001');
  });
});

describe('splicepoint', () => {
  it('time_signal 0x34 with segmentation_duration at the start, 0x35 at the end, same segmentation_event_id', () => {
    const o = opts('cue=splicepoint');
    const p = longPlaylist(o);
    for (const { k, start, end } of expectedBreaks(o, p.segments.length)) {
      const [startB64] = tagValue(p.segments[start], '#EXT-X-SPLICEPOINT-SCTE35:');
      const [endB64] = tagValue(p.segments[end], '#EXT-X-SPLICEPOINT-SCTE35:');
      const a = decodeB64(startB64);
      const b = decodeB64(endB64);
      expect(a).toMatchObject({ splice_command_type: 6, splice_command: { splice_time: { time_specified_flag: true, pts_time: segmentPts(start) } } });
      expect(a.descriptors).toHaveLength(1);
      expect(a.descriptors[0]).toMatchObject({
        splice_descriptor_tag: 2, segmentation_event_id: 1000 + k, segmentation_type_id: 0x34,
        segmentation_duration_flag: true, segmentation_duration: 16 * TICKS,
      });
      expect(b).toMatchObject({ splice_command_type: 6, splice_command: { splice_time: { pts_time: segmentPts(end) } } });
      expect(b.descriptors[0]).toMatchObject({ segmentation_event_id: 1000 + k, segmentation_type_id: 0x35, segmentation_duration_flag: false });
      for (let n = start + 1; n < end; n++) expect(p.segments[n].tags).toEqual([]);
    }
  });
});

describe('oatcls', () => {
  it('Elemental\'s shape: OATCLS + CUE-OUT:16.000, CUE-OUT-CONT with ElapsedTime, Duration and the splice_insert, CUE-IN', () => {
    const o = opts('cue=oatcls');
    const p = longPlaylist(o);
    for (const { k, start, end } of expectedBreaks(o, p.segments.length)) {
      const [b64] = tagValue(p.segments[start], '#EXT-OATCLS-SCTE35:');
      expect(p.segments[start].tags).toEqual([`#EXT-OATCLS-SCTE35:${b64}`, '#EXT-X-CUE-OUT:16.000']);
      expect(decodeB64(b64)).toMatchObject({
        splice_command_type: 5,
        splice_command: { splice_event_id: 1000 + k, out_of_network_indicator: true, break_duration: { duration: 16 * TICKS }, splice_time: { pts_time: segmentPts(start) } },
      });
      for (let n = start + 1; n < end; n++) {
        expect(p.segments[n].tags).toEqual([`#EXT-X-CUE-OUT-CONT:ElapsedTime=${(2 * (n - start)).toFixed(3)},Duration=16,SCTE35=${b64}`]);
      }
      expect(p.segments[end].tags).toEqual(['#EXT-X-CUE-IN']);
    }
  });

  it('writes the tags the way the corpus\'s Elemental playlist does', () => {
    const corpus = readFileSync(path.join(CORPUS_DIR, 'hls/globocom-m3u8/cue_out_elemental_playlist.m3u8'), 'utf8');
    const shape = (text: string) =>
      text.split('\n').filter((l) => /^#EXT(-OATCLS-SCTE35|-X-CUE)/.test(l)).map((l) => l.replace(/SCTE35[:=]\S+$/, 'SCTE35=B64').replace(/[0-9]+(\.[0-9]+)?/g, 'N'));
    const ours = shape(liveMediaPlaylist(T0 + 100_000, opts('cue=oatcls&breakdur=12'), '360p'));
    const theirs = shape(corpus);
    expect(ours.length).toBeGreaterThan(0);
    for (const line of new Set(ours)) expect(theirs, line).toContain(line);
  });
});
