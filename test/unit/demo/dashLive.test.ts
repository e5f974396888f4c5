import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDashLadder } from '../../../demo/server/dash/dashLadder';
import { dashLiveMpd } from '../../../demo/server/dash/dashLiveMpd';
import { parseDashLiveOptions, type DashLiveOptions } from '../../../demo/server/dash/dashLiveOptions';
import { startDemoServer, type DemoServer } from '../../../demo/server/startDemoServer';
import { findDashBreaks, SCTE35_BIN_SCHEME, SCTE35_XML_SCHEME } from '../../../src/scte35/dashBreaks';
import { MEDIA_DIR } from './fixture';
import { readMpd, type Mpd } from './mpdFixture';

// The DASH live simulator (issue 7 item 5): /origin/dash/live.mpd as a pure function of the clock (Period
// ids, starts and PTO stable across refreshes, the window, SCTE-35 Events at break starts), and over HTTP
// (every listed segment served, the future a 404, bad queries a 400).

const ladder = readDashLadder(path.join(MEDIA_DIR, 'content-fmp4'))!;
const T0 = Date.UTC(2026, 0, 1);
const trackOf = (id: string) => [...ladder.video, ladder.audio!].find((r) => r.id === id)!.track;

function options(query: string): DashLiveOptions {
  return parseDashLiveOptions(new URLSearchParams(`${query}&t0=${T0}`), 0);
}

/** The MPD `seconds` of stream time after T0 (at speed s, `seconds / s` of wall clock). */
function mpdAt(seconds: number, o: DashLiveOptions): Mpd {
  return readMpd(dashLiveMpd(T0 + (seconds * 1000) / o.live.speed, ladder, o));
}

/** Independent oracle of the timeline (DESIGN.md / live simulator): break k starts at offset + k·every. */
function breakStarts(o: DashLiveOptions, upTo: number): number[] {
  const out: number[] = [];
  for (let s = o.live.offsetSeconds; s < upTo; s += o.live.everySeconds) out.push(s);
  return out;
}

const QUERIES = [
  '',
  'addressing=time&scheme=xml',
  'offset=0&every=20&breakdur=8&window=6',
  // A 24 s break from 40 s spans the loop point at 60 s.
  'offset=40&every=60&breakdur=24&window=120',
  'speed=4',
];

describe('dashLiveMpd', () => {
  it.each(QUERIES)('keeps every Period\'s @start, PTO and Event stable across refreshes, and lists exactly the window (%s)', (query) => {
    const o = options(query);
    const seen = new Map<string, string>();
    for (let t = 0; t <= 300; t += 1.5) {
      const mpd = mpdAt(t, o);
      const published = Math.floor(t / 2);
      const first = Math.max(0, published - o.live.windowSeconds / 2);
      expect(mpd.attrs.type).toBe('dynamic');
      expect(mpd.attrs.timeShiftBufferDepth).toBe(`PT${o.live.windowSeconds}S`);
      if (o.live.speed === 1) expect(mpd.attrs.availabilityStartTime).toBe(new Date(T0).toISOString());
      for (const p of mpd.periods) {
        const key = JSON.stringify([p.start, p.eventStreams, p.representations.map((r) => [r.id, r.pto, r.timescale])]);
        expect(seen.get(p.id) ?? key, `Period ${p.id} at t=${t}`).toBe(key);
        seen.set(p.id, key);
      }
      // Each representation lists segments first..published-1, once each, where the stream timeline has them.
      for (const id of ['360p', '180p', 'audio']) {
        const listed = mpd.periods.flatMap((p) => p.representations.filter((r) => r.id === id).flatMap((r) => r.segments.map((s) => ({ p, r, s }))));
        expect(listed).toHaveLength(published - first);
        listed.forEach(({ p, r, s }, i) => {
          const n = first + i;
          const at = p.start! + (s.t - r.pto) / r.timescale;
          // Video on the 2 s grid exactly; AAC segments (whole 1024-sample frames) within one frame.
          if (id === 'audio') expect(Math.abs(at - 2 * n)).toBeLessThan(1024 / 44100);
          else expect(at).toBe(2 * n);
          if (o.addressing === 'number') expect(s.url).toBe(`live/${id}/${n}.m4s?t0=${T0}&speed=${o.live.speed}`);
          else expect(s.url).toBe(`live/${id}/${Math.floor(n / 30)}/${s.t}.m4s?t0=${T0}&speed=${o.live.speed}`);
        });
      }
    }
  });

  it.each(QUERIES)('opens a Period at each break start (cue-out Event first, with breakdur) and at each return; findDashBreaks agrees (%s)', (query) => {
    const o = options(query);
    const mpd = dashLiveMpd(T0 + (400 * 1000) / o.live.speed, ladder, o);
    const parsed = readMpd(mpd);
    const windowStart = Math.max(0, 400 - o.live.windowSeconds);
    // A break's Period is listed while it reaches into the window (it ends at the return, or at a loop point inside it).
    const expected = breakStarts(o, 400).filter((s) => Math.min(s + o.live.breakSeconds, (Math.floor(s / 60) + 1) * 60) > windowStart);
    const { breaks, problems } = findDashBreaks(mpd);
    expect(problems).toEqual([]);
    expect(breaks.map((b) => b.absoluteStartTime)).toEqual(expected);
    for (const b of breaks) {
      expect(b.startTime).toBe(0);
      expect(b.duration).toBe(o.live.breakSeconds);
      expect(b.durationSource).toBe('event');
      expect(b.schemeIdUri).toBe(o.scheme === 'xml' ? SCTE35_XML_SCHEME : SCTE35_BIN_SCHEME);
      expect(b.eventId).toBe(String(1000 + (b.absoluteStartTime! - o.live.offsetSeconds) / o.live.everySeconds));
      expect(b.periodId).toBe(`live-${b.absoluteStartTime}`);
    }
    // Every return (break start + breakdur) in the window starts a Period too, and the loop points.
    const starts = parsed.periods.map((p) => p.start!);
    for (const s of expected) if (s + o.live.breakSeconds < 400) expect(starts).toContain(s + o.live.breakSeconds);
    for (let loop = 60; loop < 400; loop += 60) if (loop > windowStart) expect(starts).toContain(loop);
    // And nothing else.
    for (const s of starts.slice(1)) {
      const isBreak = s >= o.live.offsetSeconds && (s - o.live.offsetSeconds) % o.live.everySeconds === 0;
      const isReturn = s - o.live.breakSeconds >= o.live.offsetSeconds && (s - o.live.breakSeconds - o.live.offsetSeconds) % o.live.everySeconds === 0;
      expect(isBreak || isReturn || s % 60 === 0, `Period at ${s}`).toBe(true);
    }
  });

  it('lists a new Period only once its first segment is published', () => {
    const o = options('');
    // Break 1 starts at 40 s: its segment 20 is published when stream time reaches 42 s.
    expect(mpdAt(41.9, o).periods.map((p) => p.id)).not.toContain('live-40');
    expect(mpdAt(42, o).periods.map((p) => p.id)).toContain('live-40');
  });

  it('writes the dynamic MPD\'s timing: publishTime of the newest segment, update period, delay, direct UTCTiming', () => {
    const o = options('');
    const now = T0 + 123_456;
    const mpd = readMpd(dashLiveMpd(now, ladder, o));
    expect(mpd.attrs.publishTime).toBe(new Date(T0 + 122_000).toISOString());
    expect(mpd.attrs.minimumUpdatePeriod).toBe('PT2S');
    expect(mpd.attrs.suggestedPresentationDelay).toBe('PT6S');
    expect(mpd.utcTiming).toEqual([{ schemeIdUri: 'urn:mpeg:dash:utc:direct:2014', value: new Date(now).toISOString() }]);
    // At speed 4 the live edge is put at the simulated stream time: availabilityStartTime + 4 × 30 s = now.
    const fast = options('speed=4');
    const at = T0 + 30_000;
    const f = readMpd(dashLiveMpd(at, ladder, fast));
    expect(Date.parse(f.attrs.availabilityStartTime) + 120_000).toBe(at);
    expect(f.attrs.minimumUpdatePeriod).toBe('PT0.5S');
  });

  it('refuses the HLS-only options and unknown values', () => {
    for (const q of ['cue=daterange', 'variant=muxed', 'scheme=binary', 'addressing=index', 'breakdur=3', 'speed=100']) {
      expect(() => parseDashLiveOptions(new URLSearchParams(q), 0), q).toThrow(/DASH live simulator|live simulator/);
    }
  });
});

describe('/origin/dash/live.mpd over HTTP', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(['number', 'time'])('serves every listed segment ($%s addressing) as the content segment it plays, and 404 for the future', async (addressing) => {
    const t0 = Date.now() - 200_000;
    const res = await fetch(`${server.url}/origin/dash/live.mpd?addressing=${addressing}&t0=${t0}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/dash+xml');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const mpd = readMpd(await res.text());
    const base = `${server.url}/origin/dash/`;
    for (const id of ['360p', '180p', 'audio']) {
      const reps = mpd.periods.flatMap((p) => p.representations.filter((r) => r.id === id));
      const init = await fetch(base + reps[0].initialization);
      expect(init.status).toBe(200);
      expect(new Uint8Array(await init.arrayBuffer())).toEqual(new Uint8Array(readFileSync(path.join(MEDIA_DIR, 'content-fmp4', id, 'init.mp4'))));
      const segments = reps.flatMap((r) => r.segments);
      expect(segments.length).toBe(30);
      // The newest listed segment and the oldest; n is its place on the 2 s grid.
      for (const s of [segments[0], segments[segments.length - 1]]) {
        const r = await fetch(base + s.url);
        expect(r.status, s.url).toBe(200);
        // $Number$ is n itself; $Time$ is the content segment's own tfdt (its index in the loop).
        const index = addressing === 'number' ? s.number % 30 : trackOf(id).segments.findIndex((x) => x.t === s.t);
        expect(index).toBeGreaterThanOrEqual(0);
        expect(new Uint8Array(await r.arrayBuffer())).toEqual(new Uint8Array(readFileSync(path.join(MEDIA_DIR, 'content-fmp4', id, `seg_${String(index).padStart(3, '0')}.m4s`))));
      }
    }
    // Two segments past the newest listed one: not published yet.
    const last = mpd.periods[mpd.periods.length - 1].representations[0];
    const next = last.segments[last.segments.length - 1];
    const future = addressing === 'number'
      ? next.url.replace(`/${next.number}.m4s`, `/${next.number + 2}.m4s`)
      : next.url.replace(`/${next.t}.m4s`, `/${next.t + 2 * next.d}.m4s`);
    expect((await fetch(base + future)).status).toBe(404);
  });

  it('answers 400 to a bad query and 404 to unknown resources', async () => {
    expect((await fetch(`${server.url}/origin/dash/live.mpd?cue=cueout`)).status).toBe(400);
    expect((await fetch(`${server.url}/origin/dash/live.mpd?window=7`)).status).toBe(400);
    expect((await fetch(`${server.url}/origin/dash/live/360p/0/12345.m4s?t0=0`)).status).toBe(404);
    expect((await fetch(`${server.url}/origin/dash/live/subs/1.m4s?t0=0`)).status).toBe(404);
    expect((await fetch(`${server.url}/origin/dash/live/360p/1.m4s?t0=x`)).status).toBe(400);
  });
});
