/**
 * The tracking JSON of every corpus VAST and VMAP (../shared/corpus/vast), field by field against the XML it
 * came from (protocols.md §4.2-§4.7). The expected values are read from the raw XML tree here, apart from
 * the VAST reader, so a field the chain (parseVast → plannedAd → buildMediaTailorTracking) drops or alters
 * fails its row. The table lists every field of §4.3/§4.4 that comes from the VAST; a new field belongs in it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plannedAd } from '../../../src/ads/decideAvail';
import type { AdRendition, PlannedAvail, SessionPlan } from '../../../src/session/plan';
import { buildMediaTailorTracking } from '../../../src/tracking/buildMediaTailorTracking';
import type { MediaTailorAd, MediaTailorAvail } from '../../../src/tracking/mediaTailorTypes';
import { parseVast } from '../../../src/vast/parseVast';
import { parseVmap } from '../../../src/vast/parseVmap';
import { child, children, findAttr, parseXml, rawOf, textOf, type XmlNode } from '../../../src/vast/xmlTree';

const CORPUS = join(__dirname, '../../../../shared/corpus/vast');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (name.endsWith('.xml')) out.push(p);
  }
  return out;
}

// ---- the XML side: plain tree walks, no VAST reader ----
const attr = (n: XmlNode | undefined, name: string): string | null => findAttr(n, name)?.value ?? null;
const texts = (n: XmlNode | undefined, tag: string): string[] => children(n, tag).map(textOf).filter((t) => t !== '');
const all = (nodes: readonly (XmlNode | undefined)[], tag: string): XmlNode[] => nodes.flatMap((n) => [...children(n, tag)]);
const trackingOf = (blocks: readonly XmlNode[], event: string): string[] =>
  all(blocks, 'Tracking').filter((t) => attr(t, 'event') === event).map(textOf).filter((u) => u !== '');
const isInteractive = (m: XmlNode) => /vpaid/i.test(attr(m, 'apiFramework') ?? '') || /^application\/(javascript|x-javascript|x-shockwave-flash)$/i.test((attr(m, 'type') ?? '').trim());
const vastSeconds = (t: string | null): number => {
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec((t ?? '').trim());
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
};

interface Row { field: string; expected: (x: XmlAd) => unknown; actual: (j: MediaTailorAd) => unknown }
interface XmlAd { ad: XmlNode; inline: XmlNode; creative: XmlNode; linear: XmlNode; creatives: XmlNode[]; start: number }

/** Every §4.3 / §4.4 field that comes from the VAST, as the XML says it and as the JSON lists it. */
const ROWS: Row[] = [
  { field: 'vastAdId', expected: (x) => attr(x.ad, 'id') ?? '', actual: (j) => j.vastAdId },
  { field: 'adSystem', expected: (x) => textOf(child(x.inline, 'AdSystem')), actual: (j) => j.adSystem },
  { field: 'adTitle', expected: (x) => textOf(child(x.inline, 'AdTitle')), actual: (j) => j.adTitle },
  { field: 'creativeId', expected: (x) => attr(x.creative, 'id') ?? '', actual: (j) => j.creativeId },
  { field: 'creativeSequence', expected: (x) => attr(x.creative, 'sequence') ?? '', actual: (j) => j.creativeSequence },
  { field: 'skipOffset', expected: (x) => attr(x.linear, 'skipoffset'), actual: (j) => j.skipOffset },
  { field: 'adParameters', expected: (x) => textOf(child(x.linear, 'AdParameters')), actual: (j) => j.adParameters },
  { field: 'trackingEvents impression', expected: (x) => texts(x.inline, 'Impression'), actual: (j) => urlsOf(j, 'impression') },
  ...(['start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete', 'pause', 'mute', 'skip'] as const).map((ev): Row => ({
    field: `trackingEvents ${ev}`, expected: (x) => trackingOf([...children(x.linear, 'TrackingEvents')], ev), actual: (j) => urlsOf(j, ev),
  })),
  { field: 'trackingEvents clickThrough', expected: (x) => texts(child(x.linear, 'VideoClicks'), 'ClickThrough').slice(0, 1), actual: (j) => urlsOf(j, 'clickThrough') },
  { field: 'trackingEvents clickTracking', expected: (x) => texts(child(x.linear, 'VideoClicks'), 'ClickTracking'), actual: (j) => urlsOf(j, 'clickTracking') },
  { field: 'trackingEvents customClick', expected: (x) => texts(child(x.linear, 'VideoClicks'), 'CustomClick'), actual: (j) => urlsOf(j, 'customClick') },
  // companionAds (§4.4): one per Companion of every CompanionAds creative.
  { field: 'companionAds count', expected: (x) => companionsOf(x).length, actual: (j) => j.companionAds.length },
  { field: 'companionAds attributes', expected: (x) => companionsOf(x).map((c) => ({ id: attr(c, 'id'), width: attr(c, 'width'), height: attr(c, 'height'), adSlotId: attr(c, 'adSlotId') })),
    actual: (j) => j.companionAds.map((c) => ({ id: c.attributes.id, width: c.attributes.width, height: c.attributes.height, adSlotId: c.attributes.adSlotId })) },
  { field: 'companionAds resources', expected: (x) => companionsOf(x).map((c) => ({
    s: texts(c, 'StaticResource')[0] ?? null, i: texts(c, 'IFrameResource')[0] ?? null, h: texts(c, 'HTMLResource')[0] ?? null,
  })), actual: (j) => j.companionAds.map((c) => ({ s: c.staticResource, i: c.iFrameResource, h: c.htmlResource })) },
  { field: 'companionAds clicks', expected: (x) => companionsOf(x).map((c) => [texts(c, 'CompanionClickThrough')[0] ?? null, texts(c, 'CompanionClickTracking')[0] ?? null]),
    actual: (j) => j.companionAds.map((c) => [c.companionClickThrough, c.companionClickTracking]) },
  { field: 'companionAds creativeView', expected: (x) => companionsOf(x).map((c) => trackingOf([...children(c, 'TrackingEvents')], 'creativeView')),
    actual: (j) => j.companionAds.map((c) => c.trackingEvents.find((e) => e.eventType === 'creativeView')?.beaconUrls ?? []) },
  // adVerifications (§4.4): VAST 4 AdVerifications, and the VAST 3 Extension type="AdVerifications".
  { field: 'adVerifications', expected: (x) => verificationsOf(x).map((v) => ({
    vendor: attr(v, 'vendor') ?? '', js: texts(v, 'JavaScriptResource'), exe: texts(v, 'ExecutableResource'),
    params: textOf(child(v, 'VerificationParameters')), tracking: all([...children(v, 'TrackingEvents')], 'Tracking').map((t) => [attr(t, 'event'), textOf(t)]),
  })), actual: (j) => j.adVerifications.map((v) => ({
    vendor: v.vendor, js: v.javaScriptResource.map((r) => r.uri), exe: v.executableResource.map((r) => r.uri),
    params: v.verificationParameters, tracking: v.trackingEvents.map((t) => [t.event, t.uri]),
  })) },
  // icons (§4.4): one per Icon of the Linear, starting at the ad start + offset.
  { field: 'icons', expected: (x) => all([...children(x.linear, 'Icons')], 'Icon').map((i) => ({
    program: attr(i, 'program'), uri: texts(i, 'StaticResource')[0] ?? null, click: texts(child(i, 'IconClicks'), 'IconClickThrough')[0] ?? null,
    view: texts(i, 'IconViewTracking')[0] ?? null, start: Math.floor((x.start + vastSeconds(attr(i, 'offset'))) * 1000) / 1000,
  })), actual: (j) => j.icons.map((i) => ({
    program: i.attributes[0].program, uri: i.staticResource?.uri ?? null, click: i.iconClickThrough, view: i.iconViewTracking, start: i.startTimeInSeconds,
  })) },
  // extensions (§4.3): the ad's Extensions, then each InteractiveCreativeFile (SIMID).
  { field: 'extensions', expected: (x) => [
    ...all([...children(x.inline, 'Extensions')], 'Extension').map((e) => [attr(e, 'type') ?? '', rawOf(e)]),
    ...all([...children(x.linear, 'MediaFiles')], 'InteractiveCreativeFile').map((f) => ['InteractiveCreativeFile', textOf(f)]),
  ], actual: (j) => j.extensions.map((e) => [e.type, e.type === 'InteractiveCreativeFile' ? /<InteractiveCreativeFile[^>]*>([^<]*)</.exec(e.content)?.[1]?.replace(/&amp;/g, '&') ?? '' : e.content]) },
  // mediaFiles (§4.3): VPAID / script MediaFiles only; the Mezzanine with them.
  { field: 'mediaFiles', expected: (x) => {
    const list = all([...children(x.linear, 'MediaFiles')], 'MediaFile').filter(isInteractive);
    return { list: list.map((m) => [textOf(m), attr(m, 'apiFramework') ?? '', (attr(m, 'type') ?? '').trim()]), mezzanine: list.length ? texts(child(x.linear, 'MediaFiles'), 'Mezzanine')[0] ?? '' : '' };
  }, actual: (j) => ({ list: j.mediaFiles.mediaFilesList.map((m) => [m.mediaFileUri, m.apiFramework, m.mediaType]), mezzanine: j.mediaFiles.mezzanine }) },
];

function companionsOf(x: XmlAd): XmlNode[] {
  return all(x.creatives.map((c) => child(c, 'CompanionAds')), 'Companion');
}

function verificationsOf(x: XmlAd): XmlNode[] {
  const own = all([...children(x.inline, 'AdVerifications')], 'Verification');
  const fromExt = all([...children(x.inline, 'Extensions')], 'Extension').filter((e) => attr(e, 'type') === 'AdVerifications').flatMap((e) => {
    const p = parseXml(rawOf(e));
    return p.ok ? all([...children(p.root, 'AdVerifications')], 'Verification') : [];
  });
  return [...own, ...fromExt];
}

function urlsOf(j: MediaTailorAd, type: string): string[] {
  return j.trackingEvents.filter((e) => e.eventType === type).flatMap((e) => e.beaconUrls);
}

const rendition = (seconds: number): AdRendition => ({
  playlistUrl: 'https://ads.example/ad.m3u8', bandwidth: 1,
  segments: [{ uri: 'https://ads.example/0.ts', duration: seconds / 2, durationText: String(seconds / 2) }, { uri: 'https://ads.example/1.ts', duration: seconds / 2, durationText: String(seconds / 2) }],
});

function avail(over: Partial<PlannedAvail>): PlannedAvail {
  return { index: 0, breakOrdinal: 0, contentTime: 0, originSegment: 0, replaceCount: 0, signalledDuration: null, ads: [], slate: null, skipped: [], failure: null, adsRequestUrl: null, adsLatencyMs: null, ...over };
}

function trackingFor(planned: PlannedAvail, start: number, overlayAvails: boolean) {
  const plan: SessionPlan = { kind: 'hls-vod', avails: [planned], timeline: [], decidedAt: 0 };
  const timing = { availIndex: 0, startTime: start, firstSequence: 100, programDateTime: null,
    ads: planned.ads.map((a, i) => ({ startTime: start + i * 10, duration: 10, firstSequence: 100 + 2 * i, segmentDurations: [5, 5] })) };
  return buildMediaTailorTracking(plan, [timing], { overlayAvails });
}

const fakeAd = {
  id: 'a', sequence: null, kind: 'inline' as const, adSystem: '', adSystemVersion: '', adTitle: '', impressions: [], errors: [],
  creatives: [{ id: '', adId: '', sequence: '', universalAdIds: [], linear: null, linearCount: 0, apiFramework: null, nonLinearAds: null, companionAds: null, creativeExtensions: [] }],
  wrapperUri: null, adType: '', conditionalAd: null, adServingId: '', pricing: null, advertiser: '', categories: [], description: '', survey: null, expires: null,
  extensions: [], verifications: [], viewableImpression: null, blockedAdCategories: [], wrapper: null,
};

const emptyLinear = {
  duration: 10, durationText: null, skipOffset: null, mediaFiles: [], tracking: [], clickThrough: null, clickTracking: [], customClick: [], adParameters: '',
  mezzanines: [], interactiveCreativeFiles: [], closedCaptionFiles: [], icons: [],
};

interface Case { file: string; xml: XmlAd[]; json: MediaTailorAd[]; nonLinear: { xml: { n: XmlNode; block: XmlNode }[]; json: MediaTailorAvail | undefined } }

/** Each inline ad of a VAST document with a linear creative, through plannedAd and the builder. */
function casesOf(file: string, text: string): Case | null {
  let vast;
  try { vast = parseVast(text).vast; } catch { return null; }
  const parsed = parseXml(text);
  if (!parsed.ok) return null;
  const adNodes = [...children(child(parsed.root, 'VAST'), 'Ad')].filter((a) => child(a, 'InLine'));
  const xml: XmlAd[] = [];
  const planned = [];
  const start = 12.345;
  for (const node of adNodes) {
    const inline = child(node, 'InLine')!;
    const creatives = [...children(child(inline, 'Creatives'), 'Creative')];
    const creative = creatives.find((c) => child(c, 'Linear'));
    const model = vast.ads.find((a) => a.kind === 'inline' && a.id === (attr(node, 'id') ?? '') && a.adTitle === textOf(child(inline, 'AdTitle')));
    if (!creative || !model) continue;
    const linear = model.creatives.find((c) => c.linear)?.linear;
    if (!linear) continue;
    xml.push({ ad: node, inline, creative, linear: child(creative, 'Linear')!, creatives, start: start + planned.length * 10 });
    planned.push(plannedAd({ ad: model, wrapperUrls: [], rootAdId: model.id }, planned.length, linear, [rendition(10)]));
  }
  // Overlays: every NonLinear of the document, listed when the session asked for overlay avails.
  const nonLinearXml = adNodes.flatMap((a) => children(child(child(a, 'InLine'), 'Creatives'), 'Creative').flatMap((c) => {
    const block = child(c, 'NonLinearAds');
    return block ? children(block, 'NonLinear').map((n) => ({ n, block })) : [];
  }));
  const nonLinearAds = vast.ads.filter((a) => a.kind === 'inline').flatMap((a) => a.creatives.filter((c) => c.nonLinearAds?.nonLinears.length).map((c) => ({
    vastAdId: a.id, adSystem: a.adSystem, adTitle: a.adTitle, creativeId: c.id, creativeAdId: c.adId, creativeSequence: c.sequence,
    nonLinears: c.nonLinearAds!.nonLinears, tracking: c.nonLinearAds!.tracking, extensions: a.extensions,
  })));
  if (!planned.length && !nonLinearXml.length) return null;
  const ads = planned.length ? planned : [plannedAd({ ad: { ...fakeAd }, wrapperUrls: [], rootAdId: '' }, 0, { ...emptyLinear }, [rendition(10)])];
  const out = trackingFor(avail({ ads, nonLinearAds }), start, true);
  return { file, xml, json: planned.length ? out.avails[0].ads : [], nonLinear: { xml: nonLinearXml, json: out.avails[0] } };
}


const vastFiles = files(CORPUS).filter((f) => !f.includes('/vmap/') && !f.endsWith('.xsd'));
const cases = vastFiles.map((f) => casesOf(f.slice(CORPUS.length + 1), readFileSync(f, 'utf8'))).filter((c): c is Case => c !== null);

describe('tracking JSON from every corpus VAST (protocols.md §4.3, §4.4)', () => {
  it('the corpus gives enough ads to mean something', () => {
    expect(cases.reduce((n, c) => n + c.json.length, 0)).toBeGreaterThan(50);
    // Each VAST object kind occurs in the corpus at least once, so each row is exercised.
    const some = (f: (j: MediaTailorAd) => number) => cases.some((c) => c.json.some((j) => f(j) > 0));
    expect(some((j) => j.companionAds.length)).toBe(true);
    expect(some((j) => j.adVerifications.length)).toBe(true);
    expect(some((j) => j.icons.length)).toBe(true);
    expect(some((j) => j.extensions.length)).toBe(true);
    expect(some((j) => j.mediaFiles.mediaFilesList.length)).toBe(true);
    expect(some((j) => (j.skipOffset === null ? 0 : 1))).toBe(true);
    expect(cases.some((c) => c.nonLinear.xml.length > 0)).toBe(true);
  });

  for (const c of cases) {
    describe(c.file, () => {
      it.each(ROWS.map((r) => [r.field, r] as const))('%s', (_name, row) => {
        c.xml.forEach((x, i) => expect(row.actual(c.json[i]), `ad ${i}`).toEqual(row.expected(x)));
      });
      it('nonLinearAdsList: every NonLinear, its size and resource', () => {
        const listed = c.nonLinear.json?.nonLinearAdsList.flatMap((n) => n.nonLinearAdList) ?? [];
        expect(listed.map((n) => ({ id: n.adId, w: n.width, h: n.height, s: n.staticResource, click: n.clickThrough }))).toEqual(c.nonLinear.xml.map(({ n, block }) => ({
          id: attr(n, 'id') ?? '', w: attr(n, 'width'), h: attr(n, 'height'), s: texts(n, 'StaticResource')[0] ?? null,
          click: texts(n, 'NonLinearClickThrough')[0] ?? texts(block, 'NonLinearClickThrough')[0] ?? null,
        })));
      });
    });
  }
});

describe('adBreakTrackingEvents from every corpus VMAP (protocols.md §4.2)', () => {
  const vmaps = files(join(CORPUS, 'vmap'));
  it('the corpus has VMAP documents with break tracking', () => {
    expect(vmaps.length).toBeGreaterThan(2);
  });
  for (const f of vmaps) {
    const text = readFileSync(f, 'utf8');
    let vmap;
    try { vmap = parseVmap(text).vmap; } catch { continue; }
    const parsed = parseXml(text);
    if (!parsed.ok) continue;
    const root = child(parsed.root, 'VMAP')!;
    const breaks = [...children(root, 'AdBreak')];
    it(`${f.slice(CORPUS.length + 1)}: each break's breakStart / breakEnd / error URLs, in that order`, () => {
      expect(vmap.breaks).toHaveLength(breaks.length);
      breaks.forEach((b, i) => {
        const blocks = [...children(b, 'TrackingEvents')];
        const expected = ['breakStart', 'breakEnd', 'error']
          .map((ev) => ({ beaconUrls: trackingOf(blocks, ev), eventType: ev }))
          .filter((e) => e.beaconUrls.length);
        const ad = plannedAd({ ad: { ...fakeAd }, wrapperUrls: [], rootAdId: '' }, 0, { ...emptyLinear }, [rendition(10)]);
        const out = trackingFor(avail({ ads: [ad], breakTracking: vmap.breaks[i].tracking }), 0, false);
        expect(out.avails[0].adBreakTrackingEvents, `break ${i}`).toEqual(expected);
      });
    });
  }
});

