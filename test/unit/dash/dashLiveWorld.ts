/**
 * A simulated live DASH origin (dynamic MPD, moving window, a Period per break start and return, SCTE-35
 * SpliceInsert EventStreams), ADS and ad CDN behind a fake fetch (the network boundary), a virtual clock
 * and the in-memory store, to run the real live DASH stitcher over generated streams in Node.
 */
import { StitchboxError } from '../../../src/errors';
import { parseConfig, effectiveSettings } from '../../../src/session/config';
import { createSessionRecord, initFromBody } from '../../../src/session/openSession';
import type { HttpResult, Ports } from '../../../src/session/ports';
import { createDashLiveStitcher, type DashLiveStitcher } from '../../../src/dash/live/dashLiveStitcher';
import { VirtualClock, memoryStore } from '../session/liveHarness';

/** Origin media: fixed segments of SEG seconds; a break covers segments [start, start + len). */
export const SEG = 2;
const TS = 1000;

export interface DashOriginBreak {
  start: number;
  len: number;
  /** Event@duration: none, or the real length + earlyBy seconds (> 0: the return comes early; < 0: content resumes inside the Period). */
  withDuration: boolean;
  earlyBy: number;
}

interface OriginPeriodSpec { id: string; first: number; end: number; brk: DashOriginBreak | null; eventId: number }

export function originPeriodSpecs(total: number, breaks: readonly DashOriginBreak[]): OriginPeriodSpec[] {
  const out: OriginPeriodSpec[] = [];
  let at = 0;
  breaks.forEach((b, i) => {
    if (b.start > at) out.push({ id: `c${at}`, first: at, end: b.start, brk: null, eventId: 0 });
    out.push({ id: `b${b.start}`, first: b.start, end: b.start + b.len, brk: b, eventId: i + 1 });
    at = b.start + b.len;
  });
  if (at < total) out.push({ id: `c${at}`, first: at, end: total, brk: null, eventId: 0 });
  return out;
}

export interface DashLiveWorld {
  clock: VirtualClock;
  store: ReturnType<typeof memoryStore>;
  stitcher: DashLiveStitcher;
  periods: OriginPeriodSpec[];
  /** Segments published so far. */
  published(): number;
  restart(): void;
  refresh(): Promise<{ text: string; elapsed: number }>;
  tracking(): Promise<unknown>;
  sessionId: string;
  adsRequests: string[];
  astMs: number;
}

export function dashLiveWorld(opts: {
  total: number; breaks: DashOriginBreak[]; windowSegments: number;
  adsLatency(avail: number): number;
  /** Per avail index (mod length): the ads, each a list of segment durations (seconds). */
  pods: number[][][];
  slate?: boolean;
  config?: Record<string, unknown>;
}): DashLiveWorld {
  const clock = new VirtualClock();
  const store = memoryStore();
  const adsRequests: string[] = [];
  const periods = originPeriodSpecs(opts.total, opts.breaks);
  // availabilityStartTime: the first segment's start; the origin starts with a full window published.
  const astMs = clock.t - opts.windowSegments * SEG * 1000;
  const ok = (url: string, text: string): HttpResult => ({ status: 200, url, headers: {}, text });
  const published = () => Math.min(opts.total, Math.floor((clock.t - astMs) / (SEG * 1000)));

  function mpd(): string {
    const e = published();
    const w0 = Math.max(0, e - opts.windowSegments);
    const out = [`<?xml version="1.0" encoding="UTF-8"?>`,
      `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="dynamic" availabilityStartTime="${new Date(astMs).toISOString()}" publishTime="${new Date(clock.t).toISOString()}" minimumUpdatePeriod="PT2S" timeShiftBufferDepth="PT${opts.windowSegments * SEG}S" suggestedPresentationDelay="PT6S" minBufferTime="PT2S">`];
    for (const p of periods) {
      if (p.end <= w0 || p.first >= e) continue;
      const pto = p.first * SEG * TS;
      const from = Math.max(p.first, w0);
      const to = Math.min(p.end, e);
      out.push(`<Period id="${p.id}" start="PT${p.first * SEG}S">`);
      if (p.brk) {
        const dur = p.brk.withDuration ? ` duration="${Math.round((p.brk.len * SEG + p.brk.earlyBy) * TS)}"` : '';
        out.push(`<EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="${TS}" presentationTimeOffset="${pto}"><Event presentationTime="${pto}"${dur} id="${p.eventId}"><Signal xmlns="http://www.scte.org/schemas/35"><SpliceInfoSection><SpliceInsert spliceEventId="${p.eventId}" outOfNetworkIndicator="true"><Program/></SpliceInsert></SpliceInfoSection></Signal></Event></EventStream>`);
      }
      const tl = `<SegmentTimeline><S t="${pto + (from - p.first) * SEG * TS}" d="${SEG * TS}" r="${to - from - 1}"/></SegmentTimeline>`;
      out.push(`<AdaptationSet id="1" contentType="video" mimeType="video/mp4" segmentAlignment="true"><SegmentTemplate timescale="${TS}" presentationTimeOffset="${pto}" media="$RepresentationID$/$Time$.m4s" initialization="$RepresentationID$/init.mp4">${tl}</SegmentTemplate>`,
        `<Representation id="v0" bandwidth="2000000" width="1280" height="720" codecs="avc1.64001f"/><Representation id="v1" bandwidth="800000" width="640" height="360" codecs="avc1.4d401e"/></AdaptationSet>`,
        `<AdaptationSet id="2" contentType="audio" mimeType="audio/mp4" lang="en"><SegmentTemplate timescale="${TS}" presentationTimeOffset="${pto}" media="a0/$Time$.m4s" initialization="a0/init.mp4">${tl}</SegmentTemplate>`,
        `<Representation id="a0" bandwidth="64000" codecs="mp4a.40.2"/></AdaptationSet>`, `</Period>`);
    }
    out.push('</MPD>');
    return out.join('\n');
  }

  function vast(avail: number): string {
    const pod = opts.pods[avail % opts.pods.length];
    const ads = pod.map((_, k) => `<Ad id="a${avail}-${k}" sequence="${k + 1}"><InLine><AdSystem>t</AdSystem><AdTitle>t</AdTitle>
<Impression><![CDATA[https://beacons.test/imp?ad=${avail}-${k}]]></Impression>
<Creatives><Creative id="c${avail}-${k}"><Linear><Duration>00:00:10</Duration>
<MediaFiles><MediaFile delivery="streaming" type="application/dash+xml" width="1280" height="720"><![CDATA[https://adcdn.test/${avail % opts.pods.length}/${k}.mpd]]></MediaFile></MediaFiles>
</Linear></Creative></Creatives></InLine></Ad>`).join('\n');
    return `<?xml version="1.0"?><VAST version="4.2">${ads}</VAST>`;
  }

  function adMpd(durations: number[]): string {
    const total = durations.reduce((a, b) => a + b, 0);
    const s = (ts: number) => durations.map((d, i) => (i === 0 ? `<S t="0" d="${Math.round(d * ts)}"/>` : `<S d="${Math.round(d * ts)}"/>`)).join('');
    return `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT${total}S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
<Period id="ad" start="PT0S"><AdaptationSet contentType="video" mimeType="video/mp4"><SegmentTemplate timescale="${TS}" media="$RepresentationID$/$Number$.m4s" initialization="$RepresentationID$/init.mp4" startNumber="1"><SegmentTimeline>${s(TS)}</SegmentTimeline></SegmentTemplate>
<Representation id="720p" bandwidth="1500000" width="1280" height="720" codecs="avc1.64001f"/><Representation id="360p" bandwidth="500000" width="640" height="360" codecs="avc1.4d401e"/></AdaptationSet>
<AdaptationSet contentType="audio" mimeType="audio/mp4" lang="und"><SegmentTemplate timescale="48000" media="audio/$Number$.m4s" initialization="audio/init.mp4" startNumber="1"><SegmentTimeline>${s(48000)}</SegmentTimeline></SegmentTemplate>
<Representation id="audio" bandwidth="64000" codecs="mp4a.40.2"/></AdaptationSet></Period></MPD>`;
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
      return ok(url, adMpd(opts.pods[Number(pod)][parseInt(file, 10)]));
    }
    if (u.host === 'slate.test') return ok(url, adMpd([1.5, 1.5]));
    if (u.host === 'origin.test') return ok(url, mpd());
    return { status: 404, url, headers: {}, text: '' };
  }

  const ports: Ports = {
    fetchText, store, now: clock.now, sleep: clock.sleep,
    randomBytes: (n) => new Uint8Array(n).map((_, i) => (i * 37 + 11) & 255),
    flushBeacons: async () => undefined,
    log: () => undefined,
  };
  const config = parseConfig({
    Name: 'live', VideoContentSourceUrl: 'https://origin.test', AdDecisionServerUrl: 'https://ads.test/vast?avail=[avail.index]',
    ...(opts.slate ? { SlateAdUrl: 'https://slate.test/slate.mpd' } : {}),
    ...opts.config,
  });
  const session = createSessionRecord({
    init: initFromBody('{}'), account: 'acct', configName: 'live', assetPath: 'live.mpd', randomBytes: ports.randomBytes, now: clock.t, userAgent: '', referer: '',
  });
  const world: DashLiveWorld = {
    clock, store, periods, adsRequests, astMs, sessionId: session.id,
    stitcher: createDashLiveStitcher(ports),
    published,
    restart() { world.stitcher = createDashLiveStitcher(ports); },
    async refresh() {
      const origin = await fetchText('https://origin.test/live.mpd');
      const { value, elapsed } = await clock.drive(world.stitcher.serve({
        session, config, settings: effectiveSettings(config), text: origin.text, mpdUrl: origin.url,
        adBaseUrl: (b, piece, r) => `https://sw.test/v1/dashsegment/acct/live/${session.id}/${b.key}/${piece}/${r}/`,
        location: `https://sw.test/v1/dash/acct/live/live.mpd?aws.sessionId=${session.id}`,
      }));
      return { text: value.text, elapsed };
    },
    async tracking() {
      const { buildDashLiveTracking } = await import('../../../src/dash/live/dashLiveTracking');
      const tl = await store.getLiveTimeline(session.id);
      return tl?.dash ? buildDashLiveTracking(tl.dash, clock.t) : null;
    },
  };
  return world;
}
