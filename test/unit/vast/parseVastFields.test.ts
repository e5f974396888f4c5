/**
 * The fields beyond inline linear ads, read from the corpus (values checked against the XML by eye):
 * InLine metadata, Open Measurement verifications in both forms, extensions, viewable impression,
 * companions, non-linear ads, icons, mezzanine, interactive files, closed captions, wrapper attributes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseVast } from '../../../src/vast/parseVast';

const read = (rel: string) => readFileSync(new URL(`../../../../shared/corpus/vast/${rel}`, import.meta.url), 'utf8');
const parse = (rel: string) => parseVast(read(rel));

describe('InLine metadata', () => {
  it('dailymotion sample.xml: AdServingId, Advertiser, Description, Pricing, Survey, verifications, extensions', () => {
    const ad = parse('dailymotion-vast-client-js/sample.xml').vast.ads[0];
    expect(ad).toMatchObject({
      adServingId: 'a532d16d-4d7f-4440-bd29-2ec0e693fc80', advertiser: 'Advertiser name', description: 'Description text',
      pricing: { value: '1.09', model: 'CPM', currency: 'USD' }, survey: 'http://example.com/survey', wrapper: null,
    });
    expect(ad.verifications).toEqual([
      { vendor: 'company.com-omid', javaScriptResources: [{ uri: 'http://example.com/omid1', apiFramework: 'omid', browserOptional: true }], executableResources: [], tracking: [], verificationParameters: '' },
      { vendor: 'company2.com-omid', javaScriptResources: [{ uri: 'http://example.com/omid2', apiFramework: 'omid', browserOptional: false }], executableResources: [], tracking: [], verificationParameters: 'test-verification-parameter' },
    ]);
    expect(ad.extensions.map((e) => e.type)).toEqual(['Pricing', 'Count', '']);
    // The content is the inner XML as written (comments and CDATA markers included).
    expect(ad.extensions[0].content).toMatch(/^<Price model="CPM" currency="USD" source="someone">\s*<!\[CDATA\[ 0 \]\]>\s*<\/Price>$/);
    expect(ad.extensions[1].content).toMatch(/^<!-- -->\s*<!\[CDATA\[ 4 \]\]>$/);
    expect(ad.extensions[2].content).toBe('{ foo: bar }');
  });

  it('IAB 4.1 Category, conditionalAd and adType', () => {
    const cat = parse('iab-vast-samples/VAST_4.1/Category-test.xml').vast.ads[0];
    expect(cat.categories.map((c) => c.value)).toEqual(['American Cuisine', 'Guitar', 'Vegan']);
    expect(cat.categories[0].authority).toBe('https://www.iabtechlab.com/categoryauthority');
    expect(parse('iab-vast-samples/VAST_4.1/Conditional_Ad-test.xml').vast.ads[0].conditionalAd).toBe(true);
    expect(parse('iab-vast-samples/VAST_4.1/Audio_DAAST_Sample.xml').vast.ads[0]).toMatchObject({ adType: 'audio', conditionalAd: false });
  });

  it('the VAST 3 AdVerifications extension is read as verifications too', () => {
    const ad = parse('iab-vast-samples/VAST_1-2.0/Inline_NonLinear_Verification_VAST2.0.xml').vast.ads[0];
    expect(ad.extensions.map((e) => e.type)).toEqual(['AdVerifications']);
    expect(ad.verifications).toEqual([{
      vendor: 'company.com-omid',
      javaScriptResources: [{ uri: 'https://company.com/omid.js', apiFramework: 'omid', browserOptional: true }],
      executableResources: [],
      tracking: [{ event: 'verificationNotExecuted', url: 'https://company.com/pixel.jpg?error=[REASON]', offset: null }],
      verificationParameters: 'parameter1=value1&parameter2=value2&parameter3=value3',
    }]);
  });

  it('ViewableImpression URLs by kind', () => {
    const ad = parse('iab-vast-samples/VAST_4.1/Viewable_Impression-test.xml').vast.ads[0];
    expect(ad.viewableImpression!.id).toBe('1543');
    for (const list of [ad.viewableImpression!.viewable, ad.viewableImpression!.notViewable, ad.viewableImpression!.viewUndetermined]) {
      expect(list).toHaveLength(1);
      expect(list[0]).toMatch(/^https:\/\/search\.iabtechlab\.com\/error\?errcode=102&imprid=/);
    }
  });
});

describe('creatives beyond the linear', () => {
  it('companions: static, iframe and HTML resources, clicks and creativeView tracking', () => {
    const c = parse('dailymotion-vast-client-js/sample.xml').vast.ads[0].creatives[1];
    expect(c.companionAds!.required).toBeNull();
    const [a, b, h] = c.companionAds!.companions;
    expect(a).toMatchObject({
      width: 300, height: 60, staticResources: [{ uri: 'http://example.com/companion1-static-resource', creativeType: 'image/jpeg' }],
      iframeResources: [], htmlResources: [], altText: 'Sample Alt Text Content!!!!', clickThrough: 'http://example.com/companion1-clickthrough',
      clickTracking: ['http://example.com/companion1-clicktracking-first', 'http://example.com/companion1-clicktracking-second'],
      tracking: [{ event: 'creativeView', url: 'http://example.com/companion1-creativeview', offset: null }],
    });
    expect(b).toMatchObject({ iframeResources: ['http://www.example.com/companion2-example.php'], clickThrough: 'http://www.example.com/companion2-clickthrough' });
    expect(h.htmlResources).toEqual(['<a href="http://www.example.com" target="_blank">Some call to action HTML!</a>']);
  });

  it('IAB 4.2 companion attributes', () => {
    const comps = parse('iab-vast-samples/VAST_4.2/Inline_Companion_Tag-test.xml').vast.ads[0].creatives.flatMap((c) => c.companionAds?.companions ?? []);
    expect(comps.length).toBeGreaterThan(0);
    expect(comps[0]).toMatchObject({ id: '1232', width: 100, height: 150, assetWidth: 250, assetHeight: 200, expandedWidth: 350, expandedHeight: 250, apiFramework: null, adSlotId: '3214', pxratio: '1400' });
  });

  it('non-linear ads with their shared tracking', () => {
    const c = parse('dailymotion-vast-client-js/sample.xml').vast.ads[0].creatives[2];
    expect(c.linear).toBeNull();
    expect(c.nonLinearAds!.tracking.map((t) => t.event)).toEqual(['midpoint', 'complete', 'start', 'firstQuartile', 'close', 'thirdQuartile']);
    expect(c.nonLinearAds!.nonLinears).toEqual([{
      id: '', width: 300, height: 200, expandedWidth: 600, expandedHeight: 400, scalable: false, maintainAspectRatio: true,
      minSuggestedDuration: '00:01:40', apiFramework: 'someAPI',
      staticResources: [{ uri: 'http://example.com/nonlinear-static-resource', creativeType: 'image/jpeg' }], iframeResources: [], htmlResources: [],
      adParameters: '{"key":"value"}', clickThrough: 'http://example.com/nonlinear-clickthrough',
      clickTracking: ['http://example.com/nonlinear-clicktracking-1', 'http://example.com/nonlinear-clicktracking-2'],
    }]);
  });

  it('a VAST 2 wrapper NonLinearClickThrough in the block applies to its non-linears', () => {
    const c = parse('dailymotion-vast-client-js/wrapper-a.xml').vast.ads[0].creatives[1];
    expect(c.nonLinearAds!.nonLinears[0].clickThrough).toBe('http://www.example.com/wrapperA-nonlinear-click-thru');
  });

  it('icons with clicks, view tracking and click fallback images', () => {
    const icon = parse('dailymotion-vast-client-js/sample.xml').vast.ads[0].creatives[0].linear!.icons[0];
    expect(icon).toEqual({
      program: 'ad1', width: 60, height: 20, xPosition: 'left', yPosition: 'bottom', duration: '00:01:30.000', offset: '00:00:15.000', apiFramework: 'VPAID', pxratio: '2',
      staticResources: [{ uri: 'http://example.com/linear-icon.gif', creativeType: 'image/gif' }], iframeResources: [], htmlResources: [],
      clickThrough: 'http://example.com/linear-clickthrough', clickTracking: ['http://example.com/linear-clicktracking1', 'http://example.com/linear-clicktracking2'],
      viewTracking: ['http://example.com/linear-viewtracking'], clickFallbackImages: [],
    });
    const fb = parse('iab-vast-samples/VAST_4.2/IconClickFallbacks.xml').vast.ads[0].creatives[0].linear!.icons[0];
    expect(fb.clickFallbackImages).toEqual([{ uri: 'https://example.org/images/ad_icon_clicked.png', altText: 'The live click interaction', width: null, height: null }]);
  });

  it('Mezzanine, InteractiveCreativeFile and ClosedCaptionFiles are not media files', () => {
    const sep = parse('iab-vast-samples/VAST_4.1/SSAI_stitching _VPAID_separation-test.xml').vast.ads[0].creatives[0].linear!;
    expect(sep.mediaFiles).toHaveLength(1);
    expect(sep.mezzanines).toEqual([{
      uri: 'rtsp://pilot.iabtechlab.com/rawvideo?type=complete&imprid=s5-ea2f7f298e28c0c98374491aec3dfeb1&ts=4235', delivery: 'streaming', type: 'video/mp4',
      width: 1280, height: 120, codec: null, id: null, fileSize: null, mediaType: null,
    }]);
    expect(sep.interactiveCreativeFiles.map((f) => f.uri)).toEqual(['https://pilot.iabtechlab.com/beacon?type=complete&imprid=s5-ea2f7f298e28c0c98374491aec3dfeb1&ts=4235']);
    const cc = parse('iab-vast-samples/VAST_4.2/Closed_Caption_Test.xml').vast.ads[0].creatives[0].linear!.closedCaptionFiles;
    expect(cc.map((f) => [f.type, f.language])).toEqual([['text/srt', 'en'], ['text/srt', 'fr'], ['text/vtt', 'zh-TW'], ['application/ttml+xml', 'zh-CH']]);
    expect(cc[0].uri).toBe('https://mycdn.example.com/creatives/creative001.srt');
    const mz = parse('dailymotion-vast-client-js/sample.xml').vast.ads[0].creatives[0].linear!.mezzanines[0];
    expect(mz).toMatchObject({ id: 'mezzanine-id-165468451', codec: 'h264', fileSize: 700, width: 1080, height: 720 });
  });

  it('creative apiFramework', () => {
    expect(parse('dailymotion-vast-client-js/sample.xml').vast.ads[1].creatives[0].apiFramework).toBe('VPAID');
  });
});

describe('wrapper attributes', () => {
  it('IAB 4.2 Wrapper_Tag-test: "0"/"1" booleans', () => {
    expect(parse('iab-vast-samples/VAST_4.2/Wrapper_Tag-test.xml').vast.ads[0].wrapper).toEqual({ followAdditionalWrappers: false, allowMultipleAds: true, fallbackOnNoAd: false });
  });

  it('absent attributes are null, other letter cases are read', () => {
    const ads = parse('dailymotion-vast-client-js/wrapper-attributes-multiple-ads.xml').vast.ads;
    expect(ads.map((a) => a.wrapper)).toEqual([
      { followAdditionalWrappers: null, allowMultipleAds: null, fallbackOnNoAd: null },
      { followAdditionalWrappers: false, allowMultipleAds: false, fallbackOnNoAd: null },
      { followAdditionalWrappers: true, allowMultipleAds: true, fallbackOnNoAd: null },
      expect.anything(),
    ]);
  });
});

describe('hand-written documents', () => {
  it('several CDATA sections in one element are one value (a "]]>" split across two)', () => {
    const xml = '<VAST version="4.2"><Ad><InLine><Impression><![CDATA[http://i/?a=]]]]><![CDATA[>b]]></Impression></InLine></Ad></VAST>';
    expect(parseVast(xml).vast.ads[0].impressions).toEqual(['http://i/?a=]]>b']);
  });

  it('attribute values are entity-decoded', () => {
    const xml = '<VAST version="4.2"><Ad id="a&amp;b"><InLine><Impression>http://i</Impression></InLine></Ad></VAST>';
    expect(parseVast(xml).vast.ads[0].id).toBe('a&b');
  });

  it('Expires, BlockedAdCategories, empty HTMLResource', () => {
    const xml = `<VAST version="4.2"><Ad id="w"><Wrapper><VASTAdTagURI>http://n</VASTAdTagURI><BlockedAdCategories authority="x">IAB1</BlockedAdCategories></Wrapper></Ad>
      <Ad id="i"><InLine><Expires>3600</Expires><Creatives><Creative><CompanionAds required="all"><Companion><HTMLResource/></Companion></CompanionAds></Creative></Creatives></InLine></Ad></VAST>`;
    const { vast } = parseVast(xml);
    expect(vast.ads[0].blockedAdCategories).toEqual(['IAB1']);
    expect(vast.ads[1].expires).toBe(3600);
    expect(vast.ads[1].creatives[0].companionAds).toMatchObject({ required: 'all', companions: [{ htmlResources: [] }] });
  });
});
