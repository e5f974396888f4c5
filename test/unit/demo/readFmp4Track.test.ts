import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFmp4Track } from '../../../demo/server/dash/readFmp4Track';
import { startDemoServer } from '../../../demo/server/startDemoServer';
import { MEDIA_DIR } from './fixture';

// What the DASH origin's MPDs are built from: each fMP4 rendition's timescale, codec and per-segment tfdt and
// duration, checked against what make-media.sh wrote in the HLS multivariant playlist and its media playlists.

const tmp = mkdtempSync(path.join(os.tmpdir(), 'stitchbox-fmp4-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const master = readFileSync(path.join(MEDIA_DIR, 'content-fmp4', 'master.m3u8'), 'utf8');

describe('readFmp4Track', () => {
  it.each([['360p', 640, 360], ['180p', 320, 180]])('%s: 12288 Hz video, 30 contiguous 2 s segments, the codec and size of the HLS master', (id, w, h) => {
    const t = readFmp4Track(path.join(MEDIA_DIR, 'content-fmp4', id))!;
    expect(t.kind).toBe('video');
    expect(t.timescale).toBe(12288);
    expect(master).toContain(`RESOLUTION=${w}x${h},CODECS="${t.codecs},mp4a.40.2"`);
    expect([t.width, t.height]).toEqual([w, h]);
    expect(t.segments).toHaveLength(30);
    t.segments.forEach((s, i) => {
      expect(s.file).toBe(`seg_${String(i).padStart(3, '0')}.m4s`);
      expect([s.t, s.d, s.samples]).toEqual([i * 24576, 24576, 48]);
    });
    expect(t.bandwidth).toBeGreaterThan(0);
  });

  it('audio: 44.1 kHz AAC, whole 1024-sample frames whose durations match the EXTINF, contiguous', () => {
    const t = readFmp4Track(path.join(MEDIA_DIR, 'content-fmp4', 'audio'))!;
    expect([t.kind, t.timescale, t.codecs, t.sampleRate, t.channels]).toEqual(['audio', 44100, 'mp4a.40.2', 44100, 2]);
    const extinf = readFileSync(path.join(MEDIA_DIR, 'content-fmp4', 'audio', 'index.m3u8'), 'utf8')
      .split('\n').filter((l) => l.startsWith('#EXTINF:')).map((l) => Number.parseFloat(l.slice(8)));
    expect(t.segments).toHaveLength(extinf.length);
    let next = 0;
    t.segments.forEach((s, i) => {
      expect(s.t).toBe(next);
      expect(s.d % 1024).toBe(0);
      expect(s.d / 1024).toBe(s.samples);
      expect(Math.abs(s.d / 44100 - extinf[i])).toBeLessThan(1e-6);
      next = s.t + s.d;
    });
  });

  it('is null for a folder that is missing, empty or not fMP4 (the demo serves the rest)', () => {
    expect(readFmp4Track(path.join(tmp, 'nothing'))).toBeNull();
    const empty = path.join(tmp, 'empty');
    mkdirSync(empty);
    expect(readFmp4Track(empty)).toBeNull();
    const junk = path.join(tmp, 'junk');
    mkdirSync(junk);
    writeFileSync(path.join(junk, 'init.mp4'), 'not an mp4 at all');
    writeFileSync(path.join(junk, 'seg_000.m4s'), 'nor this');
    expect(readFmp4Track(junk)).toBeNull();
    const noSegments = path.join(tmp, 'init-only');
    mkdirSync(noSegments);
    writeFileSync(path.join(noSegments, 'init.mp4'), readFileSync(path.join(MEDIA_DIR, 'content-fmp4', '360p', 'init.mp4')));
    expect(readFmp4Track(noSegments)).toBeNull();
  });

  it('without fMP4 media the DASH origin answers 404, not 500, and the ad MPDs too', async () => {
    const server = await startDemoServer({ port: 0, mediaDir: path.join(tmp, 'no-media') });
    try {
      for (const p of ['/origin/dash/vod.mpd', '/origin/dash/live.mpd', '/origin/dash/vod/360p/seg_000.m4s', '/origin/dash/live/360p/1.m4s', '/ads/media/ad6/manifest.mpd']) {
        expect((await fetch(`${server.url}${p}`)).status, p).toBe(404);
      }
    } finally {
      await server.close();
    }
  });
});
