import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eventsDueOnSegment, type LinearEvent } from '../../../src/tracking/beaconSchedule';

const ALL: LinearEvent[] = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];
const schedule = (segs: number[]) => segs.map((_, i) => eventsDueOnSegment(segs, i));

describe('eventsDueOnSegment (protocols.md §14.1)', () => {
  it('a one-segment ad gets every event on that segment', () => {
    expect(eventsDueOnSegment([6], 0)).toEqual(ALL);
  });

  it('even segments: quartiles on the segment whose start they hit', () => {
    expect(schedule([4, 4, 4, 4])).toEqual([['impression', 'start'], ['firstQuartile'], ['midpoint'], ['thirdQuartile', 'complete']]);
  });

  it('uneven segments: a long segment can hold two quartiles, the rest get none', () => {
    // total 16: 4 s and 8 s fall in [2, 12), 12 s in [12, 14).
    expect(schedule([2, 10, 2, 2])).toEqual([['impression', 'start'], ['firstQuartile', 'midpoint'], ['thirdQuartile'], ['complete']]);
  });

  it('zero-length and unreadable segments hold nothing', () => {
    expect(schedule([0, 6, Number.NaN, 0])).toEqual([['impression', 'start'], ['firstQuartile', 'midpoint', 'thirdQuartile'], [], ['complete']]);
  });

  it('a rendition without duration still fires everything once', () => {
    expect(schedule([0, 0]).flat().sort()).toEqual([...ALL].sort());
  });

  it('nothing for an index outside the rendition', () => {
    expect(eventsDueOnSegment([4, 4], 2)).toEqual([]);
    expect(eventsDueOnSegment([4, 4], -1)).toEqual([]);
    expect(eventsDueOnSegment([4, 4], 0.5)).toEqual([]);
    expect(eventsDueOnSegment([], 0)).toEqual([]);
  });

  it('property: every event exactly once over the whole rendition', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.double({ min: 0, max: 12, noNaN: true }), fc.constant(0)), { minLength: 1, maxLength: 40 }), (segs) => {
      const fired = schedule(segs).flat();
      expect(fired.sort()).toEqual([...ALL].sort());
      expect(eventsDueOnSegment(segs, 0).slice(0, 2)).toEqual(['impression', 'start']);
      expect(eventsDueOnSegment(segs, segs.length - 1)).toContain('complete');
    }));
  });

  it('property: each quartile lands on the segment whose [start, end) holds it', () => {
    // Whole-number durations keep the expected boundaries exact, so landing exactly on a start is tested too.
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 30 }).filter((s) => s.some((d) => d > 0)), (segs) => {
      const total = segs.reduce((a, b) => a + b, 0);
      const due = schedule(segs);
      for (const [event, f] of [['firstQuartile', 0.25], ['midpoint', 0.5], ['thirdQuartile', 0.75]] as const) {
        const i = due.findIndex((events) => events.includes(event));
        const start = segs.slice(0, i).reduce((a, b) => a + b, 0);
        expect(start).toBeLessThanOrEqual(f * total);
        expect(f * total).toBeLessThan(start + segs[i]);
      }
    }));
  });
});
