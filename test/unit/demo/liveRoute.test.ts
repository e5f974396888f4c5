import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'm3u8-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../demo/server/startDemoServer';
import { defaultLiveT0 } from '../../../demo/server/routes/live';
import { MEDIA_DIR, rawRequest } from './fixture';

// The live simulator over real HTTP (DESIGN.md "The demo server", issue 5 item 1): multivariant and media
// playlists as a player parses them, every segment, init segment and key fetchable, and the encrypted
// variant decrypting to the plain content.

let server: DemoServer;
let startedAt: number;

beforeAll(async () => {
  startedAt = Date.now();
  server = await startDemoServer({ port: 0 });
});

afterAll(async () => {
  await server?.close();
});

/** The parts of m3u8-parser's manifest these tests read, as it fills them for these playlists. */
interface Parsed {
  playlists: { uri: string; attributes: { BANDWIDTH: number; AUDIO?: string } & Record<string, unknown> }[];
  mediaGroups: { AUDIO: Record<string, Record<string, { uri: string; default: boolean }>> };
  segments: {
    uri: string; duration: number; dateTimeObject: Date; cueOut?: string; cueIn?: string;
    key?: { uri: string; iv?: Uint32Array }; map?: { uri: string };
  }[];
  mediaSequence: number;
  discontinuitySequence: number;
  targetDuration: number;
  endList?: boolean;
  playlistType?: string;
  dateRanges: { id: string; scte35Out?: string; scte35In?: string }[];
}

function parse(text: string): Parsed {
  const p = new Parser();
  p.push(text);
  p.end();
  return p.manifest as unknown as Parsed;
}

/** A stream that started 200 s ago at real time: its 60 s window is full. */
function liveQuery(extra: string): string {
  return `t0=${Date.now() - 200_000}&${extra}`;
}

async function getText(url: string): Promise<{ res: Response; text: string }> {
  const res = await fetch(url);
  return { res, text: await res.text() };
}

async function getBytes(url: string): Promise<Buffer> {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

function contentFile(dir: string, rendition: string, seq: number, ext: string): Buffer {
  return readFileSync(path.join(MEDIA_DIR, dir, rendition, `seg_${String(seq % 30).padStart(3, '0')}.${ext}`));
}

describe('live multivariant playlist', () => {
  it('muxed: both renditions, highest first, each URI with the same query; no-store and CORS', async () => {
    const query = liveQuery('cue=daterange&speed=4');
    const masterUrl = `${server.url}/origin/live/master.m3u8?${query}`;
    const { res, text } = await getText(masterUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(text).toMatch(/^#EXTM3U\n#EXT-X-VERSION:3\n/);
    const m = parse(text);
    expect(m.playlists.map((v) => v.uri)).toEqual([`360p.m3u8?${query}`, `180p.m3u8?${query}`]);
    const tsMaster = parse(readFileSync(path.join(MEDIA_DIR, 'content', 'master.m3u8'), 'utf8'));
    // The numbers are the VOD content's own, read from the generated media; every variant names the subtitle group.
    expect(m.playlists.map((v) => v.attributes)).toEqual(tsMaster.playlists.map((v) => ({ ...v.attributes, SUBTITLES: 'subs' })));
  });

  it('every variant (muxed, encrypted, demuxed) offers the WebVTT subtitle rendition, not selected by default', async () => {
    for (const variant of ['muxed', 'encrypted', 'demuxed']) {
      const query = liveQuery(`variant=${variant}`);
      const text = (await getText(`${server.url}/origin/live/master.m3u8?${query}`)).text;
      expect(text).toContain(`#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,URI="subs.m3u8?${query}"`);
      const m = parse(text);
      for (const v of m.playlists) expect(v.attributes.SUBTITLES, variant).toBe('subs');
    }
  });

  it('demuxed: an audio group every variant names, and fMP4 bandwidths', async () => {
    const query = liveQuery('variant=demuxed');
    const m = parse((await getText(`${server.url}/origin/live/master.m3u8?${query}`)).text);
    const group = m.mediaGroups.AUDIO.audio;
    expect(Object.values(group)).toHaveLength(1);
    expect(Object.values(group)[0]).toMatchObject({ uri: `audio.m3u8?${query}`, default: true });
    for (const v of m.playlists) expect(v.attributes.AUDIO).toBe('audio');
    const fmp4Master = parse(readFileSync(path.join(MEDIA_DIR, 'content-fmp4', 'master.m3u8'), 'utf8'));
    expect(m.playlists.map((v) => v.attributes.BANDWIDTH)).toEqual(fmp4Master.playlists.map((v) => v.attributes.BANDWIDTH));
  });

  it('encrypted: the muxed ladder, BANDWIDTH raised by the AES padding', async () => {
    const plain = parse((await getText(`${server.url}/origin/live/master.m3u8?${liveQuery('')}`)).text);
    const enc = parse((await getText(`${server.url}/origin/live/master.m3u8?${liveQuery('variant=encrypted')}`)).text);
    expect(enc.playlists.map((v) => v.attributes.BANDWIDTH - 64)).toEqual(plain.playlists.map((v) => v.attributes.BANDWIDTH));
  });

  it('without t0 pins the server\'s default into the child URIs, so every playlist shares one timeline', async () => {
    const m = parse((await getText(`${server.url}/origin/live/master.m3u8?cue=oatcls`)).text);
    const uri = new URL(m.playlists[0].uri, 'http://x/');
    expect(uri.searchParams.get('cue')).toBe('oatcls');
    const t0 = Number(uri.searchParams.get('t0'));
    // Started an hour before the server, on a whole minute (the window is full from the first request).
    expect([defaultLiveT0(startedAt), defaultLiveT0(startedAt) + 60_000]).toContain(t0);
    expect(t0 % 60_000).toBe(0);
    const media = parse((await getText(`${server.url}/origin/live/${m.playlists[0].uri}`)).text);
    expect(media.segments).toHaveLength(30);
  });
});

describe('live media playlists', () => {
  it('parse as live playlists: window, sequence numbers, dates, 2 s segments, no ENDLIST', async () => {
    for (const variant of ['muxed', 'encrypted', 'demuxed']) {
      const t0 = Date.now() - 200_000;
      const { res, text } = await getText(`${server.url}/origin/live/180p.m3u8?t0=${t0}&variant=${variant}`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const m = parse(text);
      expect(m.endList, variant).toBeFalsy();
      expect(m.playlistType, variant).toBeUndefined();
      expect(m.targetDuration).toBe(2);
      expect(m.segments).toHaveLength(30);
      // 100 segments out after 200 s (give or take the request's own time): window 70..99.
      expect([70, 71]).toContain(m.mediaSequence);
      expect(m.discontinuitySequence).toBe(2);
      for (const [i, s] of m.segments.entries()) {
        expect(s.duration).toBe(2);
        expect(s.dateTimeObject.getTime()).toBe(t0 + 2000 * (m.mediaSequence + i));
      }
      expect(text).toContain(variant === 'demuxed' ? '#EXT-X-VERSION:7' : '#EXT-X-VERSION:3');
    }
  });

  it('carry the break markers m3u8-parser knows (cue-out and daterange) on the break segments', async () => {
    const cue = parse((await getText(`${server.url}/origin/live/360p.m3u8?${liveQuery('cue=cueout&window=120')}`)).text);
    // Default breaks start at sequence 5 + 15k and last 8 segments.
    const starts = cue.segments.map((_, i) => cue.mediaSequence + i).filter((n) => n >= 5 && (n - 5) % 15 === 0);
    expect(starts.length).toBeGreaterThanOrEqual(3);
    const seqOf = (i: number) => cue.mediaSequence + i;
    expect(cue.segments.flatMap((s, i) => (s.cueOut !== undefined ? [[seqOf(i), s.cueOut]] : []))).toEqual(starts.map((n) => [n, 'DURATION=16']));
    const ins = cue.segments.flatMap((s, i) => (s.cueIn !== undefined ? [seqOf(i)] : []));
    expect(ins).toEqual(cue.segments.map((_, i) => seqOf(i)).filter((n) => n >= 13 && (n - 13) % 15 === 0));
    const dr = parse((await getText(`${server.url}/origin/live/360p.m3u8?${liveQuery('cue=daterange&window=120')}`)).text);
    const ranges = dr.dateRanges;
    expect(ranges.filter((r) => r.scte35Out !== undefined).length).toBeGreaterThanOrEqual(3);
    for (const r of ranges) expect(r.id).toMatch(/^splice-10\d\d$/);
  });

  it('refuse bad options with 400 and unknown renditions with 404', async () => {
    const bad = await getText(`${server.url}/origin/live/master.m3u8?cue=scte`);
    expect(bad.res.status).toBe(400);
    expect(bad.text).toContain('cue');
    expect((await fetch(`${server.url}/origin/live/360p.m3u8?speed=99`)).status).toBe(400);
    expect((await fetch(`${server.url}/origin/live/720p.m3u8`)).status).toBe(404);
    // The audio rendition exists only in the demuxed variant.
    expect((await fetch(`${server.url}/origin/live/audio.m3u8`)).status).toBe(404);
    expect((await fetch(`${server.url}/origin/live/audio.m3u8?variant=demuxed`)).status).toBe(200);
    expect((await fetch(`${server.url}/origin/live/subs.m3u8`)).status).toBe(200);
    expect((await fetch(`${server.url}/origin/live/master.m3u8`, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});

describe('live subtitle playlist', () => {
  it('lists WebVTT segments with the video\'s sequence numbers, durations, dates, discontinuities and cues; no key, no map', async () => {
    for (const variant of ['muxed', 'encrypted', 'demuxed']) {
      const q = `${liveQuery(`variant=${variant}&window=120`)}`;
      // Both playlists from one clock reading would be ideal; a refresh boundary between the two requests is
      // handled by comparing the sequence numbers both list.
      const video = parse((await getText(`${server.url}/origin/live/180p.m3u8?${q}`)).text);
      const subsText = (await getText(`${server.url}/origin/live/subs.m3u8?${q}`)).text;
      const subs = parse(subsText);
      expect(subsText, variant).not.toContain('#EXT-X-KEY');
      expect(subsText, variant).not.toContain('#EXT-X-MAP');
      const dir = variant === 'demuxed' ? 'fmp4' : 'ts';
      const strip = (p: Parsed, i: number) => {
        const s = p.segments[i];
        return { n: p.mediaSequence + i, duration: s.duration, date: s.dateTimeObject.getTime(), cueOut: s.cueOut, cueIn: s.cueIn };
      };
      const byN = new Map(video.segments.map((_, i) => [video.mediaSequence + i, strip(video, i)]));
      let shared = 0;
      for (const [i, s] of subs.segments.entries()) {
        const n = subs.mediaSequence + i;
        expect(s.uri).toBe(`${dir}/subs/${n}.vtt`);
        if (!byN.has(n)) continue;
        expect(strip(subs, i)).toEqual(byN.get(n));
        shared++;
      }
      expect(shared).toBeGreaterThan(50);
      if (subs.mediaSequence === video.mediaSequence) expect(subs.discontinuitySequence).toBe(video.discontinuitySequence);
      // The loop discontinuities sit on the same sequence numbers.
      const discs = (text: string, first: number) => {
        const out: number[] = [];
        let n = first;
        for (const line of text.split('\n')) {
          if (line === '#EXT-X-DISCONTINUITY') out.push(n);
          if (line.startsWith('#EXTINF')) n++;
        }
        return out;
      };
      expect(discs(subsText, subs.mediaSequence).filter((n) => n % 30 === 0).length).toBeGreaterThanOrEqual(2);
      expect(discs(subsText, subs.mediaSequence).every((n) => n % 30 === 0)).toBe(true);
    }
  });

  it('segment n is the subtitle segment n mod 30 of the content, in the timestamps of the variant container', async () => {
    const ts = await fetch(`${server.url}/origin/live/ts/subs/12345.vtt`);
    expect(ts.status).toBe(200);
    expect(ts.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await ts.text()).toBe(contentFile('content', 'subs', 12345, 'vtt').toString('utf8'));
    expect(Buffer.from(await (await fetch(`${server.url}/origin/live/fmp4/subs/31.vtt`)).arrayBuffer()).equals(contentFile('content-fmp4', 'subs', 31, 'vtt'))).toBe(true);
    expect(contentFile('content', 'subs', 15, 'vtt').toString('utf8')).toContain('content 00:30');
    expect((await fetch(`${server.url}/origin/live/aes/subs/1.vtt`)).status).toBe(404);
    expect((await fetch(`${server.url}/origin/live/ts/subs/1.ts`)).status).toBe(404);
  });
});

describe('live segments', () => {
  it('muxed: segment n is content segment n mod 30, byte for byte', async () => {
    const base = `${server.url}/origin/live/360p.m3u8?${liveQuery('')}`;
    const m = parse((await getText(base)).text);
    for (const s of m.segments) {
      const seq = Number(/\/(\d+)\.ts$/.exec(s.uri)![1]);
      expect((await getBytes(new URL(s.uri, base).href)).equals(contentFile('content', '360p', seq, 'ts'))).toBe(true);
    }
    const res = await fetch(`${server.url}/origin/live/ts/180p/12345.ts`, { method: 'HEAD' });
    expect(res.headers.get('content-type')).toBe('video/mp2t');
    expect(Number(res.headers.get('content-length'))).toBe(contentFile('content', '180p', 12345, 'ts').length);
  });

  it('encrypted: the key and IV from the playlist decrypt each segment to the plain one (AES-128-CBC, PKCS7)', async () => {
    const base = `${server.url}/origin/live/180p.m3u8?${liveQuery('variant=encrypted')}`;
    const m = parse((await getText(base)).text);
    expect(m.segments.length).toBe(30);
    const keyUrls = new Set(m.segments.map((s) => new URL(s.key!.uri, base).href));
    expect([...keyUrls]).toEqual([`${server.url}/origin/live/key`]);
    const keyRes = await fetch([...keyUrls][0]);
    expect(keyRes.headers.get('access-control-allow-origin')).toBe('*');
    const key = Buffer.from(await keyRes.arrayBuffer());
    expect(key.length).toBe(16);
    for (const s of m.segments.slice(0, 8)) {
      const seq = Number(/\/(\d+)\.ts$/.exec(s.uri)![1]);
      const iv = Buffer.from(new Uint32Array(s.key!.iv!).buffer).swap32();
      expect(iv.readBigUInt64BE(8)).toBe(BigInt(seq));
      const cipher = await getBytes(new URL(s.uri, base).href);
      const plain = contentFile('content', '180p', seq, 'ts');
      expect(cipher.length).toBe(plain.length + 16 - (plain.length % 16));
      expect(cipher.subarray(0, 188).equals(plain.subarray(0, 188))).toBe(false);
      const d = createDecipheriv('aes-128-cbc', key, iv);
      expect(Buffer.concat([d.update(cipher), d.final()]).equals(plain)).toBe(true);
    }
  });

  it('demuxed: init segments and media segments of the video renditions and the audio rendition', async () => {
    for (const r of ['360p', '180p', 'audio']) {
      const base = `${server.url}/origin/live/${r}.m3u8?${liveQuery('variant=demuxed')}`;
      const m = parse((await getText(base)).text);
      const map = m.segments[0].map!;
      expect(map.uri).toBe(`fmp4/${r}/init.mp4`);
      const init = await getBytes(new URL(map.uri, base).href);
      expect(init.equals(readFileSync(path.join(MEDIA_DIR, 'content-fmp4', r, 'init.mp4')))).toBe(true);
      expect(init.subarray(4, 8).toString('latin1')).toBe('ftyp');
      for (const s of m.segments.slice(-3)) {
        const seq = Number(/\/(\d+)\.m4s$/.exec(s.uri)![1]);
        expect((await getBytes(new URL(s.uri, base).href)).equals(contentFile('content-fmp4', r, seq, 'm4s')), `${r} ${seq}`).toBe(true);
      }
    }
    const head = await fetch(`${server.url}/origin/live/fmp4/audio/7.m4s`, { method: 'HEAD' });
    expect(head.headers.get('content-type')).toBe('video/iso.segment');
  });

  it('404 for what the stream does not have: other kinds, renditions, non-canonical numbers, traversal', async () => {
    for (const p of [
      '/origin/live/ts/360p/init.mp4', '/origin/live/ts/360p/5.m4s', '/origin/live/fmp4/360p/5.ts', '/origin/live/ts/audio/5.ts',
      '/origin/live/aes/720p/5.ts', '/origin/live/ts/360p/007.ts', '/origin/live/ts/360p/-1.ts', '/origin/live/ts/360p/1e3.ts',
      '/origin/live/ts/../../content/360p/seg_000.ts', '/origin/live/ts/%2e%2e/360p/5.ts', '/origin/live/', '/origin/live/keys',
    ]) {
      expect((await rawRequest(server.url, p)).status, p).toBe(404);
    }
  });
});
