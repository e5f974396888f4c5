/**
 * Generates the demo's WebVTT subtitle rendition (issue 5 item 5) from the media make-media.sh wrote, without
 * ffmpeg: one WebVTT segment per 2 s content segment, each with one cue naming its content time
 * ("content 00:12"), so a test can read which content a player shows and when.
 *
 *   content/subs/seg_NNN.vtt        for the MPEG-TS content (content/, vod/, the live simulator's muxed and
 *                                   encrypted variants)
 *   content-fmp4/subs/seg_NNN.vtt   for the demuxed fMP4 content (the live simulator's demuxed variant)
 *   vod/subs/index.m3u8             the cue-marked VOD's subtitle playlist: vod/360p/index.m3u8 with the
 *                                   segment URIs swapped, so it has the same cues, EXTINF and discontinuities
 *   vod/master.m3u8                 content/master.m3u8 plus the subtitle group (EXT-X-MEDIA TYPE=SUBTITLES)
 *
 * X-TIMESTAMP-MAP (RFC 8216 §3.5) ties LOCAL 00:00:00.000 (content time 0, the first video frame: its burned-in
 * clock reads 00:00:00) to that frame's timestamp as the files carry it, read here from the media: the first
 * video PES's PTS for MPEG-TS (ffmpeg's muxer starts near 1.4 s), the first `tfdt` in 90 kHz for fMP4. Cue times
 * are then content times. Deterministic: re-running writes the same bytes. Run by make-media.sh at its end,
 * or alone: `npx tsx scripts/make-subtitles.ts`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MEDIA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'demo', 'media');
const SEGMENT_SECONDS = 2;
const SEGMENTS = 30;

/** PTS (90 kHz) of the first PES of the first video stream (stream_id 0xE0-0xEF) in an MPEG-TS file (ISO/IEC 13818-1 §2.4.3.7). */
export function firstVideoPts(ts: Uint8Array): number {
  for (let off = 0; off + 188 <= ts.length; off += 188) {
    if (ts[off] !== 0x47) throw new Error(`MPEG-TS sync lost at byte ${off}`);
    if ((ts[off + 1] & 0x40) === 0) continue; // not the start of a PES
    const afc = (ts[off + 3] >> 4) & 3;
    if (afc === 2) continue;
    const p = off + 4 + (afc === 3 ? 1 + ts[off + 4] : 0);
    if (ts[p] !== 0 || ts[p + 1] !== 0 || ts[p + 2] !== 1 || (ts[p + 3] & 0xf0) !== 0xe0) continue;
    if ((ts[p + 7] & 0x80) === 0) throw new Error('the first video PES has no PTS');
    const b = ts.subarray(p + 9, p + 14);
    // 33 bits in 3 + 15 + 15, each group followed by a marker bit.
    return (((b[0] >> 1) & 0x07) * 2 ** 30) + (((b[1] << 7) | (b[2] >> 1)) * 2 ** 15) + ((b[3] << 7) | (b[4] >> 1));
  }
  throw new Error('no video PES found');
}

/** Children of an ISO BMFF box body: [type, start of body, end]. */
function boxes(b: Uint8Array, start: number, end: number): [string, number, number][] {
  const out: [string, number, number][] = [];
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let o = start; o + 8 <= end;) {
    let size = v.getUint32(o);
    let header = 8;
    if (size === 1) { size = Number(v.getBigUint64(o + 8)); header = 16; }
    if (size < header || o + size > end) throw new Error(`bad box at byte ${o}`);
    out.push([String.fromCharCode(b[o + 4], b[o + 5], b[o + 6], b[o + 7]), o + header, o + size]);
    o += size;
  }
  return out;
}

function child(b: Uint8Array, start: number, end: number, type: string): [number, number] {
  const x = boxes(b, start, end).find(([t]) => t === type);
  if (!x) throw new Error(`no ${type} box`);
  return [x[1], x[2]];
}

/** The first fragment's baseMediaDecodeTime (`tfdt`) in 90 kHz, with the track's timescale from the init segment's `mdhd` (ISO/IEC 14496-12 §8.8.12, §8.4.2). */
export function firstFmp4Pts(init: Uint8Array, segment: Uint8Array): number {
  const v = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const [ms, me] = child(init, 0, init.length, 'moov');
  const [ts, te] = child(init, ms, me, 'trak');
  const [ds, de] = child(init, ts, te, 'mdia');
  const [hs] = child(init, ds, de, 'mdhd');
  const timescale = v(init).getUint32(hs + (init[hs] === 1 ? 20 : 12));
  const [fs, fe] = child(segment, 0, segment.length, 'moof');
  const [rs, re] = child(segment, fs, fe, 'traf');
  const [tfdt] = child(segment, rs, re, 'tfdt');
  const decode = segment[tfdt] === 1 ? Number(v(segment).getBigUint64(tfdt + 4)) : v(segment).getUint32(tfdt + 4);
  return Math.round((decode * 90000) / timescale);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const clock = (s: number) => `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.000`;

/** Content segment k's WebVTT: the timestamp map, then one cue over the segment's 2 s. */
export function vttSegment(mpegts: number, k: number): string {
  const t = k * SEGMENT_SECONDS;
  return `WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:${mpegts},LOCAL:00:00:00.000\n\n${clock(t)} --> ${clock(t + SEGMENT_SECONDS)}\ncontent ${pad(Math.floor(t / 60))}:${pad(t % 60)}\n`;
}

function writeSubs(dir: string, mpegts: number): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < SEGMENTS; k++) writeFileSync(path.join(dir, `seg_${pad(k, 3)}.vtt`), vttSegment(mpegts, k));
}

export const SUBTITLE_MEDIA = '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,URI="subs/index.m3u8"';

function main(): void {
  const tsPts = firstVideoPts(readFileSync(path.join(MEDIA, 'content/360p/seg_000.ts')));
  const tsPts180 = firstVideoPts(readFileSync(path.join(MEDIA, 'content/180p/seg_000.ts')));
  if (tsPts !== tsPts180) throw new Error(`the TS renditions start at different PTS (${tsPts}, ${tsPts180})`);
  const fmp4Pts = firstFmp4Pts(readFileSync(path.join(MEDIA, 'content-fmp4/360p/init.mp4')), readFileSync(path.join(MEDIA, 'content-fmp4/360p/seg_000.m4s')));
  writeSubs(path.join(MEDIA, 'content/subs'), tsPts);
  writeSubs(path.join(MEDIA, 'content-fmp4/subs'), fmp4Pts);

  // The VOD subtitle playlist: the video playlist's lines, segment URIs pointing at the VTT segments.
  const video = readFileSync(path.join(MEDIA, 'vod/360p/index.m3u8'), 'utf8');
  let swapped = 0;
  const subs = video.replace(/^\.\.\/\.\.\/content\/360p\/seg_(\d{3})\.ts$/gm, (_m, k: string) => { swapped++; return `../../content/subs/seg_${k}.vtt`; });
  if (swapped !== SEGMENTS) throw new Error(`vod/360p/index.m3u8 lists ${swapped} content segments, expected ${SEGMENTS}`);
  mkdirSync(path.join(MEDIA, 'vod/subs'), { recursive: true });
  writeFileSync(path.join(MEDIA, 'vod/subs/index.m3u8'), subs);

  // The VOD master: the content's, with the subtitle group named by every variant (RFC 8216 §4.3.4.2 SUBTITLES).
  const master = readFileSync(path.join(MEDIA, 'content/master.m3u8'), 'utf8').split('\n');
  const out: string[] = [];
  for (const line of master) {
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      if (!out.includes(SUBTITLE_MEDIA)) out.push(SUBTITLE_MEDIA);
      out.push(`${line},SUBTITLES="subs"`);
    } else out.push(line);
  }
  writeFileSync(path.join(MEDIA, 'vod/master.m3u8'), out.join('\n'));
  process.stderr.write(`subtitles: MPEG-TS first video PTS ${tsPts}, fMP4 ${fmp4Pts}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
