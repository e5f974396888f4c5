/**
 * The sample ADS's options for the tracking JSON's VAST objects (protocols.md §4.3, §4.4): icon, verification,
 * extension, interactive (VPAID + SIMID) and VMAP overlay breaks. Off by default, so existing answers stay as
 * they were; on, the elements are where the IAB vast_4.2.xsd sequences put them.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { AdCreative } from '../../../demo/server/adCatalog';
import { buildOverlayVast, buildVast, buildVmap } from '../../../demo/server/vastBuilder';
import { parseAdServerExtras, parseVmapQuery, type PodAd } from '../../../demo/server/vastQuery';
import { parseVast } from '../../../src/vast/parseVast';
import { parseVmap } from '../../../src/vast/parseVmap';

const creative: AdCreative = { id: 'ad6', seconds: 6, title: 'AD 6s', width: 640, height: 360, codecs: 'avc1.42C01E,mp4a.40.2', hlsKbps: 250, mp4Kbps: 220, fmp4Kbps: 60 } as AdCreative;
const pod: PodAd[] = [{ id: 'p-1', sequence: 1, creative }];
const origin = 'http://h:1';
const ALL = { origin, skipSeconds: null, icon: true, verification: true, extension: true, interactive: true };

function childOrder(xmlText: string, pathNames: string[]): string[] {
  let nodes = new XMLParser({ preserveOrder: true, ignoreAttributes: false }).parse(xmlText) as Array<Record<string, unknown>>;
  for (const name of pathNames) {
    const node = nodes.find((n) => name in n);
    if (!node) throw new Error(`no ${name}`);
    nodes = node[name] as Array<Record<string, unknown>>;
  }
  return nodes.map((n) => Object.keys(n).find((k) => k !== ':@')!).filter((k) => k !== '#text');
}

describe('sample ADS extras', () => {
  it('are read from the query, off by default', () => {
    expect(parseAdServerExtras(new URLSearchParams(''))).toMatchObject({ icon: false, verification: false, extension: false, interactive: false });
    expect(parseAdServerExtras(new URLSearchParams('icon=1&verification=true&extension=yes&interactive=1'))).toMatchObject({ icon: true, verification: true, extension: true, interactive: true });
    expect(parseVmapQuery(new URLSearchParams('')).overlays).toEqual([]);
    expect(parseVmapQuery(new URLSearchParams('overlays=start,00:00:10,bad,50%')).overlays).toEqual(['start', '00:00:10', '50%']);
  });

  it('off: the answer is byte for byte the one without them', () => {
    expect(buildVast(pod, { origin, skipSeconds: null, icon: false, verification: false, extension: false, interactive: false })).toBe(buildVast(pod, { origin, skipSeconds: null }));
  });

  it('on: elements in the vast_4.2.xsd order', () => {
    const text = buildVast(pod, ALL);
    const inline = ['VAST', 'Ad', 'InLine'];
    expect(childOrder(text, inline)).toEqual(['AdSystem', 'Error', 'Extensions', 'Impression', 'AdServingId', 'AdTitle', 'AdVerifications', 'Creatives']);
    const linear = [...inline, 'Creatives', 'Creative', 'Linear'];
    expect(childOrder(text, linear)).toEqual(['Icons', 'TrackingEvents', 'Duration', 'MediaFiles', 'VideoClicks']);
    expect(childOrder(text, [...linear, 'MediaFiles'])).toEqual(['MediaFile', 'MediaFile', 'MediaFile', 'MediaFile', 'MediaFile', 'Mezzanine', 'InteractiveCreativeFile']);
    expect(childOrder(text, [...linear, 'Icons', 'Icon'])).toEqual(['StaticResource', 'IconClicks', 'IconViewTracking']);
    expect(childOrder(text, [...inline, 'AdVerifications', 'Verification'])).toEqual(['JavaScriptResource', 'TrackingEvents', 'VerificationParameters']);
  });

  it('on: stitchbox\'s own VAST reader finds each of them', () => {
    const ad = parseVast(buildVast(pod, ALL)).vast.ads[0];
    const lin = ad.creatives[0].linear!;
    expect(lin.icons.map((i) => [i.program, i.offset, i.duration])).toEqual([['AdChoices', '00:00:01', '00:00:05']]);
    expect(ad.verifications.map((v) => v.vendor)).toEqual(['stitchbox-demo-verifier']);
    expect(ad.extensions.map((e) => e.type)).toEqual(['stitchbox-demo']);
    expect(lin.mediaFiles.filter((m) => m.apiFramework === 'VPAID')).toHaveLength(1);
    expect(lin.interactiveCreativeFiles.map((f) => f.apiFramework)).toEqual(['SIMID']);
  });

  it('VMAP overlay breaks: breakType nonlinear, an overlay-only VAST', () => {
    const vmap = parseVmap(buildVmap([
      { id: 'break-0', timeOffset: 'start', vast: buildVast(pod, { origin, skipSeconds: null }) },
      { id: 'overlay-0', timeOffset: '00:00:10', breakType: 'nonlinear', vast: buildOverlayVast('o-1', { origin }) },
    ], { origin })).vmap;
    expect(vmap.breaks.map((b) => b.breakTypes)).toEqual([['linear'], ['nonlinear']]);
    const ad = vmap.breaks[1].adSource!.vast!.ads[0];
    expect(ad.creatives.map((c) => [c.linear, c.nonLinearAds?.nonLinears.length])).toEqual([[null, 1]]);
  });
});
