/**
 * A simulated live origin, ADS and ad CDN behind a fake fetch (the network boundary), a virtual clock,
 * and an in-memory Store, to run the real engine over generated live streams in Node.
 */
import { createEngine, type Engine } from '../../../src/session/engine';
import { parseConfig } from '../../../src/session/config';
import { StitchboxError } from '../../../src/errors';
import type { HttpResult, Ports } from '../../../src/session/ports';
import { createMemoryStore } from '../../../src/session/memoryStore';

export interface OriginSegment { duration: number; disc: boolean; cueOut?: number | null; cueIn?: boolean; cont?: boolean; key?: string }
export interface OriginBreak { start: number; len: number; withDuration: boolean; earlyBy: number }

/** Origin segments with breaks: cue-out before `start`, cue-in before `start + len` (early: the signalled duration is longer). */
export function buildOrigin(durations: number[], breaks: OriginBreak[], discAt: number[] = []): OriginSegment[] {
  const segs: OriginSegment[] = durations.map((d, i) => ({ duration: d, disc: discAt.includes(i) }));
  for (const b of breaks) {
    if (b.start + b.len >= segs.length) continue;
    let d = 0;
    for (let m = b.start; m < b.start + b.len; m++) { d += segs[m].duration; if (m > b.start) segs[m].cont = true; }
    segs[b.start].cueOut = b.withDuration ? Math.round((d + b.earlyBy) * 1000) / 1000 : null;
    segs[b.start + b.len].cueIn = true;
  }
  return segs;
}

export class VirtualClock {
  t = 1_000_000;
  private timers: { at: number; seq: number; resolve(): void }[] = [];
  private seq = 0;
  now = () => this.t;
  sleep = (ms: number) => new Promise<void>((resolve) => { this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve }); });
  /** Run `p` to completion, advancing virtual time only when nothing else can happen. Returns the virtual ms it took. */
  async drive<T>(p: Promise<T>): Promise<{ value: T; elapsed: number }> {
    const start = this.t;
    let done = false;
    let value!: T;
    let error: unknown = null;
    p.then((v) => { done = true; value = v; }, (e) => { done = true; error = e ?? new Error('rejected'); });
    for (let i = 0; i < 100_000; i++) {
      for (let k = 0; k < 3; k++) await new Promise((r) => setImmediate(r));
      if (done) break;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) throw new Error('deadlock: nothing to wait for');
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
    if (error) throw error;
    return { value, elapsed: this.t - start };
  }
  /** Let background work run for `ms` of virtual time. */
  async advance(ms: number): Promise<void> {
    await this.drive(this.sleep(ms));
  }
}

/** The in-memory Store of src/session/memoryStore.ts (cloning, as IndexedDB does), under the name these tests use. */
export const memoryStore = createMemoryStore;

export const RENDITIONS = ['v0', 'v1', 'a0'] as const;

export interface LiveWorld {
  clock: VirtualClock;
  store: ReturnType<typeof memoryStore>;
  engine: Engine;
  /** Index of the newest origin segment currently published. */
  edge: number;
  windowSize: number;
  adsRequests: string[];
  restart(): void;
  get(path: string): Promise<{ text: string; status: number; elapsed: number }>;
  /** Open a session and return the media playlist paths, in RENDITIONS order, then the subtitle playlist's (`subtitles`). */
  open(): Promise<string[]>;
}

export function liveWorld(opts: {
  origin: OriginSegment[]; windowSize: number; adsLatency: (availIndex: number) => number;
  pods: number[][][]; /* per avail index: ads, each a list of segment durations */
  config?: Record<string, unknown>; keyed?: boolean; pdt?: boolean;
  /** JSON body of the session POST (default `{}`). */
  sessionBody?: string;
  /** The master also offers a WebVTT subtitle rendition `s0` (EXT-X-MEDIA TYPE=SUBTITLES, listed last). */
  subtitles?: boolean;
  /** EXT-X-START:TIME-OFFSET of every media playlist (it moves the live pre-roll, livePreRoll.ts). */
  startOffset?: number;
}): LiveWorld {
  const clock = new VirtualClock();
  const store = memoryStore();
  const adsRequests: string[] = [];
  const ok = (url: string, text: string): HttpResult => ({ status: 200, url, headers: {}, text });

  function mediaPlaylist(r: string, edge: number): string {
    const w0 = Math.max(0, edge - opts.windowSize + 1);
    let ds = 0;
    for (let m = 0; m < w0; m++) if (opts.origin[m].disc) ds++;
    const out = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:6', `#EXT-X-MEDIA-SEQUENCE:${w0}`, `#EXT-X-DISCONTINUITY-SEQUENCE:${ds}`];
    if (opts.startOffset !== undefined) out.push(`#EXT-X-START:TIME-OFFSET=${opts.startOffset}`);
    if (opts.keyed && r !== 's0') out.push('#EXT-X-KEY:METHOD=AES-128,URI="https://keys.test/k1"');
    for (let m = w0; m <= edge; m++) {
      const s = opts.origin[m];
      if (s.cueIn) out.push('#EXT-X-CUE-IN');
      if (s.cueOut !== undefined) out.push(s.cueOut === null ? '#EXT-X-CUE-OUT' : `#EXT-X-CUE-OUT:${s.cueOut}`);
      else if (s.cont) out.push('#EXT-X-CUE-OUT-CONT');
      if (s.disc) out.push('#EXT-X-DISCONTINUITY');
      if (opts.pdt) out.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(Date.UTC(2024, 0, 1) + m * 4000).toISOString()}`);
      out.push(`#EXTINF:${s.duration.toFixed(3)},`, `${r}/seg${m}.${r === 's0' ? 'vtt' : 'ts'}`);
    }
    return out.join('\n') + '\n';
  }

  function vast(avail: number): string {
    const pod = opts.pods[avail % opts.pods.length];
    const ads = pod.map((_, k) => `<Ad id="a${avail}-${k}" sequence="${k + 1}"><InLine><AdSystem>t</AdSystem><AdTitle>t</AdTitle>
<Impression><![CDATA[https://beacons.test/imp?ad=${avail}-${k}]]></Impression>
<Creatives><Creative id="c${avail}-${k}"><Linear><Duration>00:00:10</Duration>
<TrackingEvents><Tracking event="start"><![CDATA[https://beacons.test/start?ad=${avail}-${k}]]></Tracking></TrackingEvents>
<MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL" width="1280" height="720"><![CDATA[https://adcdn.test/${avail % opts.pods.length}/${k}.m3u8]]></MediaFile></MediaFiles>
</Linear></Creative></Creatives></InLine></Ad>`).join('\n');
    return `<?xml version="1.0"?><VAST version="4.2">${ads}</VAST>`;
  }

  async function fetchText(url: string, o?: { timeoutMs?: number }): Promise<HttpResult> {
    const u = new URL(url);
    if (u.host === 'ads.test') {
      adsRequests.push(url);
      const avail = Number(u.searchParams.get('avail'));
      const latency = opts.adsLatency(avail);
      const timeout = o?.timeoutMs ?? Infinity;
      if (latency > timeout) { await clock.sleep(timeout); throw new StitchboxError('ADS_TIMEOUT', `timed out after ${timeout} ms`); }
      await clock.sleep(latency);
      return ok(url, vast(avail));
    }
    if (u.host === 'adcdn.test') {
      const [, pod, file] = u.pathname.split('/');
      const durations = opts.pods[Number(pod)][parseInt(file, 10)];
      return ok(url, ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:6', '#EXT-X-PLAYLIST-TYPE:VOD',
        ...durations.flatMap((d, i) => [`#EXTINF:${d.toFixed(3)},`, `seg${i}.ts`]), '#EXT-X-ENDLIST', ''].join('\n'));
    }
    if (u.host === 'slate.test') {
      return ok(url, '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:1.000,\nslate0.ts\n#EXT-X-ENDLIST\n');
    }
    if (u.host === 'origin.test') {
      if (u.pathname === '/live/master.m3u8') {
        return ok(url, ['#EXTM3U', '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",DEFAULT=YES,URI="a0.m3u8"',
          '#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720,AUDIO="aud"', 'v0.m3u8',
          '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,AUDIO="aud"', 'v1.m3u8',
          ...(opts.subtitles ? ['#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="en",DEFAULT=NO,URI="s0.m3u8"'] : []), ''].join('\n'));
      }
      const r = u.pathname.slice('/live/'.length).replace('.m3u8', '');
      return ok(url, mediaPlaylist(r, world.edge));
    }
    return { status: 404, url, headers: {}, text: '' };
  }

  const ports: Ports = {
    fetchText, store, now: clock.now, sleep: clock.sleep,
    randomBytes: (n) => new Uint8Array(n).map((_, i) => (i * 37 + 11) & 255),
    flushBeacons: async () => undefined,
    log: () => undefined,
  };

  const world: LiveWorld = {
    clock, store, engine: createEngine(ports, { scope: '/' }), edge: opts.windowSize - 1, windowSize: opts.windowSize, adsRequests,
    restart() { world.engine = createEngine(ports, { scope: '/' }); },
    async get(path) {
      const { value, elapsed } = await clock.drive(world.engine.handle({ method: 'GET', url: `http://sw.test${path}`, headers: {}, body: async () => '' }));
      if (!value || value.response.kind !== 'body') throw new Error(`unexpected response for ${path}`);
      return { text: value.response.body, status: value.response.status, elapsed };
    },
    async open() {
      await store.putConfig(parseConfig({
        Name: 'live', VideoContentSourceUrl: 'https://origin.test', AdDecisionServerUrl: 'https://ads.test/vast?avail=[avail.index]',
        ...opts.config,
      }));
      const { value } = await clock.drive(world.engine.handle({ method: 'POST', url: 'http://sw.test/v1/session/acct/live/live/master.m3u8', headers: {}, body: async () => opts.sessionBody ?? '{}' }));
      const { manifestUrl } = JSON.parse((value!.response as { body: string }).body) as { manifestUrl: string };
      const master = await world.get(manifestUrl);
      const paths = master.text.split('\n').filter((l) => l.startsWith('/v1/manifest/'));
      const audio = /URI="([^"]+)"/.exec(master.text)![1];
      const subs = /TYPE=SUBTITLES,.*URI="([^"]+)"/.exec(master.text)?.[1];
      return subs ? [paths[0], paths[1], audio, subs] : [paths[0], paths[1], audio];
    },
  };
  return world;
}
