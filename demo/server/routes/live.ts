import { readFileSync, promises as fsp } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { StitchboxError } from '../../../src/errors';
import { encryptSegment, LIVE_KEY } from '../live/encryptSegment';
import { AUDIO_RENDITION, SUBTITLE_RENDITION, ladderFromMasters, type LiveLadder } from '../live/liveLadder';
import { liveMaster } from '../live/liveMaster';
import { liveMediaPlaylist } from '../live/liveMediaPlaylist';
import { parseLiveOptions, type LiveOptions } from '../live/liveOptions';
import { contentIndex } from '../live/liveWindow';
import { faultDue, parseOriginFaults, truncatePlaylist, type OriginFaults } from '../faults';
import type { DemoRoute } from '../route';
import { send } from '../send';
import { sendFile } from '../sendFile';
import { rawPath } from './static';

/**
 * The live HLS simulator (DESIGN.md "The demo server", issue 5 item 1), under /origin/live/:
 *
 *   master.m3u8?<query>           multivariant playlist (live/liveMaster.ts); query: live/liveOptions.ts
 *   <rendition>.m3u8?<query>      sliding-window media playlist (live/liveMediaPlaylist.ts)
 *   ts/<rendition>/<n>.ts         muxed segment n = content/<rendition>/seg_<n mod 30>.ts
 *   aes/<rendition>/<n>.ts        the same, AES-128 encrypted with IV n (live/encryptSegment.ts)
 *   fmp4/<rendition>/<n>.m4s      demuxed segment n = content-fmp4/<rendition>/seg_<n mod 30>.m4s
 *   fmp4/<rendition>/init.mp4     its init segment
 *   subs.m3u8?<query>             the WebVTT subtitle rendition, in every variant
 *   ts/subs/<n>.vtt               subtitle segment n = content/subs/seg_<n mod 30>.vtt (TS timestamps)
 *   fmp4/subs/<n>.vtt             the same for the demuxed variant = content-fmp4/subs/seg_<n mod 30>.vtt
 *   key                           the 16-byte AES key
 *
 * Playlists are computed per request from the clock: nothing is stored, so any number of players and
 * server restarts see one timeline (t0 is pinned into the child URLs when the master's query lacks it).
 */

export const LIVE_PREFIX = '/origin/live/';

export interface LiveRouteOptions {
  /** The clock; tests pass a fixed one. */
  now?: () => number;
  /** Stream time 0 when the query has no t0. */
  defaultT0Ms?: number;
}

/**
 * Without t0 the stream has been running for an hour when the server starts (its start time rounded down
 * to the minute, minus an hour): the window is full from the first request at any speed.
 */
export function defaultLiveT0(startMs: number): number {
  return Math.floor(startMs / 60_000) * 60_000 - 3_600_000;
}

const PLAYLIST_HEADERS = { 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-store' };
const SEGMENT = /^(ts|aes|fmp4)\/([A-Za-z0-9_-]+)\/(init\.mp4|(0|[1-9]\d{0,14})\.(ts|m4s))$/;
const SUBTITLE_SEGMENT = /^(ts|fmp4)\/subs\/(0|[1-9]\d{0,14})\.vtt$/;

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The master's query with t0 made explicit, so its media playlists keep its timeline whoever serves them. */
function childQuery(url: URL, o: LiveOptions): string {
  if ((url.searchParams.get('t0') ?? '').trim() !== '') return url.search;
  const q = new URLSearchParams(url.search);
  q.set('t0', String(o.t0Ms));
  return `?${q.toString()}`;
}

function renditionsFor(o: LiveOptions, ladder: LiveLadder): string[] {
  return o.variant === 'demuxed' ? [...ladder.demuxed.map((r) => r.name), AUDIO_RENDITION, SUBTITLE_RENDITION] : [...ladder.muxed.map((r) => r.name), SUBTITLE_RENDITION];
}

export function liveRoute(mediaDir: string, opts: LiveRouteOptions = {}): DemoRoute {
  const now = opts.now ?? Date.now;
  const defaultT0 = opts.defaultT0Ms ?? defaultLiveT0(now());
  const ladder = ladderFromMasters(readOrNull(path.join(mediaDir, 'content', 'master.m3u8')), readOrNull(path.join(mediaDir, 'content-fmp4', 'master.m3u8')));
  const muxedNames = new Set(ladder.muxed.map((r) => r.name));
  const demuxedNames = new Set([...ladder.demuxed.map((r) => r.name), AUDIO_RENDITION]);

  async function playlist(res: ServerResponse, url: URL, name: string): Promise<void> {
    let o: LiveOptions;
    let faults: OriginFaults | null;
    try {
      o = parseLiveOptions(url.searchParams, defaultT0);
      faults = parseOriginFaults(url.searchParams);
    } catch (err) {
      if (!(err instanceof StitchboxError) && !(err instanceof Error && /^(fail|failevery|slowms):/.test(err.message))) throw err;
      send(res, 400, `${(err as Error).message}\n`, { 'Cache-Control': 'no-store' });
      return;
    }
    if (name === 'master') {
      send(res, 200, liveMaster(o, ladder, childQuery(url, o)), PLAYLIST_HEADERS);
      return;
    }
    if (!renditionsFor(o, ladder).includes(name)) {
      send(res, 404, `no rendition "${name}" in the ${o.variant} live stream\n`);
      return;
    }
    const text = liveMediaPlaylist(now(), o, name);
    // Fault switches (faults.ts): media playlist refreshes only, never the multivariant playlist.
    const fault = faults ? faultDue(faults, text) : null;
    if (fault) {
      if (fault === '404' || fault === '500') {
        send(res, Number(fault), `live simulator: injected ${fault}\n`, { 'Cache-Control': 'no-store' });
        return;
      }
      if (fault === 'truncate') {
        send(res, 200, truncatePlaylist(text), PLAYLIST_HEADERS);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, faults!.slowMs));
      if (res.destroyed) return;
    }
    send(res, 200, text, PLAYLIST_HEADERS);
  }

  async function segment(req: IncomingMessage, res: ServerResponse, m: RegExpExecArray): Promise<void> {
    const [, kind, rendition, file, seq] = m;
    const isInit = file === 'init.mp4';
    const ext = isInit ? 'mp4' : m[5];
    // Each kind has its own file type and folder; anything else (an init segment of TS, .m4s under ts/) is 404.
    const ok = kind === 'fmp4' ? demuxedNames.has(rendition) && ext !== 'ts' : muxedNames.has(rendition) && ext === 'ts';
    if (!ok) {
      send(res, 404, 'no such live segment\n');
      return;
    }
    const n = isInit ? 0 : Number(seq);
    const source = kind === 'fmp4'
      ? path.join(mediaDir, 'content-fmp4', rendition, isInit ? 'init.mp4' : `seg_${String(contentIndex(n)).padStart(3, '0')}.m4s`)
      : path.join(mediaDir, 'content', rendition, `seg_${String(contentIndex(n)).padStart(3, '0')}.ts`);
    if (kind !== 'aes') {
      if (!(await sendFile(req, res, source))) send(res, 404, 'live segment media missing (run scripts/make-media.sh)\n');
      return;
    }
    let plain: Uint8Array;
    try {
      plain = await fsp.readFile(source);
    } catch {
      send(res, 404, 'live segment media missing (run scripts/make-media.sh)\n');
      return;
    }
    send(res, 200, encryptSegment(plain, n), { 'Content-Type': 'video/mp2t', 'Cache-Control': 'no-cache' });
  }

  return {
    match: (p) => p.startsWith(LIVE_PREFIX),
    async handle(req, res, url) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD, OPTIONS' });
        return;
      }
      const rest = rawPath(req.url).slice(LIVE_PREFIX.length);
      if (rest === 'key') {
        send(res, 200, LIVE_KEY, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-cache' });
        return;
      }
      if (rest.endsWith('.m3u8') && /^[A-Za-z0-9_-]+\.m3u8$/.test(rest)) {
        return playlist(res, url, rest.slice(0, -'.m3u8'.length));
      }
      const m = SEGMENT.exec(rest);
      if (m) return segment(req, res, m);
      const sub = SUBTITLE_SEGMENT.exec(rest);
      if (sub) {
        const file = path.join(mediaDir, sub[1] === 'fmp4' ? 'content-fmp4' : 'content', SUBTITLE_RENDITION, `seg_${String(contentIndex(Number(sub[2]))).padStart(3, '0')}.vtt`);
        if (!(await sendFile(req, res, file))) send(res, 404, 'live subtitle segment missing (run scripts/make-subtitles.ts)\n');
        return;
      }
      send(res, 404, 'no such live resource\n');
    },
  };
}
