import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { StitchboxError } from '../../../src/errors';
import { dashAdMpd } from '../dash/dashAdMpd';
import { readDashLadder, renditionsOf, type DashLadder } from '../dash/dashLadder';
import { dashLiveMpd } from '../dash/dashLiveMpd';
import { parseDashLiveOptions, parseDashScheme } from '../dash/dashLiveOptions';
import { dashVodMpd, parseDashVodPeriods } from '../dash/dashVodMpd';
import { LOOP_SEGMENTS, publishedSegments } from '../live/liveWindow';
import { parseLiveOptions } from '../live/liveOptions';
import { adMediaFault } from '../faults';
import type { DemoRoute } from '../route';
import { send } from '../send';
import { sendFile } from '../sendFile';
import { defaultLiveT0 } from './live';
import { rawPath } from './static';

/**
 * The DASH origin (DESIGN.md "The demo server", issue 7 item 5), under /origin/dash/, over the demuxed
 * fMP4 content of demo/media/content-fmp4 (no media of its own):
 *
 *   vod.mpd?scheme=bin|xml&periods=multi|single  static VOD with SCTE-35 breaks, multi-period (default) or one Period (dash/dashVodMpd.ts)
 *   vod/<rep>/init.mp4, vod/<rep>/seg_NNN.m4s   its segments = content-fmp4/<rep>/...
 *   live.mpd?<query>                        dynamic MPD of the live simulator (dash/dashLiveMpd.ts; query: dash/dashLiveOptions.ts)
 *   live/<rep>/init.mp4                     its init segments
 *   live/<rep>/<n>.m4s?t0=&speed=           segment n ($Number$) = content-fmp4/<rep>/seg_<n mod 30>.m4s
 *   live/<rep>/<pass>/<tfdt>.m4s?t0=&speed= the same by loop pass and media time ($Time$)
 *
 * A live segment the simulated clock has not published yet is a 404, as from a real origin.
 */
export const DASH_ORIGIN_PREFIX = '/origin/dash/';

const MPD_HEADERS = { 'Content-Type': 'application/dash+xml', 'Cache-Control': 'no-store' };
const VOD_SEGMENT = /^vod\/([A-Za-z0-9_-]+)\/(init\.mp4|seg_\d{3}\.m4s)$/;
const LIVE_SEGMENT = /^live\/([A-Za-z0-9_-]+)\/(?:init\.mp4|(0|[1-9]\d{0,14})\.m4s|(0|[1-9]\d{0,9})\/(0|[1-9]\d{0,14})\.m4s)$/;

export interface DashOriginOptions {
  /** The clock; tests pass a fixed one. */
  now?: () => number;
  /** Stream time 0 when the query has no t0 (as the HLS live simulator's, routes/live.ts). */
  defaultT0Ms?: number;
}

function badRequest(res: ServerResponse, err: unknown): void {
  if (!(err instanceof StitchboxError)) throw err;
  send(res, 400, `${err.message}\n`, { 'Cache-Control': 'no-store' });
}

export function dashOriginRoute(mediaDir: string, opts: DashOriginOptions = {}): DemoRoute {
  const now = opts.now ?? Date.now;
  const defaultT0 = opts.defaultT0Ms ?? defaultLiveT0(now());
  const contentDir = path.join(mediaDir, 'content-fmp4');
  const ladder: DashLadder | null = readDashLadder(contentDir);
  const ids = new Set(ladder ? renditionsOf(ladder).map((r) => r.id) : []);
  const vodText = new Map<string, string>();

  async function liveSegment(req: IncomingMessage, res: ServerResponse, url: URL, m: RegExpExecArray): Promise<void> {
    const [, rep, number, pass, time] = m;
    const track = ladder && renditionsOf(ladder).find((r) => r.id === rep)?.track;
    if (!track) {
      send(res, 404, 'no such DASH rendition\n');
      return;
    }
    if (number === undefined && time === undefined) {
      if (!(await sendFile(req, res, path.join(contentDir, rep, 'init.mp4')))) send(res, 404, 'init segment missing (run scripts/make-media.sh)\n');
      return;
    }
    let n: number;
    if (number !== undefined) {
      n = Number(number);
    } else {
      const index = track.segments.findIndex((s) => s.t === Number(time));
      if (index === -1) {
        send(res, 404, `no ${rep} segment starts at media time ${time}\n`);
        return;
      }
      n = Number(pass) * LOOP_SEGMENTS + index;
    }
    let published: number;
    try {
      published = publishedSegments(now(), parseLiveOptions(new URLSearchParams({ t0: url.searchParams.get('t0') ?? '', speed: url.searchParams.get('speed') ?? '' }), defaultT0));
    } catch (err) {
      badRequest(res, err);
      return;
    }
    if (n >= published) {
      send(res, 404, `segment ${n} is not published yet (${published} so far)\n`, { 'Cache-Control': 'no-store' });
      return;
    }
    const file = track.segments[n % LOOP_SEGMENTS]?.file;
    if (!file || !(await sendFile(req, res, path.join(contentDir, rep, file)))) send(res, 404, 'live segment media missing (run scripts/make-media.sh)\n');
  }

  return {
    match: (p) => p.startsWith(DASH_ORIGIN_PREFIX),
    async handle(req, res, url) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD, OPTIONS' });
        return;
      }
      const rest = rawPath(req.url).slice(DASH_ORIGIN_PREFIX.length);
      if ((rest === 'vod.mpd' || rest === 'live.mpd') && ladder === null) {
        send(res, 404, 'DASH origin: no fMP4 content (run scripts/make-media.sh)\n');
        return;
      }
      if (rest === 'vod.mpd' && ladder) {
        let scheme;
        let periods;
        try {
          scheme = parseDashScheme(url.searchParams);
          periods = parseDashVodPeriods(url.searchParams);
        } catch (err) {
          badRequest(res, err);
          return;
        }
        let text = vodText.get(`${scheme} ${periods}`);
        if (text === undefined) vodText.set(`${scheme} ${periods}`, (text = dashVodMpd(ladder, { scheme, periods })));
        send(res, 200, text, MPD_HEADERS);
        return;
      }
      if (rest === 'live.mpd' && ladder) {
        let text: string;
        try {
          text = dashLiveMpd(now(), ladder, parseDashLiveOptions(url.searchParams, defaultT0));
        } catch (err) {
          badRequest(res, err);
          return;
        }
        send(res, 200, text, MPD_HEADERS);
        return;
      }
      const vod = VOD_SEGMENT.exec(rest);
      if (vod && ids.has(vod[1])) {
        if (!(await sendFile(req, res, path.join(contentDir, vod[1], vod[2])))) send(res, 404, 'not found\n');
        return;
      }
      const live = LIVE_SEGMENT.exec(rest);
      if (live) return liveSegment(req, res, url, live);
      send(res, 404, 'no such DASH origin resource\n');
    },
  };
}

const AD_MEDIA_PREFIX = '/ads/media/';
const AD_MPD = /^([A-Za-z0-9_-]+)\/manifest\.mpd$/;

/** The ad an MPD path names, also below a fault prefix (`/ads/media/fail-360p-1/ad6/manifest.mpd`, faults.ts). */
function adOfMpdPath(p: string): string | null {
  if (!p.startsWith(AD_MEDIA_PREFIX)) return null;
  const rest = p.slice(AD_MEDIA_PREFIX.length);
  return AD_MPD.exec(adMediaFault(rest)?.path ?? rest)?.[1] ?? null;
}

/**
 * `/ads/media/<ad>/manifest.mpd`: the DASH rendition of each ad creative and of the slate (dash/dashAdMpd.ts),
 * over the fMP4 files in demo/media/ads/<ad>/fmp4/. Asked before the ads route, which serves the files. Below
 * the sample ADS's `segfail` prefix the same MPD is served: its relative segment URLs keep the prefix, so the
 * ads route answers the chosen segment with its injected 404.
 */
export function dashAdRoute(mediaDir: string): DemoRoute {
  const texts = new Map<string, string | null>();
  function mpdOf(ad: string): string | null {
    if (!texts.has(ad)) {
      const ladder = readDashLadder(path.join(mediaDir, 'ads', ad, 'fmp4'));
      texts.set(ad, ladder ? dashAdMpd(ladder) : null);
    }
    return texts.get(ad) ?? null;
  }
  return {
    match: (p) => adOfMpdPath(p) !== null,
    handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD, OPTIONS' });
        return;
      }
      const text = mpdOf(adOfMpdPath(rawPath(req.url))!);
      if (text === null) send(res, 404, 'no DASH rendition of this ad\n');
      else send(res, 200, text, MPD_HEADERS);
    },
  };
}
