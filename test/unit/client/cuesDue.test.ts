import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildAdCues, type AdCue } from '../../../src/client/buildAdCues';
import { cuesDue, type PlayheadStep } from '../../../src/client/cuesDue';
import { emptyTrackingState, mergeTracking, type TrackingState } from '../../../src/client/mergeTracking';
import { ad, answer, avail, threeBreaks } from './trackingFixture';

const stateOf = (a: unknown): TrackingState => mergeTracking(emptyTrackingState(), a, 0).state;

/** Runs steps against a fired set, like the timeline does; returns the cues in firing order. */
function run(cuesFor: () => AdCue[], steps: PlayheadStep[]): AdCue[] {
  const fired = new Set<string>();
  const out: AdCue[] = [];
  for (const s of steps) {
    for (const c of cuesDue(cuesFor(), s, (k) => fired.has(k))) { fired.add(c.key); out.push(c); }
  }
  return out;
}

function playThrough(from: number, to: number, dt: number): PlayheadStep[] {
  const steps: PlayheadStep[] = [{ kind: 'seek', to: from }];
  for (let t = from; t < to;) { const n = Math.min(to, t + dt); steps.push({ kind: 'play', from: t, to: n }); t = n; }
  return steps;
}

const label = (c: AdCue) => `${c.kind}${c.ad ? `:${c.ad.adId}` : `:${c.avail.availId}`}`;

describe('buildAdCues', () => {
  it('puts each ad\'s cues at start + fraction × duration with the matching beacons; skippable at skipOffset', () => {
    const cues = buildAdCues(stateOf(threeBreaks()));
    const mid = cues.filter((c) => c.avail.availId === '20');
    expect(mid.map((c) => [label(c), c.time])).toEqual([
      ['breakStart:20', 30], ['adStart:20', 30], ['firstQuartile:20', 31.5], ['midpoint:20', 33], ['thirdQuartile:20', 34.5], ['skippable:20', 35],
      ['adEnd:20', 36], ['adStart:23', 36], ['firstQuartile:23', 37], ['midpoint:23', 38], ['thirdQuartile:23', 39], ['adEnd:23', 40], ['breakEnd:20', 40],
    ]);
    const start = mid.find((c) => c.kind === 'adStart')!;
    expect(start.beacons.map((b) => [b.eventType, b.urls.length])).toEqual([['impression', 1], ['start', 1]]);
    expect(mid[0].beacons[0].urls[0]).toContain('event=breakStart');
  });

  it('an ad of unknown duration (0) only has its start, and its break no end yet', () => {
    const a = avail('9', [ad({ id: '9', start: 10, duration: 0 })]);
    expect(buildAdCues(stateOf(answer([a]))).map(label)).toEqual(['breakStart:9', 'adStart:9']);
  });
});

describe('cuesDue', () => {
  it('playing from 0 to the end fires every cue once, in order, whatever the sample size', () => {
    const cues = buildAdCues(stateOf(threeBreaks()));
    for (const dt of [0.01, 0.25, 1, 3.3, 100]) {
      const got = run(() => cues, playThrough(0, 80, dt));
      expect(got.map((c) => c.key)).toEqual(cues.map((c) => c.key));
    }
  });

  it('a seek does not fire what it jumps over; landing in an ad starts it (and its break) only', () => {
    const cues = buildAdCues(stateOf(threeBreaks()));
    // Seek into the middle of the mid-roll's first ad (30..36): 33.5 is past its midpoint at 33.
    const got = run(() => cues, [{ kind: 'seek', to: 33.5 }, { kind: 'play', from: 33.5, to: 36.5 }]);
    expect(got.map(label)).toEqual(['breakStart:20', 'adStart:20', 'thirdQuartile:20', 'skippable:20', 'adEnd:20', 'adStart:23']);
    // Seeking over the whole pre-roll fires nothing of it.
    expect(run(() => cues, [{ kind: 'seek', to: 0.5 }, { kind: 'seek', to: 20 }, { kind: 'play', from: 20, to: 25 }]).map(label)).toEqual(['breakStart:0', 'adStart:0']);
  });

  it('no quartile or end for an ad that never started, no breakEnd for a break that never started', () => {
    const cues = buildAdCues(stateOf(threeBreaks()));
    // Land exactly at the pre-roll's end (10 s, outside every ad): its quartiles, ends and breakEnd stay silent.
    expect(run(() => cues, [{ kind: 'seek', to: 10 }, { kind: 'play', from: 10, to: 29 }])).toEqual([]);
  });

  it('tracking that arrives after the playhead passed an ad\'s start still starts the ad under the playhead', () => {
    const cues = buildAdCues(stateOf(threeBreaks()));
    const got = run(() => cues, [{ kind: 'play', from: 2, to: 2.3 }]);
    expect(got.map(label)).toEqual(['breakStart:0', 'adStart:0']);
  });

  it('property: never twice; nothing a seek jumps over; ends after starts — over random paths, re-polls with duplicates', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('play' as const), dt: fc.double({ min: 0, max: 3, noNaN: true }) }),
      fc.record({ kind: fc.constant('seek' as const), to: fc.double({ min: 0, max: 75, noNaN: true }) }),
      fc.record({ kind: fc.constant('repoll' as const), dup: fc.boolean() }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      let state = stateOf(threeBreaks());
      let cues = buildAdCues(state);
      const fired = new Set<string>();
      const order: string[] = [];
      let t = 0;
      const apply = (step: PlayheadStep) => {
        for (const c of cuesDue(cues, step, (k) => fired.has(k))) {
          expect(fired.has(c.key), `twice: ${c.key}`).toBe(false);
          if (step.kind === 'seek' || c.time <= step.from || c.time > step.to) {
            // Outside the played range: only the start of the ad under the landing point (and its break).
            const p = step.kind === 'seek' ? step.to : step.from;
            expect(['adStart', 'breakStart']).toContain(c.kind);
            const ads = c.kind === 'adStart' ? [c.ad!] : c.avail.ads;
            expect(ads.some((a) => p >= a.startTimeInSeconds && p < a.startTimeInSeconds + a.durationInSeconds), `${c.key} at ${p}`).toBe(true);
          }
          if (c.kind !== 'adStart' && c.kind !== 'breakStart') {
            const needs = c.kind === 'breakEnd' ? `${c.instance}#breakStart` : `${c.instance}#adStart`;
            expect(fired.has(needs), `${c.key} before ${needs}`).toBe(true);
          }
          fired.add(c.key);
          order.push(c.key);
        }
      };
      apply({ kind: 'seek', to: 0 });
      for (const o of ops) {
        if (o.kind === 'play') { apply({ kind: 'play', from: t, to: t + o.dt }); t += o.dt; }
        else if (o.kind === 'seek') { apply({ kind: 'seek', to: o.to }); t = o.to; }
        else {
          const a = threeBreaks();
          if (o.dup) for (const av of a.avails) for (const x of av.ads) x.trackingEvents.push(...x.trackingEvents.map((e) => ({ ...e })));
          state = mergeTracking(state, a, t).state;
          cues = buildAdCues(state);
        }
      }
      expect(new Set(order).size).toBe(order.length);
    }), { numRuns: 300 });
  });
});
