/**
 * The pure parts of the broadpeak.io Session Tracking JSON (protocols.md §16): VOD pods from a plan and its
 * timeline, slate entries, trackers and skippability, and live pods from a hand-made live timeline. The engine
 * flow is proven against the demo server in test/unit/session/broadpeak*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { buildBroadpeakLive, buildBroadpeakVod, skipOffsetMs } from '../../../src/tracking/buildBroadpeakTracking';
import type { LiveBreak, LiveTimeline } from '../../../src/session/live/liveTimeline';
import type { AdRendition, PlannedAd, PlannedAvail, SessionPlan } from '../../../src/session/plan';

function plannedAd(over: Partial<PlannedAd> = {}): PlannedAd {
  return {
    index: 0, vastAdId: 'vast-1', adSystem: 'sys', adTitle: 'Title', creativeId: 'cr-1', creativeSequence: '1', duration: 10,
    skipOffset: null, adParameters: '', renditions: [],
    tracking: { impression: ['https://t/imp'], complete: ['https://t/complete'], pause: ['https://t/pause'], resume: [] },
    clickThrough: 'https://landing.example.com/', clickTracking: ['https://t/click'], errorUrls: [],
    progress: [{ offset: 4.25, url: 'https://t/progress' }],
    verifications: [{
      vendor: 'iabtechlab.com-omid', javaScriptResources: [{ uri: 'https://v/omid.js', apiFramework: 'omid', browserOptional: true }],
      executableResources: [], tracking: [{ event: 'verificationNotExecuted', url: 'https://v/not', offset: null }], verificationParameters: 'p=1',
    }],
    ...over,
  };
}

const slateRendition = (d: number): AdRendition => ({ playlistUrl: 'https://s/slate.m3u8', bandwidth: 1, segments: [{ uri: 'https://s/0.ts', duration: d, durationText: String(d) }] });

function avail(over: Partial<PlannedAvail> = {}): PlannedAvail {
  return {
    index: 0, breakOrdinal: 0, contentTime: 0, originSegment: 0, replaceCount: 3, signalledDuration: 30,
    ads: [plannedAd(), plannedAd({ index: 1, vastAdId: '', creativeId: 'cr-2', skipOffset: '25%' })],
    slate: null, skipped: [], failure: null, adsRequestUrl: null, adsLatencyMs: null, ...over,
  };
}

function plan(avails: PlannedAvail[], starts: number[]): SessionPlan {
  return {
    kind: 'hls-vod', avails, decidedAt: 0,
    timeline: avails.map((a, i) => ({
      availIndex: a.index, startTime: starts[i], firstSequence: 100 + i * 10, programDateTime: null,
      ads: a.ads.map((_, k) => ({ startTime: starts[i] + k * 10, duration: 10, firstSequence: 100 + i * 10 + k * 5, segmentDurations: [5, 5] })),
    })),
  };
}

describe('skipOffsetMs (VAST 4.2 skipoffset)', () => {
  it('reads HH:MM:SS(.mmm) and percentages; anything else is not skippable', () => {
    expect(skipOffsetMs('00:00:05', 30_000)).toBe(5000);
    expect(skipOffsetMs('00:01:02.500', 90_000)).toBe(62_500);
    expect(skipOffsetMs('25%', 10_000)).toBe(2500);
    expect(skipOffsetMs(null, 10_000)).toBeNull();
    for (const bad of ['', 'soon', '5', '120%', '%']) expect(skipOffsetMs(bad, 10_000)).toBeNull();
  });
});

describe('buildBroadpeakVod (protocols.md §16)', () => {
  const out = buildBroadpeakVod(plan([avail(), avail({ index: 1, failure: 'ADS failed', ads: [] })], [12.3456, 40]), 6000);

  it('lists filled avails as pods, in ms from the session start; an avail that plays content is left out', () => {
    expect(out.refresh_delay_ms).toBe(6000);
    expect(out.adpods).toHaveLength(1);
    const [pod] = out.adpods;
    expect(pod.id).toBe('100');
    expect(pod.starttime_ms).toBe(12_345);
    expect(pod.ads.map((a) => [a.adid, a.starttime_ms, a.duration_ms])).toEqual([['vast-1', 12_345, 10_000], ['cr-2', 22_345, 10_000]]);
    expect(pod.duration_ms).toBe(20_000);
  });

  it('places trackers at the quartiles, progress at its offset, player actions without a time', () => {
    const ad = out.adpods[0].ads[0];
    expect(ad.trackers.map((t) => [t.event, t.starttime_ms])).toEqual([
      ['impression', 12_345], ['start', 12_345], ['firstQuartile', 14_845], ['midpoint', 17_345], ['thirdQuartile', 19_845],
      ['complete', 22_345], ['progress', 16_595], ['pause', null],
    ]);
    expect(ad.trackers[0].urls).toEqual(['https://t/imp']);
    expect(ad.trackers[1].urls).toEqual([]);
    expect(ad.clicks).toEqual({ clickthrough: 'https://landing.example.com/', clicktracking: ['https://t/click'] });
    expect(ad.skippability).toEqual({ skippable: false, skipoffset_ms: null });
    expect(out.adpods[0].ads[1].skippability).toEqual({ skippable: true, skipoffset_ms: 2500 });
    expect(ad.verifications).toEqual([{
      vendor: 'iabtechlab.com-omid', javascript_resources: [{ url: 'https://v/omid.js', api_framework: 'omid', browser_optional: true }],
      parameters: 'p=1', trackers: [{ event: 'verificationNotExecuted', url: 'https://v/not' }],
    }]);
  });

  it('puts the slate after the ads as one SLATE entry, repeated to cover the rest of the break', () => {
    const withSlate = buildBroadpeakVod(plan([avail({ slate: { renditions: [slateRendition(4)], duration: 10 } })], [0]), 1000);
    const entries = withSlate.adpods[0].ads;
    expect(entries.map((a) => [a.adid, a.starttime_ms, a.duration_ms])).toEqual([['vast-1', 0, 10_000], ['cr-2', 10_000, 10_000], ['SLATE', 20_000, 12_000]]);
    expect(entries[2]).toMatchObject({ trackers: [], verifications: [], clicks: { clickthrough: null, clicktracking: [] } });
    expect(withSlate.adpods[0].duration_ms).toBe(32_000);
  });

  it('answers an empty plan with no pods', () => {
    expect(buildBroadpeakVod({ kind: 'hls-vod', avails: [], timeline: [], decidedAt: 0 }, 1000)).toEqual({ adpods: [], refresh_delay_ms: 1000 });
  });
});

describe('buildBroadpeakLive (protocols.md §16 live coverage)', () => {
  const ad = (index: number, durations: number[]): PlannedAd => plannedAd({
    index, vastAdId: `live-${index}`, progress: [],
    renditions: [{ playlistUrl: `https://a/${index}.m3u8`, bandwidth: 1, segments: durations.map((d, k) => ({ uri: `https://a/${index}/${k}.ts`, duration: d, durationText: String(d) })) }],
  });
  /** A break at origin msn 10 whose first ad segment was written at stitched msn 50, 100 s into the session. */
  function timeline(over: { durations: number[]; endMsn: number | null; pdt?: string; windowStart?: number }): LiveTimeline {
    const brk: LiveBreak = {
      key: '10', index: 0, startMsn: 10, endMsn: over.endMsn, signalledDuration: null, durations: over.durations,
      discs: over.durations.map(() => false), state: 'ready', pendingSince: 0,
      avail: avail({ ads: [ad(0, [2, 2, 2]), ad(1, [2, 2, 2])], replaceCount: 0 }), failure: null,
      stitched: { msn: 50, time: 100 }, ...(over.pdt ? { pdt: over.pdt } : {}),
    };
    return {
      sessionId: 's', breaks: [brk], nextAvailIndex: 1, servedThrough: 20, clock: { msn: 60, time: 120 }, updatedAt: 0,
      ...(over.windowStart !== undefined ? { windowStart: over.windowStart } : {}),
    };
  }
  const entries = (t: ReturnType<typeof buildBroadpeakLive>) => t.adpods.map((p) => [p.id, p.ads.map((a) => [a.adid, a.starttime_ms, a.duration_ms])]);

  it('grows at the live edge: an ad is listed once its first segment is, with its whole duration', () => {
    expect(entries(buildBroadpeakLive(timeline({ durations: [2, 2], endMsn: null }), 2000))).toEqual([['50', [['live-0', 100_000, 6000]]]]);
    expect(entries(buildBroadpeakLive(timeline({ durations: [2, 2, 2, 2], endMsn: null }), 2000)))
      .toEqual([['50', [['live-0', 100_000, 6000], ['live-1', 106_000, 6000]]]]);
  });

  it('cuts an ad at an early cue-in to what was listed of it', () => {
    expect(entries(buildBroadpeakLive(timeline({ durations: [2, 2, 2, 2], endMsn: 14 }), 2000)))
      .toEqual([['50', [['live-0', 100_000, 6000], ['live-1', 106_000, 2000]]]]);
  });

  it('uses epoch ms from the program date time when the origin has one', () => {
    const pdt = '2024-01-01T00:00:10.000Z';
    const t = buildBroadpeakLive(timeline({ durations: [2, 2, 2, 2, 2, 2], endMsn: 16, pdt }), 2000);
    expect(entries(t)).toEqual([['50', [['live-0', Date.parse(pdt), 6000], ['live-1', Date.parse(pdt) + 6000, 6000]]]]);
    expect(t.adpods[0].ads[1].trackers.find((x) => x.event === 'complete')!.starttime_ms).toBe(Date.parse(pdt) + 12_000);
  });

  it('lists a pod until its last listed segment has left the window', () => {
    // Six layout segments listed at stitched msn 50..55.
    const listed = { durations: [2, 2, 2, 2, 2, 2], endMsn: 16 };
    expect(buildBroadpeakLive(timeline({ ...listed, windowStart: 55 }), 2000).adpods).toHaveLength(1);
    expect(buildBroadpeakLive(timeline({ ...listed, windowStart: 56 }), 2000).adpods).toEqual([]);
  });
});
