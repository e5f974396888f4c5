import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstFmp4Pts } from '../../../scripts/make-subtitles';
import { startDemoServer, type DemoServer } from '../../../demo/server/startDemoServer';
import { decodeSpliceInfoSection, fromBase64, type ClearSpliceInfoSection } from '../../../src/scte35';
import { findDashBreaks, SCTE35_BIN_SCHEME, SCTE35_XML_SCHEME } from '../../../src/scte35/dashBreaks';
import { cuePairTimes, MEDIA_DIR, rawRequest } from './fixture';
import { readMpd } from './mpdFixture';

// The DASH VOD of the demo origin (issue 7 item 5): /origin/dash/vod.mpd over HTTP, as the stitcher
// (findDashBreaks) and as a player (SegmentTimeline against the fragments' own tfdt) read it.

let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer({ port: 0 });
});

afterAll(async () => {
  await server?.close();
});

async function get(p: string): Promise<Response> {
  return fetch(`${server.url}${p}`);
}

/** Where the HLS VOD puts its cue pairs (CUE-OUT:0 + CUE-IN), seconds. */
function hlsBreakTimes(): number[] {
  return cuePairTimes(readFileSync(path.join(MEDIA_DIR, 'vod', '360p', 'index.m3u8'), 'utf8')).times;
}

/** EXTINF values of an fMP4 HLS media playlist, an independent record of the segment durations. */
function extinfs(rendition: string): number[] {
  return readFileSync(path.join(MEDIA_DIR, 'content-fmp4', rendition, 'index.m3u8'), 'utf8')
    .split('\n').filter((l) => l.startsWith('#EXTINF:')).map((l) => Number.parseFloat(l.slice(8)));
}

describe('/origin/dash/vod.mpd', () => {
  it('is a static MPD whose three breaks (scte35 2014:xml+bin) are where the HLS VOD has its cue pairs, insertions of 0 s', async () => {
    const res = await get('/origin/dash/vod.mpd');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/dash+xml');
    const text = await res.text();
    const { breaks, problems } = findDashBreaks(text);
    expect(problems).toEqual([]);
    expect(hlsBreakTimes()).toEqual([0, 30, 60]);
    expect(breaks.map((b) => b.absoluteStartTime)).toEqual(hlsBreakTimes());
    expect(breaks.map((b) => [b.startTime, b.duration, b.durationSource, b.schemeIdUri])).toEqual([
      [0, 0, 'event', SCTE35_BIN_SCHEME], [0, 0, 'event', SCTE35_BIN_SCHEME], [0, 0, 'event', SCTE35_BIN_SCHEME],
    ]);
    // Each break is its own Period, the first Event of which is a splice_insert cue-out at the content's PTS.
    expect(new Set(breaks.map((b) => b.periodIndex)).size).toBe(3);
    for (const b of breaks) {
      const section = b.scte35 as ClearSpliceInfoSection;
      expect(section.splice_command_type).toBe(0x05);
      const cmd = section.splice_command as { out_of_network_indicator: boolean; duration_flag: boolean; splice_time: { pts_time?: number } };
      expect(cmd.out_of_network_indicator).toBe(true);
      expect(cmd.duration_flag).toBe(false);
      expect(cmd.splice_time.pts_time).toBe(b.absoluteStartTime! * 90_000);
    }
    const mpd = readMpd(text);
    expect(mpd.attrs.type).toBe('static');
    expect(mpd.attrs.mediaPresentationDuration).toBe('PT60S');
  });

  it('?scheme=xml carries the same breaks as urn:scte:scte35:2013:xml SpliceInsert', async () => {
    const text = await (await get('/origin/dash/vod.mpd?scheme=xml')).text();
    const { breaks, problems } = findDashBreaks(text);
    expect(problems).toEqual([]);
    expect(breaks.map((b) => [b.absoluteStartTime, b.duration, b.schemeIdUri, b.scte35])).toEqual([
      [0, 0, SCTE35_XML_SCHEME, null], [30, 0, SCTE35_XML_SCHEME, null], [60, 0, SCTE35_XML_SCHEME, null],
    ]);
    expect(text).toContain('<scte35:SpliceInsert spliceEventId="2"');
    expect(text).not.toContain('scte35:Binary');
    expect((await get('/origin/dash/vod.mpd?scheme=hls')).status).toBe(400);
  });

  it('lists every content segment once, at its fragment tfdt, with each Period@start = PTO / timescale in every Representation', async () => {
    const mpd = readMpd(await (await get('/origin/dash/vod.mpd')).text());
    expect(mpd.periods.map((p) => [p.id, p.start])).toEqual([['vod-0', 0], ['vod-30', 30], ['vod-60', 60]]);
    const ids = ['360p', '180p', 'audio'];
    for (const id of ids) {
      const all = mpd.periods.flatMap((p) => p.representations.filter((r) => r.id === id).map((r) => ({ p, r })));
      expect(all).toHaveLength(3);
      for (const { p, r } of all) expect(r.pto / r.timescale).toBe(p.start);
      // The post-roll Period is empty; the two content Periods cover segments 0-14 and 15-29.
      expect(all.map(({ r }) => r.segments.map((s) => s.number))).toEqual([
        Array.from({ length: 15 }, (_, i) => i), Array.from({ length: 15 }, (_, i) => i + 15), [],
      ]);
      const segments = all.flatMap(({ r }) => r.segments);
      const { timescale } = all[0].r;
      // Durations agree with the HLS playlist's EXTINF (rounded to µs there).
      const ext = extinfs(id);
      segments.forEach((s, i) => expect(Math.abs(s.d / timescale - ext[i])).toBeLessThan(1e-6));
      const init = new Uint8Array(await (await get(`/origin/dash/${all[0].r.initialization}`)).arrayBuffer());
      for (const s of segments) {
        const res = await get(`/origin/dash/${s.url}`);
        expect(res.status, s.url).toBe(200);
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect(bytes).toEqual(new Uint8Array(readFileSync(path.join(MEDIA_DIR, 'content-fmp4', id, `seg_${String(s.number).padStart(3, '0')}.m4s`))));
        expect(firstFmp4Pts(init, bytes)).toBe(Math.round((s.t * 90_000) / timescale));
      }
    }
  });

  it('?periods=single: one Period over every segment whose EventStream holds the three cue-outs (every one a break with SINGLE_PERIOD, the first only without)', async () => {
    for (const scheme of ['bin', 'xml']) {
      const text = await (await get(`/origin/dash/vod.mpd?periods=single&scheme=${scheme}`)).text();
      const single = findDashBreaks(text, { originManifestType: 'SINGLE_PERIOD' });
      expect(single.problems).toEqual([]);
      expect(single.breaks.map((b) => [b.periodId, b.startTime, b.absoluteStartTime, b.duration, b.durationSource])).toEqual(
        hlsBreakTimes().map((t) => ['vod', t, t, 0, 'event']));
      expect(findDashBreaks(text).breaks.map((b) => b.absoluteStartTime)).toEqual([0]);
      const mpd = readMpd(text);
      expect(mpd.periods.map((p) => [p.id, p.start])).toEqual([['vod', 0]]);
      for (const r of mpd.periods[0].representations) {
        expect(r.pto).toBe(0);
        expect(r.segments.map((x) => x.number)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      }
      expect(mpd.attrs.mediaPresentationDuration).toBe('PT60S');
    }
    expect((await get('/origin/dash/vod.mpd?periods=two')).status).toBe(400);
  });

  it('serves nothing outside the content renditions', async () => {
    expect((await get('/origin/dash/vod/subs/seg_000.m4s')).status).toBe(404);
    expect((await rawRequest(server.url, '/origin/dash/vod/360p/%2e%2e/%2e%2e/vod.mpd')).status).toBe(404);
    expect((await rawRequest(server.url, '/origin/dash/vod/../content-fmp4/360p/seg_000.m4s')).status).toBe(404);
    expect((await get('/origin/dash/nothing.mpd')).status).toBe(404);
  });
});

describe('SCTE-35 binary of the VOD breaks', () => {
  it('decodes with a valid CRC to splice_event_id 1, 2, 3', async () => {
    const text = await (await get('/origin/dash/vod.mpd')).text();
    const payloads = [...text.matchAll(/<scte35:Binary>([^<]+)<\/scte35:Binary>/g)].map((m) => decodeSpliceInfoSection(fromBase64(m[1])) as ClearSpliceInfoSection);
    expect(payloads.map((s) => (s.splice_command as { splice_event_id: number }).splice_event_id)).toEqual([1, 2, 3]);
  });
});
