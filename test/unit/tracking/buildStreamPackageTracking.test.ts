/** StreamPackage's incremental answer (protocols.md §17) from a MediaTailor tracking answer. */
import { describe, expect, it } from 'vitest';
import { buildStreamPackageTracking, streamPackageEventKeys } from '../../../src/tracking/buildStreamPackageTracking';
import type { MediaTailorTracking } from '../../../src/tracking/mediaTailorTypes';

const ev = (eventType: string, url: string) => ({
  beaconUrls: [url], duration: 'PT0S', durationInSeconds: 0, eventId: '0', eventProgramDateTime: null, eventType, startTime: 'PT0S', startTimeInSeconds: 0,
});

function ad(adId: string, events: ReturnType<typeof ev>[]) {
  return { adId, adTitle: `ad ${adId}`, trackingEvents: events } as unknown as MediaTailorTracking['avails'][number]['ads'][number];
}

function tracking(): MediaTailorTracking {
  return {
    avails: [
      { availId: '0', ads: [ad('0', [ev('impression', 'i0'), ev('clickThrough', 'L0'), ev('clickTracking', 'c0')]), ad('3', [ev('clickThrough', 'L3')])] },
      { availId: '10', ads: [ad('10', [ev('impression', 'i10')])] },
      { availId: '20', ads: [ad('20', [ev('clickThrough', 'L20')])] },
    ] as unknown as MediaTailorTracking['avails'],
    dashAvailabilityStartTime: null, hlsAnchorMediaSequenceNumber: null, nextToken: null, nonLinearAvails: [],
  } as MediaTailorTracking;
}

describe('buildStreamPackageTracking', () => {
  it('keys every clickThrough event by avail, ad and type', () => {
    expect(streamPackageEventKeys(tracking())).toEqual(['0/0/clickThrough', '0/3/clickThrough', '20/20/clickThrough']);
  });

  it('keeps only new clickThrough events, and only the ads and avails that have one', () => {
    const out = buildStreamPackageTracking(tracking(), (k) => k !== '0/0/clickThrough');
    expect(out.avails.map((a) => a.availId)).toEqual(['0', '20']);
    expect(out.avails[0].ads.map((a) => a.adId)).toEqual(['3']);
    expect(out.avails.flatMap((a) => a.ads.flatMap((x) => x.trackingEvents.map((e) => `${e.eventType} ${e.beaconUrls[0]}`)))).toEqual(['clickThrough L3', 'clickThrough L20']);
    // The ad keeps its other fields.
    expect((out.avails[1].ads[0] as unknown as { adTitle: string }).adTitle).toBe('ad 20');
    expect(Object.keys(out)).toEqual(['avails', 'dashAvailabilityStartTime', 'hlsAnchorMediaSequenceNumber', 'nextToken', 'nonLinearAvails']);
  });

  it('is empty when nothing is new', () => {
    expect(buildStreamPackageTracking(tracking(), () => false).avails).toEqual([]);
  });
});
