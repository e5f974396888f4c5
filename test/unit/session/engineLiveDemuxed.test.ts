/**
 * Issue 5: a demuxed live session (the simulator's `variant=demuxed`: fMP4 video-only renditions and an AAC
 * audio group) gets audio ad segments in its audio playlist and video ad segments in its video playlists,
 * with the discontinuities at the same positions and the same EXT-X-DISCONTINUITY-SEQUENCE (players.md §3.2:
 * hls.js's audio controller waits for the video initPTS of each discontinuity counter). Over real HTTP
 * against the demo server, as engineLiveScte.test.ts.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createEngine } from '../../../src/session/engine';
import type { Ports } from '../../../src/session/ports';
import { parseConfig } from '../../../src/session/config';
import { createIdbStore } from '../../../sw/idbStore';
import { fetchText } from '../../../sw/fetchText';
import { startDemoServer } from '../../../demo/server/startDemoServer';

let server: { url: string; close(): Promise<void> | void };
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

interface Listed { mediaSequence: number; discontinuitySequence: number; discontinuityAt: number[]; adMaps: string[]; adSegments: string[] }

/** The facts of one stitched playlist that the test compares: where discontinuities are (by msn), ad init segments. */
function read(text: string): Listed {
  const lines = text.split('\n');
  const num = (tag: string) => Number(lines.find((l) => l.startsWith(tag))!.slice(tag.length));
  const out: Listed = { mediaSequence: num('#EXT-X-MEDIA-SEQUENCE:'), discontinuitySequence: num('#EXT-X-DISCONTINUITY-SEQUENCE:'), discontinuityAt: [], adMaps: [], adSegments: [] };
  let msn = out.mediaSequence;
  for (const l of lines) {
    if (l === '#EXT-X-DISCONTINUITY') out.discontinuityAt.push(msn);
    else if (l.startsWith('#EXT-X-MAP:') && l.includes('/ads/media/')) out.adMaps.push(/URI="([^"]*)"/.exec(l)![1].replace(/^https?:\/\/[^/]+/, ''));
    else if (l && !l.startsWith('#')) {
      if (l.startsWith('/v1/segment/')) out.adSegments.push(l);
      msn++;
    }
  }
  return out;
}

describe('demuxed live session: audio ads in the audio playlist, video ads in the video playlists', () => {
  for (const cue of ['cueout', 'daterange']) {
    it(cue, async () => {
      const store = createIdbStore();
      const ports: Ports = {
        fetchText, store, now: () => Date.now(), randomBytes: (n) => new Uint8Array(randomBytes(n)), flushBeacons: async () => {}, log: () => {},
      };
      const engine = createEngine(ports, { scope: '/' });
      await store.putConfig(parseConfig({
        Name: 'live', VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/vast?pod=2`,
        SlateAdUrl: `${server.url}/ads/media/slate/master.m3u8`,
      }));
      const call = async (path: string, body = '') => {
        const r = await engine.handle({ method: body ? 'POST' : 'GET', url: `http://localhost${path}`, headers: {}, body: async () => body });
        await Promise.allSettled(r!.background);
        return r!.response;
      };
      const text = async (path: string, body = '') => { const r = await call(path, body); return r.kind === 'body' ? String(r.body) : ''; };
      // Stream time 100 s: the window (40-100 s) holds the break that starts at 70 s.
      const s = JSON.parse(await text('/v1/session/a/live/live/master.m3u8', JSON.stringify({ cue, variant: 'demuxed', t0: String(Date.now() - 100_000) })));
      const master = await text(s.manifestUrl);
      const audioUrl = /#EXT-X-MEDIA:TYPE=AUDIO,[^\n]*URI="([^"]*)"/.exec(master)![1];
      const videoUrls = master.split('\n').filter((l) => l.startsWith('/v1/manifest/'));
      expect(videoUrls).toHaveLength(2);

      const audio = read(await text(audioUrl));
      const videos = await Promise.all(videoUrls.map(async (u) => read(await text(u))));
      expect(audio.adSegments.length).toBeGreaterThan(0);
      // Audio ad segments come from the creatives' audio rendition, video ones from their video renditions.
      expect(audio.adMaps.length).toBeGreaterThan(0);
      for (const m of audio.adMaps) expect(m).toMatch(/^\/ads\/media\/(ad6|ad10|ad15)\/fmp4\/audio\/init\.mp4$/);
      for (const [k, v] of videos.entries()) {
        expect(v.adMaps.length).toBe(audio.adMaps.length);
        for (const m of v.adMaps) expect(m).toMatch(new RegExp(`^/ads/media/(ad6|ad10|ad15)/fmp4/${k === 0 ? '360p' : '180p'}/init\\.mp4$`));
        // Same numbering and the same discontinuity positions in every playlist of the session.
        expect(v.mediaSequence).toBe(audio.mediaSequence);
        expect(v.discontinuitySequence).toBe(audio.discontinuitySequence);
        expect(v.discontinuityAt).toEqual(audio.discontinuityAt);
        expect(v.adSegments.length).toBe(audio.adSegments.length);
      }
      // The segment route answers the audio playlist's first ad segment with the creative's fMP4 audio, not its TS.
      const seg = await call(audio.adSegments[0]);
      expect(JSON.stringify(seg)).toMatch(/\/ads\/media\/ad6\/fmp4\/audio\/seg_000\.m4s/);
    });
  }
});
