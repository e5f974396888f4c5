import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'm3u8-parser';
import { describe, expect, it } from 'vitest';
import { firstFmp4Pts, firstVideoPts, SUBTITLE_MEDIA } from '../../../scripts/make-subtitles';
import { cuePairTimes, MEDIA_DIR } from './fixture';

// The generated media (scripts/make-media.sh) as files: what the demo, the e2e tests and the stitcher
// rely on. Checked without ffprobe so the suite runs where ffmpeg is not installed.

function parse(file: string) {
  const p = new Parser();
  p.push(readFileSync(file, 'utf8'));
  p.end();
  return p.manifest;
}

const RENDITIONS = [
  { name: '360p', width: 640, height: 360 },
  { name: '180p', width: 320, height: 180 },
];
const STREAMS = [
  { dir: 'content', seconds: 60 },
  { dir: 'ads/ad6', seconds: 6 },
  { dir: 'ads/ad10', seconds: 10 },
  { dir: 'ads/ad15', seconds: 15 },
  { dir: 'ads/slate', seconds: 4 },
];

/** Payload of the first PES of `pid` in an MPEG-TS file (ISO/IEC 13818-1 §2.4.3), enough for the first access unit's NAL headers. */
function firstPesPayload(ts: Buffer, pid: number): Buffer {
  const parts: Buffer[] = [];
  let started = false;
  for (let off = 0; off + 188 <= ts.length; off += 188) {
    if (ts[off] !== 0x47) throw new Error(`lost sync at ${off}`);
    const p = ((ts[off + 1] & 0x1f) << 8) | ts[off + 2];
    if (p !== pid) continue;
    const pusi = (ts[off + 1] & 0x40) !== 0;
    if (pusi && started) break;
    if (pusi) started = true;
    if (!started) continue;
    const afc = (ts[off + 3] >> 4) & 3;
    let start = off + 4;
    if (afc === 2) continue;
    if (afc === 3) start += 1 + ts[off + 4];
    parts.push(ts.subarray(start, off + 188));
  }
  const pes = Buffer.concat(parts);
  return pes.subarray(9 + pes[8]); // PES header: 6 fixed bytes, 3 flag bytes, header data
}

/** H.264 NAL unit types in an Annex B byte stream. */
function nalTypes(es: Buffer): number[] {
  const types: number[] = [];
  for (let i = 0; i + 3 < es.length; i++) {
    if (es[i] === 0 && es[i + 1] === 0 && es[i + 2] === 1) types.push(es[i + 3] & 0x1f);
  }
  return types;
}

describe('generated media', () => {
  it.each(STREAMS)('$dir: master lists both renditions with codecs read from the streams', ({ dir }) => {
    const m = parse(path.join(MEDIA_DIR, dir, 'master.m3u8'));
    expect(m.playlists).toHaveLength(2);
    for (const [i, r] of RENDITIONS.entries()) {
      const a = m.playlists![i].attributes;
      expect(m.playlists![i].uri).toBe(`${r.name}/index.m3u8`);
      expect(a.RESOLUTION).toEqual({ width: r.width, height: r.height });
      expect(a.CODECS).toMatch(/^avc1\.42[0-9A-F]{4},mp4a\.40\.2$/);
      expect(a['FRAME-RATE']).toBe(24);
      expect(Number(a['AVERAGE-BANDWIDTH'])).toBeGreaterThan(0);
      expect(a.BANDWIDTH).toBeGreaterThanOrEqual(Number(a['AVERAGE-BANDWIDTH']));
    }
    // Highest first, and the 360p top rendition stays near the brief's ~500 kbps video (+ audio, TS overhead).
    const [top, low] = m.playlists!.map((v) => Number(v.attributes.BANDWIDTH));
    expect(top).toBeGreaterThan(low);
    expect(top).toBeLessThan(800_000);
  });

  it.each(STREAMS)('$dir: each rendition lasts its length in 2 s segments, each file referenced exists', ({ dir, seconds }) => {
    for (const r of RENDITIONS) {
      const folder = path.join(MEDIA_DIR, dir, r.name);
      const m = parse(path.join(folder, 'index.m3u8'));
      expect(m.endList).toBe(true);
      expect(m.playlistType).toBe('VOD');
      expect(m.targetDuration).toBe(2);
      const durations = m.segments.map((s) => s.duration);
      const expected = Array.from({ length: Math.ceil(seconds / 2) }, (_, i) => Math.min(2, seconds - 2 * i));
      expect(durations).toEqual(expected);
      const uris = m.segments.map((s) => s.uri);
      expect(uris).toEqual(expected.map((_, i) => `seg_${String(i).padStart(3, '0')}.ts`));
      // No orphans either: the folder holds exactly the playlist and its segments.
      expect(readdirSync(folder).sort()).toEqual(['index.m3u8', ...uris].sort());
    }
  });

  it('the 15 s ad ends with a 1 s segment in both renditions', () => {
    for (const r of RENDITIONS) {
      const m = parse(path.join(MEDIA_DIR, 'ads/ad15', r.name, 'index.m3u8'));
      expect(m.segments.at(-1)!.duration).toBe(1);
    }
  });

  it('every segment of every stream starts with an IDR picture (hls.js needs it after a discontinuity, players.md §3.2)', () => {
    let checked = 0;
    for (const { dir } of STREAMS) {
      for (const r of RENDITIONS) {
        const folder = path.join(MEDIA_DIR, dir, r.name);
        for (const f of readdirSync(folder).filter((n) => n.endsWith('.ts'))) {
          const ts = readFileSync(path.join(folder, f));
          expect(ts.length % 188, `${dir}/${r.name}/${f} size`).toBe(0);
          // ffmpeg's mpegts muxer puts the first mapped stream (video) on PID 0x100.
          const types = nalTypes(firstPesPayload(ts, 0x100));
          expect(types, `${dir}/${r.name}/${f}`).toContain(5);
          expect(types.indexOf(7), `${dir}/${r.name}/${f}: SPS before the IDR`).toBeLessThan(types.indexOf(5));
          checked++;
        }
      }
    }
    expect(checked).toBe(2 * (30 + 3 + 5 + 8 + 2));
  });

  it('the cue-marked VOD has insertion cues at 0 s, 30 s and 60 s and points at the content segments', () => {
    for (const r of RENDITIONS) {
      const file = path.join(MEDIA_DIR, 'vod', r.name, 'index.m3u8');
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith('#EXTM3U\n#EXT-X-VERSION:3\n')).toBe(true);
      expect(cuePairTimes(text)).toEqual({ times: [0, 30, 60], unpaired: 0 });
      // VOD insertion form (protocols.md §7): CUE-OUT:0, and the post-roll pair just before ENDLIST.
      expect(text.match(/^#EXT-X-CUE-OUT.*$/gm)).toEqual(['#EXT-X-CUE-OUT:0', '#EXT-X-CUE-OUT:0', '#EXT-X-CUE-OUT:0']);
      expect(text.trimEnd().endsWith('#EXT-X-CUE-OUT:0\n#EXT-X-CUE-IN\n#EXT-X-ENDLIST')).toBe(true);
      const m = parse(file);
      expect(m.segments).toHaveLength(30);
      for (const s of m.segments) {
        expect(s.uri).toMatch(new RegExp(`^\\.\\./\\.\\./content/${r.name}/seg_\\d{3}\\.ts$`));
        expect(statSync(path.resolve(path.dirname(file), s.uri)).isFile()).toBe(true);
      }
    }
    // The VOD master is the content's plus the subtitle group (scripts/make-subtitles.ts).
    const withSubs = readFileSync(path.join(MEDIA_DIR, 'content/master.m3u8'), 'utf8')
      .replace('#EXT-X-STREAM-INF:', `${SUBTITLE_MEDIA}\n#EXT-X-STREAM-INF:`)
      .replace(/^(#EXT-X-STREAM-INF:.*)$/gm, '$1,SUBTITLES="subs"');
    expect(readFileSync(path.join(MEDIA_DIR, 'vod/master.m3u8'), 'utf8')).toBe(withSubs);
  });

  it('WebVTT subtitles: one "content mm:ss" cue per 2 s segment, timestamp map at the first video frame of each container', () => {
    const tsPts = firstVideoPts(readFileSync(path.join(MEDIA_DIR, 'content/360p/seg_000.ts')));
    // ffmpeg's MPEG-TS muxer starts near 1.4 s (126000), the video a little after the primed audio.
    expect(tsPts).toBeGreaterThanOrEqual(126000);
    expect(tsPts).toBeLessThan(126000 + 9000);
    const fmp4Pts = firstFmp4Pts(readFileSync(path.join(MEDIA_DIR, 'content-fmp4/360p/init.mp4')), readFileSync(path.join(MEDIA_DIR, 'content-fmp4/360p/seg_000.m4s')));
    for (const [dir, pts] of [['content/subs', tsPts], ['content-fmp4/subs', fmp4Pts]] as const) {
      const files = readdirSync(path.join(MEDIA_DIR, dir)).sort();
      expect(files).toEqual(Array.from({ length: 30 }, (_, k) => `seg_${String(k).padStart(3, '0')}.vtt`));
      for (const [k, f] of files.entries()) {
        const text = readFileSync(path.join(MEDIA_DIR, dir, f), 'utf8');
        const mm = String(Math.floor((2 * k) / 60)).padStart(2, '0');
        const ss = String((2 * k) % 60).padStart(2, '0');
        const end = 2 * k + 2;
        expect(text).toBe(`WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:${pts},LOCAL:00:00:00.000\n\n00:${mm}:${ss}.000 --> 00:${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}.000\ncontent ${mm}:${ss}\n`);
      }
    }
    // The VOD subtitle playlist is the video playlist with VTT segment URIs: same cues, EXTINF, discontinuities.
    const video = readFileSync(path.join(MEDIA_DIR, 'vod/360p/index.m3u8'), 'utf8');
    const subs = readFileSync(path.join(MEDIA_DIR, 'vod/subs/index.m3u8'), 'utf8');
    expect(subs).toBe(video.replace(/\.\.\/\.\.\/content\/360p\/seg_(\d{3})\.ts/g, '../../content/subs/seg_$1.vtt'));
    for (const s of parse(path.join(MEDIA_DIR, 'vod/subs/index.m3u8')).segments) {
      expect(statSync(path.resolve(MEDIA_DIR, 'vod/subs', s.uri)).isFile()).toBe(true);
    }
  });

  it('each ad has a progressive MP4 (ftyp first) and the whole set stays small', () => {
    for (const id of ['ad6', 'ad10', 'ad15']) {
      const mp4 = readFileSync(path.join(MEDIA_DIR, 'ads', id, `${id}.mp4`));
      expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
      // +faststart: the moov box comes before mdat so a <video> can start before the whole file arrives.
      expect(mp4.indexOf('moov')).toBeLessThan(mp4.indexOf('mdat'));
    }
    const total = (dir: string): number =>
      readdirSync(dir, { withFileTypes: true }).reduce((s, e) => s + (e.isDirectory() ? total(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size), 0);
    expect(total(MEDIA_DIR)).toBeLessThan(10 * 1024 * 1024);
  });
});
