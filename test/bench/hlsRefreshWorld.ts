/**
 * The live stitcher driven in-process for the HLS refresh benchmarks: an in-memory Store that keeps objects
 * by reference (no structured clone: the IndexedDB cost is not part of these figures), an ADS and ad CDN
 * answered from prebuilt strings with no latency, and a clock that does not move during a refresh.
 */
import { parseConfig, effectiveSettings, type PlaybackConfiguration } from '../../src/session/config';
import { createLiveStitcher, type LiveStitcher } from '../../src/session/live/liveStitcher';
import type { LiveTimeline } from '../../src/session/live/liveTimeline';
import type { HttpResult, Ports, Store } from '../../src/session/ports';
import type { PlaylistRef, SessionRecord } from '../../src/session/sessionRecord';

const ORIGIN_URL = 'https://origin.example.com/live/channel1/720p.m3u8';

export function referenceStore(): Store & { timelines: Map<string, LiveTimeline> } {
  const timelines = new Map<string, LiveTimeline>();
  const none = async () => undefined;
  return {
    timelines,
    getConfig: none, putConfig: none, listConfigs: async () => [], getSession: none, putSession: none,
    getPlan: none, putPlan: none, enqueueBeacons: async (jobs) => jobs, claimOnce: async (keys) => keys, listSessions: async () => [], deleteSession: none,
    putPrefetchSchedule: none, listPrefetchSchedules: async () => [], deletePrefetchSchedule: async () => false,
    getPrefetch: none, putPrefetch: none, listPrefetches: async () => [],
    async getLiveTimeline(id) { return timelines.get(id); },
    async putLiveTimeline(t) { timelines.set(t.sessionId, t); },
  };
}

/** Two 10 s ads, each an HLS ladder of two renditions of 2 s segments (the worker reads the ladder, protocols.md §10). */
function vast(avail: string): string {
  const ad = (k: number) => `<Ad id="ad-${avail}-${k}" sequence="${k + 1}"><InLine><AdSystem>bench</AdSystem><AdTitle>ad ${k}</AdTitle>
<Impression><![CDATA[https://beacons.example.com/imp?avail=${avail}&ad=${k}]]></Impression>
<Creatives><Creative id="cr-${k}"><Linear><Duration>00:00:10.000</Duration>
<TrackingEvents><Tracking event="start"><![CDATA[https://beacons.example.com/start?ad=${k}]]></Tracking><Tracking event="complete"><![CDATA[https://beacons.example.com/complete?ad=${k}]]></Tracking></TrackingEvents>
<MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL" width="1280" height="720"><![CDATA[https://adcdn.example.com/cr-${k}/master.m3u8]]></MediaFile></MediaFiles>
</Linear></Creative></Creatives></InLine></Ad>`;
  return `<?xml version="1.0" encoding="UTF-8"?><VAST version="4.2">${ad(0)}${ad(1)}</VAST>`;
}
const AD_MASTER = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"\n720p.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2"\n360p.m3u8\n';
const AD_MEDIA = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:VOD\n' + Array.from({ length: 5 }, (_, i) => `#EXTINF:2.000,\nseg${i}.ts\n`).join('') + '#EXT-X-ENDLIST\n';

async function fetchText(url: string): Promise<HttpResult> {
  const ok = (text: string): HttpResult => ({ status: 200, url, headers: {}, text });
  if (url.startsWith('https://ads.example.com/')) return ok(vast(url.slice(url.indexOf('avail=') + 6)));
  if (url.endsWith('/master.m3u8')) return ok(AD_MASTER);
  if (url.startsWith('https://adcdn.example.com/')) return ok(AD_MEDIA);
  return { status: 404, url, headers: {}, text: '' };
}

export interface RefreshWorld {
  store: ReturnType<typeof referenceStore>;
  stitcher: LiveStitcher;
  sessionId: string;
  /** What the worker does with one origin answer of a live media playlist: parse (LiveStitcher.parse), then stitch. */
  refresh(text: string): Promise<string>;
}

const config: PlaybackConfiguration = parseConfig({
  Name: 'live', VideoContentSourceUrl: 'https://origin.example.com', AdDecisionServerUrl: 'https://ads.example.com/vast?avail=[avail.index]',
});
const settings = effectiveSettings(config);
const ref: PlaylistRef = { url: ORIGIN_URL, kind: 'variant', bandwidth: 2_000_000, width: 1280, height: 720, codecs: 'avc1.64001f,mp4a.40.2' };
const session: SessionRecord = {
  id: 'bench-session', uuid: '8f7c2a8e-2f1d-4c5e-9a7b-3d2e1f0a9b8c', account: 'acct', configName: 'live', assetPath: 'live/channel1/master.m3u8',
  format: 'hls', reportingMode: 'client', playerParams: {}, manifestParams: {}, originParams: {}, overlayAvails: false,
  userAgent: 'bench', referer: '', createdAt: 1_700_000_000_000, lastSeenAt: 1_700_000_000_000,
  playlists: [ref, { url: 'https://origin.example.com/live/channel1/360p.m3u8', kind: 'variant', bandwidth: 800_000, width: 640, height: 360 }],
};

/** A fresh worker: no in-memory state, and (unless the caller puts one) no stored timeline. */
export function refreshWorld(store = referenceStore()): RefreshWorld {
  const now = 1_700_000_100_000;
  const ports: Ports = {
    fetchText, store, now: () => now,
    // A decision's wait never ends by the clock here: the fake ADS answers within microtasks.
    sleep: () => new Promise<void>(() => undefined),
    randomBytes: (n) => new Uint8Array(n), flushBeacons: async () => undefined, log: () => undefined,
  };
  const stitcher = createLiveStitcher(ports);
  const base = `/v1/segment/acct/live/${session.id}/`;
  return {
    store, stitcher, sessionId: session.id,
    refresh(text) {
      // As the engine does: the stitcher's parse, which slides the previous refresh's parse when it can.
      const playlist = stitcher.parse(session.id, ORIGIN_URL, text);
      return stitcher.serve({
        session, config, settings, ref, playlist, url: ORIGIN_URL,
        adUri: (r, s, seg) => `${base}${r.avail}/${r.piece}/${r.rendition}/${s}${seg.uri.endsWith('.ts') ? '.ts' : '.mp4'}`,
      });
    },
  };
}
