import { describe, expect, it } from 'vitest';
import { emptyTrackingState, mergeTracking } from '../../../src/client/mergeTracking';
import { ad, answer, avail, beaconUrl, threeBreaks } from './trackingFixture';

const merge = (prev: ReturnType<typeof emptyTrackingState>, a: unknown, playhead = 0) => mergeTracking(prev, a, playhead);

describe('mergeTracking', () => {
  it('takes a full answer as it is, avails sorted by start', () => {
    const a = threeBreaks();
    const { state, problems } = merge(emptyTrackingState(), answer(a.avails.slice().reverse()));
    expect(problems).toEqual([]);
    expect(state.avails.map((x) => x.availId)).toEqual(['0', '20', '40']);
    expect(state.avails[1].ads.map((x) => x.adId)).toEqual(['20', '23']);
  });

  it('a live break first seen with duration 0 and few events gains its later ads and events; 0 never overwrites a duration', () => {
    const first = avail('7', [ad({ id: '7', start: 50, duration: 0, events: ['impression', 'start'] })]);
    first.durationInSeconds = 0;
    let { state } = merge(emptyTrackingState(), answer([first]), 40);
    expect(state.avails[0].ads[0].trackingEvents.map((e) => e.eventType)).toEqual(['impression', 'start']);

    const second = avail('7', [ad({ id: '7', start: 50, duration: 6 }), ad({ id: '9', start: 56, duration: 4 })]);
    ({ state } = merge(state, answer([second]), 45));
    expect(state.avails[0].ads.map((a) => [a.adId, a.durationInSeconds])).toEqual([['7', 6], ['9', 4]]);
    expect(state.avails[0].ads[0].trackingEvents.map((e) => e.eventType)).toEqual(['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']);
    expect(state.avails[0].durationInSeconds).toBe(10);

    // A later answer that says 0 again (a fresh edge read) keeps the durations.
    const third = avail('7', [ad({ id: '7', start: 50, duration: 0, events: [] })]);
    third.durationInSeconds = 0;
    ({ state } = merge(state, answer([third]), 46));
    expect(state.avails[0].durationInSeconds).toBe(10);
    expect(state.avails[0].ads[0].durationInSeconds).toBe(6);
    expect(state.avails[0].ads.length).toBe(2);
  });

  it('a repeated event merges into one, beacon URLs united without duplicates', () => {
    const a1 = ad({ id: '1', start: 0, duration: 4 });
    const a2 = ad({ id: '1', start: 0, duration: 4 });
    a2.trackingEvents[0] = { ...a2.trackingEvents[0], beaconUrls: [beaconUrl('1', 'impression'), 'https://other.test/imp'] };
    a2.trackingEvents.push({ ...a2.trackingEvents[0] });
    let { state } = merge(emptyTrackingState(), answer([avail('1', [a1])]));
    ({ state } = merge(state, answer([avail('1', [a2])])));
    const imps = state.avails[0].ads[0].trackingEvents.filter((e) => e.eventType === 'impression');
    expect(imps).toHaveLength(1);
    expect(imps[0].beaconUrls).toEqual([beaconUrl('1', 'impression'), 'https://other.test/imp']);
  });

  it('impression and start share an eventId and stay two events (§5.2)', () => {
    const a = ad({ id: '5', start: 0, duration: 4 });
    for (const e of a.trackingEvents) e.eventId = '5';
    const { state } = merge(emptyTrackingState(), answer([avail('5', [a])]));
    expect(state.avails[0].ads[0].trackingEvents.map((e) => e.eventType)).toEqual(['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']);
  });

  it('an avail missing from an answer stays until the playhead is past its end', () => {
    let { state } = merge(emptyTrackingState(), threeBreaks(), 0);
    ({ state } = merge(state, answer([]), 5));
    expect(state.avails.map((a) => a.availId)).toEqual(['0', '20', '40']);
    ({ state } = merge(state, answer([]), 10));
    expect(state.avails.map((a) => a.availId)).toEqual(['20', '40']);
    ({ state } = merge(state, answer([]), 65));
    expect(state.avails.map((a) => a.availId)).toEqual(['40']);
    // Listed again: kept whatever the playhead (the server says it is still in the window).
    ({ state } = merge(state, threeBreaks(), 100));
    expect(state.avails.map((a) => a.availId)).toEqual(['0', '20', '40']);
  });

  it('keeps nextToken, in either casing; "" and null mean none', () => {
    expect(merge(emptyTrackingState(), answer([], 'abc')).state.nextToken).toBe('abc');
    expect(merge(emptyTrackingState(), { avails: [], NextToken: 'XYZ' }).state.nextToken).toBe('XYZ');
    expect(merge(emptyTrackingState(), answer([], null)).state.nextToken).toBeNull();
  });

  it('bad input: ignored or dropped with a reason, never thrown', () => {
    const prev = merge(emptyTrackingState(), threeBreaks()).state;
    for (const bad of [null, 'text', 42, {}, { avails: 'no' }]) {
      const r = merge(prev, bad);
      expect(r.state).toBe(prev);
      expect(r.problems.length).toBeGreaterThan(0);
    }
    const r = merge(emptyTrackingState(), { avails: [null, { availId: '1' }, { availId: '2', ads: [7, { adId: '3', trackingEvents: 'x' }] }] });
    expect(r.state.avails.map((a) => a.availId)).toEqual(['2']);
    expect(r.state.avails[0].ads.map((a) => [a.adId, a.trackingEvents.length])).toEqual([['3', 0]]);
    expect(r.problems).toHaveLength(4);
  });
});
