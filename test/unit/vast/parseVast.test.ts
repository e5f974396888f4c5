import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StitchboxError } from '../../../src/errors';
import { parseVast, type VastAd, type VastDocument } from '../../../src/vast/parseVast';

const VAST_DIR = fileURLToPath(new URL('../../../../shared/corpus/vast/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const corpusFiles = walk(VAST_DIR).filter((p) => p.endsWith('.xml') && !relative(VAST_DIR, p).startsWith('vmap'));
const read = (rel: string) => readFileSync(join(VAST_DIR, rel), 'utf8');
const parse = (rel: string) => parseVast(read(rel));

/** Negative samples and what they must be rejected with (VAST 4.2 §2.3.6.3). */
const NEGATIVE: Record<string, number> = {
  'dailymotion-vast-client-js/invalid-xmlfile.xml': 100,
  // VAST 1.0 documents: root <VideoAdServingTemplate>, "version not supported".
  'dailymotion-vast-client-js/outdated-vast.xml': 102,
  'iab-vast-samples/VAST_1-2.0/vast1Nonlinear.xml': 102,
  'iab-vast-samples/VAST_1-2.0/vast1RegularLinear.xml': 102,
  'iab-vast-samples/VAST_1-2.0/vast1VPAIDLinear.xml': 102,
  'iab-vast-samples/VAST_1-2.0/Tremor-Video-Samples/vast1Nonlinear.xml': 102,
  'iab-vast-samples/VAST_1-2.0/Tremor-Video-Samples/vast1RegularLinear.xml': 102,
  'iab-vast-samples/VAST_1-2.0/Tremor-Video-Samples/vast1VPAIDLinear.xml': 102,
};

function vastErrorOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StitchboxError);
    expect((e as StitchboxError).code).toBe('VAST_INVALID');
    return (e as StitchboxError).vastErrorCode;
  }
  return undefined;
}

function allUrls(doc: VastDocument): string[] {
  const urls = [...doc.errors];
  for (const ad of doc.ads) {
    urls.push(...ad.impressions, ...ad.errors);
    if (ad.wrapperUri) urls.push(ad.wrapperUri);
    for (const c of ad.creatives) {
      const l = c.linear;
      if (!l) continue;
      urls.push(...l.mediaFiles.map((m) => m.uri), ...l.tracking.map((t) => t.url), ...l.clickTracking, ...l.customClick);
      if (l.clickThrough) urls.push(l.clickThrough);
    }
  }
  return urls;
}

describe('parseVast over the corpus', () => {
  it('finds the corpus', () => {
    expect(corpusFiles.length).toBeGreaterThan(80);
  });

  for (const file of corpusFiles) {
    const rel = relative(VAST_DIR, file);
    const expected = NEGATIVE[rel];
    if (expected !== undefined) {
      it(`${rel} is rejected with VAST error ${expected}`, () => {
        expect(vastErrorOf(() => parseVast(readFileSync(file, 'utf8')))).toBe(expected);
      });
    } else {
      it(`${rel} parses, with every URL trimmed and non-empty`, () => {
        const { vast } = parseVast(readFileSync(file, 'utf8'));
        expect(vast.version).toMatch(/^[234]\.\d$/);
        for (const u of allUrls(vast)) {
          expect(u).toBe(u.trim());
          expect(u.length).toBeGreaterThan(0);
        }
      });
    }
  }
});

describe('parseVast values read from the corpus', () => {
  it('IAB VAST 2.0 Inline_LinearRegular', () => {
    const { vast } = parse('iab-vast-samples/VAST_1-2.0/Inline_LinearRegular_VAST2.0.xml');
    expect(vast.version).toBe('2.0');
    expect(vast.ads).toHaveLength(1);
    const ad = vast.ads[0];
    expect(ad).toMatchObject({ id: 'preroll-1', sequence: null, kind: 'inline', adSystem: '2.0', adTitle: '5748406', wrapperUri: null });
    expect(ad.impressions).toHaveLength(1);
    expect(ad.impressions[0].startsWith('http://b.scorecardresearch.com/b?C1=1&C2=6000003&C3=')).toBe(true);
    expect(ad.impressions[0].endsWith('&rn=-103217130')).toBe(true);
    expect(ad.creatives).toHaveLength(2);
    const linear = ad.creatives[0].linear!;
    expect(linear.duration).toBe(30);
    expect(linear.tracking).toEqual([]);
    expect(linear.clickThrough).toBe('http://www.target.com');
    expect(linear.mediaFiles).toEqual([{
      uri: 'https://iab-publicfiles.s3.amazonaws.com/vast/VAST-4.0-Short-Intro.mp4', delivery: 'progressive', type: 'video/mp4',
      width: 600, height: 396, bitrate: 496, minBitrate: null, maxBitrate: null, codec: null, id: null, apiFramework: null,
      scalable: null, maintainAspectRatio: null, fileSize: null, mediaType: null,
    }]);
    // The second creative is a companion: no Linear.
    expect(ad.creatives[1]).toMatchObject({ linear: null, linearCount: 0 });
  });

  it('IAB VAST 3.0 Inline_Linear_Tag-test', () => {
    const { vast } = parse('iab-vast-samples/VAST_3.0/Inline_Linear_Tag-test.xml');
    const ad = vast.ads[0];
    expect(ad).toMatchObject({ id: '20001', sequence: null, adSystem: 'iabtechlab', adSystemVersion: '4.0', adTitle: 'iabtechlab video ad' });
    expect(ad.errors).toEqual(['http://example.com/error']);
    expect(ad.impressions).toEqual(['http://example.com/track/impression']);
    const c = ad.creatives[0];
    expect(c).toMatchObject({ id: '5480', sequence: '1', adId: '', linearCount: 1 });
    const l = c.linear!;
    expect(l.duration).toBe(16);
    expect(l.durationText).toBe('00:00:16');
    expect(l.tracking.map((t) => t.event)).toEqual(['start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete', 'progress']);
    expect(l.tracking[5]).toEqual({ event: 'progress', url: 'http://example.com/tracking/progress-10', offset: '00:00:10' });
    expect(l.tracking[0].offset).toBeNull();
    expect(l.clickThrough).toBeNull();
    expect(l.clickTracking).toEqual(['https://iabtechlab.com']);
    expect(l.customClick).toEqual(['http://iabtechlab.com']);
    expect(l.mediaFiles[0]).toMatchObject({
      id: '5241', bitrate: 500, width: 400, height: 300, minBitrate: 360, maxBitrate: 1080, scalable: true, maintainAspectRatio: true, codec: '0',
    });
  });

  it('IAB VAST 4.0 Inline_Linear_Tag-test (UniversalAdId with idValue)', () => {
    const { vast } = parse('iab-vast-samples/VAST_4.0/Inline_Linear_Tag-test.xml');
    const ad = vast.ads[0];
    expect(ad.sequence).toBe(1);
    expect(ad.creatives[0]).toMatchObject({ id: '5480', adId: '2447226', universalAdIds: [{ idRegistry: 'Ad-ID', value: '8465' }] });
    const l = ad.creatives[0].linear!;
    expect(l.mediaFiles.map((m) => [m.id, m.bitrate, m.width, m.height])).toEqual([
      ['5241', 2000, 1280, 720], ['5244', 1000, 854, 480], ['5246', 600, 640, 360],
    ]);
    expect(l.mediaFiles[1].uri).toBe('https://iab-publicfiles.s3.amazonaws.com/vast/VAST-4.0-Short-Intro-mid-resolution.mp4');
    expect(l.clickThrough).toBe('https://iabtechlab.com');
  });

  it('IAB VAST 4.1 Inline_Linear_Tag-test (CDATA URLs)', () => {
    const { vast } = parse('iab-vast-samples/VAST_4.1/Inline_Linear_Tag-test.xml');
    const ad = vast.ads[0];
    expect(ad.adSystemVersion).toBe('4.1');
    expect(ad.errors).toEqual(['https://example.com/error']);
    expect(ad.impressions).toEqual(['https://example.com/track/impression']);
    expect(ad.creatives[0].linear!.tracking.find((t) => t.event === 'midpoint')!.url).toBe('https://example.com/tracking/midpoint');
  });

  it('IAB VAST 4.2 Inline_Linear_Tag-test', () => {
    const { vast, problems } = parse('iab-vast-samples/VAST_4.2/Inline_Linear_Tag-test.xml');
    expect(problems).toEqual([]);
    expect(vast.version).toBe('4.2');
    const ad = vast.ads[0];
    expect(ad).toMatchObject({ id: '20001', sequence: 1, kind: 'inline', adSystem: 'iabtechlab', adSystemVersion: '1', adTitle: 'iabtechlab video ad' });
    const c = ad.creatives[0];
    expect(c.universalAdIds).toEqual([{ idRegistry: 'Ad-ID', value: '8465' }, { idRegistry: 'Foo-ID', value: '4444323' }]);
    expect(c.linear!.duration).toBe(16);
    expect(c.linear!.tracking).toHaveLength(6);
    expect(c.linear!.tracking[0]).toEqual({ event: 'start', url: 'https://example.com/tracking/start', offset: null });
    expect(c.linear!.mediaFiles[0]).toEqual({
      uri: 'https://iab-publicfiles.s3.amazonaws.com/vast/VAST-4.0-Short-Intro.mp4', delivery: 'progressive', type: 'video/mp4',
      width: 1280, height: 720, bitrate: 2000, minBitrate: 1500, maxBitrate: 2500, codec: 'H.264', id: '5241', apiFramework: null,
      scalable: true, maintainAspectRatio: true, fileSize: null, mediaType: null,
    });
  });

  it('IAB VAST 4.2 Inline_Simple (a standalone ad)', () => {
    const { vast } = parse('iab-vast-samples/VAST_4.2/Inline_Simple.xml');
    expect(vast.ads).toHaveLength(1);
    expect(vast.ads[0]).toMatchObject({ id: '20001', sequence: null, adTitle: 'Inline Simple Ad' });
    expect(vast.ads[0].creatives[0].linear!.mediaFiles).toHaveLength(3);
  });

  it('dailymotion sample.xml: a pod ad and a standalone ad', () => {
    const { vast, problems } = parse('dailymotion-vast-client-js/sample.xml');
    expect(vast.version).toBe('4.3');
    expect(vast.ads.map((a) => [a.id, a.sequence])).toEqual([['ad_id_0001', 1], ['ad_id_0002', null]]);
    const [a1, a2] = vast.ads;
    expect(a1).toMatchObject({ adSystem: 'AdServer', adSystemVersion: '2.0', adTitle: 'Ad title' });
    expect(a1.errors).toEqual(['http://example.com/error_[ERRORCODE]']);
    expect(a1.impressions).toEqual([
      'http://example.com/impression1_asset:[ASSETURI]_[CACHEBUSTING]', 'http://example.com/impression2_[random]', 'http://example.com/impression3_[RANDOM]',
    ]);
    expect(a1.creatives.map((c) => [c.id, c.adId, c.sequence, c.linearCount])).toEqual([
      ['id130984', 'adId345690', '1', 1], ['id130985', 'adId345691', '2', 0], ['id130986', '', '', 0],
    ]);
    const l = a1.creatives[0].linear!;
    expect(l.duration).toBeCloseTo(90.123, 9);
    expect(l.durationText).toBe('00:01:30.123');
    expect(l.tracking).toHaveLength(8);
    expect(l.tracking.filter((t) => t.event === 'progress').map((t) => t.offset)).toEqual(['00:00:30.000', '60%']);
    expect(l.clickThrough).toBe('http://example.com/linear-clickthrough_adplayhead:[ADPLAYHEAD]');
    expect(l.clickTracking).toEqual(['http://example.com/linear-clicktracking1_ts:[TIMESTAMP]_adplayhead:[ADPLAYHEAD]', 'http://example.com/linear-clicktracking2']);
    expect(l.customClick).toEqual(['http://example.com/linear-customclick']);
    // Mezzanine is not a MediaFile.
    expect(l.mediaFiles.map((m) => [m.type, m.apiFramework])).toEqual([['video/mp4', null], ['application/javascript', 'VPAID']]);
    expect(l.mediaFiles[1].uri).toBe('parser.js?adData=http%3A%2F%2Fad.com%2F%3Fcb%3D%5Btime%5D');

    const l2 = a2.creatives[0].linear!;
    expect(l2.skipOffset).toBe('00:00:10');
    // <Duration>30</Duration> is not HH:MM:SS: read, and reported.
    expect(l2.duration).toBe(30);
    expect(problems.map((p) => p.code)).toContain('VAST_DURATION_NONSTANDARD');
    // adID (neither VAST 4 adId nor VAST 3 AdID) is read and reported.
    expect(a2.creatives[0].adId).toBe('adId221144');
    expect(problems.map((p) => p.code)).toContain('VAST_ATTRIBUTE_CASE');
  });

  it('Eyevinn test-adserver response: padded CDATA URLs, lower-case adid', () => {
    const { vast, problems } = parse('eyevinn-test-adserver/test_vast.xml');
    const ad = vast.ads[0];
    expect(ad).toMatchObject({ id: 'test-ad_1', sequence: null, adSystem: '', adTitle: 'Ad That Test-Adserver Wants Player To See' });
    expect(ad.impressions).toEqual(['about:blank']);
    expect(ad.creatives[0]).toMatchObject({ id: 'from-test-adserver', adId: 'a-unique-ID', sequence: '1' });
    expect(problems.some((p) => p.code === 'VAST_ATTRIBUTE_CASE')).toBe(true);
    const l = ad.creatives[0].linear!;
    expect(l.duration).toBe(16);
    expect(l.tracking.map((t) => t.url)).toEqual([0, 25, 50, 75, 100].map((p) => `http://127.0.0.1:8080/api/v1/sessions/s-169/tracking?adId=12&progress=${p}`));
    expect(l.mediaFiles).toHaveLength(3);
  });

  it('a wrapper keeps its VASTAdTagURI; the legacy VASTAdTagURL/URL form is read too', () => {
    const a = parse('dailymotion-vast-client-js/wrapper-a.xml').vast.ads[0];
    expect(a).toMatchObject({ id: '4321', kind: 'wrapper', wrapperUri: 'wrapper-b.xml', impressions: ['http://example.com/wrapperA-impression'] });
    const legacy = parse('dailymotion-vast-client-js/wrapper-legacy.xml');
    expect(legacy.vast.errors).toEqual(['http://example.com/wrapper-error']);
    expect(legacy.vast.ads[0].wrapperUri).toBe('inline-linear.xml');
    expect(legacy.problems.map((p) => p.code)).toContain('VAST_WRAPPER_LEGACY_URI');
  });

  it('an empty response keeps its VAST-level Error URL', () => {
    const { vast } = parse('dailymotion-vast-client-js/empty-no-ad.xml');
    expect(vast.ads).toEqual([]);
    expect(vast.errors).toEqual(['http://example.com/empty-no-ad']);
  });
});

describe('parseVast on hand-written documents', () => {
  const inline = (body: string, adAttrs = 'id="a1"') =>
    `<VAST version="4.2"><Ad ${adAttrs}><InLine><AdSystem>s</AdSystem><AdTitle>t</AdTitle><Impression>http://i</Impression>${body}</InLine></Ad></VAST>`;

  it('reads namespace-prefixed tags', () => {
    const xml = `<?xml version="1.0"?><v:VAST xmlns:v="http://www.iab.com/VAST" version="4.1"><v:Ad id="n1"><v:InLine>
      <v:AdSystem>x</v:AdSystem><v:Impression><![CDATA[ http://imp ]]></v:Impression>
      <v:Creatives><v:Creative id="c"><v:Linear><v:Duration>00:00:05.500</v:Duration></v:Linear></v:Creative></v:Creatives>
      </v:InLine></v:Ad></v:VAST>`;
    const { vast } = parseVast(xml);
    expect(vast.version).toBe('4.1');
    expect(vast.ads[0]).toMatchObject({ id: 'n1', impressions: ['http://imp'] });
    expect(vast.ads[0].creatives[0].linear!.duration).toBe(5.5);
  });

  it('decodes entities once, keeps CDATA verbatim', () => {
    const { vast } = parseVast(inline('<Error>http://e/?a=1&amp;b=2&#38;c=3</Error><Error><![CDATA[http://e/?x=&amp;]]></Error>'));
    expect(vast.ads[0].errors).toEqual(['http://e/?a=1&b=2&c=3', 'http://e/?x=&amp;']);
  });

  it('survives element names that are JavaScript reserved properties', () => {
    const { vast } = parseVast(inline('<Extensions><Extension><constructor>1</constructor><__proto__>2</__proto__></Extension></Extensions>'));
    expect(vast.ads).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('records an unreadable sequence and treats the ad as standalone', () => {
    const { vast, problems } = parseVast(inline('', 'id="a1" sequence="first"'));
    expect(vast.ads[0].sequence).toBeNull();
    expect(problems.map((p) => p.code)).toEqual(['VAST_SEQUENCE_INVALID']);
  });

  it('records an unreadable Duration as null', () => {
    const { vast, problems } = parseVast(inline('<Creatives><Creative><Linear><Duration>soon</Duration></Linear></Creative></Creatives>'));
    expect(vast.ads[0].creatives[0].linear!.duration).toBeNull();
    expect(problems.map((p) => p.code)).toEqual(['VAST_DURATION_INVALID']);
  });

  it('counts repeated Linear, MediaFiles and TrackingEvents blocks for validation', () => {
    const { vast } = parseVast(inline(`<Creatives><Creative><Linear><MediaFiles><MediaFile>http://a</MediaFile></MediaFiles>
      <MediaFiles><MediaFile>http://b</MediaFile></MediaFiles><TrackingEvents/><TrackingEvents/></Linear><Linear/></Creative></Creatives>`));
    const c = vast.ads[0].creatives[0];
    expect(c.linearCount).toBe(2);
    expect(c.linear!.mediaFilesBlocks).toBe(2);
    expect(c.linear!.trackingEventsBlocks).toBe(2);
    expect(c.linear!.mediaFiles.map((m) => m.uri)).toEqual(['http://a', 'http://b']);
  });

  it('drops an Ad with neither InLine nor Wrapper, with a problem', () => {
    const xml = `<VAST version="3.0"><Ad id="bad"><Foo/></Ad><Ad id="ok"><InLine><Impression>http://i</Impression></InLine></Ad></VAST>`;
    const { vast, problems } = parseVast(xml);
    expect(vast.ads.map((a) => a.id)).toEqual(['ok']);
    expect(problems.map((p) => p.code)).toEqual(['VAST_AD_EMPTY']);
  });

  it('throws 101 when no Ad is usable', () => {
    expect(vastErrorOf(() => parseVast('<VAST version="3.0"><Ad id="bad"><Foo/></Ad></VAST>'))).toBe(101);
  });

  it('throws 100 for text that is not XML, mismatched tags, or another root', () => {
    expect(vastErrorOf(() => parseVast('not xml at all'))).toBe(100);
    expect(vastErrorOf(() => parseVast('<VAST version="4.0"><Ad></VAST>'))).toBe(100);
    expect(vastErrorOf(() => parseVast('<html><body>502 Bad Gateway</body></html>'))).toBe(100);
    expect(vastErrorOf(() => parseVast(''))).toBe(100);
  });

  it('an empty VAST is not an error', () => {
    const { vast, problems } = parseVast('<VAST version="4.0"/>');
    expect(vast).toEqual({ version: '4.0', ads: [], errors: [] });
    expect(problems).toEqual([]);
  });

  it('reports a missing version', () => {
    expect(parseVast('<VAST></VAST>').problems.map((p) => p.code)).toEqual(['VAST_VERSION_MISSING']);
  });

  it('keeps ads that are all different kinds in document order', () => {
    const xml = `<VAST version="4.0"><Ad id="w"><Wrapper><VASTAdTagURI> http://next </VASTAdTagURI></Wrapper></Ad>${inline('').slice('<VAST version="4.2">'.length)}`;
    const ads: VastAd[] = parseVast(xml).vast.ads;
    expect(ads.map((a) => [a.id, a.kind, a.wrapperUri])).toEqual([['w', 'wrapper', 'http://next'], ['a1', 'inline', null]]);
  });
});
