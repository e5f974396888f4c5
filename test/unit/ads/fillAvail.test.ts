import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fillAvail } from '../../../src/ads/fillAvail';

const ad = (id: string, duration: number) => ({ id, duration });
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
const noThreshold = { slateAvailable: true, personalizationThreshold: null };

describe('fillAvail (protocols.md §7)', () => {
  it('70 s break with two 40 s ads → one ad and 30 s of slate', () => {
    const r = fillAvail([ad('a', 40), ad('b', 40)], 70, noThreshold);
    expect(ids(r.chosen)).toEqual(['a']);
    expect(r.skipped).toEqual([{ ad: ad('b', 40), reason: 'AVAIL_DURATION_EXCEEDED' }]);
    expect(r.slateDuration).toBe(30);
    expect(r.abandoned).toBe(false);
  });

  it('30 s break whose ad is 40 s → no ad', () => {
    const r = fillAvail([ad('a', 40)], 30, noThreshold);
    expect(r.chosen).toEqual([]);
    expect(r.skipped.map((s) => s.reason)).toEqual(['AVAIL_DURATION_EXCEEDED']);
    expect(r.slateDuration).toBe(30);
  });

  it('without slate the remainder is content (slateDuration 0)', () => {
    const r = fillAvail([ad('a', 40), ad('b', 40)], 70, { slateAvailable: false, personalizationThreshold: null });
    expect(ids(r.chosen)).toEqual(['a']);
    expect(r.slateDuration).toBe(0);
  });

  it('later, shorter ads are still tried, in response order', () => {
    const r = fillAvail([ad('a', 30), ad('b', 45), ad('c', 15), ad('d', 20)], 60, noThreshold);
    expect(ids(r.chosen)).toEqual(['a', 'c']);
    expect(r.skipped.map((s) => s.ad.id)).toEqual(['b', 'd']);
    expect(r.slateDuration).toBe(15);
  });

  it('over the personalization threshold the whole break is abandoned (3 s threshold, 4 s leftover)', () => {
    const r = fillAvail([ad('a', 26)], 30, { slateAvailable: true, personalizationThreshold: 3 });
    expect(r.abandoned).toBe(true);
    expect(r.chosen).toEqual([]);
    expect(r.slateDuration).toBe(0);
    expect(r.skipped).toEqual([{ ad: ad('a', 26), reason: 'LEFTOVER_AVAIL_EXCEEDED_THRESHOLD' }]);
  });

  it('at or under the threshold the break is kept', () => {
    const r = fillAvail([ad('a', 27)], 30, { slateAvailable: true, personalizationThreshold: 3 });
    expect(r.abandoned).toBe(false);
    expect(ids(r.chosen)).toEqual(['a']);
    expect(r.slateDuration).toBe(3);
  });

  it('tolerates EXTINF sums less than a millisecond off, not more', () => {
    expect(ids(fillAvail([ad('a', 10.0004 * 3)], 30, noThreshold).chosen)).toEqual([]);
    const r = fillAvail([ad('a', 10.0003 * 3)], 30, { slateAvailable: true, personalizationThreshold: 0 });
    expect(ids(r.chosen)).toEqual(['a']);
    expect(r.slateDuration).toBe(0);
    expect(r.abandoned).toBe(false);
  });

  it('insertion (limit null) plays every ad', () => {
    const r = fillAvail([ad('a', 40), ad('b', 400)], null, { slateAvailable: true, personalizationThreshold: 0 });
    expect(ids(r.chosen)).toEqual(['a', 'b']);
    expect(r).toMatchObject({ skipped: [], slateDuration: 0, abandoned: false });
  });

  it('property: chosen fit, order is kept, every ad is chosen or skipped once', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: 0.5, max: 60, noNaN: true }), { maxLength: 8 }), fc.double({ min: 0, max: 180, noNaN: true }),
      (durations, limit) => {
        const ads = durations.map((d, i) => ad(String(i), d));
        const r = fillAvail(ads, limit, noThreshold);
        const used = r.chosen.reduce((s, a) => s + a.duration, 0);
        expect(used).toBeLessThanOrEqual(limit + 0.001);
        expect(r.chosen.map((a) => Number(a.id))).toEqual([...r.chosen.map((a) => Number(a.id))].sort((x, y) => x - y));
        expect([...ids(r.chosen), ...r.skipped.map((s) => s.ad.id)].sort()).toEqual(ads.map((a) => a.id).sort());
        // Every skipped ad really did not fit when its turn came.
        for (const s of r.skipped) {
          const before = r.chosen.filter((c) => Number(c.id) < Number(s.ad.id)).reduce((x, c) => x + c.duration, 0);
          expect(before + s.ad.duration).toBeGreaterThan(limit + 0.001);
        }
        expect(r.slateDuration).toBeCloseTo(Math.max(0, limit - used) > 0.001 ? limit - used : 0, 9);
      },
    ));
  });
});
