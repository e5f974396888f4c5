import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { AdCreative } from '../../../demo/server/adCatalog';
import { buildEmptyVast, buildMalformedVast, buildVast, formatVastTime } from '../../../demo/server/vastBuilder';
import type { PodAd } from '../../../demo/server/vastQuery';
import { CORPUS_DIR } from './fixture';

const creative = (id: AdCreative['id'], seconds: AdCreative['seconds']): AdCreative => ({
  id, seconds, title: `AD · ${seconds}s`, width: 640, height: 360, codecs: 'avc1.42C01E,mp4a.40.2', hlsKbps: 250, mp4Kbps: 220, fmp4Kbps: 60, dashKbps: 70,
});
const pod: PodAd[] = [
  { id: 'p-a0-1-ad6', sequence: 1, creative: creative('ad6', 6) },
  { id: 'p-a0-2-ad15', sequence: 2, creative: creative('ad15', 15) },
];
const o = { origin: 'http://h:1', skipSeconds: null };

/** Child element names of the first `name` element, in document order (fast-xml-parser preserveOrder). */
function childOrder(xmlText: string, pathNames: string[]): string[] {
  let nodes = new XMLParser({ preserveOrder: true, ignoreAttributes: false }).parse(xmlText) as Array<Record<string, unknown>>;
  for (const name of pathNames) {
    const node = nodes.find((n) => name in n);
    if (!node) throw new Error(`no ${name}`);
    nodes = node[name] as Array<Record<string, unknown>>;
  }
  return nodes.map((n) => Object.keys(n).find((k) => k !== ':@')!).filter((k) => k !== '#text');
}

describe('formatVastTime', () => {
  it('writes HH:MM:SS.mmm (VAST 4.2 Duration)', () => {
    expect(formatVastTime(6)).toBe('00:00:06.000');
    expect(formatVastTime(15.5)).toBe('00:00:15.500');
    expect(formatVastTime(3725.042)).toBe('01:02:05.042');
  });
});

describe('buildVast', () => {
  it('orders elements as the IAB vast_4.2.xsd sequences do', () => {
    const text = buildVast(pod, o);
    const inline = ['VAST', 'Ad', 'InLine'];
    expect(childOrder(text, inline)).toEqual(['AdSystem', 'Error', 'Impression', 'AdServingId', 'AdTitle', 'Creatives']);
    expect(childOrder(text, [...inline, 'Creatives', 'Creative'])).toEqual(['Linear', 'UniversalAdId']);
    expect(childOrder(text, [...inline, 'Creatives', 'Creative', 'Linear'])).toEqual(['TrackingEvents', 'Duration', 'MediaFiles', 'VideoClicks']);
    expect(childOrder(text, [...inline, 'Creatives', 'Creative', 'Linear', 'VideoClicks'])).toEqual(['ClickTracking', 'ClickThrough']);
    expect(childOrder(text, [...inline, 'Creatives', 'Creative', 'Linear', 'MediaFiles'])).toEqual(['MediaFile', 'MediaFile', 'MediaFile', 'MediaFile', 'Mezzanine']);
  });

  it('follows the same order as the IAB VAST 4.2 linear sample in the corpus', () => {
    const sample = readFileSync(path.join(CORPUS_DIR, 'vast/iab-vast-samples/VAST_4.2/Inline_Linear_Tag-test.xml'), 'utf8');
    const linear = ['VAST', 'Ad', 'InLine', 'Creatives', 'Creative', 'Linear'];
    const ours = childOrder(buildVast(pod, o), linear);
    const theirs = childOrder(sample, linear).filter((n) => ours.includes(n));
    expect(ours.filter((n) => theirs.includes(n))).toEqual(theirs);
  });

  it('keeps URLs intact in CDATA, macros included', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(buildVast(pod, o));
    const first = doc.VAST.Ad[0].InLine;
    expect(first.Impression['#text']).toBe('http://h:1/beacons/track?event=impression&ad=p-a0-1-ad6&cb=[CACHEBUSTING]');
    expect(first.Error).toBe('http://h:1/beacons/error?ad=p-a0-1-ad6&code=[ERRORCODE]');
  });

  it('escapes what it writes into attributes and text', () => {
    const odd: PodAd[] = [{ id: 'a"b<c>&', sequence: 1, creative: { ...creative('ad6', 6), title: 'A & <B>' } }];
    const text = buildVast(odd, o);
    expect(XMLValidator.validate(text)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true }).parse(text);
    expect(doc.VAST.Ad['@_id']).toBe('a"b<c>&');
    expect(doc.VAST.Ad.InLine.AdTitle).toBe('A & <B>');
    expect(doc.VAST.Ad.InLine.Impression['#text']).toContain('ad=a%22b%3Cc%3E%26&');
  });

  it('an empty pod is the no-ad answer', () => {
    expect(buildVast([], o)).toBe(buildEmptyVast());
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(buildEmptyVast());
    expect(doc.VAST['@_version']).toBe('4.2');
    expect(doc.VAST.Ad).toBeUndefined();
  });

  it('the malformed answer is rejected by a validating parser', () => {
    expect(XMLValidator.validate(buildMalformedVast(o))).not.toBe(true);
  });
});
