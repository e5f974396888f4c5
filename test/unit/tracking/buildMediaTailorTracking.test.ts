import { describe, expect, it, vi } from 'vitest';
import { buildMediaTailorTracking, type AvailTiming } from '../../../src/tracking/buildMediaTailorTracking';
import type { PlannedAd, PlannedAvail, SessionPlan } from '../../../src/session/plan';

function plannedAd(over: Partial<PlannedAd> = {}): PlannedAd {
  return {
    index: 0, vastAdId: 'vast-1', adSystem: 'sys', adTitle: 'Title', creativeId: 'cr-1', creativeSequence: '1', duration: 15.1,
    skipOffset: null, adParameters: '', renditions: [],
    tracking: {
      impression: ['https://t/imp'], start: ['https://t/start'], firstQuartile: ['https://t/fq'], midpoint: ['https://t/mid'],
      thirdQuartile: ['https://t/tq'], complete: ['https://t/complete'], progress: ['https://t/progress-10'],
      pause: ['https://t/pause'], mute: ['https://t/mute'], resume: [],
    },
    clickThrough: 'https://landing.example.com/', clickTracking: ['https://t/click'], errorUrls: [], ...over,
  };
}

function plannedAvail(over: Partial<PlannedAvail> = {}): PlannedAvail {
  return {
    index: 0, breakOrdinal: 0, contentTime: 17.817, originSegment: 5, replaceCount: 0, signalledDuration: 30, ads: [plannedAd()],
    slate: null, skipped: [], failure: null, adsRequestUrl: null, adsLatencyMs: null, ...over,
  };
}

const plan = (avails: PlannedAvail[]): SessionPlan => ({ kind: 'hls-vod', avails, timeline: [], decidedAt: 0 });

// §4.5: a 15.1 s ad at 17.817; segments chosen so the eventIds are those of §5.2 (8104385 … 8104390).
const SEGS = [2, 2, 4, 4, 1.6, 1.5];
const timing = (over: Partial<AvailTiming> = {}): AvailTiming => ({
  availIndex: 0, startTime: 17.817, firstSequence: 8104385, programDateTime: null,
  ads: [{ startTime: 17.817, duration: 15.1, firstSequence: 8104385, segmentDurations: SEGS }], ...over,
});

function expectSortedKeys(v: unknown, path = '$'): void {
  if (Array.isArray(v)) return v.forEach((x, i) => expectSortedKeys(x, `${path}[${i}]`));
  if (v === null || typeof v !== 'object') return;
  const keys = Object.keys(v);
  expect(keys, path).toEqual([...keys].sort());
  for (const k of keys) expectSortedKeys((v as Record<string, unknown>)[k], `${path}.${k}`);
}

describe('buildMediaTailorTracking (protocols.md §4, §5)', () => {
  const out = buildMediaTailorTracking(plan([plannedAvail()]), [timing()]);
  const avail = out.avails[0];
  const ad = avail.ads[0];
  const ev = (type: string) => ad.trackingEvents.find((e) => e.eventType === type)!;

  it('emits the five top-level keys, empty values as null / []', () => {
    expect(Object.keys(out)).toEqual(['avails', 'dashAvailabilityStartTime', 'hlsAnchorMediaSequenceNumber', 'nextToken', 'nonLinearAvails']);
    expect(out).toMatchObject({ dashAvailabilityStartTime: null, hlsAnchorMediaSequenceNumber: null, nextToken: null, nonLinearAvails: [] });
    expect(buildMediaTailorTracking(plan([]), [])).toEqual({
      avails: [], dashAvailabilityStartTime: null, hlsAnchorMediaSequenceNumber: null, nextToken: null, nonLinearAvails: [],
    });
  });

  it('keys are alphabetical at every level', () => {
    expectSortedKeys(out);
  });

  it('every array is present (Shaka and Bitmovin iterate them)', () => {
    expect(avail.adBreakTrackingEvents).toEqual([]);
    expect(avail.nonLinearAdsList).toEqual([]);
    expect(ad).toMatchObject({ adVerifications: [], companionAds: [], extensions: [], icons: [], mediaFiles: { mediaFilesList: [], mezzanine: '' } });
    for (const e of ad.trackingEvents) expect(Array.isArray(e.beaconUrls)).toBe(true);
  });

  it('avail fields: string IDs from sequence numbers, ads-only duration, marker duration', () => {
    expect(avail).toMatchObject({
      availId: '8104385', availProgramDateTime: null, adMarkerDuration: 'PT30S', duration: 'PT15.1S', durationInSeconds: 15.1, meta: null,
      startTime: 'PT17.817S', startTimeInSeconds: 17.817,
    });
  });

  it('ad fields from the plan', () => {
    expect(ad).toMatchObject({
      adId: '8104385', adParameters: '', adProgramDateTime: null, adSystem: 'sys', adTitle: 'Title', creativeId: 'cr-1', creativeSequence: '1',
      duration: 'PT15.1S', durationInSeconds: 15.1, skipOffset: null, startTime: 'PT17.817S', startTimeInSeconds: 17.817, vastAdId: 'vast-1',
    });
  });

  it('the §4.5 example: quartile times, truncated to milliseconds', () => {
    const linear = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];
    expect(ad.trackingEvents.slice(0, 6).map((e) => e.eventType)).toEqual(linear);
    expect(linear.map((t) => ev(t).startTimeInSeconds)).toEqual([17.817, 17.817, 21.592, 25.367, 29.142, 32.917]);
    expect(linear.map((t) => ev(t).startTime)).toEqual(['PT17.817S', 'PT17.817S', 'PT21.592S', 'PT25.367S', 'PT29.142S', 'PT32.917S']);
  });

  it('impression carries the ad duration, the other events 0', () => {
    expect(ev('impression')).toMatchObject({ duration: 'PT15.1S', durationInSeconds: 15.1 });
    for (const t of ['start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete', 'clickTracking', 'pause']) {
      expect(ev(t)).toMatchObject({ duration: 'PT0S', durationInSeconds: 0 });
    }
  });

  it('the §5.2 eventIds: the sequence number of the segment each event falls on', () => {
    expect(['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'].map((t) => ev(t).eventId))
      .toEqual(['8104385', '8104385', '8104386', '8104387', '8104388', '8104390']);
    for (const e of ad.trackingEvents) expect(e.eventProgramDateTime).toBeNull();
  });

  it('clickThrough carries the landing page and the ad duration; clickTracking the VAST URLs', () => {
    expect(ev('clickThrough')).toMatchObject({ beaconUrls: ['https://landing.example.com/'], durationInSeconds: 15.1, eventId: '8104385', startTimeInSeconds: 17.817 });
    expect(ev('clickTracking')).toMatchObject({ beaconUrls: ['https://t/click'], eventId: '8104385' });
  });

  it('other VAST events at the ad start, sorted; progress without a resolved offset and empty events left out', () => {
    expect(ad.trackingEvents.slice(8).map((e) => [e.eventType, e.startTimeInSeconds, e.beaconUrls])).toEqual([
      ['mute', 17.817, ['https://t/mute']], ['pause', 17.817, ['https://t/pause']],
    ]);
    expect(ad.trackingEvents.map((e) => e.eventType)).not.toContain('progress');
  });

  it('progress events at the ad start + their offset, one per offset, on the segment the offset falls on', () => {
    const withProgress = plannedAvail({ ads: [plannedAd({ progress: [{ offset: 10, url: 'https://t/p10' }, { offset: 2.5, url: 'https://t/p2' }, { offset: 10, url: 'https://t/p10b' }] })] });
    const events = buildMediaTailorTracking(plan([withProgress]), [timing()]).avails[0].ads[0].trackingEvents.filter((e) => e.eventType === 'progress');
    // SEGS = [2, 2, 4, 4, 1.6, 1.5]: 2.5 s is in the 2nd segment, 10 s in the 4th.
    expect(events.map((e) => [e.startTimeInSeconds, e.beaconUrls, e.eventId, e.durationInSeconds])).toEqual([
      [20.317, ['https://t/p2'], '8104386', 0], [27.817, ['https://t/p10', 'https://t/p10b'], '8104388', 0],
    ]);
  });

  it('beacon URLs go through the hook with avail and ad index', () => {
    const hook = vi.fn((a: number, i: number, type: string, urls: string[]) => urls.map((u) => `${u}?a=${a}&i=${i}&t=${type}`));
    const r = buildMediaTailorTracking(plan([plannedAvail({ index: 3 })]), [timing({ availIndex: 3 })], { beaconUrls: hook });
    expect(r.avails[0].ads[0].trackingEvents.find((e) => e.eventType === 'midpoint')!.beaconUrls).toEqual(['https://t/mid?a=3&i=0&t=midpoint']);
    expect(hook).toHaveBeenCalledWith(3, 0, 'impression', ['https://t/imp']);
  });

  it('a pod: each ad at its own start, adId and PDT from its first segment', () => {
    const second = plannedAd({ index: 1, vastAdId: 'vast-2', duration: 10, clickThrough: null, clickTracking: [], tracking: {} });
    const t = timing({
      programDateTime: '2024-05-01T10:00:00.000Z',
      ads: [timing().ads[0], { startTime: 17.817 + 15.1, duration: 10, firstSequence: 8104391, segmentDurations: [6, 4] }],
    });
    const r = buildMediaTailorTracking(plan([plannedAvail({ ads: [plannedAd(), second] })]), [t]);
    const a = r.avails[0];
    expect(a).toMatchObject({ durationInSeconds: 25.1, availProgramDateTime: '2024-05-01T10:00:00.000Z' });
    expect(a.ads.map((x) => [x.adId, x.startTimeInSeconds, x.adProgramDateTime])).toEqual([
      ['8104385', 17.817, '2024-05-01T10:00:00.000Z'], ['8104391', 32.917, '2024-05-01T10:00:15.100Z'],
    ]);
    // An ad without click or other events still has the six linear events.
    expect(a.ads[1].trackingEvents.map((e) => [e.eventType, e.eventId])).toEqual([
      ['impression', '8104391'], ['start', '8104391'], ['firstQuartile', '8104391'], ['midpoint', '8104391'], ['thirdQuartile', '8104392'], ['complete', '8104392'],
    ]);
    expect(a.ads[1].trackingEvents[0].beaconUrls).toEqual([]);
  });

  it('leaves out avails that play content, have no ads, or have no timing', () => {
    const avails = [
      plannedAvail({ index: 0, failure: 'EMPTY_VAST_RESPONSE', ads: [] }),
      plannedAvail({ index: 1, ads: [] }),
      plannedAvail({ index: 2 }),
      plannedAvail({ index: 3 }),
    ];
    const r = buildMediaTailorTracking(plan(avails), [0, 1, 2, 99].map((i) => timing({ availIndex: i })));
    expect(r.avails).toHaveLength(1);
  });

  it('is deterministic: same JSON whatever order the timings come in', () => {
    const p = plan([plannedAvail({ index: 0 }), plannedAvail({ index: 1 })]);
    const late = timing({ availIndex: 1, startTime: 100, firstSequence: 9000, ads: [{ startTime: 100, duration: 15.1, firstSequence: 9000, segmentDurations: SEGS }] });
    const a = JSON.stringify(buildMediaTailorTracking(p, [timing(), late]));
    const b = JSON.stringify(buildMediaTailorTracking(p, [late, timing()]));
    expect(a).toBe(b);
    expect(JSON.parse(a).avails.map((x: { availId: string }) => x.availId)).toEqual(['8104385', '9000']);
  });

  it('keeps times and durations consistent under float noise', () => {
    const t = timing({ startTime: 0.1 + 0.2, ads: [{ startTime: 0.1 + 0.2, duration: 4.004 * 3, firstSequence: 1, segmentDurations: [4.004, 4.004, 4.004] }] });
    const a = buildMediaTailorTracking(plan([plannedAvail()]), [t]).avails[0].ads[0];
    expect(a).toMatchObject({ startTimeInSeconds: 0.3, startTime: 'PT0.3S', durationInSeconds: 12.012, duration: 'PT12.012S' });
    expect(a.trackingEvents.find((e) => e.eventType === 'complete')!.startTimeInSeconds).toBe(12.312);
  });
});
