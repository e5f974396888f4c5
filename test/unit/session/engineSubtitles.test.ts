/**
 * Issue 5 item 5: subtitle playlists of stitched sessions. A WebVTT rendition (EXT-X-MEDIA TYPE=SUBTITLES) gets, in
 * place of each ad and slate piece, WebVTT segments with the video playlist's durations and discontinuities
 * (DESIGN invariant 2; players.md §3.2: hls.js maps subtitle cues per discontinuity counter), served by the
 * /v1/segment route's `.vtt` form as a WebVTT document that shows nothing, for segments of the session's plan only, without
 * beacons. VOD and live, over real HTTP against the demo server (its media has a subtitle rendition).
 */
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/session/engine';
import type { EngineResponse } from '../../../src/session/http';
import { parseConfig } from '../../../src/session/config';
import type { Ports } from '../../../src/session/ports';
import { STAND_IN_WEBVTT } from '../../../src/session/subtitleSegments';
import { createIdbStore } from '../../../sw/idbStore';
import { fetchText } from '../../../sw/fetchText';
import { startDemoServer } from '../../../demo/server/startDemoServer';
import { recordingPorts, type Recorded } from './enginePorts';

let server: { url: string; close(): Promise<void> | void };
beforeAll(async () => { server = await startDemoServer({ port: 0 }); });
afterAll(async () => { await server.close(); });

let engine: Engine;
let rec: Recorded;

beforeEach(async () => {
  const store = createIdbStore();
  rec = { adsRequests: [], delivered: [], logs: [] };
  const ports: Ports = recordingPorts(store, rec);
  engine = createEngine(ports, { scope: '/' });
  for (const name of ['demo', 'live']) {
    await store.putConfig(parseConfig({
      Name: name, VideoContentSourceUrl: `${server.url}/origin`, AdDecisionServerUrl: `${server.url}/ads/vast?pod=[player_params.pod]`,
      SlateAdUrl: `${server.url}/ads/media/slate/master.m3u8`,
    }));
  }
});

async function call(path: string, body = ''): Promise<EngineResponse> {
  const r = await engine.handle({ method: body ? 'POST' : 'GET', url: `http://localhost${path}`, headers: {}, body: async () => body });
  if (!r) throw new Error(`not handled: ${path}`);
  await Promise.allSettled(r.background);
  return r.response;
}

async function text(path: string, body = ''): Promise<string> {
  const r = await call(path, body);
  if (r.kind !== 'body' || r.status !== 200) throw new Error(`${path}: ${JSON.stringify(r)}`);
  return r.body;
}

interface Listed {
  mediaSequence: number;
  discontinuitySequence: number;
  /** Per listed segment: EXTINF, whether a discontinuity opens it, whether it is an ad/slate segment (the /v1/segment route). */
  segments: { duration: string; disc: boolean; ad: boolean; uri: string }[];
}

function read(playlist: string): Listed {
  const lines = playlist.split('\n');
  const num = (tag: string) => Number(lines.find((l) => l.startsWith(tag))!.slice(tag.length));
  const out: Listed = { mediaSequence: num('#EXT-X-MEDIA-SEQUENCE:'), discontinuitySequence: num('#EXT-X-DISCONTINUITY-SEQUENCE:'), segments: [] };
  let disc = false;
  let duration = '';
  for (const l of lines) {
    if (l === '#EXT-X-DISCONTINUITY') disc = true;
    else if (l.startsWith('#EXTINF:')) duration = l.slice(8, l.indexOf(','));
    else if (l && !l.startsWith('#')) {
      out.segments.push({ duration, disc, ad: l.startsWith('/v1/segment/'), uri: l });
      disc = false;
    }
  }
  return out;
}

/** What two playlists of one session must share (invariant 2): numbering, and per position the duration, boundary and kind. */
const shape = (p: Listed) => ({
  mediaSequence: p.mediaSequence, discontinuitySequence: p.discontinuitySequence,
  segments: p.segments.map((s) => `${s.ad ? 'ad' : 'content'}${s.disc ? '|' : ''}:${Number(s.duration)}`),
});

const subtitleUrlOf = (master: string) => /#EXT-X-MEDIA:TYPE=SUBTITLES,[^\n]*URI="([^"]*)"/.exec(master)![1];

describe('VOD: the subtitle playlist of a stitched session', () => {
  it('lists the ad and slate pieces as WebVTT segments with the video playlists\' durations, discontinuities and numbering', async () => {
    const s = JSON.parse(await text('/v1/session/acct/demo/vod/master.m3u8', JSON.stringify({ adsParams: { pod: '2' }, reportingMode: 'server' })));
    const master = await text(s.manifestUrl);
    expect(master).toMatch(/#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,URI="\/v1\/manifest\//);
    const videos = await Promise.all(master.split('\n').filter((l) => l.startsWith('/v1/manifest/')).map(async (u) => read(await text(u))));
    expect(videos).toHaveLength(2);
    const subs = read(await text(subtitleUrlOf(master)));
    // Pre-roll, mid-roll and post-roll: ads in the subtitle playlist too, at the same positions.
    expect(subs.segments.filter((x) => x.ad).length).toBeGreaterThanOrEqual(3);
    for (const v of videos) expect(shape(subs)).toEqual(shape(v));
    // Content: the origin's WebVTT segments; ads: the .vtt form of the session's segment route.
    for (const x of subs.segments) {
      if (x.ad) expect(x.uri).toMatch(/^\/v1\/segment\/acct\/demo\/[0-9a-f]{32}\/\d+\/(\d+|slate)\/\d+\/\d+\.vtt$/);
      else expect(x.uri).toMatch(new RegExp(`^${server.url}/origin/content/subs/seg_\\d{3}\\.vtt$`));
    }
    // The same plan pieces as the first variant: avail/piece/rendition/segment of each ad position match.
    const key = (u: string) => u.split('/').slice(5, 9).join('/').replace(/\.\w+$/, '');
    const firstVariant = videos[0].segments.filter((x) => x.ad).map((x) => key(x.uri));
    expect(subs.segments.filter((x) => x.ad).map((x) => key(x.uri))).toEqual(firstVariant);

    // Every stand-in answers the WebVTT stand-in (no visible cue), and fires no beacon (server-side reporting).
    for (const x of subs.segments.filter((y) => y.ad)) {
      const r = await call(x.uri);
      expect(r, x.uri).toMatchObject({ kind: 'body', status: 200, body: STAND_IN_WEBVTT });
      expect((r as { headers: Record<string, string> }).headers['Content-Type']).toBe('text/vtt; charset=utf-8');
    }
    expect(rec.delivered).toEqual([]);
    // The video ad segments do fire them (the check above can fail).
    for (const x of videos[0].segments.filter((y) => y.ad)) await call(x.uri);
    expect(rec.delivered.length).toBeGreaterThan(0);
  });

  it('answers .vtt only for segments of the session\'s plan, and only in a session with a subtitle playlist', async () => {
    const s = JSON.parse(await text('/v1/session/acct/demo/vod/master.m3u8', JSON.stringify({ adsParams: { pod: '1' } })));
    const sid = s.trackingUrl.split('/').pop()!;
    await text(s.trackingUrl);
    expect(await call(`/v1/segment/acct/demo/${sid}/0/0/0/0.vtt`)).toMatchObject({ status: 200, body: STAND_IN_WEBVTT });
    for (const p of [`/v1/segment/acct/demo/${sid}/9/0/0/0.vtt`, `/v1/segment/acct/demo/${sid}/0/5/0/0.vtt`, `/v1/segment/acct/demo/${sid}/0/0/7/0.vtt`,
      `/v1/segment/acct/demo/${sid}/0/0/0/999.vtt`, `/v1/segment/acct/demo/${sid}/0/0/0/map.vtt`, `/v1/segment/acct/other/${sid}/0/0/0/0.vtt`]) {
      expect(await call(p), p).toMatchObject({ kind: 'body', status: 404 });
    }
    // content/master.m3u8 has no subtitle rendition (and no cue markers: the ADS answer is a pre-roll).
    const plain = JSON.parse(await text('/v1/session/acct/demo/content/master.m3u8', JSON.stringify({ adsParams: { pod: '1' } })));
    const psid = plain.trackingUrl.split('/').pop()!;
    await text(plain.manifestUrl);
    await text(plain.trackingUrl);
    expect(await call(`/v1/segment/acct/demo/${psid}/0/0/0/0.ts`)).toMatchObject({ kind: 'proxy' });
    expect(await call(`/v1/segment/acct/demo/${psid}/0/0/0/0.vtt`)).toMatchObject({ kind: 'body', status: 404 });
  });
});

describe('live: the subtitle playlist of a stitched session', () => {
  for (const variant of ['muxed', 'demuxed']) {
    it(`${variant}: every window lists the breaks with the video playlists' boundaries, durations, MEDIA-SEQUENCE and DISCONTINUITY-SEQUENCE`, async () => {
      // Stream time 100 s: the 60 s window (40-100 s) holds the break that starts at 70 s.
      const s = JSON.parse(await text('/v1/session/a/live/live/master.m3u8', JSON.stringify({ adsParams: { pod: '2' }, variant, t0: String(Date.now() - 100_000) })));
      const master = await text(s.manifestUrl);
      const videoUrls = master.split('\n').filter((l) => l.startsWith('/v1/manifest/'));
      expect(videoUrls).toHaveLength(2);
      const subsUrl = subtitleUrlOf(master);
      // Subtitles asked first, then the videos: the order does not matter (one plan per session).
      const subs = read(await text(subsUrl));
      const videos = await Promise.all(videoUrls.map(async (u) => read(await text(u))));
      expect(subs.segments.filter((x) => x.ad).length).toBeGreaterThan(0);
      expect(subs.segments.filter((x) => x.disc).length).toBeGreaterThanOrEqual(2);
      for (const v of videos) {
        // A refresh boundary may fall between two requests: compare where both windows start alike.
        if (v.mediaSequence !== subs.mediaSequence) continue;
        const n = Math.min(v.segments.length, subs.segments.length);
        const cut = (p: Listed) => ({ ...shape(p), segments: shape(p).segments.slice(0, n) });
        expect(cut(subs)).toEqual(cut(v));
      }
      for (const x of subs.segments) {
        if (!x.ad) { expect(x.uri).toMatch(new RegExp(`^${server.url}/origin/live/${variant === 'demuxed' ? 'fmp4' : 'ts'}/subs/\\d+\\.vtt$`)); continue; }
        expect(x.uri).toMatch(/\.vtt$/);
        expect(await call(x.uri), x.uri).toMatchObject({ kind: 'body', status: 200, body: STAND_IN_WEBVTT });
      }
      // A refresh keeps the numbering: the same msn keeps its segment (invariant 1) in the subtitle playlist.
      const again = read(await text(subsUrl));
      const at = new Map(subs.segments.map((x, i) => [subs.mediaSequence + i, x]));
      for (const [i, x] of again.segments.entries()) {
        const before = at.get(again.mediaSequence + i);
        if (before) expect(x).toEqual(before);
      }
    });
  }
});
