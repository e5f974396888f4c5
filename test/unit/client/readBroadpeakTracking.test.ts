import { describe, expect, it } from 'vitest';
import { readBroadpeakTracking } from '../../../src/client/readBroadpeakTracking';
import { emptyTrackingState, mergeTracking } from '../../../src/client/mergeTracking';
import { buildAdCues } from '../../../src/client/buildAdCues';

const tracker = (event: string, at: number | null) => ({ event, starttime_ms: at, urls: [`https://sink.test/t?e=${event}&at=${at}`] });

function bkAd(adid: string, start: number, dur: number, extra: Record<string, unknown> = {}) {
  return {
    adid, starttime_ms: start, duration_ms: dur, creativeid: `c-${adid}`, title: `ad ${adid}`,
    skippability: { skippable: false, skipoffset_ms: null },
    trackers: [tracker('impression', start), tracker('start', start), tracker('firstQuartile', start + dur / 4), tracker('midpoint', start + dur / 2),
      tracker('thirdQuartile', start + 3 * dur / 4), tracker('complete', start + dur), tracker('pause', null)],
    clicks: { clickthrough: `https://landing.test/${adid}`, clicktracking: [`https://sink.test/click?ad=${adid}`] },
    verifications: [], ...extra,
  };
}

describe('readBroadpeakTracking', () => {
  it('pods become avails, ads keyed by adid + start, timed trackers become events, slate is left out', () => {
    const body = {
      adpods: [{ id: '12', starttime_ms: 30_000, duration_ms: 20_000, ads: [
        bkAd('A', 30_000, 6000, { skippability: { skippable: true, skipoffset_ms: 5000 } }), bkAd('A', 36_000, 10_000),
        { adid: 'SLATE', starttime_ms: 46_000, duration_ms: 4000, trackers: [], clicks: { clickthrough: null, clicktracking: [] } },
      ] }],
      refresh_delay_ms: 2000,
    };
    const r = readBroadpeakTracking(body) as { avails: { availId: string; ads: { adId: string; startTimeInSeconds: number; durationInSeconds: number; skipOffset: string | null; trackingEvents: { eventType: string; startTimeInSeconds: number; beaconUrls: string[] }[] }[] }[] };
    expect(r.avails).toHaveLength(1);
    expect(r.avails[0].availId).toBe('12');
    expect(r.avails[0].ads.map((a) => [a.adId, a.startTimeInSeconds, a.durationInSeconds, a.skipOffset])).toEqual([
      ['A@30000', 30, 6, '00:00:05.000'], ['A@36000', 36, 10, null],
    ]);
    const ev = r.avails[0].ads[1].trackingEvents;
    expect(ev.map((e) => [e.eventType, e.startTimeInSeconds])).toEqual([
      ['impression', 36], ['start', 36], ['firstQuartile', 38.5], ['midpoint', 41], ['thirdQuartile', 43.5], ['complete', 46], ['clickThrough', 36], ['clickTracking', 36],
    ]);
    expect(ev.find((e) => e.eventType === 'clickThrough')!.beaconUrls).toEqual(['https://landing.test/A']);
    // The timeline plays it like a MediaTailor answer.
    const cues = buildAdCues(mergeTracking(emptyTrackingState(), r, 0).state);
    expect(cues.filter((c) => c.kind === 'adEnd').map((c) => c.time)).toEqual([36, 46]);
    expect(cues.at(-1)!.kind).toBe('breakEnd');
  });

  it('anything else reads as {} (the merge reports it and keeps its state)', () => {
    for (const bad of [null, 'x', {}, { adpods: 'no' }]) expect(readBroadpeakTracking(bad)).toEqual({});
    expect(mergeTracking(emptyTrackingState(), readBroadpeakTracking(null), 0).problems.length).toBeGreaterThan(0);
  });
});
