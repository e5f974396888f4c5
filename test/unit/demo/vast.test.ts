import { VASTParser } from '@dailymotion/vast-client';
import { DOMParser } from '@xmldom/xmldom';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Parser } from 'm3u8-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../demo/server/startDemoServer';
import { rawRequest } from './fixture';

// The sample ADS over real HTTP (DESIGN.md "The demo server"): VAST 4.2 pods whose streaming media
// files resolve, and the failure modes a stitcher must survive (protocols.md §12).

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await server?.close();
});

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (name) => ['Ad', 'Tracking', 'MediaFile', 'Impression', 'Error'].includes(name),
});

interface Attrs { [k: string]: string | undefined }
interface VastDoc {
  VAST: { '@_version': string; Ad?: Array<Attrs & { InLine: InLine }> };
}
interface InLine {
  AdSystem: unknown;
  AdTitle: string;
  Impression: Array<Attrs & { '#text': string }>;
  Error: string[];
  Creatives: {
    Creative: Attrs & {
      UniversalAdId: Attrs & { '#text': string };
      Linear: Attrs & {
        Duration: string;
        TrackingEvents: { Tracking: Array<Attrs & { '#text': string }> };
        VideoClicks: { ClickThrough: Attrs & { '#text': string }; ClickTracking: Attrs & { '#text': string } };
        MediaFiles: { MediaFile: Array<Attrs & { '#text': string }> };
      };
    };
  };
}

async function getVast(query: string): Promise<{ res: Response; text: string; doc: VastDoc }> {
  const res = await fetch(`${server.url}/ads/vast${query}`);
  const text = await res.text();
  return { res, text, doc: XMLValidator.validate(text) === true ? (xml.parse(text) as VastDoc) : (null as unknown as VastDoc) };
}

function seconds(timecode: string): number {
  const [h, m, s] = timecode.split(':');
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

describe('/ads/vast', () => {
  it('answers a well-formed VAST 4.2 pod of 2 ads by default (6 s, 10 s), application/xml, not cached', async () => {
    const { res, text, doc } = await getVast('');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(XMLValidator.validate(text)).toBe(true);
    expect(doc.VAST['@_version']).toBe('4.2');
    const ads = doc.VAST.Ad!;
    expect(ads.map((a) => a['@_sequence'])).toEqual(['1', '2']);
    expect(ads.map((a) => seconds(a.InLine.Creatives.Creative.Linear.Duration))).toEqual([6, 10]);
    expect(ads.map((a) => a['@_id'])).toEqual(['x-a0-1-ad6', 'x-a0-2-ad10']);
    expect(ads[0].InLine.Impression[0]['#text']).toBe(`${server.url}/beacons/track?event=impression&ad=x-a0-1-ad6&cb=[CACHEBUSTING]`);
  });

  it('has every element a stitcher needs, with beacon URLs naming the event and the ad', async () => {
    // fetch() may not set Host; the URLs in the answer must follow the Host the request came with.
    const raw = await rawRequest(server.url, '/ads/vast?pod=3&sid=s1&avail=4', { headers: { Host: 'demo.test:8123' } });
    expect(XMLValidator.validate(raw.body)).toBe(true);
    const doc = xml.parse(raw.body) as VastDoc;
    const ads = doc.VAST.Ad!;
    expect(ads).toHaveLength(3);
    for (const ad of ads) {
      const id = ad['@_id']!;
      const inline = ad.InLine;
      expect(inline.AdSystem).toBeTruthy();
      expect(inline.AdTitle).toMatch(/^AD \d · \d+s$/);
      expect(inline.Impression.map((i) => i['#text'])).toEqual([`http://demo.test:8123/beacons/track?event=impression&ad=${id}&cb=[CACHEBUSTING]`]);
      expect(inline.Error).toEqual([`http://demo.test:8123/beacons/error?ad=${id}&code=[ERRORCODE]`]);
      const creative = inline.Creatives.Creative;
      expect(creative['@_id']).toMatch(/^creative-ad(6|10|15)$/);
      expect(creative['@_adId']).toBe(id);
      expect(creative['@_sequence']).toBe('1');
      expect(creative.UniversalAdId['#text']).toBe(creative['@_id']!.replace('creative-', ''));
      const linear = creative.Linear;
      expect(linear['@_skipoffset']).toBeUndefined();
      const events = linear.TrackingEvents.Tracking.map((t) => t['@_event']);
      expect(events).toEqual(['start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete', 'pause', 'resume', 'mute', 'unmute']);
      for (const t of linear.TrackingEvents.Tracking) {
        expect(t['#text']).toBe(`http://demo.test:8123/beacons/track?event=${t['@_event']}&ad=${id}&cb=[CACHEBUSTING]`);
      }
      expect(linear.VideoClicks.ClickThrough['#text']).toBe(`http://demo.test:8123/ads/landing?ad=${id}`);
      expect(linear.VideoClicks.ClickTracking['#text']).toBe(`http://demo.test:8123/beacons/track?event=clickTracking&ad=${id}&cb=[CACHEBUSTING]`);
      const files = linear.MediaFiles.MediaFile;
      expect(files.map((f) => [f['@_delivery'], f['@_type']])).toEqual([
        ['streaming', 'application/x-mpegURL'],
        ['streaming', 'application/x-mpegURL'],
        ['streaming', 'application/dash+xml'],
        ['progressive', 'video/mp4'],
      ]);
      // Both ladders (issue 5): the muxed TS one first (higher bitrate, ranked first), then the demuxed fMP4 one.
      expect(files[0]['#text']).toMatch(/\/master\.m3u8$/);
      expect(files[1]['#text']).toMatch(/\/fmp4\/master\.m3u8$/);
      expect(Number(files[0]['@_bitrate'])).toBeGreaterThan(Number(files[1]['@_bitrate']));
      // The DASH rendition of the same creative (issue 7), under the bitrate of the top HLS file so that
      // [mediafile.url] (the highest-bitrate MediaFile) stays the same.
      expect(files[2]['#text']).toBe(`http://demo.test:8123/ads/media/${files[0]['#text'].split('/').at(-2)}/manifest.mpd`);
      expect(Number(files[2]['@_bitrate'])).toBeLessThan(Number(files[0]['@_bitrate']));
      for (const f of files) {
        expect([f['@_width'], f['@_height']]).toEqual(['640', '360']);
        expect(Number(f['@_bitrate'])).toBeGreaterThan(50);
        expect(f['#text']).toMatch(/^http:\/\/demo\.test:8123\/ads\/media\/ad(6|10|15)\/(master\.m3u8|fmp4\/master\.m3u8|manifest\.mpd|ad(6|10|15)\.mp4)$/);
      }
    }
    expect(ads.map((a) => a['@_id'])).toEqual(['s1-a4-1-ad6', 's1-a4-2-ad10', 's1-a4-3-ad15']);
  });

  it('ids are unique in a response and stable for the same query', async () => {
    const a = await getVast('?pod=6&durations=6&sid=abc&avail=2');
    const b = await getVast('?pod=6&durations=6&sid=abc&avail=2');
    const ids = a.doc.VAST.Ad!.map((x) => x['@_id']);
    expect(new Set(ids).size).toBe(6);
    expect(b.doc.VAST.Ad!.map((x) => x['@_id'])).toEqual(ids);
    expect(b.text).toBe(a.text);
  });

  it('chooses pod size and durations from the query, cycling the list', async () => {
    const { doc } = await getVast('?pod=5&durations=15,6');
    expect(doc.VAST.Ad!.map((a) => seconds(a.InLine.Creatives.Creative.Linear.Duration))).toEqual([15, 6, 15, 6, 15]);
  });

  it('with an avail duration keeps, in order, the whole ads that still fit', async () => {
    const { doc } = await getVast('?pod=4&dur=20');
    // candidates 6, 10, 15, 6: 6+10 = 16, 15 does not fit, the last 6 does not fit (22 > 20).
    expect(doc.VAST.Ad!.map((a) => seconds(a.InLine.Creatives.Creative.Linear.Duration))).toEqual([6, 10]);
    const small = await getVast('?pod=3&dur=12&durations=10,15,6');
    expect(small.doc.VAST.Ad!.map((a) => seconds(a.InLine.Creatives.Creative.Linear.Duration))).toEqual([10]);
  });

  it('empty parameter values mean the defaults', async () => {
    const { doc } = await getVast('?pod=&durations=&dur=&fail=&delay=&sid=&avail=&skip=');
    expect(doc.VAST.Ad!.map((a) => a['@_id'])).toEqual(['x-a0-1-ad6', 'x-a0-2-ad10']);
    expect(doc.VAST.Ad![0].InLine.Creatives.Creative.Linear['@_skipoffset']).toBeUndefined();
  });

  it('skip= makes the ads skippable and adds the skip event', async () => {
    const { doc } = await getVast('?skip=5');
    const linear = doc.VAST.Ad![0].InLine.Creatives.Creative.Linear;
    expect(linear['@_skipoffset']).toBe('00:00:05.000');
    expect(linear.TrackingEvents.Tracking.map((t) => t['@_event'])).toContain('skip');
  });

  it('streaming media files resolve to HLS ladders as long as the ad says', async () => {
    const { doc } = await getVast('?pod=3');
    for (const ad of doc.VAST.Ad!) {
      const linear = ad.InLine.Creatives.Creative.Linear;
      const streaming = linear.MediaFiles.MediaFile.find((f) => f['@_delivery'] === 'streaming')!;
      // The media URL names the Host the request came with; fetch it from this server.
      const masterUrl = `${server.url}${new URL(streaming['#text']).pathname}`;
      const res = await fetch(masterUrl);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
      const p = new Parser();
      p.push(await res.text());
      p.end();
      const variants = p.manifest.playlists!;
      expect(variants.map((v) => v.attributes.RESOLUTION)).toEqual([{ width: 640, height: 360 }, { width: 320, height: 180 }]);
      expect(Math.round(Number(variants[0].attributes.BANDWIDTH) / 1000)).toBe(Number(streaming['@_bitrate']));
      for (const v of variants) {
        const mediaUrl = new URL(v.uri, masterUrl).href;
        const mp = new Parser();
        mp.push(await (await fetch(mediaUrl)).text());
        mp.end();
        const total = mp.manifest.segments.reduce((s, seg) => s + seg.duration, 0);
        expect(total).toBeCloseTo(seconds(linear.Duration), 2);
        const first = await fetch(new URL(mp.manifest.segments[0].uri, mediaUrl), { method: 'HEAD' });
        expect(first.status).toBe(200);
        expect(first.headers.get('content-type')).toBe('video/mp2t');
      }
      const progressive = linear.MediaFiles.MediaFile.find((f) => f['@_delivery'] === 'progressive')!;
      const mp4 = await fetch(`${server.url}${new URL(progressive['#text']).pathname}`, { method: 'HEAD' });
      expect(mp4.status).toBe(200);
      expect(mp4.headers.get('content-type')).toBe('video/mp4');
    }
  });

  it('the slate is served next to the ads', async () => {
    const res = await fetch(`${server.url}/ads/media/slate/master.m3u8`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('360p/index.m3u8');
  });

  it('is read the same way by an independent VAST client (@dailymotion/vast-client)', async () => {
    const { text } = await getVast('?pod=3&skip=4&sid=vc');
    const parsed = (await new VASTParser().parseVAST(new DOMParser().parseFromString(text, 'text/xml'))) as {
      version: string;
      ads: Array<{ id: string; sequence: string; creatives: unknown[] }>;
    };
    expect(parsed.version).toBe('4.2');
    expect(parsed.ads.map((a) => [a.id, a.sequence])).toEqual([['vc-a0-1-ad6', '1'], ['vc-a0-2-ad10', '2'], ['vc-a0-3-ad15', '3']]);
    for (const ad of parsed.ads) {
      const c = ad.creatives[0] as unknown as { duration: number; skipDelay: number; mediaFiles: Array<{ deliveryType: string; mimeType: string }>; trackingEvents: Record<string, string[]> };
      expect([6, 10, 15]).toContain(c.duration);
      expect(c.skipDelay).toBe(4);
      expect(c.mediaFiles.map((m) => m.deliveryType)).toEqual(['streaming', 'streaming', 'streaming', 'progressive']);
      expect(Object.keys(c.trackingEvents)).toEqual(expect.arrayContaining(['start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete', 'skip']));
    }
  });
});

describe('/ads/vast failure modes', () => {
  it('fail=500 answers HTTP 500', async () => {
    const res = await fetch(`${server.url}/ads/vast?fail=500`);
    expect(res.status).toBe(500);
  });

  it('fail=malformed answers 200 with XML no parser accepts', async () => {
    const { res, text } = await getVast('?fail=malformed');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(text).toContain('<VAST');
    expect(XMLValidator.validate(text)).not.toBe(true);
  });

  it('fail=empty answers a valid VAST 4.2 with no Ad', async () => {
    const { res, text, doc } = await getVast('?fail=empty');
    expect(res.status).toBe(200);
    expect(XMLValidator.validate(text)).toBe(true);
    expect(doc.VAST['@_version']).toBe('4.2');
    expect(doc.VAST.Ad).toBeUndefined();
  });

  it('pod=0 is the same no-ad answer', async () => {
    const { doc } = await getVast('?pod=0');
    expect(doc.VAST.Ad).toBeUndefined();
  });

  it('delay= holds the answer that long', async () => {
    const t0 = performance.now();
    const { res, doc } = await getVast('?delay=400');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    expect(res.status).toBe(200);
    expect(doc.VAST.Ad).toHaveLength(2);
  });

  it('fail=timeout does not answer within the ADS budget (the client gives up first)', async () => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), 600);
    const t0 = performance.now();
    await expect(fetch(`${server.url}/ads/vast?fail=timeout`, { signal: ctrl.signal })).rejects.toThrow(/abort/i);
    clearTimeout(timer);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(590);
    // The server is still answering others meanwhile.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('/ads/landing', () => {
  it('is a small HTML page naming the ad, with the id escaped', async () => {
    const res = await fetch(`${server.url}/ads/landing?ad=${encodeURIComponent('x-a0-1-ad6<script>')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('Advertiser landing page for ad x-a0-1-ad6&lt;script&gt;');
    expect(html).not.toContain('<script>');
  });
});
