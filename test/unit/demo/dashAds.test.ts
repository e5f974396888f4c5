import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstFmp4Pts } from '../../../scripts/make-subtitles';
import { startDemoServer, type DemoServer } from '../../../demo/server/startDemoServer';
import { parseVast } from '../../../src/vast/parseVast';
import { selectStreamingMedia, streamingMediaFiles } from '../../../src/vast/selectStreamingMedia';
import { MEDIA_DIR } from './fixture';
import { readMpd } from './mpdFixture';

// The DASH renditions of the demo's ads and slate (DESIGN.md "The demo server": ad media "packaged as HLS
// and DASH renditions"), and the sample VAST listing them beside the HLS ones without changing what an
// HLS session picks.

let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer({ port: 0 });
});

afterAll(async () => {
  await server?.close();
});

const ADS: [string, number][] = [['ad6', 6], ['ad10', 10], ['ad15', 15], ['slate', 4]];

describe('/ads/media/<ad>/manifest.mpd', () => {
  it.each(ADS)('%s: a static single-Period MPD of %i s whose every segment is an fMP4 file of the ad at its tfdt', async (ad, seconds) => {
    const base = `${server.url}/ads/media/${ad}/`;
    const res = await fetch(`${base}manifest.mpd`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/dash+xml');
    const mpd = readMpd(await res.text());
    expect(mpd.attrs.type).toBe('static');
    expect(mpd.attrs.mediaPresentationDuration).toBe(`PT${seconds}S`);
    expect(mpd.periods).toHaveLength(1);
    expect(mpd.periods[0].start).toBe(0);
    expect(mpd.periods[0].eventStreams).toEqual([]);
    expect(mpd.periods[0].representations.map((r) => [r.id, r.contentType])).toEqual([['360p', 'video'], ['180p', 'video'], ['audio', 'audio']]);
    for (const r of mpd.periods[0].representations) {
      expect(r.pto).toBe(0);
      const dir = path.join(MEDIA_DIR, 'ads', ad, 'fmp4', r.id);
      const files = readdirSync(dir).filter((f) => f.endsWith('.m4s')).sort();
      expect(r.segments.map((s) => s.url)).toEqual(files.map((f) => `fmp4/${r.id}/${f}`));
      // The video covers the ad exactly; the AAC audio ends within one 1024-sample frame of it.
      const end = (r.segments.at(-1)!.t + r.segments.at(-1)!.d) / r.timescale;
      if (r.contentType === 'video') expect(end).toBe(seconds);
      else expect(Math.abs(end - seconds)).toBeLessThan(1024 / r.timescale);
      const init = new Uint8Array(await (await fetch(base + r.initialization)).arrayBuffer());
      expect(init).toEqual(new Uint8Array(readFileSync(path.join(dir, 'init.mp4'))));
      for (const s of r.segments) {
        const seg = await fetch(base + s.url);
        expect(seg.status).toBe(200);
        expect(firstFmp4Pts(init, new Uint8Array(await seg.arrayBuffer()))).toBe(Math.round((s.t * 90_000) / r.timescale));
      }
    }
  });

  it('below the sample ADS\'s segfail prefix: the same MPD, and the chosen segment is the injected 404', async () => {
    const xml = await (await fetch(`${server.url}/ads/vast?pod=1&durations=6&segfail=360p-1`)).text();
    const mpdUrl = /<MediaFile[^>]*application\/dash\+xml[^>]*><!\[CDATA\[([^\]]+)\]\]>/.exec(xml)![1];
    expect(new URL(mpdUrl).pathname).toBe('/ads/media/fail-360p-1/ad6/manifest.mpd');
    const res = await fetch(mpdUrl);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toBe(await (await fetch(`${server.url}/ads/media/ad6/manifest.mpd`)).text());
    const base = mpdUrl.replace(/manifest\.mpd$/, '');
    expect((await fetch(`${base}fmp4/360p/seg_001.m4s`)).status).toBe(404);
    expect((await fetch(`${base}fmp4/360p/seg_000.m4s`)).status).toBe(200);
    expect((await fetch(`${base}fmp4/audio/seg_001.m4s`)).status).toBe(200);
  });

  it('is a 404 for an ad without DASH media', async () => {
    expect((await fetch(`${server.url}/ads/media/ad99/manifest.mpd`)).status).toBe(404);
    expect((await fetch(`${server.url}/ads/media/ad6/fmp4/manifest.mpd`)).status).toBe(404);
  });
});

describe('the sample VAST\'s DASH MediaFile', () => {
  it('is chosen for DASH sessions only: HLS sessions still pick the HLS ladders, in the same order', async () => {
    const xml = await (await fetch(`${server.url}/ads/vast?pod=3&sid=t`)).text();
    const { vast } = parseVast(xml);
    expect(vast.ads).toHaveLength(3);
    for (const ad of vast.ads) {
      const mpd = streamingMediaFiles(ad, 'dash').map((m) => m.uri);
      expect(mpd).toHaveLength(1);
      expect(mpd[0]).toMatch(/\/ads\/media\/ad\d+\/manifest\.mpd$/);
      expect((await fetch(mpd[0])).status).toBe(200);
      expect(selectStreamingMedia(ad, { format: 'dash' })).toEqual({ url: mpd[0] });
      const hls = streamingMediaFiles(ad, 'hls').map((m) => m.uri);
      expect(hls.map((u) => u.replace(/^.*\/ads\/media\/ad\d+\//, ''))).toEqual(['master.m3u8', 'fmp4/master.m3u8']);
      expect(selectStreamingMedia(ad, { format: 'hls' })).toEqual({ url: hls[0] });
      // [mediafile.url] of a creative URL template is the highest-bitrate file (protocols.md §12): still not the DASH one.
      const files = ad.creatives.find((c) => c.linear)!.linear!.mediaFiles;
      const dash = files.find((m) => m.type === 'application/dash+xml')!;
      expect(Math.max(...files.filter((m) => m !== dash).map((m) => m.bitrate ?? 0))).toBeGreaterThan(dash.bitrate ?? 0);
    }
  });
});
