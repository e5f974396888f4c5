/**
 * The live stitcher driven directly (no engine) over generated origin windows, for the pruning and warm-path
 * tests: an in-memory store that clones (as IndexedDB does), a virtual clock, an ADS and ad CDN behind a fake
 * fetch (the network boundary).
 */
import { createLiveStitcher, type LiveStitcher, type LiveStitcherOptions } from '../../../src/session/live/liveStitcher';
import { effectiveSettings, parseConfig, type PlaybackConfiguration } from '../../../src/session/config';
import type { HttpResult, Ports } from '../../../src/session/ports';
import type { PlaylistRef, SessionRecord } from '../../../src/session/sessionRecord';
import { memoryStore, VirtualClock } from './liveHarness';

export interface GenSegment { duration: number; disc: boolean; cueOut?: number | null; cueIn?: boolean; cont?: boolean; key?: number }

/** Origin segments: `breaks` as [gap, len, withDuration, earlyBy]. */
export function genOrigin(durations: number[], breaks: [number, number, boolean, number][], discAt: Set<number>, keyEvery: number): GenSegment[] {
  const segs: GenSegment[] = durations.map((d, i) => ({ duration: d, disc: discAt.has(i), ...(keyEvery > 0 && i % keyEvery === 0 ? { key: i } : {}) }));
  let at = 0;
  for (const [gap, len, withDuration, earlyBy] of breaks) {
    at += gap;
    if (at + len >= segs.length) break;
    let d = 0;
    for (let m = at; m < at + len; m++) { d += segs[m].duration; if (m > at) segs[m].cont = true; }
    segs[at].cueOut = withDuration ? Math.round((d + earlyBy) * 1000) / 1000 : null;
    segs[at + len].cueIn = true;
    at += len;
  }
  return segs;
}

export function originText(origin: GenSegment[], rendition: string, w0: number, edge: number, pdt: boolean): string {
  let ds = 0;
  for (let m = 0; m < w0; m++) if (origin[m].disc) ds++;
  const out = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:6', `#EXT-X-MEDIA-SEQUENCE:${w0}`, `#EXT-X-DISCONTINUITY-SEQUENCE:${ds}`];
  for (let m = w0; m <= edge; m++) {
    const s = origin[m];
    if (s.cueIn) out.push('#EXT-X-CUE-IN');
    if (s.cueOut !== undefined) out.push(s.cueOut === null ? '#EXT-X-CUE-OUT' : `#EXT-X-CUE-OUT:${s.cueOut}`);
    else if (s.cont) out.push('#EXT-X-CUE-OUT-CONT');
    if (s.disc) out.push('#EXT-X-DISCONTINUITY');
    if (s.key !== undefined) out.push(`#EXT-X-KEY:METHOD=AES-128,URI="https://keys.test/k${s.key}"`);
    if (pdt) out.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(Date.UTC(2024, 0, 1) + m * 4000).toISOString()}`);
    out.push(`#EXTINF:${s.duration.toFixed(3)},`, `${rendition}/seg${m}.ts`);
  }
  return out.join('\n') + '\n';
}

const ORIGIN = 'https://origin.test/live/';

/** One session of the live stitcher with its own store and clock; `options` choose pruning and the warm path. */
export function stitcherWorld(pods: number[][][], latency: (avail: number) => number, options: LiveStitcherOptions, budgetMs = 8000) {
  const clock = new VirtualClock();
  const store = memoryStore();
  const ok = (url: string, text: string): HttpResult => ({ status: 200, url, headers: {}, text });
  async function fetchText(url: string, o?: { timeoutMs?: number }): Promise<HttpResult> {
    const u = new URL(url);
    if (u.host === 'ads.test') {
      const avail = Number(u.searchParams.get('avail'));
      const wait = Math.min(latency(avail), o?.timeoutMs ?? Infinity);
      await clock.sleep(wait);
      if (wait < latency(avail)) throw new Error('ADS timeout');
      const pod = pods[avail % pods.length];
      const ads = pod.map((_, k) => `<Ad id="a${avail}-${k}" sequence="${k + 1}"><InLine><AdSystem>t</AdSystem><AdTitle>t</AdTitle>
<Impression><![CDATA[https://beacons.test/imp?ad=${avail}-${k}]]></Impression>
<Creatives><Creative id="c${avail}-${k}"><Linear><Duration>00:00:10</Duration>
<MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL" width="1280" height="720"><![CDATA[https://adcdn.test/${avail % pods.length}/${k}.m3u8]]></MediaFile></MediaFiles>
</Linear></Creative></Creatives></InLine></Ad>`).join('\n');
      return ok(url, `<?xml version="1.0"?><VAST version="4.2">${ads}</VAST>`);
    }
    if (u.host === 'adcdn.test') {
      const [, pod, file] = u.pathname.split('/');
      const durations = pods[Number(pod)][parseInt(file, 10)];
      return ok(url, ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:6', '#EXT-X-PLAYLIST-TYPE:VOD',
        ...durations.flatMap((d, i) => [`#EXTINF:${d.toFixed(3)},`, `seg${i}.ts`]), '#EXT-X-ENDLIST', ''].join('\n'));
    }
    return { status: 404, url, headers: {}, text: '' };
  }
  const ports: Ports = {
    fetchText, store, now: clock.now, sleep: clock.sleep, randomBytes: (n) => new Uint8Array(n),
    flushBeacons: async () => undefined, log: () => undefined,
  };
  const config: PlaybackConfiguration = parseConfig({
    Name: 'live', VideoContentSourceUrl: 'https://origin.test', AdDecisionServerUrl: 'https://ads.test/vast?avail=[avail.index]',
    Stitchbox: { DecisionBudgetMs: budgetMs },
  });
  const settings = effectiveSettings(config);
  const refs: PlaylistRef[] = [
    { url: `${ORIGIN}v0.m3u8`, kind: 'variant', bandwidth: 2_000_000, width: 1280, height: 720 },
    { url: `${ORIGIN}v1.m3u8`, kind: 'variant', bandwidth: 800_000, width: 640, height: 360 },
  ];
  const session: SessionRecord = {
    id: 'sess', uuid: '8f7c2a8e-2f1d-4c5e-9a7b-3d2e1f0a9b8c', account: 'acct', configName: 'live', assetPath: 'live/master.m3u8',
    format: 'hls', reportingMode: 'client', playerParams: {}, manifestParams: {}, originParams: {}, overlayAvails: false,
    userAgent: 't', referer: '', createdAt: 0, lastSeenAt: 0, playlists: refs,
  };
  let stitcher: LiveStitcher = createLiveStitcher(ports, options);
  return {
    clock, store, sessionId: session.id,
    get stitcher() { return stitcher; },
    restart() { stitcher = createLiveStitcher(ports, options); },
    async refresh(r: number, text: string): Promise<string> {
      const ref = refs[r];
      const s = stitcher;
      const playlist = s.parse(session.id, ref.url, text);
      const { value } = await clock.drive(s.serve({
        session, config, settings, ref, playlist, url: ref.url,
        adUri: (x, i, seg) => `/v1/segment/acct/live/sess/${x.avail}/${x.piece}/${x.rendition}/${i}${seg.uri.slice(-3)}`,
      }).catch((e: Error) => `ERROR ${e.message}`));
      return value;
    },
  };
}

