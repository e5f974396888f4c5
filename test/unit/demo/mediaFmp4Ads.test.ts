/**
 * The demuxed fMP4 ladders of the ads and the slate (make-media.sh make_fmp4_ad, issue 5): each creative's
 * fmp4/master.m3u8 has an audio group and video-only variants, and audio and video list the same number of
 * segments lasting as long as the creative (the live stitcher lays every playlist out alike, liveWindow.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEDIA_DIR } from './fixture';

const CREATIVES = [{ id: 'ad6', seconds: 6 }, { id: 'ad10', seconds: 10 }, { id: 'ad15', seconds: 15 }, { id: 'slate', seconds: 4 }];
const durations = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('#EXTINF:')).map((l) => parseFloat(l.slice(8)));

describe('demuxed fMP4 ad ladders', () => {
  for (const { id, seconds } of CREATIVES) {
    it(id, () => {
      const dir = path.join(MEDIA_DIR, 'ads', id, 'fmp4');
      const master = readFileSync(path.join(dir, 'master.m3u8'), 'utf8');
      expect(master).toMatch(/^#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",.*URI="audio\/index\.m3u8"$/m);
      const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'));
      expect(variants).toHaveLength(2);
      for (const v of variants) expect(v).toMatch(/CODECS="avc1\.42C01E,mp4a\.40\.2".*AUDIO="audio"/);
      const counts = new Set<number>();
      for (const r of ['360p', '180p', 'audio']) {
        const text = readFileSync(path.join(dir, r, 'index.m3u8'), 'utf8');
        expect(text).toContain('#EXT-X-MAP:URI="init.mp4"');
        const d = durations(path.join(dir, r, 'index.m3u8'));
        counts.add(d.length);
        expect(Math.abs(d.reduce((a, b) => a + b, 0) - seconds)).toBeLessThan(0.05);
      }
      expect([...counts]).toEqual([Math.ceil(seconds / 2)]);
    });
  }
});
