/**
 * The DASH VOD stitcher over a fixture MPD (test/fixtures/dash): Period ids, starts, durations, PTO, BaseURLs,
 * slate, markers, what passes through untouched, fail-open cases (protocols.md §15, players.md §4).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashCreativeRenditions } from '../../../src/dash/loadDashCreative';
import { adaptationSetsOf, parseMpd, periodsOf, periodTimings, representationsOf, resolveRepresentation, segmentTemplateOf } from '../../../src/dash/mpdModel';
import { attrValue, element, elements, textContent, writeXmlDocument } from '../../../src/dash/mpdXml';
import { adPeriodId, availIdOf } from '../../../src/dash/dashPeriodIds';
import { stitchDashVod } from '../../../src/dash/stitchDashVod';
import { findDashBreaks } from '../../../src/scte35/dashBreaks';
import type { PlannedAd, PlannedAvail } from '../../../src/session/plan';

const FIX = path.resolve(__dirname, '../../fixtures/dash');
const CONTENT = readFileSync(path.join(FIX, 'content.mpd'), 'utf8');
const AD = readFileSync(path.join(FIX, 'ad.mpd'), 'utf8');
const CONTENT_URL = 'https://origin.example/vod/content.mpd';
const AD_URL = 'https://ads.example/ad6/manifest.mpd';

function ad(index: number): PlannedAd {
  const renditions = dashCreativeRenditions(AD, AD_URL);
  const duration = renditions[0].segments.reduce((s, x) => s + x.duration, 0);
  return {
    index, vastAdId: `a${index}`, adSystem: '', adTitle: '', creativeId: `c${index}`, creativeSequence: '', duration, skipOffset: null,
    adParameters: '', renditions, tracking: {}, clickThrough: null, clickTracking: [], errorUrls: [],
  };
}

function avail(index: number, periodId: string, periodIndex: number, offset: number, ads: number, extra: Partial<PlannedAvail> = {}): PlannedAvail {
  const list = Array.from({ length: ads }, (_x, i) => ad(i));
  return {
    index, breakOrdinal: index, contentTime: 0, originSegment: periodIndex, replaceCount: 0, signalledDuration: null, ads: list, slate: null,
    skipped: [], failure: null, adsRequestUrl: null, adsLatencyMs: null,
    dash: { periodId, periodIndex, offset, availId: availIdOf(periodId, offset), adPeriodIds: list.map((_a, k) => adPeriodId(periodId, offset, k)) },
    ...extra,
  };
}

// Absolute: the MPD-level BaseURL is the origin's, so a host-relative path would resolve there.
const serverBase = (a: PlannedAvail, piece: number | 'slate', r: number, id: string) => `https://sw.example/v1/dashsegment/acct/cfg/sid/${a.dash!.availId}/${id}/${r}/`;

function stitch(avails: PlannedAvail[], opts: { keepMarkers?: boolean } = {}) {
  const out = stitchDashVod(CONTENT, { mpdUrl: CONTENT_URL, avails, adBaseUrl: serverBase, location: 'https://sw.example/v1/dash/acct/cfg/content.mpd?aws.sessionId=sid', ...opts });
  const mpd = parseMpd(out.text)!;
  return { ...out, mpd, periods: periodsOf(mpd.root) };
}

const ids = (periods: ReturnType<typeof periodsOf>) => periods.map((p) => attrValue(p, 'id'));
const starts = (periods: ReturnType<typeof periodsOf>) => periods.map((p) => attrValue(p, 'start'));

describe('stitchDashVod', () => {
  it('a pre-roll of two ads: ad Periods <periodId>_PT0S_<k> before the content, every Period start on the stitched timeline', () => {
    const { periods, placed, mpd } = stitch([avail(0, 'main1', 0, 0, 2)]);
    expect(ids(periods)).toEqual(['main1_PT0S_0', 'main1_PT0S_1', 'main1', 'main2']);
    expect(starts(periods)).toEqual(['PT0S', 'PT6S', 'PT12S', 'PT42S']);
    expect(periods.slice(0, 2).map((p) => attrValue(p, 'duration'))).toEqual(['PT6S', 'PT6S']);
    expect(attrValue(mpd.root, 'mediaPresentationDuration')).toBe('PT72S');
    // The timing a player computes agrees with the written starts (no gap, no overlap).
    const t = periodTimings(mpd.root);
    for (let i = 1; i < t.length; i++) expect(t[i].start).toBeCloseTo(t[i - 1].start! + t[i - 1].duration!, 6);
    expect(placed).toEqual([{ availIndex: 0, availId: 'main1_PT0S', startTime: 0, ads: [
      { periodId: 'main1_PT0S_0', startTime: 0, duration: 6, segmentDurations: [2, 2, 2] },
      { periodId: 'main1_PT0S_1', startTime: 6, duration: 6, segmentDurations: [2, 2, 2] },
    ] }]);
  });

  it('ad Periods mirror the content AdaptationSets (ids, lang), take the closest ad rendition per content Representation, PTO = first segment time, own BaseURL', () => {
    const { periods, mpd } = stitch([avail(0, 'main1', 0, 0, 1)]);
    const adP = periods[0];
    const sets = adaptationSetsOf(adP);
    expect(sets.map((s) => [attrValue(s, 'id'), attrValue(s, 'contentType'), attrValue(s, 'lang') ?? null])).toEqual([['1', 'video', null], ['2', 'audio', 'en']]);
    expect(representationsOf(sets[0]).map((r) => attrValue(r, 'id'))).toEqual(['360p', '180p']);
    const v = segmentTemplateOf(adP, sets[0], representationsOf(sets[0])[0])!;
    expect(v.presentationTimeOffset).toBe(1024);
    expect(v.timeline).toEqual([{ t: 1024, d: 24576, r: 2 }]);
    const a = segmentTemplateOf(adP, sets[1], representationsOf(sets[1])[0])!;
    expect(a.presentationTimeOffset).toBe(0);
    // Segment URLs resolve under the session's /v1/dashsegment path: the route that fires beacons.
    const r = resolveRepresentation('https://sw.example/v1/dash/acct/cfg/content.mpd', mpd.root, adP, sets[0], representationsOf(sets[0])[0], 6)!;
    expect(r.segments.map((s) => s.uri)).toEqual([0, 1, 2].map((n) => `https://sw.example/v1/dashsegment/acct/cfg/sid/main1_PT0S/main1_PT0S_0/0/360p/seg_00${n}.m4s`));
    expect(r.init!.uri).toBe('https://sw.example/v1/dashsegment/acct/cfg/sid/main1_PT0S/main1_PT0S_0/0/360p/init.mp4');
  });

  it('a mid-roll inside a Period splits it: the remainder <periodId>_PT<t>S with its PTOs moved on by t', () => {
    const { periods } = stitch([avail(0, 'main1', 0, 10, 1)]);
    expect(ids(periods)).toEqual(['main1', 'main1_PT10S_0', 'main1_PT10S', 'main2']);
    expect(starts(periods)).toEqual(['PT0S', 'PT10S', 'PT16S', 'PT36S']);
    expect(periods.map((p) => attrValue(p, 'duration'))).toEqual(['PT10S', 'PT6S', 'PT20S', 'PT30S']);
    const rest = periods[2];
    const [video, audio] = adaptationSetsOf(rest);
    expect(attrValue(element(video, 'SegmentTemplate'), 'presentationTimeOffset')).toBe(String(10 * 12288));
    expect(attrValue(element(audio, 'SegmentTemplate'), 'presentationTimeOffset')).toBe(String(10 * 44100));
    // The first part is untouched media (no PTO written), the non-SCTE EventStream moves with the remainder.
    expect(attrValue(element(adaptationSetsOf(periods[0])[0], 'SegmentTemplate'), 'presentationTimeOffset')).toBeUndefined();
    expect(elements(rest, 'EventStream').map((e) => attrValue(e, 'presentationTimeOffset'))).toEqual(['10000']);
    expect(elements(periods[0], 'EventStream').map((e) => attrValue(e, 'presentationTimeOffset') ?? null)).toEqual([null]);
  });

  it('an avail at the end of a Period goes after it; two avails keep their order and shift what follows', () => {
    const { periods, placed } = stitch([avail(1, 'main2', 1, 0, 1), avail(0, 'main1', 0, 30, 2)]);
    expect(ids(periods)).toEqual(['main1', 'main1_PT30S_0', 'main1_PT30S_1', 'main2_PT0S_0', 'main2']);
    expect(starts(periods)).toEqual(['PT0S', 'PT30S', 'PT36S', 'PT42S', 'PT48S']);
    expect(placed.map((p) => [p.availIndex, p.startTime])).toEqual([[0, 30], [1, 42]]);
  });

  it('slate Periods fill a signalled remainder, one per slate loop, the last cut by @duration', () => {
    const slate = dashCreativeRenditions(AD, 'https://ads.example/slate/manifest.mpd');
    const { periods, placed } = stitch([avail(0, 'main2', 1, 0, 1, { signalledDuration: 20, slate: { renditions: slate, duration: 14 } })]);
    expect(ids(periods)).toEqual(['main1', 'main2_PT0S_0', 'main2_PT0S_slate', 'main2_PT0S_slate_1', 'main2_PT0S_slate_2', 'main2']);
    expect(starts(periods)).toEqual(['PT0S', 'PT30S', 'PT36S', 'PT42S', 'PT48S', 'PT50S']);
    expect(periods.slice(2, 5).map((p) => attrValue(p, 'duration'))).toEqual(['PT6S', 'PT6S', 'PT2S']);
    expect(textContent(element(representationsOf(adaptationSetsOf(periods[2])[0])[0], 'BaseURL'))).toBe('https://sw.example/v1/dashsegment/acct/cfg/sid/main2_PT0S/main2_PT0S_slate/0/');
    // Slate is not an ad: the placed avail lists the ad only.
    expect(placed[0].ads.map((a) => a.periodId)).toEqual(['main2_PT0S_0']);
  });

  it('SCTE-35 markers are removed (kept with keepMarkers); an absolute BaseURL and the Location are written after ProgramInformation', () => {
    const { mpd, text } = stitch([avail(0, 'main1', 0, 0, 1)]);
    expect(findDashBreaks(text).breaks).toEqual([]);
    const kids = elements(mpd.root).map((k) => Object.keys(k)[0]);
    expect(kids.slice(0, 3)).toEqual(['ProgramInformation', 'BaseURL', 'Location']);
    expect(textContent(element(mpd.root, 'BaseURL'))).toBe('https://origin.example/vod/');
    expect(textContent(element(mpd.root, 'Location'))).toBe('https://sw.example/v1/dash/acct/cfg/content.mpd?aws.sessionId=sid');
    expect(findDashBreaks(stitch([avail(0, 'main1', 0, 0, 1)], { keepMarkers: true }).text).breaks).toHaveLength(2);
  });

  it('what the stitcher does not know passes through: namespaces, unknown attributes, comments, untouched AdaptationSets byte for byte', () => {
    const { text } = stitch([avail(0, 'main1', 0, 0, 1)]);
    expect(text).toContain('xmlns:x="urn:example:unknown"');
    expect(text).toContain('x:custom="kept"');
    expect(text).toContain('<!-- stitchbox test content');
    const original = parseMpd(CONTENT)!;
    const out = parseMpd(text)!;
    const setsOf = (m: typeof out, id: string) => adaptationSetsOf(periodsOf(m.root).find((p) => attrValue(p, 'id') === id)!).map((s) => writeXmlDocument([s]));
    expect(setsOf(out, 'main2')).toEqual(setsOf(original, 'main2'));
    expect(setsOf(out, 'main1')).toEqual(setsOf(original, 'main1'));
  });

  it('fails loudly on what is not an MPD (the engine then serves the content), and skips avails that play content', () => {
    expect(() => stitchDashVod('<html/>', { mpdUrl: CONTENT_URL, avails: [], adBaseUrl: serverBase })).toThrow(/not an MPD/);
    const failed = avail(0, 'main1', 0, 0, 1, { failure: 'EMPTY_VAST_RESPONSE' });
    const { periods, placed } = stitch([failed]);
    expect(ids(periods)).toEqual(['main1', 'main2']);
    expect(placed).toEqual([]);
  });

  it('client-side reporting: the ad rendition\'s own location as BaseURL', () => {
    const out = stitchDashVod(CONTENT, { mpdUrl: CONTENT_URL, avails: [avail(0, 'main1', 0, 0, 1)], adBaseUrl: (a, p, r) => 'https://ads.example/ad6/' });
    const mpd = parseMpd(out.text)!;
    const adP = periodsOf(mpd.root)[0];
    const set = adaptationSetsOf(adP)[1];
    const r = resolveRepresentation(CONTENT_URL, mpd.root, adP, set, representationsOf(set)[0], 6)!;
    expect(r.segments.map((s) => s.uri)).toEqual([0, 1, 2].map((n) => `https://ads.example/ad6/audio/seg_00${n}.m4s`));
  });
});
